import { randomUUID } from 'node:crypto';
import { AclGrant, ScenarioBucket } from '../scenario/types';
import { S3ErrorCode } from './s3Errors';

/** The bucket write calls the AWS CLI makes that the simulator applies, by subresource. */
export const WRITE_SUBRESOURCES = [
  'versioning',
  'policy',
  'publicAccessBlock',
  'encryption',
  'tagging',
  'logging',
  'acl',
] as const;

export type WriteSubresource = (typeof WRITE_SUBRESOURCES)[number];

/** What a write did: the CloudTrail event name, or the S3 error it answers with. */
export type WriteResult =
  | { eventName: string; status: 200 | 204 }
  | { error: S3ErrorCode | 'MalformedXML' | 'MalformedPolicy' };

function text(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? unescapeXml(m[1].trim()) : undefined;
}

function blocks(xml: string, tag: string): string[] {
  return [
    ...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g')),
  ].map(m => m[1]);
}

function unescapeXml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const bool = (value: string | undefined) => value === 'true';

const GROUPS = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers:
    'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
};

/** Canned ACLs (`x-amz-acl`), as the grants besides the owner's they stand for. */
const CANNED_ACLS: Record<string, AclGrant[]> = {
  private: [],
  'public-read': [
    { grantee: { type: 'Group', uri: GROUPS.AllUsers }, permission: 'READ' },
  ],
  'public-read-write': [
    { grantee: { type: 'Group', uri: GROUPS.AllUsers }, permission: 'READ' },
    { grantee: { type: 'Group', uri: GROUPS.AllUsers }, permission: 'WRITE' },
  ],
  'authenticated-read': [
    {
      grantee: { type: 'Group', uri: GROUPS.AuthenticatedUsers },
      permission: 'READ',
    },
  ],
};

/**
 * Applies a bucket write (`PUT`/`DELETE` on a subresource) to the simulated bucket, the way
 * S3 would, and names the CloudTrail event it makes.
 */
export function applyBucketWrite(
  bucket: ScenarioBucket,
  method: string,
  subresource: WriteSubresource,
  body: string,
  headers: Headers,
): WriteResult {
  const del = method === 'DELETE';
  switch (subresource) {
    case 'versioning': {
      if (del) return { error: 'NotImplemented' };
      const status = text(body, 'Status');
      if (status !== 'Enabled' && status !== 'Suspended')
        return { error: 'MalformedXML' };
      const mfa = text(body, 'MfaDelete');
      bucket.versioning = {
        status,
        mfaDelete:
          mfa === 'Enabled' || mfa === 'Disabled'
            ? mfa
            : bucket.versioning?.mfaDelete,
      };
      return { eventName: 'PutBucketVersioning', status: 200 };
    }
    case 'policy':
      if (del) {
        bucket.policy = undefined;
        bucket.policyIsPublic = undefined;
        return { eventName: 'DeleteBucketPolicy', status: 204 };
      }
      try {
        JSON.parse(body);
      } catch {
        return { error: 'MalformedPolicy' };
      }
      bucket.policy = body;
      // Computed from the policy again, as GetBucketPolicyStatus would.
      bucket.policyIsPublic = undefined;
      return { eventName: 'PutBucketPolicy', status: 200 };
    case 'publicAccessBlock':
      if (del) {
        bucket.publicAccessBlock = undefined;
        return { eventName: 'DeleteBucketPublicAccessBlock', status: 204 };
      }
      if (!body.includes('PublicAccessBlockConfiguration'))
        return { error: 'MalformedXML' };
      bucket.publicAccessBlock = {
        blockPublicAcls: bool(text(body, 'BlockPublicAcls')),
        ignorePublicAcls: bool(text(body, 'IgnorePublicAcls')),
        blockPublicPolicy: bool(text(body, 'BlockPublicPolicy')),
        restrictPublicBuckets: bool(text(body, 'RestrictPublicBuckets')),
      };
      return { eventName: 'PutBucketPublicAccessBlock', status: 200 };
    case 'encryption': {
      if (del) {
        bucket.encryption = undefined;
        return { eventName: 'DeleteBucketEncryption', status: 204 };
      }
      const algorithm = text(body, 'SSEAlgorithm');
      if (!algorithm) return { error: 'MalformedXML' };
      bucket.encryption = {
        algorithm,
        kmsKeyId: text(body, 'KMSMasterKeyID'),
        bucketKeyEnabled: bool(text(body, 'BucketKeyEnabled')),
      };
      return { eventName: 'PutBucketEncryption', status: 200 };
    }
    case 'tagging':
      if (del) {
        bucket.tags = undefined;
        return { eventName: 'DeleteBucketTagging', status: 204 };
      }
      bucket.tags = Object.fromEntries(
        blocks(body, 'Tag').map(tag => [
          text(tag, 'Key') ?? '',
          text(tag, 'Value') ?? '',
        ]),
      );
      return { eventName: 'PutBucketTagging', status: 200 };
    case 'logging': {
      if (del) return { error: 'NotImplemented' };
      const target = text(body, 'TargetBucket');
      bucket.logging = target
        ? {
            targetBucket: target,
            targetPrefix: text(body, 'TargetPrefix') ?? '',
          }
        : undefined;
      return { eventName: 'PutBucketLogging', status: 200 };
    }
    case 'acl': {
      if (del) return { error: 'NotImplemented' };
      const canned = headers.get('x-amz-acl');
      // Grants in an AccessControlPolicy body are not simulated; canned ACLs are.
      if (!canned || !(canned in CANNED_ACLS))
        return { error: 'NotImplemented' };
      bucket.aclGrants = CANNED_ACLS[canned].map(g => ({ ...g }));
      return { eventName: 'PutBucketAcl', status: 200 };
    }
    default:
      return { error: 'NotImplemented' };
  }
}

/**
 * The EventBridge envelope of the CloudTrail management event a bucket write makes, as an
 * EventBridge rule delivers it to SQS (the message body).
 */
export function cloudTrailEnvelope(options: {
  eventName: string;
  bucket: ScenarioBucket;
  caller: { accountId: string; arn: string; accessKeyId: string };
  userAgent?: string;
}): string {
  const { eventName, bucket, caller } = options;
  const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.s3',
    account: bucket.accountId,
    time,
    region: bucket.region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        arn: caller.arn,
        accountId: caller.accountId,
        accessKeyId: caller.accessKeyId,
      },
      eventTime: time,
      eventSource: 's3.amazonaws.com',
      eventName,
      awsRegion: bucket.region,
      sourceIPAddress: '127.0.0.1',
      userAgent: options.userAgent ?? 'simulated',
      requestParameters: { bucketName: bucket.name },
      responseElements: null,
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: bucket.accountId,
      eventCategory: 'Management',
    },
  });
}
