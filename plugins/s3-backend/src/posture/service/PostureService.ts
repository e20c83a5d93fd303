import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActiveCheck,
  ProfileId,
  S3_BUCKET_RESOURCE_TYPE,
  computeScore,
  computeStatus,
  countChecks,
  failingChecks,
  parseInventoryRef,
} from '@s3-posture/plugin-s3-common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { PostureConfig } from '../config';
import { CheckCatalog } from '../evaluate/CheckCatalog';
import { evaluatePosture } from '../evaluate/evaluatePosture';
import {
  AccountSnapshot,
  BucketSetting,
  BucketSnapshot,
} from '@s3-posture/plugin-s3-node';
import { BucketCountGroup, countsOf } from '../store/listCounts';
import { PostureStore } from '../store/PostureStore';
import { ListedBucket } from '../collect/locate';
import { bucketIdentityOf, readBucketIdentity } from './bucketIdentity';
import { InputCollector } from './collectInput';
import { errorCode } from './errorCode';
import { InventorySync, inventoryIdentity } from './InventorySync';
import { relatedBuckets, summarize } from './rollUp';
import { suggestionsFor } from './suggestedOwners';
import {
  AssessedBucket,
  BucketIdentity,
  BucketPage,
  BucketQuery,
  BucketRecord,
  EntityRollUp,
  HistoryEntry,
  InventoryAccountRecord,
} from './types';

/** The AWS side of an assessment: locate, then collect (DESIGN §4). */
export interface PostureCollector {
  locate(
    bucket: string,
    accountHint?: string,
  ): Promise<{ accountId: string; region: string }>;
  /** Reads the given settings only (those the active checks need). */
  collectBucket(
    target: {
      bucket: string;
      partition: string;
      accountId: string;
      region: string;
    },
    settings: readonly BucketSetting[],
  ): Promise<BucketSnapshot>;
  collectAccount(accountId: string): Promise<AccountSnapshot>;
  /** The accounts the inventory lists (DESIGN §15). */
  accountIds(): Promise<string[]>;
  /** An account's `ListBuckets`, a page at a time; names as the server sent them. */
  listBuckets(accountId: string): AsyncIterable<ListedBucket[]>;
}

/**
 * What an AWS change event can have changed (DESIGN §16): these bucket settings (none for an
 * account-level change) and, when `account` is set, the account's data. The rest comes
 * from each bucket's stored snapshot and the whole bucket is evaluated again; a bucket
 * without a usable stored snapshot is read in full.
 */
export interface Reread {
  settings: readonly BucketSetting[];
  account: boolean;
}

/** Account snapshots of one refresh: each account is read once, shared by its buckets. */
export type AccountCache = Map<string, Promise<AccountSnapshot>>;

const BUCKET_FILTER = {
  kind: 'resource',
  'spec.type': S3_BUCKET_RESOURCE_TYPE,
};

/**
 * Locate → collect → evaluate → store, for one bucket or all of them, and the reads the
 * REST API serves: the only way to the store. The router decides who may see what.
 */
export class PostureService {
  constructor(
    private readonly options: {
      store: PostureStore;
      collector: PostureCollector;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      config: PostureConfig;
      /** Every check this backend runs; default: the built-in ones. */
      checks?: CheckCatalog;
      /**
       * Told of every new latest verdict this instance stores, with the one it replaced
       * (the owners' notifications). Its failures are logged, never the assessment's.
       */
      onAssessed?: (bucket: AssessedBucket) => Promise<void>;
      now?: () => Date;
    },
  ) {
    const now = () => this.now();
    this.inventory = new InventorySync({
      ...options,
      stopping: this.stopping.signal,
      now,
    });
    this.input = new InputCollector({ ...options, checks: this.checks, now });
  }

  private readonly inventory: InventorySync;
  private readonly input: InputCollector;

  /** Every check this backend runs, built-in and added by modules. */
  get checks(): CheckCatalog {
    return this.options.checks ?? CheckCatalog.builtIn;
  }

  /**
   * Goes up with every verdict this instance stores: answers derived from stored verdicts
   * may be cached under it. Verdicts stored by other instances do not count.
   */
  get revision(): number {
    return this.options.store.revision;
  }

  /** The configured profile and the checks it runs, at their configured severity. */
  activeChecks(): { profile: ProfileId; checks: ActiveCheck[] } {
    const { config } = this.options;
    return {
      profile: config.profile,
      checks: this.checks.resolveActiveChecks(
        config.profile,
        config.checkOverrides,
      ),
    };
  }

