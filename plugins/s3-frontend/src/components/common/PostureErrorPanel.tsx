import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import RetryIcon from '@material-ui/icons/Refresh';
import { ReactNode } from 'react';

/** The HTTP status of a `ResponseError`, if the error is one. */
export function errorStatus(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; response?: { status?: unknown } };
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.response?.status === 'number') return e.response.status;
  return undefined;
}

/** The message the server gave (a `ResponseError`'s cause), else the error's own. */
export function serverMessage(error: Error): string {
  const cause = (error as { cause?: { message?: unknown } }).cause;
  if (error.name === 'ResponseError' && typeof cause?.message === 'string') {
    return cause.message;
  }
  return error.message;
}

/**
 * What went wrong and what to do: permission problems get their own message (they
 * are not outages); anything else shows the server's error and a retry button.
 */
export function PostureErrorPanel(props: {
  error: Error;
  /** What could not be loaded, e.g. "the posture of this bucket". */
  what: string;
  retry?: () => void;
  /** Extra advice under the error. */
  hint?: ReactNode;
}) {
  const { error, what, retry, hint } = props;
  const status = errorStatus(error);
  if (status === 401 || status === 403) {
    return (
      <EmptyState
        missing="info"
        title="You do not have access to this S3 posture"
        description={
          <>
            {/* EmptyState renders the description inside a <p>: no nested paragraphs. */}
            <Typography
              variant="body2"
              component="span"
              display="block"
              paragraph
            >
              {serverMessage(error)}
            </Typography>
            <Typography variant="body2" component="span" display="block">
              Reading {what} needs the <code>s3.posture.read</code> permission
              on the bucket. Ask the bucket's owners or your Backstage
              administrators to grant it.
            </Typography>
          </>
        }
      />
    );
  }
  return (
    <Box>
      <ResponseErrorPanel
        error={error}
        title={`Could not load ${what}: ${serverMessage(error)}`}
      />
      <Box mt={2} display="flex" alignItems="center" style={{ gap: 16 }}>
        {retry && (
          <Button
            variant="outlined"
            color="primary"
            startIcon={<RetryIcon />}
            onClick={retry}
            style={{ whiteSpace: 'nowrap', flexShrink: 0 }}
          >
            Try again
          </Button>
        )}
        <Typography variant="body2" color="textSecondary">
          {hint ??
            (status && status >= 500
              ? 'The S3 posture service failed. If it keeps failing, ask your Backstage administrators to check the s3 backend plugin logs.'
              : 'If this keeps happening, ask your Backstage administrators to check that the s3 backend plugin is installed and running.')}
        </Typography>
      </Box>
    </Box>
  );
}
