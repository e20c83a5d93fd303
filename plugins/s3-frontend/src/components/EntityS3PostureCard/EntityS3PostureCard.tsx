import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CodeSnippet,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import { configApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  EntityRefLinks,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  bucketRefOf,
  BucketSummary,
  EntityPostureSummary,
  POSTURE_STATUS_ORDER,
  PostureStatus,
} from '@s3-posture/plugin-s3-common';
import { Fragment, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ApiRef } from '../../api';
import { browseBucketsRouteRef } from '../../routes';
import { BUCKET_NOT_FOUND, isBucketMissing } from '../common/bucketErrors';
import { PostureErrorPanel } from '../common/PostureErrorPanel';
import { RelativeTime } from '../common/RelativeTime';
import {
  POSTURE_STATUS_LABELS,
  PostureStatusLabel,
  ScoreText,
  SeverityChip,
  StaleMarker,
} from '../common/StatusLabels';

const useStyles = makeStyles(theme => ({
  overview: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 3),
    paddingBottom: theme.spacing(2),
  },
  overallStatus: {
    fontSize: '1.25rem',
  },
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  bucket: {
    display: 'block',
    padding: theme.spacing(1.5, 0),
  },
  bucketHeader: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(0.5, 2),
  },
  bucketName: {
    fontWeight: theme.typography.fontWeightBold as number,
    fontSize: '1rem',
    marginRight: 'auto',
    wordBreak: 'break-all',
  },
  failing: {
    margin: theme.spacing(1, 0, 0),
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
  more: {
    gridColumn: '1 / -1',
  },
  showAll: {
    marginTop: theme.spacing(1),
  },
  empty: {
    '& pre': { margin: 0 },
  },
  docsLink: {
    marginTop: theme.spacing(1.5),
  },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    marginTop: theme.spacing(1),
    color: theme.palette.text.secondary,
  },
}));

const KIND_HOW: Record<string, { noun: string; how: string; example: string }> =
  {
    component: {
      noun: 'service',
      how: 'A bucket appears here when its bucket doc names this component in its service field.',
      example: 'service: {name}',
    },
    system: {
      noun: 'system',
      how: 'A bucket appears here when its bucket doc names this system, or one of the system’s components as its service.',
      example: 'system: {name}',
    },
    group: {
      noun: 'team',
      how: 'A bucket appears here when its bucket doc lists this group among its owners.',
      example: 'owners:\n  - group:{namespace}/{name}',
    },
    user: {
      noun: 'person',
      how: 'A bucket appears here when its bucket doc lists this user among its owners.',
      example: 'owners:\n  - user:{namespace}/{name}',
    },
  };

function howToAdd(entity: Entity) {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const how = KIND_HOW[kind] ?? KIND_HOW.component;
  const fill = (s: string) =>
    s
      .replace('{name}', entity.metadata.name)
      .replace('{namespace}', entity.metadata.namespace ?? 'default');
  const snippet = `---
name: OrdersBucket
AWS:
  Arn: arn:aws:s3:::orders-production
  Account: '111122223333'
  Service: s3
${fill(how.example)}${
    kind === 'group' || kind === 'user'
      ? ''
      : '\nowners:\n  - group:default/your-team'
  }
---`;
  return { ...how, snippet };
}

const sortWorstFirst = (a: BucketSummary, b: BucketSummary) =>
  POSTURE_STATUS_ORDER.indexOf(a.status) -
    POSTURE_STATUS_ORDER.indexOf(b.status) ||
  (a.score ?? 101) - (b.score ?? 101) ||
  a.bucket.localeCompare(b.bucket);

const MAX_FAILING = 3;
const MAX_BUCKETS = 5;

/** How a bucket is related to the page's entity, e.g. "via user-service". */
function Via(props: { via?: string[] }) {
  const { via } = props;
  if (!via?.length) return null;
  return (
    <Typography variant="caption" color="textSecondary" component="div">
      via{' '}
      {via.map((ref, i) => (
        <Fragment key={ref}>
          {i > 0 && ' › '}
          <EntityRefLink
            entityRef={ref}
            defaultKind={parseEntityRef(ref).kind}
            hideIcon
          />
        </Fragment>
      ))}
    </Typography>
  );
}

