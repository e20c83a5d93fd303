/**
 * The catalog module of the S3 plugins:
 * `backend.add(import('@s3-posture/plugin-s3-backend/catalog'))`.
 *
 * @packageDocumentation
 */
export { catalogModuleS3BucketDocs as default } from './module';
