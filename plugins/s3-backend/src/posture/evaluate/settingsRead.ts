import { CheckId } from '@s3-posture/plugin-s3-common';
import { BucketSetting } from '@s3-posture/plugin-s3-node';

/**
 * The bucket settings each check's evaluator reads (DESIGN §4/§5), on any bucket. The
 * collector reads only the settings of the active checks, so one setting per AWS call is
 * saved for every check the profile leaves out. The account's settings are read once per
 * account and not listed here. The tests prove each evaluator reads nothing else.
 */
export const SETTINGS_READ_BY_CHECK: Readonly<
  Record<CheckId, readonly BucketSetting[]>
> = {
  'account-public-access-block': [],
  'bucket-public-access-block': ['publicAccessBlock'],
  // policyStatus: AWS's own verdict, kept as evidence beside our policy simulation.
  'no-public-read': [
    'publicAccessBlock',
    'policy',
    'policyStatus',
    'acl',
    'ownershipControls',
  ],
  'no-public-write': [
    'publicAccessBlock',
    'policy',
    'policyStatus',
    'acl',
    'ownershipControls',
  ],
  'acls-disabled': ['ownershipControls'],
  // Block Public Access (RestrictPublicBuckets, IgnorePublicAcls) limits who a grant reaches.
  'no-cross-account-sensitive-actions': [
    'publicAccessBlock',
    'policy',
    'acl',
    'ownershipControls',
  ],
  // The bucket policy can deny a principal its identity policies' access.
  'iam-least-privilege': ['policy'],
  'iam-keys-rotated': ['policy'],
  'iam-unused-credentials': ['policy'],
  'cors-restricted': ['cors'],
  'presigned-url-age-limited': ['policy'],
  'tls-only': ['policy'],
  'tls-minimum-version': ['policy'],
  'private-network-only': ['policy'],
  'default-encryption': ['encryption'],
  'kms-encryption': ['encryption'],
  'versioning-enabled': ['versioning'],
  'mfa-delete-enabled': ['versioning'],
  'object-lock-enabled': ['objectLock'],
  // With the regions of the replication destinations, looked up when replication is read.
  'cross-region-replication': ['replication', 'encryption'],
  'server-access-logging': ['logging'],
  'event-notifications': ['notifications'],
  'lifecycle-configured': ['lifecycle'],
  'versioned-lifecycle': ['versioning', 'lifecycle'],
  'intelligent-tiering': ['intelligentTiering'],
  'requester-pays-scoped': ['requestPayment', 'tagging'],
  'naming-convention': [],
  'approved-region': [],
  'dedicated-iam-user': ['policy'],
  'documented-owner': [],
};
