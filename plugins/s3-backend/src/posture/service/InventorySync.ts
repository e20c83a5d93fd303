import { LoggerService } from '@backstage/backend-plugin-api';
import {
  formatInventoryRef,
  isValidBucketName,
  parseInventoryRef,
} from '@s3-posture/plugin-s3-common';
import { PostureConfig } from '../config';
import { ListedBucket } from '../collect/locate';
import { PostureStore } from '../store/PostureStore';
import { errorCode } from './errorCode';
import type { PostureCollector } from './PostureService';
import { BucketIdentity, InventoryAccountRecord } from './types';

/**
 * The inventory (DESIGN §15): the undocumented buckets of the configured accounts, listed
 * from AWS and kept in the store next to the documented ones. Their assessment is the
 * posture service's.
 */
export class InventorySync {
  constructor(
    private readonly options: {
      store: PostureStore;
      collector: Pick<PostureCollector, 'accountIds' | 'listBuckets'>;
      config: PostureConfig;
      logger: LoggerService;
      /** Aborts when the backend stops: no further account or page is listed. */
      stopping: AbortSignal;
      now: () => Date;
    },
  ) {}

  /** Every account the inventory lists, with its stored counts and latest listing. */
  async accounts(): Promise<{
    enabled: boolean;
    items: InventoryAccountRecord[];
  }> {
    const { store, collector, config } = this.options;
    return {
      enabled: config.inventory.enabled,
      items: await store.inventoryAccounts(await collector.accountIds()),
    };
  }

  /**
   * The inventory's pass: lists every account's buckets, page by page; buckets no stored
   * doc describes get an undocumented row (assessed by the discover task soon, then by the
   * full refresh), those gone from a complete listing leave with their history. An account
   * that cannot be listed keeps its rows and records why. With the inventory off,
   * undocumented rows are removed and nothing is listed.
   */
  async sync(options: { signal?: AbortSignal } = {}): Promise<{
    listed: number;
    /** Listed buckets no doc describes. */
    undocumented: number;
    removed: number;
    failedAccounts: string[];
  }> {
    const { store, collector, config, logger, stopping } = this.options;
    if (!config.inventory.enabled) {
      const removed = await store.removeUndocumented();
      if (removed > 0) {
        logger.info(
          `The inventory is off (s3.inventory.enabled): removed ${removed} undocumented S3 buckets`,
        );
      }
      return { listed: 0, undocumented: 0, removed, failedAccounts: [] };
    }
    const result = {
      listed: 0,
      undocumented: 0,
      removed: 0,
      failedAccounts: [] as string[],
    };
    for (const accountId of await collector.accountIds()) {
      if (options.signal?.aborted || stopping.aborted) break;
      const outcome = await this.listAccount(accountId, options.signal);
      if (outcome === 'failed') result.failedAccounts.push(accountId);
      else if (outcome !== 'stopped') {
        result.listed += outcome.listed;
        result.undocumented += outcome.undocumented;
        result.removed += outcome.removed;
      }
    }
    return result;
  }

  private async listAccount(
    accountId: string,
    signal?: AbortSignal,
  ): Promise<
    | { listed: number; undocumented: number; removed: number }
    | 'failed'
    | 'stopped'
  > {
    const { store, collector, config, logger, stopping, now } = this.options;
    // Rows this listing sees are stamped with its start; the others are gone from AWS.
    const startedAt = now().toISOString();
    let listed = 0;
    let added = 0;
    let malformed = 0;
    let example = '';
    try {
      for await (const page of collector.listBuckets(accountId)) {
        if (signal?.aborted || stopping.aborted) return 'stopped';
        const valid: ListedBucket[] = [];
        for (const b of page) {
          if (isValidBucketName(b.name)) {
            valid.push(b);
          } else {
            malformed++;
            example ||= b.name;
          }
        }
        listed += valid.length;
        const documented = await store.documentedBuckets(
          valid.map(b => b.name),
        );
        const undocumented = valid.filter(b => !documented.has(b.name));
        added += undocumented.length;
        await store.upsertInventory(
          accountId,
          undocumented.map(b => ({
            inventoryRef: formatInventoryRef(accountId, b.name),
            bucket: b.name,
            region: b.region,
          })),
          startedAt,
          config.profile,
        );
      }
    } catch (e) {
      const error = {
        code: errorCode(e),
        message: String(e?.message ?? e).slice(0, 2000),
        at: now().toISOString(),
      };
      logger.warn(
        `Could not list the S3 buckets of account ${accountId} (${error.code}: ${error.message}); its inventory is kept as it was`,
      );
      await store.recordListing(accountId, { error });
      return 'failed';
    }
    if (malformed > 0) {
      // Never used in a URL, and said once per listing rather than once per name.
      logger.warn(
        `ListBuckets of account ${accountId} named ${malformed} malformed bucket name${
          malformed === 1 ? '' : 's'
        } (e.g. ${JSON.stringify(example.slice(0, 100))}); skipped`,
      );
    }
    const removed = await store.sweepInventory(accountId, startedAt);
    await store.recordListing(accountId, {
      listedAt: startedAt,
      bucketCount: listed,
    });
    logger.info(
      `Inventory of account ${accountId}: ${listed} buckets, ${added} without a doc, ${removed} gone from AWS`,
    );
    return { listed, undocumented: added, removed };
  }

  /**
   * A change event says this bucket was created: when no stored doc describes it, it gets
   * an undocumented row, whose inventory ref is returned to be assessed.
   */
  async addBucket(
    accountId: string,
    bucket: string,
  ): Promise<string | undefined> {
    const { store, config, now } = this.options;
    if (!config.inventory.enabled || !isValidBucketName(bucket)) {
      return undefined;
    }
    if ((await store.documentedBuckets([bucket])).size > 0) return undefined;
    const inventoryRef = formatInventoryRef(accountId, bucket);
    await store.upsertInventory(
      accountId,
      [{ inventoryRef, bucket }],
      now().toISOString(),
      config.profile,
    );
    return inventoryRef;
  }

  /** Undocumented buckets gone from AWS (a DeleteBucket event) leave the inventory. */
  async removeBuckets(inventoryRefs: string[]): Promise<void> {
    const refs = inventoryRefs.filter(r => parseInventoryRef(r));
    if (refs.length > 0) await this.options.store.remove(refs);
  }

  /** Identities of the given undocumented buckets that are stored (and the inventory on). */
  async identities(inventoryRefs: string[]): Promise<BucketIdentity[]> {
    if (inventoryRefs.length === 0 || !this.options.config.inventory.enabled) {
      return [];
    }
    const rows = await this.options.store.getMany(inventoryRefs);
    return rows.flatMap(row => {
      const identity = row.documented
        ? undefined
        : inventoryIdentity(row.entityRef, row.region);
      return identity ? [identity] : [];
    });
  }
}

/** An undocumented bucket's identity, from its inventory ref (and stored region). */
export function inventoryIdentity(
  inventoryRef: string,
  region?: string,
): BucketIdentity | undefined {
  const parsed = parseInventoryRef(inventoryRef);
  if (!parsed) return undefined;
  return {
    entityRef: inventoryRef,
    documented: false,
    bucket: parsed.bucket,
    arn: `arn:aws:s3:::${parsed.bucket}`,
    accountId: parsed.accountId,
    ...(region ? { region } : {}),
    owners: [],
  };
}
