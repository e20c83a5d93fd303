export { s3ApiRef } from './S3Api';
export type {
  S3Api,
  S3EntityRef,
  BucketListQuery,
  BucketOrderField,
} from './S3Api';
export { S3Client } from './S3Client';
