import {
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  IntelligentTieringConfiguration,
  ListBucketIntelligentTieringConfigurationsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { validateBucketName } from '@s3-posture/plugin-s3-common';
import { AwsClients } from '../aws/AwsClients';
import {
  BucketSnapshot,
  Collected,
  ObjectOwnership,
  Replication,
} from '../snapshot';
import {
  aclOf,
  bucketNameOfArn,
  corsOf,
  encryptionOf,
  intelligentTieringOf,
  lifecycleOf,
  loggingOf,
  notificationsOf,
  objectLockOf,
  publicAccessBlockOf,
  regionFromLocationConstraint,
  replicationOf,
  tagsOf,
  versioningOf,
} from './bucketSettings';
import { collect } from './collected';

export interface BucketTarget {
  bucket: string;
  partition: string;
  accountId: string;
  region: string;
}

export interface CollectBucketOptions {
  /** Where replication destinations are (cached across buckets); default: GetBucketLocation. */
  regionOf?: (bucket: string, accountId: string) => Promise<string>;
  /** Told when the bucket turned out to live in another region than the target said. */
  onRegionMoved?: (bucket: string, region: string) => void;
  now?: () => Date;
}

type BucketSettings = Omit<
  BucketSnapshot,
  | 'bucket'
  | 'partition'
  | 'accountId'
  | 'region'
  | 'collectedAt'
  | 'replicationDestinationRegions'
>;
type Field = keyof BucketSettings;
type Read = (
  s3: S3Client,
  input: { Bucket: string; ExpectedBucketOwner: string },
) => Promise<Collected<unknown>>;

/** One call per setting (DESIGN §4), each mapped to the snapshot's shape. */
function readers(
  call: <O>(send: () => Promise<O>) => Promise<O>,
): Record<Field, Read> {
  return {
    publicAccessBlock: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetPublicAccessBlockCommand(input))),
        o => publicAccessBlockOf(o.PublicAccessBlockConfiguration),
      ),
    policy: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketPolicyCommand(input))),
        o => o.Policy ?? '',
      ),
    policyStatus: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketPolicyStatusCommand(input))),
        o => ({ isPublic: o.PolicyStatus?.IsPublic ?? false }),
      ),
    acl: (s3, input) =>
      collect(() => call(() => s3.send(new GetBucketAclCommand(input))), aclOf),
    ownershipControls: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketOwnershipControlsCommand(input))),
        o => ({
          objectOwnership: o.OwnershipControls?.Rules?.[0]
            ?.ObjectOwnership as ObjectOwnership,
        }),
      ),
    encryption: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketEncryptionCommand(input))),
        encryptionOf,
      ),
    versioning: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketVersioningCommand(input))),
        versioningOf,
      ),
    objectLock: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetObjectLockConfigurationCommand(input))),
        objectLockOf,
      ),
    logging: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketLoggingCommand(input))),
        loggingOf,
      ),
    lifecycle: (s3, input) =>
      collect(
        () =>
          call(() =>
            s3.send(new GetBucketLifecycleConfigurationCommand(input)),
          ),
        lifecycleOf,
      ),
    replication: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketReplicationCommand(input))),
        replicationOf,
      ),
    cors: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketCorsCommand(input))),
        corsOf,
      ),
    requestPayment: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketRequestPaymentCommand(input))),
        o => ({
          payer:
            o.Payer === 'Requester'
              ? ('Requester' as const)
              : ('BucketOwner' as const),
        }),
      ),
    tagging: (s3, input) =>
      collect(
        () => call(() => s3.send(new GetBucketTaggingCommand(input))),
        tagsOf,
      ),
    notifications: (s3, input) =>
      collect(
        () =>
          call(() =>
            s3.send(new GetBucketNotificationConfigurationCommand(input)),
          ),
        notificationsOf,
      ),
    intelligentTiering: (s3, input) =>
      collect(async () => {
        const all: IntelligentTieringConfiguration[] = [];
        let token: string | undefined;
        do {
          const command = new ListBucketIntelligentTieringConfigurationsCommand(
            {
              ...input,
              ContinuationToken: token,
            },
          );
          const page = await call(() => s3.send(command));
          all.push(...(page.IntelligentTieringConfigurationList ?? []));
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return all;
      }, intelligentTieringOf),
  };
}

const FIELDS = Object.keys(readers(() => Promise.reject())) as Field[];

