import { BucketError } from '@s3-posture/plugin-s3-common';

/** What a row or page says of a doc whose bucket is not in its account (DESIGN §15). */
export const BUCKET_NOT_FOUND = 'Bucket not found in AWS';

/** What to do about it, for those who can change the doc. */
export const BUCKET_NOT_FOUND_ADVICE =
  'The bucket doc names a bucket that does not exist in its AWS account. Fix the ARN or the account in the doc if they are wrong, or delete the doc if the bucket is gone for good.';

/** True when the latest refresh found no such bucket in the doc's account. */
export function isBucketMissing(bucket: { lastError?: BucketError }): boolean {
  return bucket.lastError?.code === 'NoSuchBucket';
}

/** `AccessDenied: User … is not authorized …`, as one line. */
export function describeBucketError(error: BucketError): string {
  return error.message ? `${error.code}: ${error.message}` : error.code;
}
