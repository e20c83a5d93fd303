/**
 * What the collectors read from AWS for one bucket and its account: the only input of
 * the evaluators. Plain JSON (it is stored as is), no SDK types.
 */

/**
 * The outcome of one AWS call.
 * - `ok`: the setting as AWS returned it.
 * - `absent`: AWS said the setting is not configured (e.g. NoSuchBucketPolicy). That is
 *   data, not an error: a check may pass or fail on it.
 * - `error`: the call failed (AccessDenied, throttled past retries, timeout, NotImplemented,
 *   ...). Checks that need it end in `error` with this reason, never in `fail`.
 *
 * @public
 */
export type Collected<T> =
  | { status: 'ok'; value: T }
  | { status: 'absent'; code: string }
  | { status: 'error'; code: string; message: string };

/** @public */
export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** @public */
export type AclGrantee =
  | { type: 'CanonicalUser'; id: string; displayName?: string }
  | { type: 'Group'; uri: string }
  | { type: 'AmazonCustomerByEmail'; email: string };

/** @public */
export type AclPermission =
  'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';

/** @public */
export interface BucketAcl {
  ownerId?: string;
  grants: Array<{ grantee: AclGrantee; permission: AclPermission }>;
}

/** @public */
export type ObjectOwnership =
  'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

/** @public */
export interface EncryptionRule {
  /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
  sseAlgorithm: string;
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
}

/** @public */
export interface Versioning {
  /** Undefined when versioning was never enabled. */
  status?: 'Enabled' | 'Suspended';
  mfaDelete?: 'Enabled' | 'Disabled';
}

/** @public */
export interface ObjectLock {
  enabled: boolean;
  defaultRetention?: { mode: string; days?: number; years?: number };
}

/** @public */
export interface Logging {
  /** Undefined when server access logging is off. */
  targetBucket?: string;
  targetPrefix?: string;
}

/** @public */
export interface LifecycleRule {
  id?: string;
  status: 'Enabled' | 'Disabled';
  expirationDays?: number;
  /** Days after which noncurrent versions expire. */
  noncurrentVersionExpirationDays?: number;
  transitions: number;
  abortIncompleteMultipartUploadDays?: number;
}

/** @public */
export interface ReplicationRule {
  id?: string;
  status: 'Enabled' | 'Disabled';
  /** Destination bucket ARN. */
  destinationBucket: string;
  destinationAccount?: string;
  /** KMS key the replicas are encrypted with, when set. */
  replicaKmsKeyId?: string;
  /** Whether SSE-KMS encrypted objects are replicated. */
  sseKmsEncryptedObjects?: boolean;
}

/** @public */
export interface Replication {
  role?: string;
  rules: ReplicationRule[];
}

/** @public */
export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

/** @public */
export interface Notifications {
  topics: number;
  queues: number;
  lambdaFunctions: number;
  eventBridge: boolean;
}

/** @public */
export interface IntelligentTieringConfiguration {
  id: string;
  status: 'Enabled' | 'Disabled';
}

/**
 * The bucket's own settings, one collected value per call of DESIGN §4.
 *
 * @public
 */
export interface BucketSnapshot {
  bucket: string;
  partition: string;
  accountId: string;
  region: string;
  /** ISO-8601, when collection finished. */
  collectedAt: string;
  publicAccessBlock: Collected<PublicAccessBlock>;
  /** The bucket policy as AWS returned it (a JSON document as text). */
  policy: Collected<string>;
  policyStatus: Collected<{ isPublic: boolean }>;
  acl: Collected<BucketAcl>;
  ownershipControls: Collected<{ objectOwnership: ObjectOwnership }>;
  encryption: Collected<{ rules: EncryptionRule[] }>;
  versioning: Collected<Versioning>;
  objectLock: Collected<ObjectLock>;
  logging: Collected<Logging>;
  lifecycle: Collected<{ rules: LifecycleRule[] }>;
  replication: Collected<Replication>;
  cors: Collected<{ rules: CorsRule[] }>;
  requestPayment: Collected<{ payer: 'Requester' | 'BucketOwner' }>;
  tagging: Collected<Record<string, string>>;
  notifications: Collected<Notifications>;
  intelligentTiering: Collected<{
    configurations: IntelligentTieringConfiguration[];
  }>;
  /** Region of each replication destination bucket (by bucket name). */
  replicationDestinationRegions: Record<string, Collected<string>>;
  /**
   * Settings not read because no active check needs them (the profile's choice); each is
   * missing from the snapshot rather than made up. Absent when every setting was read.
   */
  notRead?: BucketSetting[];
}

