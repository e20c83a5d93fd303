import {
  isValidAwsAccountId,
  isValidBucketName,
} from '@s3-posture/plugin-s3-common';
import { z } from 'zod';

/**
 * What an AWS change event means for posture (DESIGN §16): re-assess one bucket, re-assess
 * every bucket of an account, nothing (a read, a failed call, a change that cannot affect
 * posture), or nothing because the event is not what it claims to be.
 */
export type PostureEvent =
  | {
      kind: 'bucket';
      accountId: string;
      bucket: string;
      eventName: string;
      region?: string;
    }
  | { kind: 'account'; accountId: string; eventName: string }
  | { kind: 'ignored'; reason: string }
  | {
      kind: 'malformed';
      /** Stable per kind of problem (logged once per kind), free of event content. */
      problem: string;
      /** The same, with what the event held (logged at debug). */
      detail: string;
    };

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * Bucket-level write calls as CloudTrail names them. Any other `PutBucket*`/`DeleteBucket*`
 * call counts too (new bucket settings appear over time); object calls do not.
 */
export const BUCKET_WRITE_EVENTS: readonly string[] = [
  'CreateBucket',
  'DeleteBucket',
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketAcl',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'PutBucketVersioning',
  'PutBucketLogging',
  'PutBucketReplication',
  'DeleteBucketReplication',
  'PutBucketLifecycle',
  'PutBucketLifecycleConfiguration',
  'DeleteBucketLifecycle',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'PutBucketCors',
  'DeleteBucketCors',
  'PutObjectLockConfiguration',
  'PutBucketTagging',
  'DeleteBucketTagging',
  'PutBucketRequestPayment',
  'PutBucketNotification',
  'PutBucketNotificationConfiguration',
  'PutBucketIntelligentTieringConfiguration',
  'DeleteBucketIntelligentTieringConfiguration',
];

/** S3 (S3 Control) calls that change every bucket of the account. */
export const S3_ACCOUNT_EVENTS: readonly string[] = [
  'PutAccountPublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
];

/**
 * IAM calls that change who can reach the account's buckets (identity policies, group
 * membership, role trust, permissions boundaries) or the access keys the key checks read.
 */
export const IAM_ACCOUNT_EVENTS: readonly string[] = [
  'PutUserPolicy',
  'DeleteUserPolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'PutGroupPolicy',
  'DeleteGroupPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'SetDefaultPolicyVersion',
  'AddUserToGroup',
  'RemoveUserFromGroup',
  'CreateUser',
  'DeleteUser',
  'CreateRole',
  'DeleteRole',
  'DeleteGroup',
  'UpdateAssumeRolePolicy',
  'PutUserPermissionsBoundary',
  'DeleteUserPermissionsBoundary',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
];

const BUCKET_WRITES = new Set(BUCKET_WRITE_EVENTS);
const S3_ACCOUNT = new Set(S3_ACCOUNT_EVENTS);
const IAM_ACCOUNT = new Set(IAM_ACCOUNT_EVENTS);
const READ_ONLY_NAME = /^(Get|List|Head|Describe)/;
const GENERIC_BUCKET_WRITE = /^(Put|Delete)Bucket[A-Z]/;

const envelopeSchema = z.object({
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  region: z.string().optional(),
  detail: z.object({
    eventName: z.string().min(1),
    errorCode: z.string().nullish(),
    readOnly: z.boolean().nullish(),
    requestParameters: z.record(z.unknown()).nullish(),
  }),
});

function malformed(problem: string, detail = problem): PostureEvent {
  return { kind: 'malformed', problem, detail };
}

/**
 * The payload as publishers hand it over: the EventBridge event itself (the SQS events
 * module parses the message body; the HTTP ingress parses the JSON body), a JSON string of
 * it, or an SNS notification wrapping it (EventBridge → SNS → SQS without raw delivery).
 */
function unwrap(payload: unknown): unknown {
  let value = payload;
  for (let depth = 0; depth < 3; depth++) {
    if (typeof value === 'string' || Buffer.isBuffer(value)) {
      try {
        value = JSON.parse(value.toString());
      } catch {
        return undefined;
      }
      continue;
    }
    if (
      value &&
      typeof value === 'object' &&
      (value as { Type?: unknown }).Type === 'Notification' &&
      typeof (value as { Message?: unknown }).Message === 'string'
    ) {
      value = (value as { Message: string }).Message;
      continue;
    }
    return value;
  }
  return value;
}

/**
 * Reads an event published on the posture topic: an EventBridge envelope of a CloudTrail
 * management event (`detail-type: AWS API Call via CloudTrail`, `source: aws.s3|aws.iam`).
 * Never throws.
 */
export function parsePostureEvent(payload: unknown): PostureEvent {
  const value = unwrap(payload);
  if (value === undefined) return malformed('the payload is not JSON');
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return malformed('the payload is not a JSON object');
  }
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.') || '(root)';
    return malformed(
      `not an EventBridge envelope of a CloudTrail event (${path}: ${issue.message})`,
    );
  }
  const envelope = parsed.data;
  const { detail } = envelope;
  if (envelope['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE) {
    return {
      kind: 'ignored',
      reason: `detail-type "${envelope['detail-type']}" is not a CloudTrail API call`,
    };
  }
  if (envelope.source !== 'aws.s3' && envelope.source !== 'aws.iam') {
    return {
      kind: 'ignored',
      reason: `source ${envelope.source} is neither aws.s3 nor aws.iam`,
    };
  }
  if (!isValidAwsAccountId(envelope.account)) {
    return malformed(
      'the envelope account is not a 12-digit AWS account id',
      `the envelope account ${JSON.stringify(envelope.account)} is not a 12-digit AWS account id`,
    );
  }
  const { eventName } = detail;
  if (detail.errorCode) {
    return {
      kind: 'ignored',
      reason: `${eventName} failed (${detail.errorCode}): nothing changed`,
    };
  }
  if (detail.readOnly === true || READ_ONLY_NAME.test(eventName)) {
    return { kind: 'ignored', reason: `${eventName} is a read-only call` };
  }
  const accountId = envelope.account;
  if (envelope.source === 'aws.iam') {
    return IAM_ACCOUNT.has(eventName)
      ? { kind: 'account', accountId, eventName }
      : {
          kind: 'ignored',
          reason: `${eventName} does not change who can reach buckets`,
        };
  }
  if (S3_ACCOUNT.has(eventName)) {
    return { kind: 'account', accountId, eventName };
  }
  if (!BUCKET_WRITES.has(eventName) && !GENERIC_BUCKET_WRITE.test(eventName)) {
    return {
      kind: 'ignored',
      reason: `${eventName} does not change a bucket's configuration`,
    };
  }
  const bucket = detail.requestParameters?.bucketName;
  if (typeof bucket !== 'string') {
    return malformed(
      `a bucket write event without detail.requestParameters.bucketName`,
      `${eventName} without detail.requestParameters.bucketName`,
    );
  }
  if (!isValidBucketName(bucket)) {
    return malformed(
      'a bucket write event naming an invalid bucket',
      `${eventName} names ${JSON.stringify(bucket.slice(0, 80))}, which is not a valid bucket name`,
    );
  }
  return {
    kind: 'bucket',
    accountId,
    bucket,
    eventName,
    region: envelope.region,
  };
}
