import {
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { validateBucketName } from '@s3-posture/plugin-s3-common';
import { AwsClients } from '../aws/AwsClients';
import { errorCodeOf, errorMessageOf } from './collected';
import { regionFromLocationConstraint } from './bucketSettings';

export interface BucketLocation {
  accountId: string;
  region: string;
}

/**
 * Why a bucket could not be located. `name` is the reason code, so logs and stored failures
 * read "NoSuchBucket: …":
 * - `NoSuchBucket`: the bucket does not exist (deleted, or a typo in the doc);
 * - `BucketNotInConfiguredAccounts`: it exists, but in no account we have credentials for;
 * - `AccessDenied`: we may not look;
 * - `InvalidBucketName`, or the AWS code of any other failure.
 */
export class BucketLocateError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly bucket: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** Codes that mean "not in this account, try the others". */
const NOT_HERE = new Set([
  'NoSuchBucket',
  'NotFound',
  'AccessDenied',
  'Forbidden',
  'AllAccessDisabled',
  'AccountNotConfigured',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
]);

type Listing = Map<string, string | undefined>;

/** How often a search may list an account again because the bucket was not in its listing. */
const RELIST_AFTER_MS = 30_000;

export interface BucketLocatorOptions {
  /** How long an account's bucket listing is reused; about one refresh. Default 5 minutes. */
  listingTtlMs?: number;
  now?: () => number;
}

/**
 * Finds the account and region of a bucket. The account comes from the doc when it names
 * one; otherwise (or when the bucket is not there) every configured account's ListBuckets
 * is searched, falling back to HeadBucket where listing is not allowed. Regions never
 * change for a bucket, so they are cached until {@link BucketLocator.forget}.
 */
export class BucketLocator {
  private readonly regions = new Map<string, Promise<string>>();
  private readonly listings = new Map<
    string,
    { at: number; listing: Promise<Listing> }
  >();
  /** When a search last listed an account again, by account id. */
  private readonly relistedAt = new Map<string, number>();
  private readonly listingTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly clients: AwsClients,
    options: BucketLocatorOptions = {},
  ) {
    this.listingTtlMs = options.listingTtlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async locate(bucket: string, accountHint?: string): Promise<BucketLocation> {
    const problems = validateBucketName(bucket);
    if (problems.length > 0) {
      throw new BucketLocateError(
        'InvalidBucketName',
        `"${bucket}" ${problems.join(', ')}`,
        bucket,
      );
    }
    if (!accountHint) {
      return this.search(bucket, []);
    }
    // ListBuckets names each bucket's region: one listing per account (cached) saves a
    // GetBucketLocation per bucket. Where it cannot list, or the bucket is not (yet) in the
    // listing, GetBucketLocation decides as before.
    const listed = await this.listingOf(accountHint).then(
      listing => listing.get(bucket),
      () => undefined,
    );
    if (listed) {
      this.regions.set(`${accountHint}|${bucket}`, Promise.resolve(listed));
      return { accountId: accountHint, region: listed };
    }
    try {
      return {
        accountId: accountHint,
        region: await this.regionOf(bucket, accountHint),
      };
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'NoSuchBucket') {
        // Bucket names are global: S3 saying so ends the search.
        throw new BucketLocateError(
          code,
          `Bucket ${bucket} does not exist`,
          bucket,
        );
      }
      if (!NOT_HERE.has(code)) {
        throw new BucketLocateError(
          code,
          `${bucket}: ${errorMessageOf(error)}`,
          bucket,
        );
      }
      // The doc may name the wrong account; where the bucket really is decides.
      return this.search(bucket, [accountHint], {
        code,
        message: errorMessageOf(error),
      });
    }
  }

  /** The bucket's region, from GetBucketLocation in the given account; cached. */
  regionOf(bucket: string, accountId: string): Promise<string> {
    const key = `${accountId}|${bucket}`;
    let region = this.regions.get(key);
    if (!region) {
      const s3 = this.clients.s3(
        accountId,
        this.clients.settings.defaultRegion,
      );
      region = this.clients
        .call(accountId, () =>
          s3.send(
            new GetBucketLocationCommand({
              Bucket: bucket,
              ExpectedBucketOwner: accountId,
            }),
          ),
        )
        .then(o => regionFromLocationConstraint(o.LocationConstraint));
      this.regions.set(key, region);
      region.catch(() => this.regions.delete(key));
    }
    return region;
  }

  /**
   * Drops what is known about a bucket (after it was deleted or moved), in the cached account
   * listings too: they may still name it where it was.
   */
  forget(bucket: string): void {
    for (const key of [...this.regions.keys()]) {
      if (key.endsWith(`|${bucket}`)) this.regions.delete(key);
    }
    for (const { listing } of this.listings.values()) {
      listing.then(
        names => names.delete(bucket),
        () => undefined,
      );
    }
  }

  /** Starts afresh: the next search lists every account again. */
  clearListings(): void {
    this.listings.clear();
  }

  private async search(
    bucket: string,
    tried: string[],
    hintFailure?: { code: string; message: string },
    relisted = false,
  ): Promise<BucketLocation> {
    const started = this.now();
    const accounts = (await this.clients.searchableAccountIds()).filter(
      a => !tried.includes(a),
    );
    const found = await Promise.all(accounts.map(a => this.findIn(bucket, a)));
    const hit = found.find(
      (f): f is BucketLocation => f !== undefined && f !== 'unknown',
    );
    if (hit) return hit;
    // A cached listing may predate the bucket (created, or created again, since it was
    // read): list those accounts afresh before saying the bucket is in none of them; at
    // most once per account every RELIST_AFTER_MS, so buckets that really are elsewhere do
    // not list every account each time.
    const dated = accounts.filter(
      a =>
        (this.listings.get(a)?.at ?? started) < started &&
        started - (this.relistedAt.get(a) ?? -Infinity) >= RELIST_AFTER_MS,
    );
    if (!relisted && dated.length > 0) {
      for (const a of dated) {
        this.listings.delete(a);
        this.relistedAt.set(a, started);
      }
      return this.search(bucket, tried, hintFailure, true);
    }

    if (hintFailure) {
      throw new BucketLocateError(
        hintFailure.code,
        `${bucket}: ${hintFailure.message} (in account ${tried[0]}, the account its doc names)`,
        bucket,
      );
    }
    const exists = await this.existsAnywhere(bucket, accounts[0] ?? tried[0]);
    if (exists === false) {
      throw new BucketLocateError(
        'NoSuchBucket',
        `Bucket ${bucket} does not exist`,
        bucket,
      );
    }
    const searched =
      [...tried, ...accounts].join(', ') || 'none (configure aws.accounts)';
    throw new BucketLocateError(
      'BucketNotInConfiguredAccounts',
      `Bucket ${bucket} is not in any configured AWS account (searched: ${searched})`,
      bucket,
    );
  }

  /** The bucket's location if this account holds it; `unknown` if the account could not tell. */
  private async findIn(
    bucket: string,
    accountId: string,
  ): Promise<BucketLocation | 'unknown' | undefined> {
    let listing: Listing;
    try {
      listing = await this.listingOf(accountId);
    } catch {
      return this.headIn(bucket, accountId);
    }
    if (!listing.has(bucket)) return undefined;
    const listedRegion = listing.get(bucket);
    return {
      accountId,
      region: listedRegion ?? (await this.regionOf(bucket, accountId)),
    };
  }

  /** HeadBucket for accounts whose credentials may not list: 200 = ours, 403 = someone else's. */
  private async headIn(
    bucket: string,
    accountId: string,
  ): Promise<BucketLocation | 'unknown' | undefined> {
    const s3 = this.clients.s3(accountId, this.clients.settings.defaultRegion);
    try {
      const head = await this.clients.call(accountId, () =>
        s3.send(
          new HeadBucketCommand({
            Bucket: bucket,
            ExpectedBucketOwner: accountId,
          }),
        ),
      );
      return {
        accountId,
        region: head.BucketRegion ?? (await this.regionOf(bucket, accountId)),
      };
    } catch (error) {
      return NOT_HERE.has(errorCodeOf(error)) ? undefined : 'unknown';
    }
  }

  /** False when S3 says no such bucket exists at all (bucket names are global). */
  private async existsAnywhere(
    bucket: string,
    accountId: string | undefined,
  ): Promise<boolean | undefined> {
    if (!accountId) return undefined;
    const s3 = this.clients.s3(accountId, this.clients.settings.defaultRegion);
    try {
      await this.clients.call(accountId, () =>
        s3.send(new HeadBucketCommand({ Bucket: bucket })),
      );
      return true;
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'NotFound' || code === 'NoSuchBucket') return false;
      return code === 'Forbidden' || code === 'AccessDenied' ? true : undefined;
    }
  }

  private listingOf(accountId: string): Promise<Listing> {
    const cached = this.listings.get(accountId);
    if (cached && this.now() - cached.at < this.listingTtlMs) {
      return cached.listing;
    }
    const listing = this.listAll(accountId);
    this.listings.set(accountId, { at: this.now(), listing });
    listing.catch(() => this.listings.delete(accountId));
    return listing;
  }

  private async listAll(accountId: string): Promise<Listing> {
    const listing: Listing = new Map();
    for await (const page of listBucketPages(this.clients, accountId)) {
      for (const b of page) listing.set(b.name, b.region);
    }
    return listing;
  }
}

/** One bucket of a `ListBuckets` page, as the server named it (not validated). */
export interface ListedBucket {
  name: string;
  /** `BucketRegion`; servers that omit it (Ceph RGW, older APIs) leave it undefined. */
  region?: string;
}

/**
 * An account's `ListBuckets`, a page (at most 1,000 buckets) at a time, so a caller need
 * not hold the whole listing. Servers that do not page answer everything in one page.
 */
export async function* listBucketPages(
  clients: AwsClients,
  accountId: string,
): AsyncGenerator<ListedBucket[]> {
  const s3 = clients.s3(accountId, clients.settings.defaultRegion);
  let token: string | undefined;
  do {
    const command = new ListBucketsCommand({
      MaxBuckets: 1000,
      ContinuationToken: token,
    });
    const page = await clients.call(accountId, () => s3.send(command));
    yield (page.Buckets ?? []).flatMap(b =>
      b.Name ? [{ name: b.Name, region: b.BucketRegion || undefined }] : [],
    );
    token = page.ContinuationToken;
  } while (token);
}
