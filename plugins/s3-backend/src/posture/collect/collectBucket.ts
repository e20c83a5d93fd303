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
  BUCKET_SETTINGS,
  BucketSetting,
  BucketSnapshot,
  Collected,
  ObjectOwnership,
  Replication,
} from '@s3-posture/plugin-s3-node';
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
  /**
   * The settings to read: those the active checks need (`settingsReadBy`). The others are
   * not fetched and are listed in the snapshot's `notRead`. Default: every setting.
   */
  settings?: readonly BucketSetting[];
  /**
   * Leave out the calls whose answer the settings read first imply (see
   * {@link impliedSettings}), as the posture service's collector does; default false:
   * every setting asked for is read.
   */
  skipImplied?: boolean;
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
  | 'notRead'
>;
type Field = BucketSetting;
/** What the readers need of an S3 client. */
type S3Sender = Pick<S3Client, 'send'>;
type Read = (
  s3: S3Sender,
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

/**
 * Nothing useful could be read of the bucket: it was deleted after it was located, or every
 * call failed (credentials refused, a role that cannot be assumed, AWS unreachable). That is
 * a failed refresh, not an assessment whose every check is `error`: the last good verdicts
 * stay, marked stale. `name` is the reason code, so stored failures read "NoSuchBucket: …".
 */
export class BucketUnreadableError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly bucket: string,
  ) {
    super(message);
    this.name = code;
  }
}

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

/** The region a request was signed for, from the endpoint the SDK resolved for it. */
function signingRegionOf(context: object): string | undefined {
  const endpoint = (
    context as {
      endpointV2?: {
        properties?: { authSchemes?: Array<{ signingRegion?: string }> };
      };
    }
  ).endpointV2;
  return endpoint?.properties?.authSchemes?.[0]?.signingRegion;
}

/**
 * The client, with every answered command telling `onAnswered` which region answered it: the
 * bucket's real region. followRegionRedirects reaches the right region without saying so,
 * and while it follows one redirect the client sends its other calls to that region too
 * (aws-sdk-js-v3#5554), so a bucket can be read from elsewhere without a redirect of its own.
 */
function noticingRegion(
  client: S3Client,
  onAnswered: (region: string) => void,
): S3Sender {
  const send = (command: Parameters<S3Client['send']>[0]) => {
    command.middlewareStack.add(
      (next, context) => async args => {
        const output = await next(args);
        const region = signingRegionOf(context);
        if (region) onAnswered(region);
        return output;
      },
      // Outside the SDK's redirect middleware (same step, higher priority): sees the last try.
      { step: 'initialize', priority: 'high', name: 'noticeAnsweringRegion' },
    );
    return client.send(command);
  };
  return { send: send as S3Client['send'] };
}

/** Read after the others, when the settings they depend on are read in the same pass. */
const DEPENDENT: ReadonlyArray<{ field: Field; after: readonly Field[] }> = [
  { field: 'acl', after: ['ownershipControls', 'policy'] },
  { field: 'replication', after: ['versioning'] },
  { field: 'objectLock', after: ['versioning'] },
];

/**
 * What AWS would answer for a setting, known without asking from the settings read first
 * (issue 17: the full refresh stops reading what cannot matter):
 * - `replication` and `objectLock` when versioning was never enabled (no status): both
 *   require versioning, which cannot be turned off once on, so AWS answers "not configured";
 * - `acl` when Object Ownership is BucketOwnerEnforced (ACLs are disabled and S3 ignores
 *   them; every ACL check then passes without reading it), unless the bucket policy names
 *   a canonical user: telling one from the owner needs the owner's id, which the ACL holds.
 *   The skipped ACL is recorded as "not configured" with the code `BucketOwnerEnforced`.
 */
