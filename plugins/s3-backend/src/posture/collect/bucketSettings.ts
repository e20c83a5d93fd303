import type {
  GetBucketAclCommandOutput,
  GetBucketCorsCommandOutput,
  GetBucketEncryptionCommandOutput,
  GetBucketLifecycleConfigurationCommandOutput,
  GetBucketLoggingCommandOutput,
  GetBucketNotificationConfigurationCommandOutput,
  GetBucketReplicationCommandOutput,
  GetBucketTaggingCommandOutput,
  GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommandOutput,
  Grantee,
  IntelligentTieringConfiguration as SdkIntelligentTiering,
  PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import {
  AclGrantee,
  AclPermission,
  BucketAcl,
  CorsRule,
  EncryptionRule,
  IntelligentTieringConfiguration,
  LifecycleRule,
  Logging,
  Notifications,
  ObjectLock,
  PublicAccessBlock,
  Replication,
  Versioning,
} from '@s3-posture/plugin-s3-node';

/*
 * SDK answers → the snapshot's plain JSON shapes. A missing flag means "off", as in AWS.
 */

export function publicAccessBlockOf(
  c: PublicAccessBlockConfiguration | undefined,
): PublicAccessBlock {
  return {
    blockPublicAcls: c?.BlockPublicAcls ?? false,
    ignorePublicAcls: c?.IgnorePublicAcls ?? false,
    blockPublicPolicy: c?.BlockPublicPolicy ?? false,
    restrictPublicBuckets: c?.RestrictPublicBuckets ?? false,
  };
}

function granteeOf(g: Grantee | undefined): AclGrantee {
  switch (g?.Type) {
    case 'Group':
      return { type: 'Group', uri: g.URI ?? '' };
    case 'AmazonCustomerByEmail':
      return { type: 'AmazonCustomerByEmail', email: g.EmailAddress ?? '' };
    default:
      return {
        type: 'CanonicalUser',
        id: g?.ID ?? '',
        displayName: g?.DisplayName,
      };
  }
}

export function aclOf(o: GetBucketAclCommandOutput): BucketAcl {
  return {
    ownerId: o.Owner?.ID,
    grants: (o.Grants ?? []).map(g => ({
      grantee: granteeOf(g.Grantee),
      permission: g.Permission as AclPermission,
    })),
  };
}

export function encryptionOf(o: GetBucketEncryptionCommandOutput): {
  rules: EncryptionRule[];
} {
  return {
    rules: (o.ServerSideEncryptionConfiguration?.Rules ?? []).map(r => ({
      sseAlgorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? '',
      kmsMasterKeyId: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
      bucketKeyEnabled: r.BucketKeyEnabled,
    })),
  };
}

export function versioningOf(o: GetBucketVersioningCommandOutput): Versioning {
  return {
    status: o.Status as Versioning['status'],
    mfaDelete: o.MFADelete as Versioning['mfaDelete'],
  };
}

export function objectLockOf(
  o: GetObjectLockConfigurationCommandOutput,
): ObjectLock {
  const retention = o.ObjectLockConfiguration?.Rule?.DefaultRetention;
  return {
    enabled: o.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
    defaultRetention: retention && {
      mode: retention.Mode ?? '',
      days: retention.Days,
      years: retention.Years,
    },
  };
}

export function loggingOf(o: GetBucketLoggingCommandOutput): Logging {
  return {
    targetBucket: o.LoggingEnabled?.TargetBucket,
    targetPrefix: o.LoggingEnabled?.TargetPrefix,
  };
}

export function lifecycleOf(o: GetBucketLifecycleConfigurationCommandOutput): {
  rules: LifecycleRule[];
} {
  return {
    rules: (o.Rules ?? []).map(r => ({
      id: r.ID,
      status: r.Status as LifecycleRule['status'],
      expirationDays: r.Expiration?.Days,
      noncurrentVersionExpirationDays:
        r.NoncurrentVersionExpiration?.NoncurrentDays,
      transitions: r.Transitions?.length ?? 0,
      abortIncompleteMultipartUploadDays:
        r.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
    })),
  };
}

export function replicationOf(
  o: GetBucketReplicationCommandOutput,
): Replication {
  const c = o.ReplicationConfiguration;
  return {
    role: c?.Role,
    rules: (c?.Rules ?? []).map(r => ({
      id: r.ID,
      status: r.Status as Replication['rules'][number]['status'],
      destinationBucket: r.Destination?.Bucket ?? '',
      destinationAccount: r.Destination?.Account,
      replicaKmsKeyId: r.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID,
      sseKmsEncryptedObjects:
        r.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === undefined
          ? undefined
          : r.SourceSelectionCriteria.SseKmsEncryptedObjects.Status ===
            'Enabled',
    })),
  };
}

export function corsOf(o: GetBucketCorsCommandOutput): { rules: CorsRule[] } {
  return {
    rules: (o.CORSRules ?? []).map(r => ({
      allowedOrigins: r.AllowedOrigins ?? [],
      allowedMethods: r.AllowedMethods ?? [],
      allowedHeaders: r.AllowedHeaders ?? [],
      exposeHeaders: r.ExposeHeaders ?? [],
      maxAgeSeconds: r.MaxAgeSeconds,
    })),
  };
}

export function tagsOf(
  o: GetBucketTaggingCommandOutput,
): Record<string, string> {
  return Object.fromEntries(
    (o.TagSet ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
  );
}

export function notificationsOf(
  o: GetBucketNotificationConfigurationCommandOutput,
): Notifications {
  return {
    topics: o.TopicConfigurations?.length ?? 0,
    queues: o.QueueConfigurations?.length ?? 0,
    lambdaFunctions: o.LambdaFunctionConfigurations?.length ?? 0,
    eventBridge: o.EventBridgeConfiguration !== undefined,
  };
}

export function intelligentTieringOf(list: SdkIntelligentTiering[]): {
  configurations: IntelligentTieringConfiguration[];
} {
  return {
    configurations: list.map(c => ({
      id: c.Id ?? '',
      status: c.Status as IntelligentTieringConfiguration['status'],
    })),
  };
}

/** `null`/empty is us-east-1 and `EU` is eu-west-1: GetBucketLocation's legacy answers. */
export function regionFromLocationConstraint(
  constraint: string | null | undefined,
): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

/** The bucket name of an S3 bucket ARN (`arn:aws:s3:::name`); a plain name is kept. */
export function bucketNameOfArn(arnOrName: string): string {
  const match = /^arn:[\w-]+:s3:::([^/]+)$/.exec(arnOrName);
  return match ? match[1] : arnOrName;
}