/**
 * The bucket's settings, one AWS call each (DESIGN §4), in the snapshot's order.
 *
 * @public
 */
export const BUCKET_SETTINGS = [
  'publicAccessBlock',
  'policy',
  'policyStatus',
  'acl',
  'ownershipControls',
  'encryption',
  'versioning',
  'objectLock',
  'logging',
  'lifecycle',
  'replication',
  'cors',
  'requestPayment',
  'tagging',
  'notifications',
  'intelligentTiering',
] as const satisfies ReadonlyArray<keyof BucketSnapshot>;

/** @public */
export type BucketSetting = (typeof BUCKET_SETTINGS)[number];

/**
 * An IAM policy document attached to a principal, as JSON text.
 *
 * @public
 */
export interface AttachedPolicy {
  /** Policy name, or the managed policy ARN. */
  name: string;
  document: string;
}

/** @public */
export interface IamPrincipal {
  type: 'user' | 'role' | 'group';
  name: string;
  arn: string;
  /** Inline and attached managed policies (their default versions). */
  policies: AttachedPolicy[];
  /** For users: the groups they belong to (by name). */
  groups?: string[];
}

/** @public */
export interface IamAuthorization {
  users: IamPrincipal[];
  groups: IamPrincipal[];
  roles: IamPrincipal[];
}

/**
 * One row of the IAM credential report that matters here.
 *
 * @public
 */
export interface IamCredential {
  user: string;
  arn: string;
  /** Console password enabled (a login profile exists). */
  passwordEnabled: boolean;
  accessKeys: Array<{
    active: boolean;
    /** ISO-8601 date the key was created or last rotated. */
    lastRotated?: string;
    /** ISO-8601 date of last use; undefined when never used. */
    lastUsed?: string;
  }>;
}

/**
 * The `absent` code of the account's Block Public Access when the configured `s3.endpoint`
 * is an S3-compatible server without the S3 Control API (Ceph RGW, MinIO, ...): such a
 * server has no account-level settings at all, so only each bucket's own settings apply.
 * Never recorded against AWS itself.
 *
 * @public
 */
export const ACCOUNT_LEVEL_SETTINGS_UNSUPPORTED =
  'AccountLevelSettingsUnsupported';

/**
 * Settings of the account that holds the bucket, read once per account per refresh.
 *
 * @public
 */
export interface AccountSnapshot {
  accountId: string;
  collectedAt: string;
  /**
   * S3 Control GetPublicAccessBlock. `absent` with {@link ACCOUNT_LEVEL_SETTINGS_UNSUPPORTED}
   * when the endpoint has no S3 Control API (no account-level flags: all off).
   */
  publicAccessBlock: Collected<PublicAccessBlock>;
  /** IAM GetAccountAuthorizationDetails. */
  authorization: Collected<IamAuthorization>;
  /** IAM credential report (GenerateCredentialReport + GetCredentialReport). */
  credentials: Collected<IamCredential[]>;
}

/**
 * What the catalog says about the bucket (for the house checks).
 *
 * @public
 */
export interface BucketDocFacts {
  /** Account id the doc names, when it names one. */
  documentedAccountId?: string;
  /** Every owner of the doc and whether the catalog has an entity for it. */
  owners: Array<{ ref: string; exists: boolean }>;
}

/**
 * Everything one assessment of one bucket reads.
 *
 * @public
 */
export interface PostureInput {
  bucket: BucketSnapshot;
  account: AccountSnapshot;
  doc: BucketDocFacts;
}
