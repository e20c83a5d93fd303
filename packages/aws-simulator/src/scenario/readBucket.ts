import { canonicalUserIdOf } from '../ids';
import { policyIsPublic } from '../s3/policyIsPublic';
import { parseWhen } from './age';
import { readPublicAccessBlock } from './readAccount';
import { Reader, ScenarioError } from './reader';
import {
  AclGrant,
  AclGrantee,
  NotificationTarget,
  ScenarioBucket,
} from './types';

const GROUPS: Record<string, string> = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers:
    'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  LogDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
};

const PERMISSIONS = [
  'FULL_CONTROL',
  'WRITE',
  'WRITE_ACP',
  'READ',
  'READ_ACP',
] as const;

const BUCKET_KEYS = [
  'name',
  'account',
  'region',
  'locationConstraint',
  'created',
  'publicAccessBlock',
  'policy',
  'policyStatus',
  'acl',
  'ownership',
  'encryption',
  'versioning',
  'objectLock',
  'logging',
  'lifecycle',
  'replication',
  'cors',
  'requestPayment',
  'tags',
  'notifications',
  'intelligentTiering',
] as const;

/** Same rules as S3 for general purpose buckets, so no URL is built from a bad name. */
const BUCKET_NAME =
  /^(?!xn--)(?!sthree-)(?!.*\.\.)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `AllUsers`, `AuthenticatedUsers`, `LogDelivery`, `{ account }`, `{ canonicalUser }` or `{ email }`. */
function readGrantee(r: Reader): AclGrantee {
  const raw = r.raw('grantee');
  if (typeof raw === 'string') {
    const uri = GROUPS[raw];
    if (!uri) {
      throw new ScenarioError(
        r.at('grantee'),
        `"${raw}" is not one of ${Object.keys(GROUPS).join(', ')}`,
      );
    }
    return { type: 'Group', uri };
  }
  const g = r.optionalObject('grantee');
  if (!g) throw new ScenarioError(r.at('grantee'), 'is required');
  g.onlyKeys(['account', 'canonicalUser', 'displayName', 'email']);
  const account = g.optionalString('account');
  if (account) return { type: 'CanonicalUser', id: canonicalUserIdOf(account) };
  const id = g.optionalString('canonicalUser');
  if (id)
    return {
      type: 'CanonicalUser',
      id,
      displayName: g.optionalString('displayName'),
    };
  const email = g.optionalString('email');
  if (email) return { type: 'AmazonCustomerByEmail', email };
  throw new ScenarioError(
    r.at('grantee'),
    'needs account, canonicalUser or email',
  );
}

function readTargets(r: Reader, key: string): NotificationTarget[] {
  return r.list(key).map(t => {
    t.onlyKeys(['id', 'arn', 'events']);
    const events = t.stringList('events');
    return {
      id: t.optionalString('id'),
      arn: t.string('arn'),
      events: events.length > 0 ? events : ['s3:ObjectCreated:*'],
    };
  });
}

function readStorageSteps(r: Reader, key: string) {
  return r.list(key).map(t => {
    t.onlyKeys(['days', 'storageClass']);
    return {
      days: t.optionalNumber('days') ?? 0,
      storageClass: t.string('storageClass'),
    };
  });
}

function readLifecycle(r: Reader): ScenarioBucket['lifecycle'] {
  if (!r.has('lifecycle')) return undefined;
  return r.list('lifecycle').map(rule => {
    rule.onlyKeys([
      'id',
      'status',
      'prefix',
      'expirationDays',
      'noncurrentExpirationDays',
      'transitions',
      'noncurrentTransitions',
      'abortIncompleteMultipartUploadDays',
    ]);
    return {
      id: rule.optionalString('id'),
      status: rule.oneOf('status', ['Enabled', 'Disabled'], 'Enabled'),
      prefix: rule.optionalString('prefix') ?? '',
      expirationDays: rule.optionalNumber('expirationDays'),
      noncurrentExpirationDays: rule.optionalNumber('noncurrentExpirationDays'),
      transitions: readStorageSteps(rule, 'transitions'),
      noncurrentTransitions: readStorageSteps(rule, 'noncurrentTransitions'),
      abortIncompleteMultipartUploadDays: rule.optionalNumber(
        'abortIncompleteMultipartUploadDays',
      ),
    };
  });
}