  /**
   * A page of stored buckets and how many match the other filters per status and
   * documented or not. Pages are kept per query and the counts per set of filters (one
   * grouped count serves every page, order and status or documented filter of it), each
   * for `accessCacheSeconds` and only until this instance stores a change (the store's
   * revision): a verdict stored here shows at once, one stored by another instance within
   * that time. Concurrent asks for the same answer share one database round.
   */
  async listBuckets(query: BucketQuery): Promise<BucketPage> {
    const { store } = this.options;
    const cache = this.listCache();
    const filters = listFilterKey(store.revision, query);
    const pageKey = `${filters}|${JSON.stringify([
      query.status?.length ? [...query.status].sort() : null,
      query.documented ?? null,
      query.orderBy ?? null,
      query.order ?? null,
      query.offset ?? 0,
      query.limit ?? null,
    ])}`;
    return remembered(cache?.pages, pageKey, async () => {
      const [items, groups] = await Promise.all([
        store.page(query),
        remembered(cache?.counts, filters, () => store.countGroups(query)),
      ]);
      return { items, ...countsOf(groups, query) };
    });
  }

  private lists?: {
    pages: LRUCache<string, Promise<BucketPage>>;
    counts: LRUCache<string, Promise<BucketCountGroup[]>>;
  } | null;

  /** The list caches; null when `accessCacheSeconds` is 0. */
  private listCache() {
    if (this.lists === undefined) {
      const ttl = this.options.config.accessCacheSeconds * 1000;
      this.lists =
        ttl > 0
          ? {
              pages: new LRUCache({ max: 500, ttl }),
              counts: new LRUCache({ max: 500, ttl }),
            }
          : null;
    }
    return this.lists;
  }

  /** An undocumented bucket's stored posture; a NotFoundError when there is none. */
  async inventoryPosture(inventoryRef: string): Promise<BucketRecord> {
    const record = parseInventoryRef(inventoryRef)
      ? await this.options.store.get(inventoryRef)
      : undefined;
    if (!record || record.documented) {
      throw new NotFoundError(
        `${inventoryRef} is not an undocumented bucket of the inventory`,
      );
    }
    return record;
  }

  /** Assesses an undocumented bucket now and returns its stored posture. */
  async assessInventoryNow(inventoryRef: string): Promise<BucketRecord> {
    const [identity] = await this.inventory.identities([inventoryRef]);
    if (!identity) {
      throw new NotFoundError(
        `${inventoryRef} is not an undocumented bucket of the inventory`,
      );
    }
    await this.assess(identity, new Map(), undefined, 'manual');
    const record = await this.options.store.get(inventoryRef);
    if (!record || record.documented) {
      throw new NotFoundError(
        `${inventoryRef} has left the inventory: the bucket no longer exists`,
      );
    }
    return record;
  }

  /** Every account the inventory lists, with its stored counts and latest listing. */
  inventoryAccounts(): Promise<{
    enabled: boolean;
    items: InventoryAccountRecord[];
  }> {
    return this.inventory.accounts();
  }

  /** The inventory's pass (DESIGN §15; InventorySync.sync). */
  syncInventory(options: { signal?: AbortSignal } = {}): Promise<{
    listed: number;
    undocumented: number;
    removed: number;
    failedAccounts: string[];
  }> {
    return this.inventory.sync(options);
  }

  /**
   * A change event says this bucket was created: when no stored doc describes it, it gets
   * an undocumented row, whose inventory ref is returned to be assessed.
   */
  addInventoryBucket(
    accountId: string,
    bucket: string,
  ): Promise<string | undefined> {
    return this.inventory.addBucket(accountId, bucket);
  }

  /** Undocumented buckets gone from AWS (a DeleteBucket event) leave the inventory. */
  removeInventoryBuckets(inventoryRefs: string[]): Promise<void> {
    return this.inventory.removeBuckets(inventoryRefs);
  }

  /** A bucket's stored posture; a NotFoundError saying why when there is none. */
  async bucketPosture(entity: Entity): Promise<BucketRecord> {
    const entityRef = stringifyEntityRef(entity);
    const record = await this.options.store.get(entityRef);
    if (record) return record;
    const read = readBucketIdentity(entity);
    if ('invalid' in read) {
      throw new NotFoundError(`${entityRef} is not assessed: ${read.invalid}`);
    }
    throw new NotFoundError(
      `${entityRef} has not been seen by the S3 posture plugin yet; it is assessed shortly after it appears in the catalog`,
    );
  }

