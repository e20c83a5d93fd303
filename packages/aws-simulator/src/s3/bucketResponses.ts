import { ScenarioAccount, ScenarioBucket } from '../scenario/types';
import { leaf, node, xmlDocument } from '../xml';
import { S3ErrorCode } from './s3Errors';

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** What one bucket operation answers: an XML body, a JSON body, or an error code. */
export type S3Answer =
  { xml: string } | { json: string } | { error: S3ErrorCode };

type Render = (bucket: ScenarioBucket, owner: ScenarioAccount) => S3Answer;

function doc(root: string, ...children: string[]): S3Answer {
  return { xml: xmlDocument(root, S3_NS, ...children) };
}

function grantee(g: ScenarioBucket['aclGrants'][number]['grantee']): string {
  const open = `<Grantee xmlns:xsi="${XSI_NS}" xsi:type="${g.type}">`;
  switch (g.type) {
    case 'CanonicalUser':
      return `${open}${leaf('ID', g.id)}${leaf('DisplayName', g.displayName)}</Grantee>`;
    case 'Group':
      return `${open}${leaf('URI', g.uri)}</Grantee>`;
    default:
      return `${open}${leaf('EmailAddress', g.email)}</Grantee>`;
  }
}

function ownerXml(owner: ScenarioAccount): string {
  return node(
    'Owner',
    leaf('ID', owner.canonicalUserId),
    leaf('DisplayName', owner.name),
  );
}

const getBucketAcl: Render = (b, owner) => {
  const ownerGrant = {
    grantee: {
      type: 'CanonicalUser' as const,
      id: owner.canonicalUserId,
      displayName: owner.name,
    },
    permission: 'FULL_CONTROL' as const,
  };
  const grants = [ownerGrant, ...b.aclGrants].map(
    g =>
      `<Grant>${grantee(g.grantee)}${leaf('Permission', g.permission)}</Grant>`,
  );
  return doc(
    'AccessControlPolicy',
    ownerXml(owner),
    node('AccessControlList', ...grants),
  );
};

const getPublicAccessBlock: Render = b => {
  const p = b.publicAccessBlock;
  if (!p) return { error: 'NoSuchPublicAccessBlockConfiguration' };
  return doc(
    'PublicAccessBlockConfiguration',
    leaf('BlockPublicAcls', p.blockPublicAcls),
    leaf('IgnorePublicAcls', p.ignorePublicAcls),
    leaf('BlockPublicPolicy', p.blockPublicPolicy),
    leaf('RestrictPublicBuckets', p.restrictPublicBuckets),
  );
};

const getBucketLifecycleConfiguration: Render = b => {
  if (!b.lifecycle || b.lifecycle.length === 0)
    return { error: 'NoSuchLifecycleConfiguration' };
  const rules = b.lifecycle.map(r =>
    node(
      'Rule',
      leaf('ID', r.id),
      node('Filter', leaf('Prefix', r.prefix)),
      leaf('Status', r.status),
      ...r.transitions.map(t =>
        node(
          'Transition',
          leaf('Days', t.days),
          leaf('StorageClass', t.storageClass),
        ),
      ),
      r.expirationDays !== undefined &&
        node('Expiration', leaf('Days', r.expirationDays)),
      ...r.noncurrentTransitions.map(t =>
        node(
          'NoncurrentVersionTransition',
          leaf('NoncurrentDays', t.days),
          leaf('StorageClass', t.storageClass),
        ),
      ),
      r.noncurrentExpirationDays !== undefined &&
        node(
          'NoncurrentVersionExpiration',
          leaf('NoncurrentDays', r.noncurrentExpirationDays),
        ),
      r.abortIncompleteMultipartUploadDays !== undefined &&
        node(
          'AbortIncompleteMultipartUpload',
          leaf('DaysAfterInitiation', r.abortIncompleteMultipartUploadDays),
        ),
    ),
  );
  return doc('LifecycleConfiguration', ...rules);
};

const getBucketReplication: Render = b => {
  if (!b.replication) return { error: 'ReplicationConfigurationNotFoundError' };
  const rules = b.replication.rules.map(r =>
    node(
      'Rule',
      leaf('ID', r.id),
      leaf('Priority', r.priority),
      node('Filter', leaf('Prefix', r.prefix)),
      leaf('Status', r.status),
      r.sseKmsEncryptedObjects !== undefined &&
        node(
          'SourceSelectionCriteria',
          node(
            'SseKmsEncryptedObjects',
            leaf('Status', r.sseKmsEncryptedObjects ? 'Enabled' : 'Disabled'),
          ),
        ),
      node(
        'DeleteMarkerReplication',
        leaf('Status', r.deleteMarkerReplication ? 'Enabled' : 'Disabled'),
      ),
      node(
        'Destination',
        leaf('Bucket', r.destinationBucket),
        leaf('Account', r.destinationAccount),
        leaf('StorageClass', r.storageClass),
        r.replicaKmsKeyId !== undefined &&
          node(
            'EncryptionConfiguration',
            leaf('ReplicaKmsKeyID', r.replicaKmsKeyId),
          ),
      ),
    ),
  );
  return doc(
    'ReplicationConfiguration',
    leaf('Role', b.replication.role),
    ...rules,
  );
};