function BucketItem(props: {
  bucket: BucketSummary & { via?: string[] };
  divider: boolean;
}) {
  const { bucket, divider } = props;
  const classes = useStyles();
  const failing = bucket.failingChecks.slice(0, MAX_FAILING);
  const more = bucket.failingChecks.length - failing.length;
  const name = bucket.title ?? bucket.bucket;
  return (
    <ListItem
      className={classes.bucket}
      divider={divider}
      aria-label={`${name}: ${POSTURE_STATUS_LABELS[bucket.status]}`}
    >
      <div className={classes.bucketHeader}>
        <Typography component="h3" className={classes.bucketName}>
          {bucket.entityRef ? (
            <EntityRefLink entityRef={bucket.entityRef} hideIcon>
              {name}
            </EntityRefLink>
          ) : (
            name
          )}
        </Typography>
        <PostureStatusLabel status={bucket.status} />
        <ScoreText score={bucket.score} />
        {bucket.stale && <StaleMarker lastError={bucket.lastError} />}
      </div>
      {name !== bucket.bucket && (
        <Typography variant="caption" color="textSecondary" component="div">
          {bucket.bucket}
        </Typography>
      )}
      <Via via={bucket.via} />
      {failing.length > 0 ? (
        <ul
          className={classes.failing}
          aria-label={`Most severe failing checks of ${name}`}
        >
          {failing.map(check => (
            <li key={check.id}>
              <SeverityChip severity={check.severity} />
              <Typography variant="body2" component="span">
                {check.title}
              </Typography>
            </li>
          ))}
          {more > 0 && (
            <li>
              <Typography
                variant="body2"
                color="textSecondary"
                className={classes.more}
              >
                and {more} more failing {more === 1 ? 'check' : 'checks'}
              </Typography>
            </li>
          )}
        </ul>
      ) : (
        <Typography
          variant="body2"
          color={isBucketMissing(bucket) ? 'error' : 'textSecondary'}
        >
          {/* eslint-disable-next-line no-nested-ternary */}
          {isBucketMissing(bucket)
            ? BUCKET_NOT_FOUND
            : bucket.checkedAt
              ? 'No failing checks'
              : 'Not assessed yet'}
        </Typography>
      )}
      {bucket.counts.error > 0 && (
        <Typography variant="body2" color="textSecondary">
          {bucket.counts.error} {bucket.counts.error === 1 ? 'check' : 'checks'}{' '}
          could not be decided
        </Typography>
      )}
      <Typography variant="body2" component="div" className={classes.meta}>
        <span>
          Owners:{' '}
          {bucket.owners.length ? (
            <EntityRefLinks entityRefs={bucket.owners} defaultKind="group" />
          ) : (
            'none'
          )}
        </span>
        <span>
          Last checked: <RelativeTime iso={bucket.checkedAt} />
        </span>
      </Typography>
    </ListItem>
  );
}

function Overview(props: { summary: EntityPostureSummary }) {
  const { summary } = props;
  const classes = useStyles();
  const byStatus = new Map<PostureStatus, number>();
  for (const b of summary.buckets) {
    byStatus.set(b.status, (byStatus.get(b.status) ?? 0) + 1);
  }
  return (
    <div className={classes.overview}>
      <div className={classes.overallStatus}>
        <PostureStatusLabel status={summary.status}>
          Overall: {POSTURE_STATUS_LABELS[summary.status]}
        </PostureStatusLabel>
      </div>
      <Typography variant="body2" component="div">
        {summary.bucketCount} {summary.bucketCount === 1 ? 'bucket' : 'buckets'}
        {summary.worstScore !== undefined &&
          ` · lowest score ${summary.worstScore}`}
      </Typography>
      <ul className={classes.counts} aria-label="Buckets by status">
        {POSTURE_STATUS_ORDER.filter(s => byStatus.get(s)).map(s => (
          <li key={s}>
            <Typography variant="body2">
              {byStatus.get(s)} {POSTURE_STATUS_LABELS[s].toLocaleLowerCase()}
            </Typography>
          </li>
        ))}
      </ul>
    </div>
  );
}

