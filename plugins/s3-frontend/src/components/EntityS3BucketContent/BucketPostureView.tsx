import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  BucketHistoryResponse,
  BucketPosture,
  countFailingBySeverity,
  failingChecks,
  PROFILES,
  SEVERITIES,
} from '@s3-posture/plugin-s3-common';
import { ReactNode, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  BUCKET_NOT_FOUND,
  BUCKET_NOT_FOUND_ADVICE,
  describeBucketError,
  isBucketMissing,
} from '../common/bucketErrors';
import {
  PostureErrorPanel,
  errorStatus,
  serverMessage,
} from '../common/PostureErrorPanel';
import { RelativeTime } from '../common/RelativeTime';
import {
  POSTURE_STATUS_LABELS,
  PostureStatusLabel,
  ScoreText,
  SeverityChip,
  SeverityCountChip,
} from '../common/StatusLabels';
import { ChecksPanel } from './ChecksPanel';
import { ScoreHistory } from './ScoreHistory';

const useStyles = makeStyles(theme => ({
  headline: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 4),
    marginBottom: theme.spacing(2),
  },
  bigStatus: {
    fontSize: '1.5rem',
    '& > span': { fontSize: 'inherit' },
  },
  bigScore: {
    fontSize: '1.5rem',
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))',
    gap: theme.spacing(2, 3),
    margin: 0,
    '& dt': {
      color: theme.palette.text.secondary,
      fontSize: '0.75rem',
      textTransform: 'uppercase',
      letterSpacing: 0.5,
    },
    '& dd': {
      margin: 0,
      wordBreak: 'break-all',
    },
  },
  stale: {
    marginBottom: theme.spacing(2),
  },
  failingBlock: {
    marginBottom: theme.spacing(3),
  },
  failingChips: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  failingList: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
    '& > li': {
      display: 'grid',
      gridTemplateColumns: '4.5rem minmax(0, 1fr)',
      alignItems: 'center',
      columnGap: theme.spacing(1),
      marginBottom: theme.spacing(0.5),
    },
  },
  refreshResult: {
    marginTop: theme.spacing(2),
  },
}));

function RefreshButton(props: {
  refreshing: boolean;
  onClick: () => void;
  label?: string;
}) {
  const { refreshing, onClick, label = 'Refresh now' } = props;
  return (
    <Button
      variant="outlined"
      color="primary"
      onClick={onClick}
      disabled={refreshing}
      aria-busy={refreshing}
      startIcon={
        refreshing ? (
          <CircularProgress size={16} aria-hidden />
        ) : (
          <RefreshIcon />
        )
      }
    >
      {refreshing ? 'Refreshing…' : label}
    </Button>
  );
}

type RefreshOutcome =
  | { kind: 'ok'; posture: BucketPosture; previous?: BucketPosture }
  | { kind: 'error'; error: Error };

function RefreshResult(props: { outcome?: RefreshOutcome }) {
  const { outcome } = props;
  const classes = useStyles();
  if (!outcome) return null;
  if (outcome.kind === 'error') {
    return (
      <Alert severity="error" className={classes.refreshResult} role="alert">
        Refresh failed: {serverMessage(outcome.error)}
      </Alert>
    );
  }
  const { posture, previous } = outcome;
  const was =
    previous && previous.score !== undefined && previous.score !== posture.score
      ? ` (was ${previous.score})`
      : '';
  return (
    <Alert severity="success" className={classes.refreshResult} role="status">
      Assessed just now: {POSTURE_STATUS_LABELS[posture.status]}
      {posture.score !== undefined ? `, score ${posture.score}${was}` : ''}.
      {posture.lastError && isBucketMissing(posture)
        ? ` ${BUCKET_NOT_FOUND}.`
        : ''}
      {posture.lastError && !isBucketMissing(posture)
        ? ` The assessment failed: ${describeBucketError(posture.lastError)}`
        : ''}
    </Alert>
  );
}

const MAX_FAILING = 3;

