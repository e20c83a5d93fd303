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
  IamAuthorization,
  IamCredential,
  IamPrincipal,
  PostureInput,
  PublicAccessBlock,
} from '@s3-posture/plugin-s3-node';
import { CheckId } from '@s3-posture/plugin-s3-common';
import { CHECK_EVALUATORS } from '../checkEvaluators';
import {
  DEFAULT_EVALUATION_SETTINGS,
  EvaluationSettings,
  Verdict,
} from '../types';

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
export const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

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
    logging: ok({
      targetBucket: 'central-logs',
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
          id: 'crr',
          status: 'Enabled',
          destinationBucket: `arn:aws:s3:::${BUCKET}-replica`,
          replicaKmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/replica-key`,
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
      eventBridge: false,
    }),
    intelligentTiering: ok({
      configurations: [{ id: 'archive-cold', status: 'Enabled' }],
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

/** One check's verdict on an input. */
export function evaluate(
  id: CheckId,
  input: PostureInput,
  settings: EvaluationSettings = makeSettings(),
): Verdict {
  return CHECK_EVALUATORS[id](input, settings);
}

/** Block Public Access off at both levels: what the policy and ACL say is what S3 does. */
export const BPA_OFF: InputOverrides = {
  bucket: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }) },
  account: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }) },
};

export function withBpaOff(overrides: InputOverrides = {}): InputOverrides {
  return {
    bucket: { ...BPA_OFF.bucket, ...overrides.bucket },
    account: { ...BPA_OFF.account, ...overrides.account },
    doc: overrides.doc,
  };
}

/** A statement that lets anyone read every object. */
export const publicRead = {
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS_ARN,
};

/** A statement that lets anyone write and delete every object. */
export const publicWrite = {
  Sid: 'PublicWrite',
  Effect: 'Allow',
  Principal: '*',
  Action: ['s3:PutObject', 's3:DeleteObject'],
  Resource: OBJECTS_ARN,
};

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS =
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/** An ACL with the owner's FULL_CONTROL and one grant to a group. */
export function aclWith(
  uri: string,
  permission: 'READ' | 'WRITE' | 'WRITE_ACP' | 'FULL_CONTROL' | 'READ_ACP',
) {
  return ok({
    ownerId: OWNER_CANONICAL_ID,
    grants: [
      {
        grantee: { type: 'CanonicalUser' as const, id: OWNER_CANONICAL_ID },
        permission: 'FULL_CONTROL' as const,
      },
      { grantee: { type: 'Group' as const, uri }, permission },
    ],
  });
}

/** Object Ownership that leaves ACLs in force. */
export const ACLS_ENABLED = ok({ objectOwnership: 'ObjectWriter' as const });

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

/** An input whose account holds the given IAM principals and credential report. */
export function withIam(
  authorization: Partial<IamAuthorization>,
  credentials: IamCredential[] = [],
): PostureInput {
  return makeInput({
    account: {
      authorization: ok({ users: [], groups: [], roles: [], ...authorization }),
      credentials: ok(credentials),
    },
  });
}

/** The inline policy the house guidance prescribes for a bucket's user (seeds/004). */
export const GUIDANCE_USER_POLICY = attachedPolicy('bucket-access', {
  Sid: 'VisualEditor0',
  Effect: 'Allow',
  Action: [
    's3:ListBucketMultipartUploads',
    's3:GetObjectRetention',
    's3:DeleteObjectVersion',
    's3:RestoreObject',
    's3:ListBucket',
    's3:ListMultipartUploadParts',
    's3:PutObject',
    's3:GetObjectAcl',
    's3:GetObject',
    's3:PutObjectRetention',
    's3:PutObjectVersionAcl',
    's3:GetObjectVersionAcl',
    's3:DeleteObject',
    's3:PutObjectAcl',
    's3:GetObjectVersion',
  ],
  Resource: [BUCKET_ARN, OBJECTS_ARN],
});

/** AWS's managed AdministratorAccess: everything on everything. */
export const ADMINISTRATOR_ACCESS = attachedPolicy(
  'arn:aws:iam::aws:policy/AdministratorAccess',
  { Effect: 'Allow', Action: '*', Resource: '*' },
);

/** An identity policy on another bucket only. */
export const readOtherBucket = attachedPolicy('other-bucket', {
  Sid: 'OtherBucket',
  Effect: 'Allow',
  Action: 's3:*',
  Resource: [
    'arn:aws:s3:::invoices-production',
    'arn:aws:s3:::invoices-production/*',
  ],
});

/** An identity policy that is not JSON. */
export const unparsablePolicy = { name: 'broken', document: '{"Statement": [' };