function EmptyBuckets(props: { entity: Entity; docsUrl?: string }) {
  const { entity, docsUrl } = props;
  const classes = useStyles();
  const { how, snippet } = howToAdd(entity);
  return (
    <div className={classes.empty}>
      <Typography variant="h6" component="p" gutterBottom>
        No S3 buckets reference this entity
      </Typography>
      <Typography variant="body2" paragraph>
        {how} To add one, register a markdown bucket doc in the catalog with
        frontmatter like this:
      </Typography>
      <CodeSnippet text={snippet} language="yaml" />
      {docsUrl && (
        <Typography variant="body2" className={classes.docsLink}>
          <Link to={docsUrl}>How to write a bucket doc</Link>
        </Typography>
      )}
    </div>
  );
}

/** The browse page's filter that shows the same buckets as the card, by kind. */
/**
 * A link to the browse page filtered to the buckets this card counts (`relatedTo`: for a
 * group those of what it owns too, not only its own), or nothing when the app binds no
 * browse page (an adopter may install the card alone).
 */
function useBrowseLink(entity: Entity): string | undefined {
  const browseBuckets = useRouteRef(browseBucketsRouteRef);
  if (!browseBuckets) return undefined;
  const query = new URLSearchParams({ relatedTo: stringifyEntityRef(entity) });
  return `${browseBuckets()}?${query}`;
}

/**
 * Props of {@link EntityS3PostureCard}.
 *
 * @public
 */
export interface EntityS3PostureCardProps {
  /** Link to your guide for writing bucket docs; default: `s3.docsUrl` from app-config. */
  docsUrl?: string;
  /** Card title; default "S3 buckets". */
  title?: string;
}

/**
 * The S3 posture of the buckets a Component, System, Group or User relates to.
 */
export function EntityS3PostureCard(props: EntityS3PostureCardProps) {
  const { entity } = useEntity();
  const api = useApi(s3ApiRef);
  const config = useApi(configApiRef);
  const docsUrl = props.docsUrl ?? config.getOptionalString('s3.docsUrl');
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getEntitySummary(entityRef),
    [api, entityRef],
  );
  const classes = useStyles();
  const browseLink = useBrowseLink(entity);
  const [showAll, setShowAll] = useState(false);
  const noun =
    KIND_HOW[entity.kind.toLocaleLowerCase('en-US')]?.noun ?? 'entity';

  let content;
  if (loading && !value) {
    content = <Progress aria-label="Loading S3 posture" />;
  } else if (error) {
    content = (
      <PostureErrorPanel
        error={error}
        what={`the S3 posture of this ${noun}`}
        retry={retry}
      />
    );
  } else if (!value || value.buckets.length === 0) {
    content = <EmptyBuckets entity={entity} docsUrl={docsUrl} />;
  } else {
    const sorted = [...value.buckets].sort(sortWorstFirst);
    const buckets = showAll ? sorted : sorted.slice(0, MAX_BUCKETS);
    content = (
      <>
        <Overview summary={value} />
        <Divider />
        <List disablePadding aria-label="S3 buckets">
          {buckets.map((b, i) => (
            <BucketItem
              key={bucketRefOf(b)}
              bucket={b}
              divider={i < buckets.length - 1}
            />
          ))}
        </List>
        {sorted.length > MAX_BUCKETS && (
          <Button
            className={classes.showAll}
            color="primary"
            onClick={() => setShowAll(v => !v)}
            aria-expanded={showAll}
          >
            {showAll
              ? 'Show the worst 5 only'
              : `Show all ${sorted.length} buckets`}
          </Button>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title={props.title ?? 'S3 buckets'}
      subheader={`Security posture of the S3 buckets of this ${noun}`}
      deepLink={
        browseLink && value?.buckets.length
          ? { title: 'Browse these buckets', link: browseLink }
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
