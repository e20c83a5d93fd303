import { stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  BucketPosture,
  PROFILES,
  SEVERITIES,
  failingChecks,
  s3PostureRefreshPermission,
} from '@s3-posture/plugin-s3-common';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ApiRef } from '../../api';
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
      {posture.stale && posture.lastError
        ? ` The assessment failed: ${posture.lastError}`
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
  if (!posture.checkedAt) return null;
  if (failing.length === 0) {
    return (
      <Typography variant="body2" className={classes.failingBlock}>
        No check fails.
        {posture.counts.error > 0 &&
          ` ${posture.counts.error} could not be decided: see the checks below.`}
      </Typography>
    );
  }
  const bySeverity = SEVERITIES.map(severity => ({
    severity,
    count: failing.filter(c => c.severity === severity).length,
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
      {posture.stale && (
        <Alert severity="warning" className={classes.stale}>
          <AlertTitle>
            The latest refresh failed: these are the last good verdicts
          </AlertTitle>
          {posture.lastError ??
            'The S3 posture service could not assess this bucket the last time it tried.'}
        </Alert>
      )}
      <div className={classes.headline}>
        <div className={classes.bigStatus}>
          <PostureStatusLabel status={posture.status} />
        </div>
        <ScoreText score={posture.score} className={classes.bigScore} />
        <Typography variant="body2" color="textSecondary">
          {posture.checkedAt ? (
            <>
              Last checked <RelativeTime iso={posture.checkedAt} />
            </>
          ) : (
            'Not assessed yet: it is assessed shortly after it appears in the catalog.'
          )}
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

/**
 * The posture of one bucket (a Resource of type `s3-bucket`): header, all checks by
 * category, score history, and a refresh button for those allowed to refresh.
 */
export function EntityS3BucketContent() {
  const { entity } = useEntity();
  const api = useApi(s3ApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { allowed: canRefresh } = usePermission({
    permission: s3PostureRefreshPermission,
    resourceRef: entityRef,
  });

  const postureState = useAsyncRetry(
    () => api.getBucket(entityRef),
    [api, entityRef],
  );
  const historyState = useAsyncRetry(
    () => api.getHistory(entityRef),
    [api, entityRef],
  );

  const [posture, setPosture] = useState<BucketPosture | undefined>();
  const [refreshing, setRefreshing] = useState(false);
  const [outcome, setOutcome] = useState<RefreshOutcome | undefined>();

  useEffect(() => {
    setPosture(postureState.value);
  }, [postureState.value]);
  useEffect(() => {
    setOutcome(undefined);
  }, [entityRef]);

  const refresh = async () => {
    setRefreshing(true);
    setOutcome(undefined);
    try {
      const next = await api.refreshBucket(entityRef);
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
                  : 'Come back in a few minutes. If it stays like this, check that the bucket doc’s ARN names a bucket the S3 posture service can reach.'}
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
      />
    );
  }

  return (
    <Grid container spacing={3} alignItems="stretch">
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
