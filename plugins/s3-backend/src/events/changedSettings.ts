import { BucketSetting } from '@s3-posture/plugin-s3-node';

/**
 * The bucket settings each bucket write call can change (DESIGN §16): what an event makes
 * the posture service read again; the rest of the bucket's stored snapshot is reused.
 * A call not listed (CreateBucket, DeleteBucket, a bucket call AWS adds later) re-reads
 * the whole bucket.
 */
const CHANGED_BY: Readonly<Record<string, readonly BucketSetting[]>> = {
  // GetBucketPolicyStatus answers from the policy.
  PutBucketPolicy: ['policy', 'policyStatus'],
  DeleteBucketPolicy: ['policy', 'policyStatus'],
  PutBucketAcl: ['acl'],
  PutBucketPublicAccessBlock: ['publicAccessBlock', 'policyStatus'],
  DeleteBucketPublicAccessBlock: ['publicAccessBlock', 'policyStatus'],
  PutBucketEncryption: ['encryption'],
  DeleteBucketEncryption: ['encryption'],
  // MFA delete is set through PutBucketVersioning too.
  PutBucketVersioning: ['versioning'],
  PutBucketLogging: ['logging'],
  PutBucketReplication: ['replication'],
  DeleteBucketReplication: ['replication'],
  PutBucketLifecycle: ['lifecycle'],
  PutBucketLifecycleConfiguration: ['lifecycle'],
  DeleteBucketLifecycle: ['lifecycle'],
  // Enforcing the owner disables ACLs (and may replace the ACL); read both.
  PutBucketOwnershipControls: ['ownershipControls', 'acl'],
  DeleteBucketOwnershipControls: ['ownershipControls', 'acl'],
  PutBucketCors: ['cors'],
  DeleteBucketCors: ['cors'],
  // Enabling Object Lock on an existing bucket also enables versioning.
  PutObjectLockConfiguration: ['objectLock', 'versioning'],
  PutBucketTagging: ['tagging'],
  DeleteBucketTagging: ['tagging'],
  PutBucketRequestPayment: ['requestPayment'],
  PutBucketNotification: ['notifications'],
  PutBucketNotificationConfiguration: ['notifications'],
  PutBucketIntelligentTieringConfiguration: ['intelligentTiering'],
  DeleteBucketIntelligentTieringConfiguration: ['intelligentTiering'],
};

/**
 * The settings a set of bucket write calls (one coalesced burst) can have changed, or
 * `undefined` when one of them can have changed anything (read the whole bucket).
 */
export function settingsChangedBy(
  eventNames: Iterable<string>,
): BucketSetting[] | undefined {
  const settings = new Set<BucketSetting>();
  for (const eventName of eventNames) {
    const changed = Object.prototype.hasOwnProperty.call(CHANGED_BY, eventName)
      ? CHANGED_BY[eventName]
      : undefined;
    if (!changed) return undefined;
    changed.forEach(s => settings.add(s));
  }
  return [...settings];
}
