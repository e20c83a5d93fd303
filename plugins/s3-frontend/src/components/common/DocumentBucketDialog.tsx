import { CodeSnippet } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import CopyIcon from '@material-ui/icons/FileCopyOutlined';
import NoteAddIcon from '@material-ui/icons/NoteAddOutlined';
import {
  bucketDocTemplate,
  BucketDocTemplateInput,
} from '@s3-posture/plugin-s3-common';
import { useEffect, useMemo, useState } from 'react';
import useCopyToClipboard from 'react-use/esm/useCopyToClipboard';

const useStyles = makeStyles(theme => ({
  steps: {
    margin: theme.spacing(0, 0, 2),
    paddingLeft: theme.spacing(3),
    '& > li': { marginBottom: theme.spacing(0.5) },
  },
  code: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
  },
  actions: {
    padding: theme.spacing(1, 3, 2),
  },
}));

/** Copies text: the Clipboard API where the page may use it, else the older way. */
function useCopy(): [boolean, (text: string) => Promise<void>] {
  const [copied, setCopied] = useState(false);
  const [, fallbackCopy] = useCopyToClipboard();
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 3000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No Clipboard API outside secure contexts (a portal served over plain http).
      fallbackCopy(text);
    }
    setCopied(true);
  };
  return [copied, copy];
}

/**
 * A ready-to-commit bucket doc for a bucket that has none, with a copy button and where to
 * put it.
 */
export function DocumentBucketDialog(props: {
  bucket: BucketDocTemplateInput;
  open: boolean;
  onClose: () => void;
}) {
  const { bucket, open, onClose } = props;
  const classes = useStyles();
  const doc = useMemo(() => bucketDocTemplate(bucket), [bucket]);
  const [copied, copy] = useCopy();
  const titleId = `document-bucket-${bucket.bucket}`;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>Document this bucket</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          No bucket doc describes <code>{bucket.bucket}</code>, so the catalog
          does not know what it holds or who owns it. Here is a doc pre-filled
          from AWS
          {bucket.suggestedOwners?.length || bucket.suggestedService
            ? ', with the owner and service its tags suggest'
            : ''}
          .
        </Typography>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Where to put it
        </Typography>
        <ol className={classes.steps}>
          <Typography component="li" variant="body2">
            Save it as <code>{bucket.bucket}.md</code> in the repository folder
            the catalog reads bucket docs from.
          </Typography>
          <Typography component="li" variant="body2">
            Replace every <code>TODO</code>: name the owner (the catalog refuses
            the doc while it says <code>&lt;owning-team&gt;</code>) and check
            what is suggested.
          </Typography>
          <Typography component="li" variant="body2">
            Commit it. Once the catalog has read it, the doc becomes the
            bucket's entity, and the bucket's posture history carries over.
          </Typography>
        </ol>
        <div
          className={classes.code}
          role="region"
          aria-label={`Bucket doc for ${bucket.bucket}`}
        >
          <CodeSnippet
            text={doc}
            language="yaml"
            customStyle={{ margin: 0, maxHeight: '45vh', overflow: 'auto' }}
          />
        </div>
      </DialogContent>
      <DialogActions className={classes.actions}>
        <span role="status" aria-live="polite">
          {copied && (
            <Typography variant="body2" color="textSecondary" component="span">
              Copied to the clipboard
            </Typography>
          )}
        </span>
        <Button onClick={onClose}>Close</Button>
        <Button
          variant="contained"
          color="primary"
          startIcon={copied ? <CheckIcon /> : <CopyIcon />}
          onClick={() => copy(doc)}
        >
          Copy doc
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The **Document this bucket** button, and the dialog it opens. */
export function DocumentBucketButton(props: {
  bucket: BucketDocTemplateInput;
  variant?: 'outlined' | 'contained' | 'text';
  size?: 'small' | 'medium';
}) {
  const { bucket, variant = 'outlined', size = 'small' } = props;
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant={variant}
        size={size}
        color="primary"
        startIcon={<NoteAddIcon />}
        onClick={() => setOpen(true)}
        style={{ whiteSpace: 'nowrap' }}
        aria-haspopup="dialog"
        aria-label={`Document this bucket: ${bucket.bucket}`}
      >
        Document this bucket
      </Button>
      {open && (
        <DocumentBucketDialog
          bucket={bucket}
          open={open}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