  /**
   * A bucket's past statuses and scores, newest first, as many as configured; by entity
   * ref, or by inventory ref for an undocumented bucket.
   */
  history(entityRef: string): Promise<HistoryEntry[]> {
    return this.options.store.history(
      entityRef,
      this.options.config.historyLimit,
    );
  }

  /**
   * The buckets an entity's page rolls up, by ref, each with the entity refs through which
   * it is related (see `relatedBuckets`), from the catalog relations the caller can see;
   * whether the caller may read their posture is for the caller of this to decide.
   */
  relatedBuckets(
    entity: Entity,
    credentials: BackstageCredentials,
    options: { callerSeesAll: boolean },
  ): Promise<Map<string, string[]>> {
    return relatedBuckets(
      this.options.catalog,
      entity,
      credentials,
      options.callerSeesAll,
    );
  }

  /**
   * What the given buckets of an entity add up to, each with how it is related (`via`);
   * refs not stored are left out.
   */
  async rollUp(
    entityRef: string,
    bucketRefs: string[],
    via?: ReadonlyMap<string, string[]>,
  ): Promise<EntityRollUp> {
    // Refs that are not S3 bucket entities have no row in the store.
    return summarize(
      entityRef,
      await this.options.store.getMany(bucketRefs),
      via,
    );
  }

  /**
   * Brings the store in line with the catalog: new bucket entities get a row, removed ones
   * are forgotten. Returns the refs never assessed, so they can be assessed right away.
   */
  async discover(): Promise<string[]> {
    const { store, logger, config } = this.options;
    const entities = await this.bucketEntities();
    const identities = entities.flatMap(e => {
      const identity = bucketIdentityOf(e);
      if (!identity) {
        logger.warn(
          `${stringifyEntityRef(e)} names no valid S3 bucket; it is not assessed`,
        );
      }
      return identity ? [identity] : [];
    });
    const stored = await store.listRefs();
    const attempted = new Set(
      stored.filter(s => s.lastAttemptAt).map(s => s.entityRef),
    );
    const known = new Set(identities.map(i => i.entityRef));
    // A new doc for a bucket of the inventory takes its row over (verdict and history);
    // it is assessed again below, now with its doc.
    await store.upsertIdentities(identities, config.profile);
    // Undocumented rows are the inventory's, not the catalog's.
    const gone = stored
      .filter(s => s.documented && !known.has(s.entityRef))
      .map(s => s.entityRef);
    if (gone.length > 0) {
      await store.remove(gone);
    }
    const freshInventory = config.inventory.enabled
      ? stored
          .filter(s => !s.documented && !s.lastAttemptAt)
          .map(s => s.entityRef)
      : [];
    return [
      ...[...known].filter(ref => !attempted.has(ref)),
      ...freshInventory,
    ];
  }

  /**
   * The periodic full refresh: every bucket assessed before. Buckets never assessed are the
   * discover task's (`discover` then `refresh` of what it returns, every minute), so the two
   * scheduled tasks never assess one bucket at the same time, on one instance or several.
   */
  async refreshAll(
    options: {
      signal?: AbortSignal;
      /** Only the buckets it accepts (one shard of the refresh: refreshShards.ts). */
      only?: (entityRef: string) => boolean;
      /**
       * Skips buckets assessed (or attempted) this recently, e.g. by the discover task just
       * before the first scheduled pass after start-up, or by a change event. Default: 0.
       */
      skipAssessedWithinMs?: number;
    } = {},
  ): Promise<{ assessed: number; failed: number }> {
    const { only = () => true, skipAssessedWithinMs = 0, ...rest } = options;
    const recentSince = this.now().getTime() - skipAssessedWithinMs;
    let recent = 0;
    const due = (await this.options.store.listRefs()).filter(s => {
      if (!s.lastAttemptAt || !only(s.entityRef)) return false;
      if (!s.documented && !this.options.config.inventory.enabled) {
        return false;
      }
      if (
        skipAssessedWithinMs > 0 &&
        Date.parse(s.lastAttemptAt) > recentSince
      ) {
        recent++;
        return false;
      }
      return true;
    });
    const attempted = new Set(due.map(s => s.entityRef));
    if (recent > 0) {
      this.options.logger.info(
        `Full refresh: ${recent} S3 buckets assessed in the last ${Math.round(
          skipAssessedWithinMs / 1000,
        )} s are left out`,
      );
    }
    const entities = await this.bucketEntities();
    const identities = entities.flatMap(e => {
      const identity = bucketIdentityOf(e);
      return identity && attempted.has(identity.entityRef) ? [identity] : [];
    });
    const inventory = due.flatMap(s => {
      const identity = s.documented
        ? undefined
        : inventoryIdentity(s.entityRef, s.region);
      return identity ? [identity] : [];
    });
    return this.assessAll([...identities, ...inventory], {
      ...rest,
      trigger: 'scheduled',
    });
  }

