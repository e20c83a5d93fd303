/**
 * Frontend of the S3 posture plugins: a card on service, system, team and user
 * pages, a tab on bucket pages, and a page to browse every bucket.
 *
 * This entry point serves apps on the legacy frontend system. Apps on the new
 * frontend system install the default export of `@s3-posture/plugin-s3/alpha`.
 *
 * @packageDocumentation
 */
export {
  s3Plugin,
  S3BucketsPage,
  EntityS3PostureCard,
  EntityS3BucketContent,
} from './plugin';
export { s3ApiRef } from './api';
/** The REST client behind {@link s3ApiRef}, from `@s3-posture/plugin-s3-common`. */
export { S3PostureClient } from '@s3-posture/plugin-s3-common';
export type {
  S3Api,
  S3EntityRef,
  BucketListQuery,
  BucketOrderField,
} from './api';
export { isS3BucketEntity, hasS3Buckets } from './conditions';
export type { EntityS3PostureCardProps } from './components/EntityS3PostureCard';
export { rootRouteRef as s3BucketsRouteRef } from './routes';
