import { HttpResponse } from 'msw';
import { admit } from '../http/admit';
import { bucketOfHost } from '../http/awsHosts';
import { FaultKind } from '../knobs';
import { ScenarioBucket } from '../scenario/types';
import { signingScopeOf } from '../sigv4';
import { World } from '../world';
import { leaf } from '../xml';
import { BUCKET_RESPONSES, BucketOperation, S3Answer } from './bucketResponses';
import {
  WRITE_SUBRESOURCES,
  WriteSubresource,
  applyBucketWrite,
  cloudTrailEnvelope,
} from './bucketWrites';
import { S3_ERRORS, S3ErrorCode } from './s3Errors';
import { listBuckets } from './listBuckets';

/** Query keys that select a bucket subresource, and the operation each GET performs. */
const SUBRESOURCES: Array<[string, BucketOperation]> = [
  ['location', 'GetBucketLocation'],
  ['publicAccessBlock', 'GetPublicAccessBlock'],
  ['policyStatus', 'GetBucketPolicyStatus'],
  ['policy', 'GetBucketPolicy'],
  ['acl', 'GetBucketAcl'],
  ['ownershipControls', 'GetBucketOwnershipControls'],
  ['encryption', 'GetBucketEncryption'],
  ['versioning', 'GetBucketVersioning'],
  ['object-lock', 'GetObjectLockConfiguration'],
  ['logging', 'GetBucketLogging'],
  ['lifecycle', 'GetBucketLifecycleConfiguration'],
  ['replication', 'GetBucketReplication'],
  ['cors', 'GetBucketCors'],
  ['requestPayment', 'GetBucketRequestPayment'],
  ['tagging', 'GetBucketTagging'],
  ['notification', 'GetBucketNotificationConfiguration'],
  ['intelligent-tiering', 'ListBucketIntelligentTieringConfigurations'],
];

const FAULT_CODES: Record<FaultKind, S3ErrorCode> = {
  AccessDenied: 'AccessDenied',
  Throttling: 'SlowDown',
  ServerError: 'InternalError',
};

type S3Operation =
  | BucketOperation
  | 'ListBuckets'
  | 'HeadBucket'
  | { write: WriteSubresource; name: string };

/** A bucket write (`PUT`/`DELETE` on a subresource), named as S3's API names it. */
function writeOf(
  method: string,
  query: URLSearchParams,
): { write: WriteSubresource; name: string } | undefined {
  if (method !== 'PUT' && method !== 'DELETE') return undefined;
  const write = WRITE_SUBRESOURCES.find(key => query.has(key));
  if (!write) return undefined;
  const verb = method === 'PUT' ? 'Put' : 'Delete';
  const noun =
    write === 'publicAccessBlock'
      ? 'PublicAccessBlock'
      : `Bucket${write[0].toUpperCase()}${write.slice(1)}`;
  return { write, name: `${verb}${noun}` };
}

interface S3Target {
  bucket?: string;
  /** Anything after the bucket (an object key): not simulated. */
  key?: string;
}

/** Path-style (`/bucket?acl`) or virtual-hosted-style (`bucket.s3.amazonaws.com/?acl`). */
function targetOf(url: URL): S3Target {
  const hostBucket = bucketOfHost(url.hostname);
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  if (hostBucket) {
    return { bucket: hostBucket, key: segments.join('/') || undefined };
  }
  return { bucket: segments[0], key: segments.slice(1).join('/') || undefined };
}

function operationOf(
  method: string,
  target: S3Target,
  query: URLSearchParams,
): S3Operation | undefined {
  if (target.key !== undefined) return undefined;
  if (!target.bucket) return method === 'GET' ? 'ListBuckets' : undefined;
  if (method === 'HEAD') return 'HeadBucket';
  if (method !== 'GET') return writeOf(method, query);
  return SUBRESOURCES.find(([key]) => query.has(key))?.[1];
}

