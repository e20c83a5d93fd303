export {
  S3BucketsPage,
  S3BucketsPageContent,
  S3BucketsContent,
} from './S3BucketsPage';
