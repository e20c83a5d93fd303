import { useApi } from '@backstage/core-plugin-api';
import { BucketListResponse } from '@s3-posture/plugin-s3-common';
import { useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { BucketListQuery, s3ApiRef } from '../../api';

/**
 * One page of buckets for the query: `useAsync` holds the answer, its loading state and
 * error, and ignores the answers of queries the user has left.
 *
 * The request itself starts as soon as a render sees a new query, not once the page has
 * mounted: the first mount of the page's Material UI components takes hundreds of ms on a
 * slow machine, and the request is on the wire meanwhile (BENCHMARKS.md, "What the page
 * itself cost": the request went out 262–401 ms after a filter click when it waited for
 * the mount, 59–111 ms after, and the first rows came about 600 ms sooner). The started
 * request is kept by query, so a render that changes nothing asks nothing, and `useAsync`
 * awaits that same request. A render React repeats or throws away before it mounts sends
 * nothing twice either: the client behind `s3ApiRef` shares an identical read in flight.
 */
export function useBucketList(query: BucketListQuery) {
  const api = useApi(s3ApiRef);
  const key = JSON.stringify(query);
  const started = useRef<{
    key: string;
    api: unknown;
    response: Promise<BucketListResponse>;
  }>();
  if (started.current?.key !== key || started.current.api !== api) {
    const response = api.listBuckets(query);
    // useAsync reports the error; this copy only keeps a request no render awaits quiet.
    response.catch(() => undefined);
    started.current = { key, api, response };
  }
  return useAsync(() => {
    const current = started.current;
    return current && current.key === key && current.api === api
      ? current.response
      : api.listBuckets(query);
    // The query by value: a new object with the same filters is the same request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
}