function readReplication(
  r: Reader,
  accountId: string,
): ScenarioBucket['replication'] {
  const rep = r.optionalObject('replication');
  if (!rep) return undefined;
  rep.onlyKeys(['role', 'rules']);
  return {
    role:
      rep.optionalString('role') ??
      `arn:aws:iam::${accountId}:role/s3-replication`,
    rules: rep.list('rules').map((rule, i) => {
      rule.onlyKeys([
        'id',
        'priority',
        'status',
        'prefix',
        'destination',
        'account',
        'storageClass',
        'replicaKmsKeyId',
        'sseKmsEncryptedObjects',
        'deleteMarkerReplication',
      ]);
      const destination = rule.string('destination');
      return {
        id: rule.optionalString('id'),
        priority: rule.optionalNumber('priority') ?? i + 1,
        status: rule.oneOf('status', ['Enabled', 'Disabled'], 'Enabled'),
        prefix: rule.optionalString('prefix') ?? '',
        destinationBucket: destination.startsWith('arn:')
          ? destination
          : `arn:aws:s3:::${destination}`,
        destinationAccount: rule.optionalString('account'),
        storageClass: rule.optionalString('storageClass'),
        replicaKmsKeyId: rule.optionalString('replicaKmsKeyId'),
        sseKmsEncryptedObjects: rule.has('sseKmsEncryptedObjects')
          ? rule.boolean('sseKmsEncryptedObjects', false)
          : undefined,
        deleteMarkerReplication: rule.boolean('deleteMarkerReplication', false),
      };
    }),
  };
}

function readCors(r: Reader): ScenarioBucket['cors'] {
  if (!r.has('cors')) return undefined;
  return r.list('cors').map(rule => {
    rule.onlyKeys([
      'id',
      'allowedOrigins',
      'allowedMethods',
      'allowedHeaders',
      'exposeHeaders',
      'maxAgeSeconds',
    ]);
    return {
      id: rule.optionalString('id'),
      allowedOrigins: rule.stringList('allowedOrigins'),
      allowedMethods: rule.stringList('allowedMethods'),
      allowedHeaders: rule.stringList('allowedHeaders'),
      exposeHeaders: rule.stringList('exposeHeaders'),
      maxAgeSeconds: rule.optionalNumber('maxAgeSeconds'),
    };
  });
}

function readObjectLock(r: Reader): ScenarioBucket['objectLock'] {
  const raw = r.raw('objectLock');
  if (raw === undefined || raw === null || raw === false) return undefined;
  if (raw === true) return {};
  const lock = r
    .optionalObject('objectLock')!
    .onlyKeys(['mode', 'days', 'years']);
  const mode = lock.optionalString('mode');
  if (!mode) return {};
  return {
    retention: {
      mode: lock.oneOf('mode', ['COMPLIANCE', 'GOVERNANCE']),
      days: lock.optionalNumber('days'),
      years: lock.optionalNumber('years'),
    },
  };
}

function readNotifications(r: Reader): ScenarioBucket['notifications'] {
  const n = r.optionalObject('notifications');
  if (!n)
    return { topics: [], queues: [], lambdaFunctions: [], eventBridge: false };
  n.onlyKeys(['topics', 'queues', 'lambdaFunctions', 'eventBridge']);
  return {
    topics: readTargets(n, 'topics'),
    queues: readTargets(n, 'queues'),
    lambdaFunctions: readTargets(n, 'lambdaFunctions'),
    eventBridge: n.boolean('eventBridge', false),
  };
}

function readAclGrants(r: Reader): AclGrant[] {
  return r.list('acl').map(g => {
    g.onlyKeys(['grantee', 'permission']);
    return {
      grantee: readGrantee(g),
      permission: g.oneOf('permission', PERMISSIONS),
    };
  });
}

/** The raw LocationConstraint: null in us-east-1 (as S3 answers), else the region or a legacy value. */
function locationConstraintOf(r: Reader, region: string): string | null {
  const written = r.optionalString('locationConstraint');
  if (written !== undefined) {
    if (written === 'EU' && region !== 'eu-west-1') {
      throw new ScenarioError(
        r.at('locationConstraint'),
        'EU is only valid for region eu-west-1',
      );
    }
    return written;
  }
  return region === 'us-east-1' ? null : region;
}

