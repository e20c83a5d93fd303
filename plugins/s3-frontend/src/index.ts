/**
 * Frontend of the S3 posture plugins.
 *
 * @packageDocumentation
 */
export { s3Plugin as default } from './plugin';
export { isS3BucketEntity } from '@s3-posture/plugin-s3-common';
