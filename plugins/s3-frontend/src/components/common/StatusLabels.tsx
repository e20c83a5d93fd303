import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import {
  BucketError,
  CheckStatus,
  PostureStatus,
  Severity,
} from '@s3-posture/plugin-s3-common';
import { ComponentType, CSSProperties, ReactNode } from 'react';

/*
 * Backstage's Status* components hide themselves from assistive technology
 * (aria-hidden) and label themselves "Status ok". Here the visible text is the
 * label, so we undo both: the icon stays decorative, the words are read out.
 */
type StatusProps = {
  children?: ReactNode;
  'aria-hidden'?: boolean;
  'aria-label'?: string;
  /** Passed through to the Typography the Status components render. */
  variant?: 'body1' | 'body2';
};
const accessible = (c: unknown) => c as ComponentType<StatusProps>;
const Ok = accessible(StatusOK);
const Warn = accessible(StatusWarning);
const Err = accessible(StatusError);
const Pending = accessible(StatusPending);
const Aborted = accessible(StatusAborted);

const a11y = { 'aria-hidden': false, 'aria-label': undefined };

/** Hides text visually but keeps it for screen readers. */
export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** Human labels of the posture statuses. */
export const POSTURE_STATUS_LABELS: Record<PostureStatus, string> = {
  compliant: 'Compliant',
  'at-risk': 'At risk',
  'non-compliant': 'Non-compliant',
  unknown: 'Unknown',
};

/** Human labels of check statuses. */
export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  error: 'Error',
  'not-applicable': 'Not applicable',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** A bucket's or service's status: icon and words, never colour alone. */
export function PostureStatusLabel(props: {
  status: PostureStatus;
  children?: ReactNode;
  /** Body-text size, for tables and lists. */
  small?: boolean;
}) {
  const { status, children, small } = props;
  const label = children ?? POSTURE_STATUS_LABELS[status];
  const p = { ...a11y, variant: small ? 'body2' : undefined } as const;
  switch (status) {
    case 'compliant':
      return <Ok {...p}>{label}</Ok>;
    case 'at-risk':
      return <Warn {...p}>{label}</Warn>;
    case 'non-compliant':
      return <Err {...p}>{label}</Err>;
    default:
      return <Pending {...p}>{label}</Pending>;
  }
}

/** A check's verdict: icon and words. */
export function CheckStatusLabel(props: { status: CheckStatus }) {
  const { status } = props;
  const label = CHECK_STATUS_LABELS[status];
  const p = { ...a11y, variant: 'body2' } as const;
  switch (status) {
    case 'pass':
      return <Ok {...p}>{label}</Ok>;
    case 'fail':
      return <Err {...p}>{label}</Err>;
    case 'error':
      return <Warn {...p}>{label}</Warn>;
    default:
      return <Aborted {...p}>{label}</Aborted>;
  }
}

/*
 * Dark fills with white text keep every chip above 4.5:1 contrast in light and
 * dark themes; the word itself carries the meaning.
 */
const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#7f1d1d',
  high: '#b91c1c',
  medium: '#9a4a00',
  low: '#1e4e8c',
  info: '#4b5563',
};

const useChipStyles = makeStyles(theme => ({
  severity: {
    color: '#fff',
    fontWeight: theme.typography.fontWeightBold as number,
    height: 22,
    fontSize: '0.75rem',
    letterSpacing: 0.2,
  },
  stale: {
    height: 22,
    fontSize: '0.75rem',
    fontWeight: theme.typography.fontWeightMedium as number,
    borderColor: theme.palette.warning.main,
  },
  staleIcon: {
    color: theme.palette.warning.dark,
  },
  noDoc: {
    height: 20,
    fontSize: '0.75rem',
    fontWeight: theme.typography.fontWeightMedium as number,
    borderStyle: 'dashed',
  },
}));

/** Marks a bucket that AWS lists and no bucket doc describes. */
export function NoDocChip() {
  const classes = useChipStyles();
  return (
    <Tooltip title="No bucket doc describes this bucket: it has no owner in the catalog.">
      <Chip
        size="small"
        variant="outlined"
        className={classes.noDoc}
        label="No doc"
        tabIndex={0}
      />
    </Tooltip>
  );
}

/** Severity as a readable chip. */
export function SeverityChip(props: { severity: Severity }) {
  const classes = useChipStyles();
  return (
    <Chip
      size="small"
      className={classes.severity}
      style={{ backgroundColor: SEVERITY_COLOURS[props.severity] }}
      label={SEVERITY_LABELS[props.severity]}
    />
  );
}

/** `2 High`: how many failing checks of a severity, as a readable chip. */
export function SeverityCountChip(props: {
  severity: Severity;
  count: number;
}) {
  const classes = useChipStyles();
  return (
    <Chip
      size="small"
      className={classes.severity}
      style={{ backgroundColor: SEVERITY_COLOURS[props.severity] }}
      label={`${props.count} ${SEVERITY_LABELS[props.severity]}`}
    />
  );
}

/** Marks verdicts kept from an earlier assessment because the latest refresh failed. */
export function StaleMarker(props: { lastError?: BucketError }) {
  const classes = useChipStyles();
  const title = props.lastError
    ? `The latest refresh failed (${props.lastError.code}); these are the last good verdicts.`
    : 'The latest refresh failed; these are the last good verdicts.';
  return (
    <Tooltip title={title}>
      <Chip
        size="small"
        variant="outlined"
        className={classes.stale}
        icon={<WarningIcon className={classes.staleIcon} fontSize="small" />}
        label="Stale"
        aria-label={`Stale: ${title}`}
        tabIndex={0}
      />
    </Tooltip>
  );
}

/** `87 / 100`, or a dash with an explanation when nothing was decided. */
export function ScoreText(props: { score?: number; className?: string }) {
  const { score, className } = props;
  if (score === undefined) {
    return (
      <span className={className} title="No weighted check was decided yet">
        <span aria-hidden>—</span>
        <span style={visuallyHidden}>No score</span>
      </span>
    );
  }
  return (
    <span className={className} aria-label={`Score ${score} of 100`}>
      <span aria-hidden>
        <strong>{score}</strong>
        <span style={{ opacity: 0.7 }}> / 100</span>
      </span>
    </span>
  );
}
