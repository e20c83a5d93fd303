import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { memo } from 'react';
import {
  bucketRefOf,
  BucketSummary,
  countFailingBySeverity,
  SEVERITIES,
} from '@s3-posture/plugin-s3-common';
import { BucketOrderField } from '../../api';
import { inventoryBucketRouteRef } from '../../routes';
import { BUCKET_NOT_FOUND, isBucketMissing } from '../common/bucketErrors';
import { DocumentBucketButton } from '../common/DocumentBucketDialog';
import { RelativeTime } from '../common/RelativeTime';
import {
  NoDocChip,
  PostureStatusLabel,
  ScoreText,
  SeverityCountChip,
  StaleMarker,
  visuallyHidden,
} from '../common/StatusLabels';
import { BrowseParams, DEFAULT_ORDER, PAGE_SIZES } from './useBrowseParams';

const useStyles = makeStyles(theme => ({
  progress: {
    height: 2,
  },
  progressPlaceholder: {
    height: 2,
  },
  table: {
    '& th': { whiteSpace: 'nowrap' },
    '& td': { verticalAlign: 'top' },
    '& th, & td': { padding: theme.spacing(1, 1.5) },
    '& th:first-child, & td:first-child': { paddingLeft: theme.spacing(2) },
  },
  name: {
    fontWeight: theme.typography.fontWeightBold as number,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5, 1),
  },
  missing: {
    color: theme.palette.error.main,
  },
  documentButton: {
    marginTop: theme.spacing(0.5),
    // A text button: its label lines up with the text above it.
    marginLeft: theme.spacing(-0.75),
    whiteSpace: 'nowrap',
  },
  sub: {
    color: theme.palette.text.secondary,
    display: 'block',
  },
  statusCell: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginBottom: theme.spacing(0.5),
    '& > *': { height: 20 },
  },
  bucketCell: {
    minWidth: '12rem',
  },
  failingCell: {
    minWidth: '13rem',
  },
  nowrap: { whiteSpace: 'nowrap' },
}));

function SortableHeader(props: {
  field: BucketOrderField;
  label: string;
  params: BrowseParams;
  onSort: (field: BucketOrderField, order: 'asc' | 'desc') => void;
  align?: 'left' | 'right';
}) {
  const { field, label, params, onSort, align } = props;
  const active = params.orderBy === field;
  const direction = active ? params.order : DEFAULT_ORDER[field];
  return (
    <TableCell
      align={align}
      sortDirection={active ? params.order : false}
      aria-sort={
        // eslint-disable-next-line no-nested-ternary
        active ? (params.order === 'asc' ? 'ascending' : 'descending') : 'none'
      }
    >
      <TableSortLabel
        active={active}
        direction={direction}
        onClick={() =>
          onSort(
            field,
            // eslint-disable-next-line no-nested-ternary
            active ? (params.order === 'asc' ? 'desc' : 'asc') : direction,
          )
        }
      >
        {label}
        {active && (
          <span style={visuallyHidden}>
            {params.order === 'asc'
              ? ', sorted ascending'
              : ', sorted descending'}
          </span>
        )}
      </TableSortLabel>
    </TableCell>
  );
}

function FailingChecks(props: { bucket: BucketSummary }) {
  const { bucket } = props;
  const classes = useStyles();
  const errors = bucket.counts.error;
  const errorNote = errors > 0 && (
    <Typography variant="caption" className={classes.sub} component="div">
      {errors} {errors === 1 ? 'check' : 'checks'} could not be decided
    </Typography>
  );
  if (bucket.failingChecks.length === 0) {
    return (
      <>
        <Typography variant="body2" color="textSecondary">
          {/* eslint-disable-next-line no-nested-ternary */}
          {isBucketMissing(bucket)
            ? 'Not assessed'
            : bucket.checkedAt
              ? 'None failing'
              : 'Not assessed yet'}
        </Typography>
        {errorNote}
      </>
    );
  }
  const counts = countFailingBySeverity(bucket.failingChecks);
  const bySeverity = SEVERITIES.map(severity => ({
    severity,
    count: counts[severity],
  })).filter(s => s.count > 0);
  const worst = bucket.failingChecks[0];
  return (
    <>
      <div
        className={classes.chips}
        aria-label={`Failing checks: ${bySeverity
          .map(s => `${s.count} ${s.severity}`)
          .join(', ')}`}
        role="group"
      >
        {bySeverity.map(s => (
          <SeverityCountChip key={s.severity} {...s} />
        ))}
      </div>
      <Typography variant="caption" className={classes.sub} component="div">
        Worst: {worst.title}
      </Typography>
      {errorNote}
    </>
  );
}

/**
 * One bucket's row. Memoised: while the next page loads, the rows on screen stay as they are
 * instead of rendering again (each holds several entity links).
 */
function BucketName(props: { bucket: BucketSummary }) {
  const { bucket } = props;
  const inventoryLink = useRouteRef(inventoryBucketRouteRef);
  const name = bucket.title ?? bucket.bucket;
  if (bucket.entityRef) {
    return (
      <EntityRefLink entityRef={bucket.entityRef} hideIcon>
        {name}
      </EntityRefLink>
    );
  }
  if (!bucket.accountId) return <>{name}</>;
  return (
    <Link
      to={inventoryLink({ accountId: bucket.accountId, bucket: bucket.bucket })}
    >
      {name}
    </Link>
  );
}

