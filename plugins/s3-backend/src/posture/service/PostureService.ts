import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActiveCheck,
  S3_BUCKET_RESOURCE_TYPE,
  computeScore,
  computeStatus,
  countChecks,
  parseS3Arn,
  resolveActiveChecks,
} from '@s3-posture/plugin-s3-common';
import pLimit from 'p-limit';
import { PostureConfig } from '../config';
import { evaluatePosture } from '../evaluate/evaluatePosture';
import { settingsReadBy } from '../evaluate/settingsRead';
import {
  AccountSnapshot,
  BucketSetting,
  BucketSnapshot,
  PostureInput,
} from '../snapshot';
import {
  BucketIdentity,
  BucketRecord,
  PostureStore,
} from '../store/PostureStore';
import { bucketIdentityOf } from './bucketIdentity';

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
}

/** Account snapshots of one refresh: each account is read once, shared by its buckets. */
type AccountCache = Map<string, Promise<AccountSnapshot>>;

const BUCKET_FILTER = {
  kind: 'resource',
  'spec.type': S3_BUCKET_RESOURCE_TYPE,
};

/**
 * Locate → collect → evaluate → store, for one bucket or all of them. Reads go to
 * the store; the router decides who may see what.
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
      now?: () => Date;
    },
  ) {}

  get store(): PostureStore {
    return this.options.store;
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
    await store.upsertIdentities(identities, config.profile);
    const gone = stored.map(s => s.entityRef).filter(ref => !known.has(ref));
    if (gone.length > 0) {
      await store.remove(gone);
    }
    return [...known].filter(ref => !attempted.has(ref));
  }

  /**
   * The periodic full refresh: every bucket assessed before. Buckets never assessed are the
   * discover task's (`discover` then `refresh` of what it returns, every minute), so the two
   * scheduled tasks never assess one bucket at the same time, on one instance or several.
   */
  async refreshAll(
    options: { signal?: AbortSignal } = {},
  ): Promise<{ assessed: number; failed: number }> {
    const attempted = new Set(
      (await this.options.store.listRefs())
        .filter(s => s.lastAttemptAt)
        .map(s => s.entityRef),
    );
    const entities = await this.bucketEntities();
    return this.assessAll(
      entities.filter(e => attempted.has(stringifyEntityRef(e))),
      options,
    );
  }

  /**
   * Assesses the given buckets. Once `signal` aborts (the backend is stopping, or the
   * scheduled task ran out of time) no further bucket is started; those under way finish.
   */
  async refresh(
    entityRefs: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<{ assessed: number; failed: number }> {
    return this.assessAll(await this.bucketEntities(entityRefs), options);
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
    entities: Entity[],
    options: { signal?: AbortSignal },
  ): Promise<{ assessed: number; failed: number }> {
    const { config, logger } = this.options;
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.stopping.signal])
      : this.stopping.signal;
    const accounts: AccountCache = new Map();
    const limit = pLimit(config.refreshConcurrency);
    const started = Date.now();
    let assessed = 0;
    let failed = 0;
    const run = Promise.all(
      entities.map(entity =>
        limit(async () => {
          if (signal.aborted) return;
          if (await this.assessEntity(entity, accounts)) assessed++;
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
    const left = entities.length - assessed - failed;
    logger.info(
      `Assessed ${assessed} S3 buckets in ${Date.now() - started} ms, ${failed} could not be assessed${
        left > 0 ? `; stopped early, ${left} left for the next refresh` : ''
      }`,
    );
    return { assessed, failed };
  }

  /** Assesses one bucket now and returns its stored posture. */
  async assessNow(entity: Entity): Promise<BucketRecord | undefined> {
    await this.assessEntity(entity, new Map());
    return this.options.store.get(stringifyEntityRef(entity));
  }

  /** Returns false when the bucket could not be assessed at all (the last verdicts stay, stale). */
  private async assessEntity(
    entity: Entity,
    accounts: AccountCache,
  ): Promise<boolean> {
    const { store, config, logger } = this.options;
    const identity = bucketIdentityOf(entity);
    if (!identity) return false;
    await store.upsertIdentities([identity], config.profile);
    const now = this.now();
    try {
      const active = resolveActiveChecks(config.profile, config.checkOverrides);
      const input = await this.collect(identity, accounts, active);
      const checks = evaluatePosture(input, active, {
        ...config.settings,
        now,
      });
      await store.saveAssessment({
        identity,
        accountId: input.bucket.accountId,
        region: input.bucket.region,
        profile: config.profile,
        status: computeStatus(checks),
        score: computeScore(checks),
        counts: countChecks(checks),
        checks,
        snapshot: input,
        checkedAt: now.toISOString(),
      });
      return true;
    } catch (e) {
      const message = `${e.name ?? 'Error'}: ${e.message}`;
      if (this.stopping.signal.aborted) {
        // Cut short by the backend stopping (by then its catalog answers 503): that says
        // nothing about the bucket, so its stored verdict stays as it is, not stale.
        logger.info(
          `Assessment of ${identity.entityRef} cut short: ${message}`,
        );
        return false;
      }
      logger.warn(
        `Could not assess ${identity.entityRef} (bucket ${identity.bucket}): ${message}`,
      );
      await store.markFailed(identity.entityRef, message, now.toISOString());
      return false;
    }
  }

  private async collect(
    identity: BucketIdentity,
    accounts: AccountCache,
    active: ActiveCheck[],
  ): Promise<PostureInput> {
    const { collector } = this.options;
    const { accountId, region } = await collector.locate(
      identity.bucket,
      identity.accountId,
    );
    const parsed = parseS3Arn(identity.arn);
    const partition = parsed.ok ? parsed.arn.partition : 'aws';
    let account = accounts.get(accountId);
    if (!account) {
      account = collector.collectAccount(accountId);
      accounts.set(accountId, account);
    }
    const parts = [
      collector.collectBucket(
        { bucket: identity.bucket, partition, accountId, region },
        settingsReadBy(active),
      ),
      account,
      this.ownersInCatalog(identity.owners),
    ] as const;
    // Every part ends before the assessment does, even when one fails: a failed catalog
    // lookup must not leave AWS calls running after a stopped refresh has returned.
    await Promise.allSettled(parts);
    const [bucket, accountSnapshot, owners] = await Promise.all(parts);
    return {
      bucket,
      account: accountSnapshot,
      doc: { documentedAccountId: identity.accountId, owners },
    };
  }

  private async ownersInCatalog(
    refs: string[],
  ): Promise<Array<{ ref: string; exists: boolean }>> {
    const { catalog } = this.options;
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return refs.map((ref, i) => ({ ref, exists: Boolean(items[i]) }));
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
