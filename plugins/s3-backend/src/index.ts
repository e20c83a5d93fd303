/**
 * Backend of the S3 posture plugins.
 *
 * @packageDocumentation
 */
export { catalogModuleS3BucketDocs } from './catalog/module';
export { createBucketDocParser } from './catalog/bucketDocParser';
export { S3BucketDocProcessor } from './catalog/S3BucketDocProcessor';
