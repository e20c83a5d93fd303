import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/**
 * The browse page (`/s3`); exported as `s3BucketsRouteRef`.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 's3' });

/**
 * The page of a bucket no doc describes, under the browse page
 * (`/s3/inventory/:accountId/:bucket`).
 */
export const inventoryBucketRouteRef = createSubRouteRef({
  id: 's3-inventory-bucket',
  parent: rootRouteRef,
  path: '/inventory/:accountId/:bucket',
});

/**
 * Where the card's "Browse these buckets" link goes: the browse page, filtered to the
 * entity's buckets. Optional: without a binding (an app that installs the card alone) the
 * card has no link. Apps on the new frontend system bind it to this plugin's own page by
 * default (`s3.root`); legacy apps bind it in `createApp({ bindRoutes })`.
 */
export const browseBucketsRouteRef = createExternalRouteRef({
  id: 's3-browse-buckets',
  optional: true,
  defaultTarget: 's3.root',
});
