/**
 * Backend of the S3 posture plugins.
 *
 * @packageDocumentation
 */
export { catalogModuleS3BucketDocs } from './catalog/module';
export { createBucketDocParser } from './catalog/bucketDocParser';
export { S3BucketOwnersProcessor } from './catalog/S3BucketOwnersProcessor';