class S3Responder {
  constructor(
    private readonly world: World,
    private readonly head: boolean,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      'x-amz-request-id': this.world.nextRequestId(),
      'x-amz-id-2': 'c2ltdWxhdGVkLWF3cy1zM3NpbXVsYXRvcg==',
      ...extra,
    };
  }

  error(
    code: S3ErrorCode,
    details: { bucket?: string; region?: string; accessKeyId?: string } = {},
  ): Response {
    this.world.stats.recordError(code);
    const { status, message } = S3_ERRORS[code];
    const headers = this.headers(
      details.region ? { 'x-amz-bucket-region': details.region } : {},
    );
    if (this.head) {
      return new HttpResponse(null, { status, headers });
    }
    const requestId = headers['x-amz-request-id'];
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error>',
      leaf('Code', code),
      leaf('Message', message),
      leaf('BucketName', details.bucket),
      code === 'PermanentRedirect'
        ? leaf(
            'Endpoint',
            `${details.bucket}.s3.${details.region}.amazonaws.com`,
          )
        : '',
      code === 'PermanentRedirect' ? leaf('Bucket', details.bucket) : '',
      leaf('AWSAccessKeyId', details.accessKeyId),
      leaf('RequestId', requestId),
      leaf('HostId', headers['x-amz-id-2']),
      '</Error>',
    ].join('');
    return new HttpResponse(body, {
      status,
      headers: { ...headers, 'content-type': 'application/xml' },
    });
  }

  answer(answer: S3Answer, bucket: ScenarioBucket): Response {
    if ('error' in answer)
      return this.error(answer.error, { bucket: bucket.name });
    const headers = this.headers({ 'x-amz-bucket-region': bucket.region });
    if ('json' in answer) {
      return new HttpResponse(answer.json, {
        headers: { ...headers, 'content-type': 'application/json' },
      });
    }
    return new HttpResponse(answer.xml, {
      headers: { ...headers, 'content-type': 'application/xml' },
    });
  }

  ok(xml: string): Response {
    return new HttpResponse(xml, {
      headers: { ...this.headers(), 'content-type': 'application/xml' },
    });
  }

  headBucket(bucket: ScenarioBucket): Response {
    return new HttpResponse(null, {
      status: 200,
      headers: this.headers({
        'x-amz-bucket-region': bucket.region,
        'x-amz-access-point-alias': 'false',
      }),
    });
  }
}

/**
 * S3 REST: ListBuckets, HeadBucket and the bucket configuration GETs of DESIGN §4, with S3's
 * checks in S3's order: credentials, throttling and faults, bucket existence, region, owner.
 */
export async function handleS3(
  request: Request,
  world: World,
): Promise<Response> {
  const url = new URL(request.url);
  const target = targetOf(url);
  const operation = operationOf(request.method, target, url.searchParams);
  const scope = signingScopeOf(request);
  const caller = scope ? world.callerOf(scope.accessKeyId) : undefined;
  const respond = new S3Responder(world, request.method === 'HEAD');
  const facts = {
    operation: `s3:${
      typeof operation === 'object'
        ? operation.name
        : (operation ?? 'Unsupported')
    }`,
    bucket: target.bucket,
    account: caller?.account.id,
  };
  await admit(world, facts);

  if (!operation)
    return respond.error('NotImplemented', { bucket: target.bucket });
  if (!scope) return respond.error('AccessDenied', { bucket: target.bucket });
  if (!caller)
    return respond.error('InvalidAccessKeyId', {
      accessKeyId: scope.accessKeyId,
    });
  const fault = world.faults.decide(facts);
  if (fault)
    return respond.error(FAULT_CODES[fault], { bucket: target.bucket });

  if (operation === 'ListBuckets') {
    const listed = listBuckets(world, caller.account, url.searchParams);
    return 'error' in listed
      ? respond.error(listed.error)
      : respond.ok(listed.xml);
  }
  const bucket = world.bucket(target.bucket!);
  if (!bucket) return respond.error('NoSuchBucket', { bucket: target.bucket });
  // GetBucketLocation answers from any region, and writes too (the AWS CLI pointed at the
  // simulator signs for its default region); everything else must go to the bucket's.
  if (
    operation !== 'GetBucketLocation' &&
    typeof operation !== 'object' &&
    scope.region !== bucket.region
  ) {
    return respond.error('PermanentRedirect', {
      bucket: bucket.name,
      region: bucket.region,
    });
  }
  const expectedOwner = request.headers.get('x-amz-expected-bucket-owner');
  if (
    bucket.accountId !== caller.account.id ||
    (expectedOwner && expectedOwner !== bucket.accountId)
  ) {
    const region = operation === 'HeadBucket' ? bucket.region : undefined;
    return respond.error('AccessDenied', { bucket: bucket.name, region });
  }
  if (operation === 'HeadBucket') return respond.headBucket(bucket);
  if (typeof operation === 'object') {
    const result = applyBucketWrite(
      bucket,
      request.method,
      operation.write,
      await request.text(),
      request.headers,
    );
    if ('error' in result)
      return respond.error(result.error, { bucket: bucket.name });
    // What CloudTrail and an EventBridge rule would put on the queue.
    world.events.send(
      cloudTrailEnvelope({
        eventName: result.eventName,
        bucket,
        caller: {
          accountId: caller.account.id,
          arn: caller.arn,
          accessKeyId: caller.accessKeyId,
        },
        userAgent: request.headers.get('user-agent') ?? undefined,
      }),
    );
    return new HttpResponse(null, {
      status: result.status,
      headers: respond.headers(),
    });
  }
  return respond.answer(
    BUCKET_RESPONSES[operation](bucket, caller.account),
    bucket,
  );
}