  /**
   * Assesses the given buckets. Once `signal` aborts (the backend is stopping, or the
   * scheduled task ran out of time) no further bucket is started; those under way finish.
   */
  async refresh(
    entityRefs: string[],
    options: {
      signal?: AbortSignal;
      /**
       * Account data to use, by account id; the accounts read here are added to it (the
       * events subscriber reuses an account's data for bucket-level changes).
       */
      accounts?: AccountCache;
      reread?: Reread;
      /**
       * How the assessments were triggered, kept in the history: `scheduled` (default:
       * the discover task's first assessments) or `event: <eventName>, ...`.
       */
      trigger?: string;
    } = {},
  ): Promise<{ assessed: number; failed: number }> {
    const inventoryRefs = entityRefs.filter(r => parseInventoryRef(r));
    const docRefs = entityRefs.filter(r => !parseInventoryRef(r));
    const entities =
      docRefs.length > 0 ? await this.bucketEntities(docRefs) : [];
    return this.assessAll(
      [
        ...entities.flatMap(e => bucketIdentityOf(e) ?? []),
        ...(await this.inventory.identities(inventoryRefs)),
      ],
      { trigger: 'scheduled', ...options },
    );
  }

  /**
   * Stops the refreshes under way: they start no further bucket, and this resolves once the
   * buckets under way are stored. Called when the backend stops, before the scheduler and
   * the database shut down, so a stopped refresh ends cleanly and frees its task lock
   * instead of holding it until the task's timeout.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.running);
  }

  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  private async assessAll(
    identities: BucketIdentity[],
    options: {
      signal?: AbortSignal;
      accounts?: AccountCache;
      reread?: Reread;
      trigger?: string;
    },
  ): Promise<{ assessed: number; failed: number }> {
    const { config, logger } = this.options;
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.stopping.signal])
      : this.stopping.signal;
    const accounts: AccountCache = options.accounts ?? new Map();
    const limit = pLimit(config.refreshConcurrency);
    const started = Date.now();
    let assessed = 0;
    let failed = 0;
    const run = Promise.all(
      identities.map(identity =>
        limit(async () => {
          if (signal.aborted) return;
          if (
            await this.assess(
              identity,
              accounts,
              options.reread,
              options.trigger,
            )
          )
            assessed++;
          else failed++;
        }),
      ),
    );
    this.running.add(run);
    try {
      await run;
    } finally {
      this.running.delete(run);
    }
    const left = identities.length - assessed - failed;
    logger.info(
      `Assessed ${assessed} S3 buckets in ${Date.now() - started} ms, ${failed} could not be assessed${
        left > 0 ? `; stopped early, ${left} left for the next refresh` : ''
      }`,
    );
    return { assessed, failed };
  }

  /**
   * Assesses one bucket now and returns its stored posture; an InputError saying why when
   * the entity names no bucket that may be assessed.
   */
  async assessNow(entity: Entity): Promise<BucketRecord> {
    const identity = bucketIdentityOf(entity);
    if (identity) await this.assess(identity, new Map(), undefined, 'manual');
    const entityRef = stringifyEntityRef(entity);
    const record = await this.options.store.get(entityRef);
    if (record) return record;
    const read = readBucketIdentity(entity);
    throw new InputError(
      `${entityRef} cannot be assessed: ${
        'invalid' in read ? read.invalid : 'it names no valid S3 bucket'
      }`,
    );
  }