/** Owners and service, or for a bucket no doc describes, what its tags suggest. */
function OwnersCell(props: { bucket: BucketSummary }) {
  const { bucket } = props;
  const classes = useStyles();
  if (bucket.documented) {
    return (
      <>
        <Typography variant="body2" component="div">
          {bucket.owners.length ? (
            <EntityRefLinks entityRefs={bucket.owners} defaultKind="group" />
          ) : (
            'No owners'
          )}
        </Typography>
        {bucket.service && (
          <Typography variant="caption" className={classes.sub}>
            Service:{' '}
            <EntityRefLink entityRef={bucket.service} defaultKind="component" />
          </Typography>
        )}
      </>
    );
  }
  const owners = bucket.suggestedOwners ?? [];
  return (
    <>
      <Typography variant="body2" component="div" color="textSecondary">
        {owners.length ? (
          <>
            suggested:{' '}
            <EntityRefLinks entityRefs={owners} defaultKind="group" />
          </>
        ) : (
          'No owner known'
        )}
      </Typography>
      {bucket.suggestedService && (
        <Typography variant="caption" className={classes.sub}>
          service suggested:{' '}
          <EntityRefLink
            entityRef={bucket.suggestedService}
            defaultKind="component"
          />
        </Typography>
      )}
      <div className={classes.documentButton}>
        <DocumentBucketButton bucket={bucket} variant="text" />
      </div>
    </>
  );
}

/**
 * One bucket's row. Memoised: while the next page loads, the rows on screen stay as they are
 * instead of rendering again (each holds several entity links).
 */
function BucketRowView(props: { bucket: BucketSummary }) {
  const { bucket } = props;
  const classes = useStyles();
  const missing = isBucketMissing(bucket);
  return (
    <TableRow hover>
      <TableCell className={classes.bucketCell}>
        <div className={classes.name}>
          <BucketName bucket={bucket} />
          {!bucket.documented && <NoDocChip />}
        </div>
        {bucket.title && bucket.title !== bucket.bucket && (
          <Typography variant="caption" className={classes.sub}>
            {bucket.bucket}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <div className={classes.statusCell}>
          <PostureStatusLabel status={bucket.status} small />
          {bucket.stale && <StaleMarker lastError={bucket.lastError} />}
          {missing && (
            <Typography variant="caption" className={classes.missing}>
              {BUCKET_NOT_FOUND}
            </Typography>
          )}
          {bucket.lastError && !missing && !bucket.stale && (
            <Typography
              variant="caption"
              className={classes.sub}
              title={bucket.lastError.message}
            >
              Refresh failed: {bucket.lastError.code}
            </Typography>
          )}
        </div>
      </TableCell>
      <TableCell align="right" className={classes.nowrap}>
        <ScoreText score={bucket.score} />
      </TableCell>
      <TableCell className={classes.failingCell}>
        <FailingChecks bucket={bucket} />
      </TableCell>
      <TableCell>
        <OwnersCell bucket={bucket} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        <div>{bucket.accountId ?? '—'}</div>
        <Typography variant="caption" className={classes.sub}>
          {bucket.region ?? 'region unknown'}
        </Typography>
      </TableCell>
      <TableCell className={classes.nowrap}>
        <RelativeTime iso={bucket.checkedAt} never="Not yet" />
      </TableCell>
    </TableRow>
  );
}
const BucketRow = memo(BucketRowView);

/**
 * One page of buckets; sorting and paging are done by the server.
 *
 * Material UI's table parts rather than core-components' `Table` (material-table), for two
 * reasons. The page, sort and page size live in the URL, and each change is one server
 * request for one page out of thousands of buckets; `Table` keeps its own page and sort
 * state and asks for remote pages through its `data` callback, which it calls itself. And
 * the rows are memoised (`BucketRow`), so the rows on screen do not render again while the
 * next page loads; `Table` renders every row again through its own row component on each
 * of its renders. Both parts of the filter-change time were measured in the "browser"
 * figures of BENCHMARKS.md ("What the page itself cost").
 */
export function BucketsTable(props: {
  items: BucketSummary[];
  totalCount: number;
  loading: boolean;
  params: BrowseParams;
  onChange: (patch: Partial<BrowseParams>) => void;
}) {
  const { items, totalCount, loading, params, onChange } = props;
  const classes = useStyles();
  const onSort = (orderBy: BucketOrderField, order: 'asc' | 'desc') =>
    onChange({ orderBy, order });
  return (
    <>
      {loading ? (
        <LinearProgress
          className={classes.progress}
          aria-label="Loading buckets"
        />
      ) : (
        <div className={classes.progressPlaceholder} />
      )}
      <TableContainer>
        <Table
          size="small"
          className={classes.table}
          aria-label="S3 buckets"
          aria-busy={loading}
        >
          <TableHead>
            <TableRow>
              <SortableHeader
                field="name"
                label="Bucket"
                params={params}
                onSort={onSort}
              />
              <SortableHeader
                field="status"
                label="Status"
                params={params}
                onSort={onSort}
              />
              <SortableHeader
                field="score"
                label="Score"
                params={params}
                onSort={onSort}
                align="right"
              />
              <TableCell>Failing checks</TableCell>
              <TableCell>Owners and service</TableCell>
              <TableCell>Account / region</TableCell>
              <SortableHeader
                field="checkedAt"
                label="Last checked"
                params={params}
                onSort={onSort}
              />
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(bucket => (
              <BucketRow key={bucketRefOf(bucket)} bucket={bucket} />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={totalCount}
        page={Math.min(
          params.page,
          Math.max(0, Math.ceil(totalCount / params.pageSize) - 1),
        )}
        rowsPerPage={params.pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={(_e, page) => onChange({ page })}
        onRowsPerPageChange={e =>
          onChange({ pageSize: Number(e.target.value), page: 0 })
        }
      />
    </>
  );
}
