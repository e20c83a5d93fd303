export { EntityS3BucketContent } from './EntityS3BucketContent';
