/**
 * What the checks read, named the way a reason tells a person which setting could not be
 * read and which permission that takes: one name per setting, for every check.
 */

// Bucket settings (one AWS call each, DESIGN §4).
export const BUCKET_PUBLIC_ACCESS_BLOCK =
  "the bucket's Block Public Access settings (s3:GetBucketPublicAccessBlock)";
export const POLICY = 'the bucket policy (s3:GetBucketPolicy)';
export const ACL = 'the bucket ACL (s3:GetBucketAcl)';
export const OWNERSHIP_CONTROLS =
  "the bucket's Object Ownership (s3:GetBucketOwnershipControls)";
export const ENCRYPTION =
  "the bucket's default encryption (s3:GetEncryptionConfiguration)";
export const VERSIONING = "the bucket's versioning (s3:GetBucketVersioning)";
export const OBJECT_LOCK =
  "the bucket's Object Lock configuration (s3:GetBucketObjectLockConfiguration)";
export const LOGGING =
  "the bucket's server access logging (s3:GetBucketLogging)";
export const LIFECYCLE =
  "the bucket's lifecycle configuration (s3:GetLifecycleConfiguration)";
export const REPLICATION =
  "the bucket's replication configuration (s3:GetReplicationConfiguration)";
export const CORS = "the bucket's CORS configuration (s3:GetBucketCORS)";
export const REQUEST_PAYMENT =
  "the bucket's Requester Pays setting (s3:GetBucketRequestPayment)";
export const TAGGING = "the bucket's tags (s3:GetBucketTagging)";
export const NOTIFICATIONS =
  "the bucket's event notifications (s3:GetBucketNotification)";
export const INTELLIGENT_TIERING =
  "the bucket's Intelligent-Tiering configurations (s3:GetIntelligentTieringConfiguration)";

// Account settings (read once per account and refresh).
export const ACCOUNT_PUBLIC_ACCESS_BLOCK =
  "the account's Block Public Access settings (s3:GetAccountPublicAccessBlock)";
export const AUTHORIZATION =
  "the account's IAM users, groups and roles (iam:GetAccountAuthorizationDetails)";
export const CREDENTIALS =
  'the IAM credential report (iam:GetCredentialReport)';
