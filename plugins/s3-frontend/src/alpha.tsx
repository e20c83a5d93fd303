import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import {
  ROLLUP_ENTITY_KINDS,
  S3_BUCKET_RESOURCE_TYPE,
} from '@s3-posture/plugin-s3-common';
import { createS3Api, s3ApiRef } from './api';
import {
  browseBucketsRouteRef,
  inventoryBucketRouteRef,
  rootRouteRef,
} from './routes';

const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  inventoryBucket: inventoryBucketRouteRef,
});
const externalRoutes = convertLegacyRouteRefs({
  browseBuckets: browseBucketsRouteRef,
});

/** The REST client, on the app's discovery and fetch APIs. @alpha */
export const s3ApiExtension = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: s3ApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        createS3Api({ discoveryApi, fetchApi }),
    }),
});

/** Card on Component, System, Group and User pages. @alpha */
export const s3PostureEntityCard = EntityCardBlueprint.make({
  name: 'posture',
  params: {
    filter: { kind: { $in: [...ROLLUP_ENTITY_KINDS] } },
    loader: () =>
      import('./components/EntityS3PostureCard').then(m => (
        <m.EntityS3PostureCard />
      )),
  },
});

/** "S3 posture" tab on bucket pages (Resource entities of type `s3-bucket`). @alpha */
export const s3BucketEntityContent = EntityContentBlueprint.make({
  name: 'bucket',
  params: {
    path: '/s3',
    title: 'S3 posture',
    filter: { kind: 'resource', 'spec.type': S3_BUCKET_RESOURCE_TYPE },
    loader: () =>
      import('./components/EntityS3BucketContent').then(m => (
        <m.EntityS3BucketContent />
      )),
  },
});

/** Browse page at `/s3`, with its nav item "S3 buckets". @alpha */
export const s3BucketsPage = PageBlueprint.make({
  params: {
    path: '/s3',
    title: 'S3 buckets',
    icon: <StorageIcon fontSize="inherit" />,
    routeRef: routes.root,
    loader: () =>
      import('./components/S3BucketsPage').then(m => (
        <m.S3BucketsPageContent />
      )),
  },
});

/**
 * The S3 posture plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 's3',
  title: 'S3 buckets',
  icon: <StorageIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes,
  externalRoutes,
  extensions: [
    s3ApiExtension,
    s3PostureEntityCard,
    s3BucketEntityContent,
    s3BucketsPage,
  ],
});
