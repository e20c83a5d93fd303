import { Content, EmptyState, Header, Page } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useState } from 'react';
import { Route, Routes } from 'react-router-dom';
import { formatCount } from '../common/formatCount';
import { InventoryBucketContent } from '../InventoryBucketPage';
import { PostureErrorPanel } from '../common/PostureErrorPanel';
import { BucketFilters } from './BucketFilters';
import { BucketsTable } from './BucketsTable';
import { InventoryAccounts } from './InventoryAccounts';
import { RelatedToFilter } from './RelatedToFilter';
import { StatusCounts, UndocumentedCount } from './StatusCounts';
import { useBucketList } from './useBucketList';
import { hasFilters, toListQuery, useBrowseParams } from './useBrowseParams';
import { useBucketFacets } from './useFacets';

const useStyles = makeStyles(theme => ({
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1, 3),
    marginBottom: theme.spacing(2),
  },
  summaryLine: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
    minHeight: 36,
  },
  paper: {
    overflow: 'hidden',
  },
  empty: {
    padding: theme.spacing(2),
  },
}));

const EMPTY_FILTERS = {
  q: '',
  owner: undefined,
  service: undefined,
  relatedTo: undefined,
  account: undefined,
  region: undefined,
  status: [],
  documented: undefined,
};

/**
 * Every S3 bucket the user may see: search, filters, status counts, sorting and
 * server-side paging, all kept in the URL so a view can be shared.
 */
export function S3BucketsContent() {
  const classes = useStyles();
  const [params, update] = useBrowseParams();
  const { value, loading, error } = useBucketList(toListQuery(params));
  // The rows first: the filter choices are asked for once the first page has come, so
  // the catalog's count over every bucket does not hold up the table.
  const [answered, setAnswered] = useState(false);
  useEffect(() => {
    if (value || error) setAnswered(true);
  }, [value, error]);
  const facets = useBucketFacets(answered);

  // A page beyond the end (e.g. after filtering in another tab) goes to the last page.
  useEffect(() => {
    if (!value) return;
    const last = Math.max(0, Math.ceil(value.totalCount / params.pageSize) - 1);
    if (params.page > last) update({ page: last }, { replace: true });
  }, [value, params.page, params.pageSize, update]);

  const filtered = hasFilters(params);
  const clear = () => update(EMPTY_FILTERS);

  let body;
  if (error) {
    body = (
      <PostureErrorPanel
        error={error}
        what="the list of S3 buckets"
        hint={
          filtered
            ? 'Check the filters, or clear them and try again. If it keeps failing, ask your Backstage administrators to check the s3 backend plugin.'
            : undefined
        }
      />
    );
  } else if (value && value.totalCount === 0 && !loading) {
    body = (
      <Paper className={classes.empty} variant="outlined">
        {filtered ? (
          <EmptyState
            missing="data"
            title="No buckets match these filters"
            description="Loosen or clear the filters to see more buckets."
            action={
              <Button variant="contained" color="primary" onClick={clear}>
                Clear filters
              </Button>
            }
          />
        ) : (
          <EmptyState
            missing="data"
            title="No S3 buckets to show"
            description="Buckets appear here once the catalog has ingested their bucket docs, or the S3 posture plugin has listed them in a configured AWS account, and it has assessed them. If you expected to see buckets, you may not have the s3.posture.read permission for them."
          />
        )}
      </Paper>
    );
  } else {
    body = (
      <Paper className={classes.paper} variant="outlined">
        <BucketsTable
          items={value?.items ?? []}
          totalCount={value?.totalCount ?? 0}
          loading={loading}
          params={params}
          onChange={update}
        />
      </Paper>
    );
  }

  return (
    <>
      <div className={classes.counts}>
        <StatusCounts
          counts={value?.statusCounts}
          selected={params.status}
          onChange={status => update({ status })}
        />
        <UndocumentedCount
          count={value?.documentedCounts?.undocumented}
          selected={params.documented === false}
          onChange={on => update({ documented: on ? false : undefined })}
        />
      </div>
      <InventoryAccounts
        enabled={answered}
        selected={params.account}
        onChange={account => update({ account })}
      />
      {params.relatedTo && (
        <RelatedToFilter
          entityRef={params.relatedTo}
          onClear={() => update({ relatedTo: undefined })}
        />
      )}
      <BucketFilters params={params} facets={facets} onChange={update} />
      <div className={classes.summaryLine}>
        <Typography variant="body2" role="status" aria-live="polite">
          {value
            ? `${formatCount(value.totalCount)} ${
                value.totalCount === 1 ? 'bucket' : 'buckets'
              }${filtered ? ' match' : ''}`
            : 'Loading buckets…'}
        </Typography>
        {filtered && (
          <Button size="small" onClick={clear}>
            Clear filters
          </Button>
        )}
      </div>
      {body}
    </>
  );
}

/**
 * The browse page, and under it the pages of undocumented buckets
 * (`inventory/:accountId/:bucket`, the sub route `inventoryBucketRouteRef`).
 */
function S3BucketsRoutes() {
  return (
    <Routes>
      <Route
        path="/inventory/:accountId/:bucket"
        element={<InventoryBucketContent />}
      />
      <Route path="*" element={<S3BucketsContent />} />
    </Routes>
  );
}

/** The browse page's content for the new frontend system, whose app draws the header. */
export function S3BucketsPageContent() {
  return (
    <Content>
      <S3BucketsRoutes />
    </Content>
  );
}

/** The browse page at `/s3` (legacy frontend system: page with its own header). */
export function S3BucketsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="S3 buckets"
        subtitle="Security posture of every S3 bucket, documented in the catalog or found in AWS"
      />
      <Content>
        <S3BucketsRoutes />
      </Content>
    </Page>
  );
}
