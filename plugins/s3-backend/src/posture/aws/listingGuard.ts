import { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'stream';

/**
 * The bucket-configuration reads of the collectors. None of them ever answers with a bucket
 * listing on AWS.
 */
const GUARDED = new Set([
  'GetBucketAcl',
  'GetBucketCors',
  'GetBucketEncryption',
  'GetBucketLifecycleConfiguration',
  'GetBucketLocation',
  'GetBucketLogging',
  'GetBucketNotificationConfiguration',
  'GetBucketOwnershipControls',
  'GetBucketPolicy',
  'GetBucketPolicyStatus',
  'GetBucketReplication',
  'GetBucketRequestPayment',
  'GetBucketTagging',
  'GetBucketVersioning',
  'GetObjectLockConfiguration',
  'GetPublicAccessBlock',
  'ListBucketIntelligentTieringConfigurations',
]);

/** A listing's root element, after an optional XML declaration. */
const LISTING = /^\s*(?:<\?xml[^>]*\?>\s*)?<ListBucketResult[\s>/]/;

/** A call the S3-compatible server behind `s3.endpoint` does not implement. */
export class UnimplementedCallError extends Error {
  constructor(operation: string) {
    super(
      `The S3 endpoint answered ${operation} with a bucket listing (ListBucketResult): it does not implement this call`,
    );
    this.name = 'NotImplemented';
  }
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * S3-compatible servers that do not know a configuration sub-resource (Ceph RGW 16 with
 * `?ownershipControls`, `?encryption`, `?intelligent-tiering`) ignore it and answer
 * `200 OK` with the bucket's object listing. The SDK would read that as an empty
 * configuration ("no rules"), and a check would judge a setting the server never reported.
 * This turns such an answer into a `NotImplemented` error, so the checks that need the
 * setting end in `error` with the reason. Only for a configured endpoint: AWS never does it.
 */
export function guardAgainstListings(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async args => {
      const result = await next(args);
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const response = result.response as {
        statusCode?: number;
        body?: unknown;
      };
      if (
        !GUARDED.has(operation) ||
        response.statusCode !== 200 ||
        !(response.body instanceof Readable)
      ) {
        return result;
      }
      const body = await readAll(response.body);
      if (LISTING.test(body.toString('utf8', 0, 256))) {
        throw new UnimplementedCallError(operation);
      }
      response.body = Readable.from([body]);
      return result;
    },
    // Low priority: inside the SDK's deserializer, so this sees the raw response first.
    { step: 'deserialize', priority: 'low', name: 's3CompatibleListingGuard' },
  );
}
