/**
 * Test inputs for any check: {@link makeInput} builds a full {@link PostureInput} in
 * which every call succeeded and every setting is the safe choice, so a test overrides
 * only what it is about. Helpers build policies, IAM principals and credential rows.
 */
import {
  AccountSnapshot,
  AttachedPolicy,
  BucketDocFacts,
  BucketSnapshot,
  Collected,
  IamCredential,
  IamPrincipal,
  PostureInput,
  PublicAccessBlock,
} from '../../snapshot';
import { DEFAULT_EVALUATION_SETTINGS, EvaluationSettings } from '../types';

export const BUCKET = 'orders-production';
export const ACCOUNT_ID = '123456789012';
export const OTHER_ACCOUNT_ID = '444455556666';
export const REGION = 'eu-north-1';
export const PARTITION = 'aws';
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const OBJECTS_ARN = `${BUCKET_ARN}/*`;
export const OWNER_CANONICAL_ID =
  '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
export const NOW = new Date('2026-06-01T00:00:00.000Z');

export function ok<T>(value: T): Collected<T> {
  return { status: 'ok', value };
}

/** AWS said "not configured" (e.g. `NoSuchBucketPolicy`). */
export function absent<T = never>(code: string): Collected<T> {
  return { status: 'absent', code };
}

/** The call failed. */
export function callFailed<T = never>(
  code = 'AccessDenied',
  message = 'User is not authorized to perform this action',
): Collected<T> {
  return { status: 'error', code, message };
}

export const ALL_BLOCK_PUBLIC_ACCESS_ON: PublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

export const ALL_BLOCK_PUBLIC_ACCESS_OFF: PublicAccessBlock = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

/** A policy document (JSON text) of the given statements. */
export function policyJson(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** The recommended guard rails: TLS only, TLS 1.2+, pre-signed URLs at most 10 minutes old. */
export const SAFE_POLICY_STATEMENTS = [
  {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
  {
    Sid: 'DenyOutdatedTls',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
  },
  {
    Sid: 'DenyOldSignatures',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    Condition: { NumericGreaterThan: { 's3:signatureAge': '600000' } },
  },
];

export function safeBucket(): BucketSnapshot {
  return {
    bucket: BUCKET,
    partition: PARTITION,
    accountId: ACCOUNT_ID,
    region: REGION,
    collectedAt: NOW.toISOString(),
    publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_ON }),
    policy: ok(policyJson(...SAFE_POLICY_STATEMENTS)),
    policyStatus: ok({ isPublic: false }),
    acl: ok({
      ownerId: OWNER_CANONICAL_ID,
      grants: [
        {
          grantee: { type: 'CanonicalUser', id: OWNER_CANONICAL_ID },
          permission: 'FULL_CONTROL',
        },
      ],
    }),
    ownershipControls: ok({ objectOwnership: 'BucketOwnerEnforced' }),
    encryption: ok({
      rules: [
        {
          sseAlgorithm: 'aws:kms',
          kmsMasterKeyId: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          bucketKeyEnabled: true,
        },
      ],
    }),
    versioning: ok({ status: 'Enabled', mfaDelete: 'Enabled' }),
    objectLock: ok({
      enabled: true,
      defaultRetention: { mode: 'GOVERNANCE', days: 30 },
    }),
    logging: ok({
      targetBucket: 'central-access-logs',
      targetPrefix: `${BUCKET}/`,
    }),
    lifecycle: ok({
      rules: [
        {
          id: 'expire-noncurrent',
          status: 'Enabled',
          noncurrentVersionExpirationDays: 30,
          transitions: 1,
          abortIncompleteMultipartUploadDays: 7,
        },
      ],
    }),
    replication: ok({
      role: `arn:aws:iam::${ACCOUNT_ID}:role/s3-replication`,
      rules: [
        {
          id: 'to-ireland',
          status: 'Enabled',
          destinationBucket: `arn:aws:s3:::${BUCKET}-replica`,
          replicaKmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/replica`,
          sseKmsEncryptedObjects: true,
        },
      ],
    }),
    cors: ok({
      rules: [
        {
          allowedOrigins: ['https://shop.example.com'],
          allowedMethods: ['GET'],
          allowedHeaders: ['Content-Type'],
          exposeHeaders: ['ETag'],
          maxAgeSeconds: 3000,
        },
      ],
    }),
    requestPayment: ok({ payer: 'BucketOwner' }),
    tagging: ok({ team: 'orders' }),
    notifications: ok({
      topics: 0,
      queues: 1,
      lambdaFunctions: 0,
      eventBridge: true,
    }),
    intelligentTiering: ok({
      configurations: [{ id: 'archive', status: 'Enabled' }],
    }),
    replicationDestinationRegions: { [`${BUCKET}-replica`]: ok('eu-west-1') },
  };
}

export function safeAccount(): AccountSnapshot {
  return {
    accountId: ACCOUNT_ID,
    collectedAt: NOW.toISOString(),
    publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_ON }),
    authorization: ok({ users: [], groups: [], roles: [] }),
    credentials: ok([]),
  };
}

export function safeDoc(): BucketDocFacts {
  return {
    documentedAccountId: ACCOUNT_ID,
    owners: [{ ref: 'group:default/orders-team', exists: true }],
  };
}

export interface InputOverrides {
  bucket?: Partial<BucketSnapshot>;
  account?: Partial<AccountSnapshot>;
  doc?: Partial<BucketDocFacts>;
}

/** A full input; each part's fields are replaced by those of the overrides. */
export function makeInput(overrides: InputOverrides = {}): PostureInput {
  return {
    bucket: { ...safeBucket(), ...overrides.bucket },
    account: { ...safeAccount(), ...overrides.account },
    doc: { ...safeDoc(), ...overrides.doc },
  };
}

/** An input whose bucket policy is made of the given statements. */
export function inputWithPolicy(
  statements: object[],
  overrides: InputOverrides = {},
): PostureInput {
  return makeInput({
    ...overrides,
    bucket: { policy: ok(policyJson(...statements)), ...overrides.bucket },
  });
}

export function makeSettings(
  overrides: Partial<EvaluationSettings> = {},
): EvaluationSettings {
  return { ...DEFAULT_EVALUATION_SETTINGS, now: NOW, ...overrides };
}

/** An identity policy attached to a principal. */
export function attachedPolicy(
  name: string,
  ...statements: object[]
): AttachedPolicy {
  return { name, document: policyJson(...statements) };
}

export function iamUser(
  name: string,
  policies: AttachedPolicy[] = [],
  groups: string[] = [],
): IamPrincipal {
  return {
    type: 'user',
    name,
    arn: `arn:aws:iam::${ACCOUNT_ID}:user/${name}`,
    policies,
    groups,
  };
}

export function iamGroup(
  name: string,
  policies: AttachedPolicy[] = [],
): IamPrincipal {
  return {
    type: 'group',
    name,
    arn: `arn:aws:iam::${ACCOUNT_ID}:group/${name}`,
    policies,
  };
}

export function iamRole(
  name: string,
  policies: AttachedPolicy[] = [],
): IamPrincipal {
  return {
    type: 'role',
    name,
    arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`,
    policies,
  };
}

/** A date the given number of days before {@link NOW}. */
export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

/** A credential report row. */
export function credential(
  user: string,
  accessKeys: IamCredential['accessKeys'] = [],
  passwordEnabled = false,
): IamCredential {
  return {
    user,
    arn: `arn:aws:iam::${ACCOUNT_ID}:user/${user}`,
    passwordEnabled,
    accessKeys,
  };
}