const getBucketNotificationConfiguration: Render = b => {
  const n = b.notifications;
  const target =
    (element: string, arnElement: string) => (t: (typeof n.topics)[number]) =>
      node(
        element,
        leaf('Id', t.id),
        leaf(arnElement, t.arn),
        ...t.events.map(e => leaf('Event', e)),
      );
  return doc(
    'NotificationConfiguration',
    ...n.topics.map(target('TopicConfiguration', 'Topic')),
    ...n.queues.map(target('QueueConfiguration', 'Queue')),
    ...n.lambdaFunctions.map(
      target('CloudFunctionConfiguration', 'CloudFunction'),
    ),
    n.eventBridge
      ? '<EventBridgeConfiguration></EventBridgeConfiguration>'
      : '',
  );
};

/** Every bucket-level GET of DESIGN §4, rendered the way S3 answers it. */
export const BUCKET_RESPONSES = {
  GetBucketLocation: b => ({
    xml: xmlDocument('LocationConstraint', S3_NS, b.locationConstraint ?? ''),
  }),
  GetPublicAccessBlock: getPublicAccessBlock,
  GetBucketPolicy: b =>
    b.policy ? { json: b.policy } : { error: 'NoSuchBucketPolicy' },
  GetBucketPolicyStatus: b =>
    b.policy
      ? doc('PolicyStatus', leaf('IsPublic', b.policyIsPublic ?? false))
      : { error: 'NoSuchBucketPolicy' },
  GetBucketAcl: getBucketAcl,
  GetBucketOwnershipControls: b =>
    b.ownership
      ? doc(
          'OwnershipControls',
          node('Rule', leaf('ObjectOwnership', b.ownership)),
        )
      : { error: 'OwnershipControlsNotFoundError' },
  GetBucketEncryption: b => {
    const e = b.encryption;
    if (!e) return { error: 'ServerSideEncryptionConfigurationNotFoundError' };
    return doc(
      'ServerSideEncryptionConfiguration',
      node(
        'Rule',
        node(
          'ApplyServerSideEncryptionByDefault',
          leaf('SSEAlgorithm', e.algorithm),
          leaf('KMSMasterKeyID', e.kmsKeyId),
        ),
        leaf('BucketKeyEnabled', e.bucketKeyEnabled),
      ),
    );
  },
  GetBucketVersioning: b =>
    doc(
      'VersioningConfiguration',
      leaf('Status', b.versioning?.status),
      leaf('MfaDelete', b.versioning?.mfaDelete),
    ),
  GetObjectLockConfiguration: b => {
    const lock = b.objectLock;
    if (!lock) return { error: 'ObjectLockConfigurationNotFoundError' };
    const r = lock.retention;
    return doc(
      'ObjectLockConfiguration',
      leaf('ObjectLockEnabled', 'Enabled'),
      r
        ? node(
            'Rule',
            node(
              'DefaultRetention',
              leaf('Mode', r.mode),
              leaf('Days', r.days),
              leaf('Years', r.years),
            ),
          )
        : '',
    );
  },
  GetBucketLogging: b =>
    doc(
      'BucketLoggingStatus',
      b.logging
        ? node(
            'LoggingEnabled',
            leaf('TargetBucket', b.logging.targetBucket),
            leaf('TargetPrefix', b.logging.targetPrefix),
          )
        : '',
    ),
  GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
  GetBucketReplication: getBucketReplication,
  GetBucketCors: b => {
    if (!b.cors || b.cors.length === 0)
      return { error: 'NoSuchCORSConfiguration' };
    const rules = b.cors.map(r =>
      node(
        'CORSRule',
        leaf('ID', r.id),
        ...r.allowedHeaders.map(h => leaf('AllowedHeader', h)),
        ...r.allowedMethods.map(m => leaf('AllowedMethod', m)),
        ...r.allowedOrigins.map(o => leaf('AllowedOrigin', o)),
        ...r.exposeHeaders.map(h => leaf('ExposeHeader', h)),
        leaf('MaxAgeSeconds', r.maxAgeSeconds),
      ),
    );
    return doc('CORSConfiguration', ...rules);
  },
  GetBucketRequestPayment: b =>
    doc('RequestPaymentConfiguration', leaf('Payer', b.requestPayment)),
  GetBucketTagging: b => {
    const tags = Object.entries(b.tags ?? {});
    if (tags.length === 0) return { error: 'NoSuchTagSet' };
    return doc(
      'Tagging',
      node(
        'TagSet',
        ...tags.map(([k, v]) => node('Tag', leaf('Key', k), leaf('Value', v))),
      ),
    );
  },
  GetBucketNotificationConfiguration: getBucketNotificationConfiguration,
  ListBucketIntelligentTieringConfigurations: b =>
    doc(
      'ListBucketIntelligentTieringConfigurationsOutput',
      leaf('IsTruncated', false),
      ...b.intelligentTiering.map(c =>
        node(
          'IntelligentTieringConfiguration',
          leaf('Id', c.id),
          c.prefix !== undefined && node('Filter', leaf('Prefix', c.prefix)),
          leaf('Status', c.status),
          ...c.tierings.map(t =>
            node(
              'Tiering',
              leaf('Days', t.days),
              leaf('AccessTier', t.accessTier),
            ),
          ),
        ),
      ),
    ),
} satisfies Record<string, Render>;

export type BucketOperation = keyof typeof BUCKET_RESPONSES;