export function impliedSettings(
  read: Partial<BucketSettings>,
  candidates: readonly Field[],
): Partial<Record<Field, Collected<never>>> {
  const implied: Partial<Record<Field, Collected<never>>> = {};
  const versioning = read.versioning;
  const neverVersioned =
    versioning?.status === 'ok' && !versioning.value.status;
  if (neverVersioned && candidates.includes('replication')) {
    implied.replication = {
      status: 'absent',
      code: 'ReplicationConfigurationNotFoundError',
    };
  }
  if (neverVersioned && candidates.includes('objectLock')) {
    implied.objectLock = {
      status: 'absent',
      code: 'ObjectLockConfigurationNotFoundError',
    };
  }
  const ownership = read.ownershipControls;
  const policy = read.policy;
  if (
    candidates.includes('acl') &&
    ownership?.status === 'ok' &&
    ownership.value.objectOwnership === 'BucketOwnerEnforced' &&
    (policy?.status === 'absent' ||
      (policy?.status === 'ok' && !policy.value.includes('CanonicalUser')))
  ) {
    implied.acl = { status: 'absent', code: 'BucketOwnerEnforced' };
  }
  return implied;
}

async function readAll(
  read: Record<Field, Read>,
  fields: Field[],
  s3: S3Sender,
  input: { Bucket: string; ExpectedBucketOwner: string },
): Promise<Partial<BucketSettings>> {
  const values = await Promise.all(fields.map(f => read[f](s3, input)));
  return Object.fromEntries(
    fields.map((f, i) => [f, values[i]]),
  ) as Partial<BucketSettings>;
}

/**
 * Reads every bucket setting of DESIGN §4 at once (each call under the concurrency limits)
 * and the region of each replication destination. Each setting is `ok`, `absent` ("not
 * configured") or `error` on its own; only a bucket that is gone or of which nothing could
 * be read throws ({@link BucketUnreadableError}). A bucket that is not in `target.region` is
 * found through S3's redirect; the snapshot carries the region that answered.
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
  const fields = options.settings
    ? BUCKET_SETTINGS.filter(f => options.settings!.includes(f))
    : [...BUCKET_SETTINGS];
  const answeredFrom = new Set<string>();
  const sender = noticingRegion(clients.s3(accountId, region), r =>
    answeredFrom.add(r),
  );
  // Settings another one read in this pass may make unnecessary are read second.
  const deferred = !options.skipImplied
    ? []
    : DEPENDENT.filter(
        d => fields.includes(d.field) && d.after.every(a => fields.includes(a)),
      ).map(d => d.field);
  const settings = await readAll(
    read,
    fields.filter(f => !deferred.includes(f)),
    sender,
    input,
  );
  if (deferred.length > 0) {
    const implied = impliedSettings(settings, deferred);
    Object.assign(
      settings,
      implied,
      await readAll(
        read,
        deferred.filter(f => !implied[f]),
        sender,
        input,
      ),
    );
  }

  const misdirected = fields.filter(f => wrongRegion(settings[f]!));
  const answered = [...answeredFrom];
  if (misdirected.length === 0 && answered.length === 1) {
    if (answered[0] !== region) {
      region = answered[0];
      options.onRegionMoved?.(bucket, region);
    }
  } else if (misdirected.length > 0 || answered.length > 1) {
    // Calls that failed in the wrong region, or answers from two regions: ask S3.
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
  // Only the settings read: the others stay missing, listed in `notRead`.
  const complete = settings as BucketSettings;
  const failures = fields.flatMap(f => {
    const c = complete[f];
    return c.status === 'error' ? [c] : [];
  });
  if (failures.some(f => f.code === 'NoSuchBucket')) {
    throw new BucketUnreadableError(
      'NoSuchBucket',
      `Bucket ${bucket} no longer exists in account ${accountId} (deleted since it was located)`,
      bucket,
    );
  }
  if (fields.length > 0 && failures.length === fields.length) {
    const [first] = failures;
    throw new BucketUnreadableError(
      first.code,
      `No setting of bucket ${bucket} could be read: ${first.message}`,
      bucket,
    );
  }

  const notRead = BUCKET_SETTINGS.filter(f => !fields.includes(f));
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
    replicationDestinationRegions: complete.replication
      ? await destinationRegions(complete.replication, accountId, regionOf)
      : {},
    ...(notRead.length > 0 ? { notRead } : {}),
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