/** The failing checks by severity, and the most severe few by name. */
function FailingSummary(props: { posture: BucketPosture }) {
  const { posture } = props;
  const classes = useStyles();
  const failing = failingChecks(posture.checks);
  // Nothing was judged (never assessed, or no such bucket): no summary to give.
  if (!posture.checkedAt || posture.checks.length === 0) return null;
  if (failing.length === 0) {
    return (
      <Typography variant="body2" className={classes.failingBlock}>
        No check fails.
        {posture.counts.error > 0 &&
          ` ${posture.counts.error} could not be decided: see the checks below.`}
      </Typography>
    );
  }
  const counts = countFailingBySeverity(failing);
  const bySeverity = SEVERITIES.map(severity => ({
    severity,
    count: counts[severity],
  })).filter(s => s.count > 0);
  return (
    <div className={classes.failingBlock}>
      <div className={classes.failingChips}>
        <Typography variant="body2" component="span">
          {failing.length} failing:
        </Typography>
        {bySeverity.map(s => (
          <SeverityCountChip key={s.severity} {...s} />
        ))}
      </div>
      <ul
        className={classes.failingList}
        aria-label="Most severe failing checks"
      >
        {failing.slice(0, MAX_FAILING).map(c => (
          <li key={c.id}>
            <SeverityChip severity={c.severity} />
            <Typography variant="body2" component="span">
              {c.title}
            </Typography>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Why the latest refresh failed: a bucket the doc names that AWS does not have gets its own
 * message and what to do; other errors show AWS's code and message.
 */
function LastErrorAlert(props: { posture: BucketPosture }) {
  const { posture } = props;
  const classes = useStyles();
  const { lastError } = posture;
  if (lastError && isBucketMissing(posture)) {
    return (
      <Alert severity="error" className={classes.stale}>
        <AlertTitle>{BUCKET_NOT_FOUND}</AlertTitle>
        <Typography variant="body2" paragraph>
          {BUCKET_NOT_FOUND_ADVICE}
        </Typography>
        <Typography variant="body2">
          {lastError.message} (checked <RelativeTime iso={lastError.at} />)
        </Typography>
      </Alert>
    );
  }
  if (!posture.stale && !lastError) return null;
  return (
    <Alert severity="warning" className={classes.stale}>
      <AlertTitle>
        {posture.stale
          ? 'The latest refresh failed: these are the last good verdicts'
          : 'The latest refresh failed'}
      </AlertTitle>
      {lastError
        ? describeBucketError(lastError)
        : 'The S3 posture service could not assess this bucket the last time it tried.'}
    </Alert>
  );
}

function PostureHeader(props: {
  posture: BucketPosture;
  action?: JSX.Element;
  outcome?: RefreshOutcome;
}) {
  const { posture, action, outcome } = props;
  const classes = useStyles();
  const profile =
    PROFILES[posture.profile as keyof typeof PROFILES]?.title ??
    posture.profile;
  const { counts } = posture;
  return (
    <InfoCard
      title="Security posture"
      subheader={posture.bucket}
      action={action}
      variant="fullHeight"
    >
      <LastErrorAlert posture={posture} />
      <div className={classes.headline}>
        <div className={classes.bigStatus}>
          <PostureStatusLabel status={posture.status} />
        </div>
        <ScoreText score={posture.score} className={classes.bigScore} />
        <Typography variant="body2" color="textSecondary">
          {isBucketMissing(posture) &&
            'Not assessed: there is no such bucket to assess.'}
          {!isBucketMissing(posture) && posture.checkedAt && (
            <>
              Last checked <RelativeTime iso={posture.checkedAt} />
            </>
          )}
          {!isBucketMissing(posture) &&
            !posture.checkedAt &&
            'Not assessed yet: it is assessed shortly after the S3 posture service first sees it.'}
        </Typography>
      </div>
      <FailingSummary posture={posture} />
      <dl className={classes.facts}>
        <div>
          <dt>Profile</dt>
          <dd>{profile}</dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>{posture.accountId ?? 'Unknown'}</dd>
        </div>
        <div>
          <dt>Region</dt>
          <dd>{posture.region ?? 'Unknown'}</dd>
        </div>
        <div>
          <dt>Checks</dt>
          <dd>
            {counts.pass} pass · {counts.fail} fail · {counts.error} error ·{' '}
            {counts.notApplicable} n/a
          </dd>
        </div>
        <div>
          <dt>ARN</dt>
          <dd>
            <code>{posture.arn}</code>
          </dd>
        </div>
      </dl>
      <RefreshResult outcome={outcome} />
    </InfoCard>
  );
}

/** How a bucket's posture is read and refreshed: by entity ref, or by inventory ref. */
export interface BucketPostureLoaders {
  /** The bucket's ref; a new ref starts afresh. */
  ref: string;
  getPosture(): Promise<BucketPosture>;
  getHistory(): Promise<BucketHistoryResponse>;
  refresh(): Promise<BucketPosture>;
}

/**
 * The posture of one bucket, documented or not: header, all checks by category, score
 * history, and a refresh button for those allowed to refresh. The bucket tab and the page
 * of an undocumented bucket both show it.
 */
export function BucketPostureView(props: {
  loaders: BucketPostureLoaders;
  canRefresh: boolean;
  /** Above the posture, once it has loaded (the undocumented bucket's banner). */
  banner?: (posture: BucketPosture) => ReactNode;
  /** Why there may be no posture, under the server's 404 message. */
  notFoundHint: string;
  /** What reading this posture needs, for the 403 message. */
  permissionHint?: ReactNode;
}) {
  const { loaders, canRefresh, banner, notFoundHint, permissionHint } = props;
  const { ref } = loaders;

  const postureState = useAsyncRetry(() => loaders.getPosture(), [loaders]);
  const historyState = useAsyncRetry(() => loaders.getHistory(), [loaders]);

  const [posture, setPosture] = useState<BucketPosture | undefined>();
  const [refreshing, setRefreshing] = useState(false);
  const [outcome, setOutcome] = useState<RefreshOutcome | undefined>();

  useEffect(() => {
    setPosture(postureState.value);
  }, [postureState.value]);
  useEffect(() => {
    setOutcome(undefined);
  }, [ref]);

  const refresh = async () => {
    setRefreshing(true);
    setOutcome(undefined);
    try {
      const next = await loaders.refresh();
      setOutcome({ kind: 'ok', posture: next, previous: posture });
      setPosture(next);
      historyState.retry();
    } catch (e) {
      setOutcome({ kind: 'error', error: e as Error });
    } finally {
      setRefreshing(false);
    }
  };

  const refreshButton = canRefresh ? (
    <RefreshButton refreshing={refreshing} onClick={refresh} />
  ) : undefined;

  if (postureState.loading && !posture) {
    return <Progress aria-label="Loading bucket posture" />;
  }

  if (!posture) {
    const error = postureState.error;
    if (error && errorStatus(error) === 404) {
      return (
        <EmptyState
          missing="info"
          title="This bucket has no posture yet"
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
                {canRefresh
                  ? 'Assess it now, or come back in a few minutes.'
                  : notFoundHint}
              </Typography>
            </>
          }
          action={
            canRefresh ? (
              <>
                <RefreshButton
                  refreshing={refreshing}
                  onClick={refresh}
                  label="Assess now"
                />
                <RefreshResult outcome={outcome} />
              </>
            ) : undefined
          }
        />
      );
    }
    return (
      <PostureErrorPanel
        error={error ?? new Error('No posture returned')}
        what="the posture of this bucket"
        retry={postureState.retry}
        permissionHint={permissionHint}
      />
    );
  }

  return (
    <Grid container spacing={3} alignItems="stretch">
      {banner && (
        <Grid item xs={12}>
          {banner(posture)}
        </Grid>
      )}
      <Grid item xs={12} md={8}>
        <PostureHeader
          posture={posture}
          action={refreshButton}
          outcome={outcome}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Score history" variant="fullHeight">
          {historyState.loading && !historyState.value && (
            <Progress aria-label="Loading score history" />
          )}
          {historyState.error && (
            <Typography variant="body2" color="error" role="alert">
              Could not load the history: {serverMessage(historyState.error)}
            </Typography>
          )}
          {historyState.value && <ScoreHistory history={historyState.value} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Checks">
          {posture.checks.length ? (
            <ChecksPanel checks={posture.checks} />
          ) : (
            <Typography variant="body2" color="textSecondary">
              No check results yet.
            </Typography>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
