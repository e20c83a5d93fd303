/**
 * Test inputs for the configuration checks (access, application, data, integrity,
 * logging, cost, house). The defaults describe a bucket that passes every one of them,
 * so a test changes only the setting it is about.
 */
import {
  AccountSnapshot,
  BucketDocFacts,
  BucketSnapshot,
  PostureInput,
} from '../../snapshot';

import { ACCOUNT_ID, BUCKET, REGION, absent, ok } from './testInput';

// One set of helpers for every check test.
export {
  ACCOUNT_ID,
  BUCKET,
  REGION,
  absent,
  callFailed,
  makeSettings,
  ok,
} from './testInput';

export const KMS_KEY_ARN =
  'arn:aws:kms:eu-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const ALL_FLAGS_ON = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

export function compliantBucket(): BucketSnapshot {
  return {
    bucket: BUCKET,
    partition: 'aws',
    accountId: ACCOUNT_ID,
    region: REGION,
    collectedAt: '2026-01-01T00:00:00.000Z',
    publicAccessBlock: ok({ ...ALL_FLAGS_ON }),
    policy: absent('NoSuchBucketPolicy'),
    policyStatus: ok({ isPublic: false }),
    acl: ok({ ownerId: 'owner', grants: [] }),
    ownershipControls: ok({ objectOwnership: 'BucketOwnerEnforced' }),
    encryption: ok({
      rules: [
        {
          sseAlgorithm: 'aws:kms',
          kmsMasterKeyId: KMS_KEY_ARN,
          bucketKeyEnabled: true,
        },
      ],
    }),
    versioning: ok({ status: 'Enabled', mfaDelete: 'Enabled' }),
    objectLock: ok({
      enabled: true,
      defaultRetention: { mode: 'GOVERNANCE', days: 30 },
    }),
    logging: ok({ targetBucket: 'central-logs', targetPrefix: `${BUCKET}/` }),
    lifecycle: ok({
      rules: [
        {
          id: 'expire-noncurrent',
          status: 'Enabled',
          noncurrentVersionExpirationDays: 30,
          transitions: 0,
        },
      ],
    }),
    replication: ok({
      role: `arn:aws:iam::${ACCOUNT_ID}:role/replication`,
      rules: [
        {
          id: 'crr',
          status: 'Enabled',
          destinationBucket: 'arn:aws:s3:::orders-production-replica',
          replicaKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/replica-key',
          sseKmsEncryptedObjects: true,
        },
      ],
    }),
    cors: absent('NoSuchCORSConfiguration'),
    requestPayment: ok({ payer: 'BucketOwner' }),
    tagging: ok({ team: 'orders' }),
    notifications: ok({
      topics: 0,
      queues: 1,
      lambdaFunctions: 0,
      eventBridge: false,
    }),
    intelligentTiering: ok({
      configurations: [{ id: 'archive-cold', status: 'Enabled' }],
    }),
    replicationDestinationRegions: {
      'orders-production-replica': ok('eu-west-1'),
    },
  };
}

export function compliantAccount(): AccountSnapshot {
  return {
    accountId: ACCOUNT_ID,
    collectedAt: '2026-01-01T00:00:00.000Z',
    publicAccessBlock: ok({ ...ALL_FLAGS_ON }),
    authorization: ok({ users: [], groups: [], roles: [] }),
    credentials: ok([]),
  };
}

export function compliantDoc(): BucketDocFacts {
  return {
    documentedAccountId: ACCOUNT_ID,
    owners: [{ ref: 'group:default/orders-team', exists: true }],
  };
}

/** A full input whose parts are replaced field by field by the overrides. */
export function makeConfigInput(
  overrides: {
    bucket?: Partial<BucketSnapshot>;
    account?: Partial<AccountSnapshot>;
    doc?: Partial<BucketDocFacts>;
  } = {},
): PostureInput {
  return {
    bucket: { ...compliantBucket(), ...overrides.bucket },
    account: { ...compliantAccount(), ...overrides.account },
    doc: { ...compliantDoc(), ...overrides.doc },
  };
}
