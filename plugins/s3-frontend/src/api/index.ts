export { s3ApiRef, createS3Api } from './S3Api';
export type {
  S3Api,
  S3EntityRef,
  BucketListQuery,
  BucketOrderField,
} from './S3Api';
