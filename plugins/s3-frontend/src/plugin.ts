import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { createS3Api, s3ApiRef } from './api';
import type { EntityS3PostureCardProps } from './components/EntityS3PostureCard';
import {
  browseBucketsRouteRef,
  inventoryBucketRouteRef,
  rootRouteRef,
} from './routes';

/**
 * The S3 posture plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const s3Plugin = createPlugin({
  id: 's3',
  apis: [
    createApiFactory({
      api: s3ApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        createS3Api({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    inventoryBucket: inventoryBucketRouteRef,
  },
  externalRoutes: {
    browseBuckets: browseBucketsRouteRef,
  },
});

/**
 * Browse page of every S3 bucket (mount at `/s3`).
 *
 * @public
 */
export const S3BucketsPage: () => JSX.Element = s3Plugin.provide(
  createRoutableExtension({
    name: 'S3BucketsPage',
    component: () =>
      import('./components/S3BucketsPage').then(m => m.S3BucketsPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Card for Component, System, Group and User pages: the posture of their buckets.
 *
 * @public
 */
export const EntityS3PostureCard: (
  props: EntityS3PostureCardProps,
) => JSX.Element = s3Plugin.provide(
  createComponentExtension({
    name: 'EntityS3PostureCard',
    component: {
      lazy: () =>
        import('./components/EntityS3PostureCard').then(
          m => m.EntityS3PostureCard,
        ),
    },
  }),
);

/**
 * Tab content for bucket pages (Resource entities of type `s3-bucket`).
 *
 * @public
 */
export const EntityS3BucketContent: () => JSX.Element = s3Plugin.provide(
  createComponentExtension({
    name: 'EntityS3BucketContent',
    component: {
      lazy: () =>
        import('./components/EntityS3BucketContent').then(
          m => m.EntityS3BucketContent,
        ),
    },
  }),
);