  /** Returns false when the bucket could not be assessed at all (the last verdicts stay, stale). */
  private async assess(
    identity: BucketIdentity,
    accounts: AccountCache,
    reread?: Reread,
    trigger?: string,
  ): Promise<boolean> {
    const { store, config, logger } = this.options;
    // An undocumented bucket's row is the listing's to add (and remove).
    if (identity.documented) {
      await store.upsertIdentities([identity], config.profile);
    }
    const now = this.now();
    try {
      const active = this.activeChecks().checks;
      const input = await this.input.collect(
        identity,
        accounts,
        active,
        reread,
      );
      const suggestions = identity.documented
        ? {}
        : await suggestionsFor(input.bucket, {
            ...this.options,
            ownerTagKeys: config.inventory.ownerTagKeys,
          });
      const checks = evaluatePosture(
        input,
        active,
        { ...config.settings, now },
        this.checks,
      );
      const status = computeStatus(checks);
      const score = computeScore(checks);
      const saved = await store.saveAssessment({
        identity,
        accountId: input.bucket.accountId,
        region: input.bucket.region,
        profile: config.profile,
        status,
        score,
        counts: countChecks(checks),
        checks,
        snapshot: input,
        checkedAt: now.toISOString(),
        trigger,
        ...suggestions,
      });
      if (saved.latest) {
        await this.assessed({
          entityRef: identity.entityRef,
          documented: identity.documented,
          bucket: identity.bucket,
          accountId: input.bucket.accountId,
          owners: identity.owners,
          previous: saved.previous,
          current: {
            status,
            score,
            failingChecks: failingChecks(checks),
            erroredChecks: checks
              .filter(c => c.status === 'error')
              .map(c => c.id),
          },
        });
      }
      return true;
    } catch (e) {
      const code = errorCode(e);
      const message = `${code}: ${e.message}`;
      if (this.stopping.signal.aborted) {
        // Cut short by the backend stopping (by then its catalog answers 503): that says
        // nothing about the bucket, so its stored verdict stays as it is, not stale.
        logger.info(
          `Assessment of ${identity.entityRef} cut short: ${message}`,
        );
        return false;
      }
      const error = { code, message: String(e.message ?? e) };
      if (code === 'NoSuchBucket' && !identity.documented) {
        // Deleted since it was listed: it leaves the inventory now, not at the next listing.
        logger.info(`${identity.entityRef} no longer exists; removed`);
        await store.remove([identity.entityRef]);
        return false;
      }
      logger.warn(
        `Could not assess ${identity.entityRef} (bucket ${identity.bucket}): ${message}`,
      );
      if (code === 'NoSuchBucket') {
        // A doc for a bucket that does not exist: no verdict to keep (DESIGN §15). When it
        // had one, its owners hear that it is gone.
        const previous = await store.markMissing(
          identity.entityRef,
          error,
          now.toISOString(),
        );
        if (previous) {
          await this.assessed({
            entityRef: identity.entityRef,
            documented: identity.documented,
            bucket: identity.bucket,
            accountId: identity.accountId,
            owners: identity.owners,
            previous,
            current: {
              status: 'unknown',
              failingChecks: [],
              erroredChecks: [],
              missing: error,
            },
          });
        }
      } else {
        await store.markFailed(identity.entityRef, error, now.toISOString());
      }
      return false;
    }
  }

  /** Hands a new verdict to `onAssessed` (notifications); its failure fails nothing. */
  private async assessed(bucket: AssessedBucket): Promise<void> {
    await this.options
      .onAssessed?.(bucket)
      .catch(e =>
        this.options.logger.warn(`After assessing ${bucket.entityRef}: ${e}`),
      );
  }

  private async bucketEntities(entityRefs?: string[]): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    if (entityRefs) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs },
        { credentials },
      );
      return items.filter((e): e is Entity => Boolean(e));
    }
    const entities: Entity[] = [];
    for await (const page of catalog.streamEntities(
      { filter: BUCKET_FILTER },
      { credentials },
    )) {
      entities.push(...page);
    }
    return entities;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/**
 * What a list's counts depend on: the store's revision and every filter but status and
 * documented (those are counted by). Refs lists are keyed by a digest, computed once per
 * list (the access cache hands the same array to a caller's requests).
 */
function listFilterKey(revision: number, query: BucketQuery): string {
  return JSON.stringify([
    revision,
    query.refs ? refsDigest(query.refs) : null,
    query.inventory ?? false,
    query.q ?? null,
    query.owner ?? null,
    query.service ?? null,
    query.account ?? null,
    query.region ?? null,
  ]);
}

const refsDigests = new WeakMap<string[], string>();

function refsDigest(refs: string[]): string {
  let digest = refsDigests.get(refs);
  if (!digest) {
    digest = createHash('sha256').update(refs.join('\n')).digest('base64');
    refsDigests.set(refs, digest);
  }
  return digest;
}

/** The cached answer for `key`, or `compute`'s (kept; dropped again if it fails). */
function remembered<T>(
  cache: LRUCache<string, Promise<T>> | undefined,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  if (!cache) return compute();
  let answer = cache.get(key);
  if (!answer) {
    answer = compute();
    cache.set(key, answer);
    answer.catch(() => {
      if (cache.get(key) === answer) cache.delete(key);
    });
  }
  return answer;
}
