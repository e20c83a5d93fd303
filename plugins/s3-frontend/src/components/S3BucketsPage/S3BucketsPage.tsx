import { Content, EmptyState, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { s3ApiRef } from '../../api';
import { formatCount } from '../common/formatCount';
import { PostureErrorPanel } from '../common/PostureErrorPanel';
import { BucketFilters } from './BucketFilters';
import { BucketsTable } from './BucketsTable';
import { StatusCounts } from './StatusCounts';
import { hasFilters, toListQuery, useBrowseParams } from './useBrowseParams';
import { useBucketFacets } from './useFacets';

const useStyles = makeStyles(theme => ({
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
  account: undefined,
  region: undefined,
  status: [],
};

/**
 * Every S3 bucket the user may see: search, filters, status counts, sorting and
 * server-side paging, all kept in the URL so a view can be shared.
 */
export function S3BucketsContent() {
  const classes = useStyles();
  const api = useApi(s3ApiRef);
  const [params, update] = useBrowseParams();
  const query = toListQuery(params);
  const queryKey = JSON.stringify(query);
  // Asked for while the page renders, not once it has mounted: the first mount of the page's
  // Material UI components takes hundreds of ms on a slow machine, and React yields between
  // them, so the request is on the wire meanwhile. A render that React throws away costs
  // nothing: the client shares an identical request in flight.
  const listing = useMemo(
    () => api.listBuckets(query),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, queryKey],
  );
  const { value, loading, error } = useAsync(() => listing, [listing]);
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
            description="Buckets appear here once the catalog has ingested their bucket docs and the S3 posture plugin has assessed them. If you expected to see buckets, you may not have the s3.posture.read permission for them."
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
      <StatusCounts
        counts={value?.statusCounts}
        selected={params.status}
        onChange={status => update({ status })}
      />
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

/** The browse page's content for the new frontend system, whose app draws the header. */
export function S3BucketsPageContent() {
  return (
    <Content>
      <S3BucketsContent />
    </Content>
  );
}

/** The browse page at `/s3` (legacy frontend system: page with its own header). */
export function S3BucketsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="S3 buckets"
        subtitle="Security posture of every S3 bucket in the catalog"
      />
      <Content>
        <S3BucketsContent />
      </Content>
    </Page>
  );
}