/** The scenario may pin PolicyStatus.IsPublic; otherwise it follows from the policy. */
function isPublicOf(policy: string, policyStatus: Reader | undefined): boolean {
  if (policyStatus?.has('isPublic')) {
    return policyStatus.boolean('isPublic', false);
  }
  return policyIsPublic(policy);
}

export function readBucket(r: Reader, now: Date): ScenarioBucket {
  r.onlyKeys(BUCKET_KEYS);
  const name = r.string('name');
  if (!BUCKET_NAME.test(name)) {
    throw new ScenarioError(
      r.at('name'),
      `"${name}" is not a valid S3 bucket name`,
    );
  }
  const accountId = r.string('account');
  const region = r.string('region');
  const policy = r.optionalPolicy('policy');
  const policyStatus = r.optionalObject('policyStatus')?.onlyKeys(['isPublic']);
  const ownership = r.has('ownership')
    ? r.oneOf('ownership', [
        'BucketOwnerEnforced',
        'BucketOwnerPreferred',
        'ObjectWriter',
      ])
    : undefined;
  const aclGrants = readAclGrants(r);
  if (ownership === 'BucketOwnerEnforced' && aclGrants.length > 0) {
    // S3 refuses ACL changes once ACLs are disabled, so such a bucket cannot exist.
    throw new ScenarioError(
      r.at('acl'),
      'grants are impossible with ownership BucketOwnerEnforced',
    );
  }
  const encryption = r
    .optionalObject('encryption')
    ?.onlyKeys(['algorithm', 'kmsKeyId', 'bucketKey']);
  const versioning = r
    .optionalObject('versioning')
    ?.onlyKeys(['status', 'mfaDelete']);
  const logging = r
    .optionalObject('logging')
    ?.onlyKeys(['targetBucket', 'targetPrefix']);
  const objectLock = readObjectLock(r);
  if (objectLock && versioning?.optionalString('status') !== 'Enabled') {
    // S3 turns versioning on with Object Lock and never lets it be suspended.
    throw new ScenarioError(
      r.at('objectLock'),
      'needs versioning status Enabled',
    );
  }
  return {
    name,
    accountId,
    region,
    locationConstraint: locationConstraintOf(r, region),
    createdAt: parseWhen(
      r.optionalString('created') ?? '500d',
      now,
      r.at('created'),
    ),
    publicAccessBlock: readPublicAccessBlock(r, 'publicAccessBlock'),
    policy,
    policyIsPublic: policy ? isPublicOf(policy, policyStatus) : undefined,
    aclGrants,
    ownership,
    encryption: encryption && {
      algorithm: encryption.oneOf('algorithm', [
        'AES256',
        'aws:kms',
        'aws:kms:dsse',
      ]),
      kmsKeyId: encryption.optionalString('kmsKeyId'),
      bucketKeyEnabled: encryption.has('bucketKey')
        ? encryption.boolean('bucketKey', false)
        : undefined,
    },
    versioning: versioning && {
      status: versioning.oneOf('status', ['Enabled', 'Suspended']),
      mfaDelete: versioning.has('mfaDelete')
        ? versioning.oneOf<'Enabled' | 'Disabled'>('mfaDelete', [
            'Enabled',
            'Disabled',
          ])
        : undefined,
    },
    objectLock,
    logging: logging && {
      targetBucket: logging.string('targetBucket'),
      targetPrefix: logging.optionalString('targetPrefix') ?? '',
    },
    lifecycle: readLifecycle(r),
    replication: readReplication(r, accountId),
    cors: readCors(r),
    requestPayment: r.oneOf(
      'requestPayment',
      ['BucketOwner', 'Requester'],
      'BucketOwner',
    ),
    tags: r.stringMap('tags'),
    notifications: readNotifications(r),
    intelligentTiering: r.list('intelligentTiering').map(c => {
      c.onlyKeys(['id', 'status', 'prefix', 'tierings']);
      return {
        id: c.string('id'),
        status: c.oneOf('status', ['Enabled', 'Disabled'], 'Enabled'),
        prefix: c.optionalString('prefix'),
        tierings: c.list('tierings').map(t => {
          t.onlyKeys(['days', 'accessTier']);
          return {
            days: t.optionalNumber('days') ?? 90,
            accessTier: t.oneOf('accessTier', [
              'ARCHIVE_ACCESS',
              'DEEP_ARCHIVE_ACCESS',
            ]),
          };
        }),
      };
    }),
  };
}
