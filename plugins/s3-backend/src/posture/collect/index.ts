export { AwsPostureCollector } from './AwsPostureCollector';
export {
  BucketLocator,
  BucketLocateError,
  type BucketLocation,
  type BucketLocatorOptions,
  type ListedBucket,
  listBucketPages,
} from './locate';
export {
  BucketUnreadableError,
  collectBucket,
  type BucketTarget,
  type CollectBucketOptions,
} from './collectBucket';
export { collectAccount, type CollectAccountOptions } from './collectAccount';
export { NOT_CONFIGURED_CODES } from './collected';
