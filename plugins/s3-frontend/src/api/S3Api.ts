import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  S3PostureApi,
  S3PostureClient,
  S3PostureDiscovery,
  S3PostureFetch,
} from '@s3-posture/plugin-s3-common';

export type {
  BucketListQuery,
  BucketOrderField,
  S3EntityRef,
} from '@s3-posture/plugin-s3-common';

/**
 * The S3 posture backend's REST API (`/api/s3/v1`) as the frontend uses it: the typed
 * methods of `S3PostureApi` from `@s3-posture/plugin-s3-common`.
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) carrying the
 * server's message when the backend answers with a non-2xx status.
 *
 * @public
 */
export type S3Api = S3PostureApi;

/**
 * Reference to the {@link S3Api}.
 *
 * @public
 */
export const s3ApiRef = createApiRef<S3Api>().with({
  id: 'plugin.s3.api',
  pluginId: 's3',
});

/**
 * The implementation of {@link s3ApiRef}: the shared `S3PostureClient` on the app's
 * `discoveryApi` and `fetchApi` (which adds the user's Backstage token). A browser serves
 * one user, so identical reads in flight share one request: the browse page asks as soon
 * as the URL changes, and a render React repeats must not send a second request.
 */
export function createS3Api(deps: {
  discoveryApi: S3PostureDiscovery;
  fetchApi: S3PostureFetch;
}): S3Api {
  return new S3PostureClient({ ...deps, shareReadsInFlight: true });
}
