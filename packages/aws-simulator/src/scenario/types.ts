/**
 * The simulated AWS world after loading: every default filled in, every relative age turned
 * into a date, every policy document serialised to JSON text (as AWS stores it).
 * The YAML format that produces it is documented in README.md and examples/scenario.yaml.
 */

export interface Scenario {
  accounts: ScenarioAccount[];
  buckets: ScenarioBucket[];
  /** AWS managed policies that accounts may attach, by ARN. */
  awsManagedPolicies: ManagedPolicy[];
}

export interface ScenarioAccount {
  id: string;
  name?: string;
  /** Canonical user id of the account (owner of its buckets' ACLs). */
  canonicalUserId: string;
  createdAt: Date;
  /** Long-term access keys that sign requests as this account. */
  accessKeys: AccessKey[];
  /** Account-level Block Public Access (S3 Control); undefined = not configured. */
  publicAccessBlock?: PublicAccessBlock;
  iam: AccountIam;
}

export interface AccessKey {
  id: string;
  /** IAM user the key belongs to; undefined means the account's own (root) identity. */
  user?: string;
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface AccountIam {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  /** Customer managed policies of the account. */
  managedPolicies: ManagedPolicy[];
}

/** An inline policy. */
export interface InlinePolicy {
  name: string;
  /** JSON text. */
  document: string;
}

export interface ManagedPolicy {
  name: string;
  arn: string;
  path: string;
  /** JSON text of the default version (v1). */
  document: string;
  createdAt: Date;
}

interface IamEntity {
  name: string;
  id: string;
  arn: string;
  path: string;
  createdAt: Date;
  inlinePolicies: InlinePolicy[];
  /** ARNs of attached managed policies (customer or AWS managed). */
  managedPolicyArns: string[];
}

export interface IamUser extends IamEntity {
  groups: string[];
  /** A console login profile exists. */
  passwordEnabled: boolean;
  passwordLastUsed?: Date;
  mfaActive: boolean;
  accessKeys: UserAccessKey[];
}

export interface UserAccessKey {
  active: boolean;
  createdAt: Date;
  /** Undefined when never used. */
  lastUsed?: Date;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export type IamGroup = IamEntity;

export interface IamRole extends IamEntity {
  /** Trust policy (JSON text). */
  trustPolicy: string;
  /** When set, AssumeRole must pass this ExternalId. */
  externalId?: string;
}

export type ObjectOwnership =
  'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export type AclGrantee =
  | { type: 'CanonicalUser'; id: string; displayName?: string }
  | { type: 'Group'; uri: string }
  | { type: 'AmazonCustomerByEmail'; email: string };

export interface AclGrant {
  grantee: AclGrantee;
  permission: 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
}

export interface LifecycleRule {
  id?: string;
  status: 'Enabled' | 'Disabled';
  prefix: string;
  expirationDays?: number;
  noncurrentExpirationDays?: number;
  transitions: Array<{ days: number; storageClass: string }>;
  noncurrentTransitions: Array<{ days: number; storageClass: string }>;
  abortIncompleteMultipartUploadDays?: number;
}

export interface ReplicationRule {
  id?: string;
  priority: number;
  status: 'Enabled' | 'Disabled';
  prefix: string;
  /** Destination bucket ARN. */
  destinationBucket: string;
  destinationAccount?: string;
  storageClass?: string;
  replicaKmsKeyId?: string;
  sseKmsEncryptedObjects?: boolean;
  deleteMarkerReplication: boolean;
}

export interface CorsRule {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

export interface NotificationTarget {
  id?: string;
  arn: string;
  events: string[];
}

export interface IntelligentTieringConfiguration {
  id: string;
  status: 'Enabled' | 'Disabled';
  prefix?: string;
  tierings: Array<{ days: number; accessTier: string }>;
}

export interface ScenarioBucket {
  name: string;
  accountId: string;
  region: string;
  /** What GetBucketLocation answers: null for us-east-1, `EU` for legacy eu-west-1 buckets. */
  locationConstraint: string | null;
  createdAt: Date;
  // Settings with a "not configured" error code: undefined = that error.
  publicAccessBlock?: PublicAccessBlock;
  /** JSON text. */
  policy?: string;
  /** PolicyStatus.IsPublic (computed from the policy unless the scenario sets it). */
  policyIsPublic?: boolean;
  ownership?: ObjectOwnership;
  encryption?: {
    algorithm: string;
    kmsKeyId?: string;
    bucketKeyEnabled?: boolean;
  };
  objectLock?: { retention?: { mode: string; days?: number; years?: number } };
  lifecycle?: LifecycleRule[];
  replication?: { role: string; rules: ReplicationRule[] };
  cors?: CorsRule[];
  tags?: Record<string, string>;
  // Settings that always answer: their defaults are AWS's own.
  /** Grants besides the owner's FULL_CONTROL, which is always present. */
  aclGrants: AclGrant[];
  versioning?: {
    status: 'Enabled' | 'Suspended';
    mfaDelete?: 'Enabled' | 'Disabled';
  };
  logging?: { targetBucket: string; targetPrefix: string };
  requestPayment: 'BucketOwner' | 'Requester';
  notifications: {
    topics: NotificationTarget[];
    queues: NotificationTarget[];
    lambdaFunctions: NotificationTarget[];
    eventBridge: boolean;
  };
  intelligentTiering: IntelligentTieringConfiguration[];
}
