import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import RetryIcon from '@material-ui/icons/Refresh';
import { ReactNode } from 'react';

/** The HTTP status of the backend's answer, when the error is a `ResponseError`. */
export function errorStatus(error: Error): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}

/** The message the server gave (a `ResponseError`'s cause), else the error's own. */
export function serverMessage(error: Error): string {
  return error instanceof ResponseError ? error.cause.message : error.message;
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
  /** What to ask for when access is denied; by default `s3.posture.read` on the bucket. */
  permissionHint?: ReactNode;
}) {
  const { error, what, retry, hint, permissionHint } = props;
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
              {permissionHint ?? (
                <>
                  Reading {what} needs the <code>s3.posture.read</code>{' '}
                  permission on the bucket. Ask the bucket's owners or your
                  Backstage administrators to grant it.
                </>
              )}
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