/**
 * Signs that a call reached the wrong region. The SDK's followRegionRedirects mutates the
 * client's region while it retries, so concurrent redirected calls on one client can fail
 * ("Region was not restored following S3 region redirect", aws-sdk-js-v3#5554).
 */
function wrongRegion(c: Collected<unknown>): boolean {
  return (
    c.status === 'error' &&
    (c.code === 'PermanentRedirect' ||
      c.code === 'HTTP301' ||
      /region redirect/i.test(c.message))
  );
}

async function readAll(
  read: Record<Field, Read>,
  fields: Field[],
  s3: S3Client,
  input: { Bucket: string; ExpectedBucketOwner: string },
): Promise<Partial<BucketSettings>> {
  const values = await Promise.all(fields.map(f => read[f](s3, input)));
  return Object.fromEntries(
    fields.map((f, i) => [f, values[i]]),
  ) as Partial<BucketSettings>;
}

/**
 * Reads every bucket setting of DESIGN §4 at once (each call under the concurrency limits)
 * and the region of each replication destination. Never throws for AWS failures: each
 * setting is `ok`, `absent` ("not configured") or `error` on its own. A bucket that is not
 * in `target.region` is found through S3's redirect; the snapshot carries its real region.
 */
export async function collectBucket(
  clients: AwsClients,
  target: BucketTarget,
  options: CollectBucketOptions = {},
): Promise<BucketSnapshot> {
  const { bucket, accountId } = target;
  const problems = validateBucketName(bucket);
  if (problems.length > 0) {
    // Checked before any URL is built from the name.
    throw new Error(`Invalid bucket name "${bucket}": ${problems.join(', ')}`);
  }
  const call = <O>(send: () => Promise<O>) => clients.call(accountId, send);
  const read = readers(call);
  // ExpectedBucketOwner: a bucket recreated under the same name by someone else is not read.
  const input = { Bucket: bucket, ExpectedBucketOwner: accountId };
  let region = target.region;
  const settings = await readAll(
    read,
    FIELDS,
    clients.s3(accountId, region),
    input,
  );

  const misdirected = FIELDS.filter(f => wrongRegion(settings[f]!));
  if (misdirected.length > 0) {
    // The client may be left pointing at the redirect's region; start a clean one.
    clients.forgetS3(accountId, region);
    region = regionFromLocationConstraint(
      (
        await call(() =>
          clients
            .s3(accountId, clients.settings.defaultRegion)
            .send(new GetBucketLocationCommand(input)),
        )
      ).LocationConstraint,
    );
    options.onRegionMoved?.(bucket, region);
    Object.assign(
      settings,
      await readAll(read, misdirected, clients.s3(accountId, region), input),
    );
  }
  const complete = settings as BucketSettings;

  const regionOf =
    options.regionOf ??
    ((name: string, owner: string) =>
      clients
        .call(owner, () =>
          clients
            .s3(owner, clients.settings.defaultRegion)
            .send(new GetBucketLocationCommand({ Bucket: name })),
        )
        .then(o => regionFromLocationConstraint(o.LocationConstraint)));

  return {
    bucket,
    partition: target.partition,
    accountId,
    region,
    collectedAt: (options.now?.() ?? new Date()).toISOString(),
    ...complete,
    replicationDestinationRegions: await destinationRegions(
      complete.replication,
      accountId,
      regionOf,
    ),
  };
}

/** The region of every replication destination, one lookup per distinct bucket. */
async function destinationRegions(
  replication: Collected<Replication>,
  accountId: string,
  regionOf: (bucket: string, accountId: string) => Promise<string>,
): Promise<Record<string, Collected<string>>> {
  if (replication.status !== 'ok') return {};
  const destinations = new Map<string, string>();
  for (const rule of replication.value.rules) {
    const name = bucketNameOfArn(rule.destinationBucket);
    if (name && !destinations.has(name)) {
      destinations.set(name, rule.destinationAccount ?? accountId);
    }
  }
  const entries = await Promise.all(
    [...destinations].map(async ([name, owner]) => {
      if (validateBucketName(name).length > 0) {
        const invalid: Collected<string> = {
          status: 'error',
          code: 'InvalidBucketName',
          message: `Replication destination "${name}" is not a valid bucket name`,
        };
        return [name, invalid] as const;
      }
      return [
        name,
        await collect(
          () => regionOf(name, owner),
          r => r,
        ),
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}
