import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { AccountSnapshot } from '@s3-posture/plugin-s3-node';
import { Reread } from '../posture/service/PostureService';
import { BucketPage, BucketQuery } from '../posture/service/types';
import { settingsChangedBy } from './changedSettings';
import { Coalescer } from './Coalescer';
import { PostureEventsConfig } from './config';
import { PostureEvent, parsePostureEvent } from './envelope';

/** What the subscriber needs of the posture service. */
export interface PostureEventTarget {
  listBuckets(query: BucketQuery): Promise<BucketPage>;
  refresh(
    entityRefs: string[],
    options?: {
      signal?: AbortSignal;
      accounts?: Map<string, Promise<AccountSnapshot>>;
      reread?: Reread;
      trigger?: string;
    },
  ): Promise<{ assessed: number; failed: number }>;
  /** CreateBucket of a bucket no doc describes: its undocumented row, to assess. */
  addInventoryBucket(
    accountId: string,
    bucket: string,
  ): Promise<string | undefined>;
  /** DeleteBucket of undocumented buckets: they leave the inventory. */
  removeInventoryBuckets(inventoryRefs: string[]): Promise<void>;
}

/** What the subscriber did with one event (returned for tests; logged as it happens). */
export type EventOutcome =
  | 'bucket'
  | 'account'
  | 'coalesced'
  | 'ignored'
  | 'malformed'
  | 'foreign-account';

const PAGE = 500;

/**
 * Re-assesses buckets when AWS says they changed (DESIGN §16): listens on the configured
 * events topic for EventBridge envelopes of CloudTrail management events. Bucket writes
 * re-assess that bucket, account-level S3 and IAM changes every bucket of the account;
 * bursts are coalesced (per bucket, per account), failed and read-only calls ignored,
 * events of accounts the plugin does not know dropped, malformed events logged once per
 * kind. Nothing an event holds can stop the subscriber.
 */
export class PostureEventSubscriber {
  private readonly buckets: Coalescer;
  private readonly accounts: Coalescer;
  /** Event names seen per pending key, for the log line of the run. */
  private readonly reasons = new Map<string, Set<string>>();
  private readonly warned = new Set<string>();
  private readonly stopping = new AbortController();
  private readonly configured: Set<string>;
  /** Account data read by event-driven assessments, reused by bucket-level changes. */
  private readonly accountData = new Map<
    string,
    { at: number; snapshot: Promise<AccountSnapshot> }
  >();

  constructor(
    private readonly options: {
      service: PostureEventTarget;
      logger: LoggerService;
      config: PostureEventsConfig;
      /** `aws.accounts[].accountId`: accounts known before any bucket is stored. */
      configuredAccounts: string[];
    },
  ) {
    this.configured = new Set(options.configuredAccounts);
    const onError = (key: string, error: Error) =>
      options.logger.warn(
        `Re-assessment of ${key} after an AWS change event failed: ${error}`,
      );
    this.buckets = new Coalescer({
      windowMs: options.config.coalesceMs,
      run: key => this.reassessBucket(key),
      onError,
    });
    this.accounts = new Coalescer({
      windowMs: options.config.accountCoalesceMs,
      run: key => this.reassessAccount(key),
      onError,
    });
  }

  /** Subscribes to the configured topic. */
  async subscribe(events: EventsService): Promise<void> {
    await events.subscribe({
      id: 's3-posture',
      topics: [this.options.config.topic],
      onEvent: params => this.onEvent(params).then(() => undefined),
    });
  }

  /** Handles one published event; never throws. */
  async onEvent(params: EventParams): Promise<EventOutcome> {
    const { logger } = this.options;
    try {
      const event = parsePostureEvent(params.eventPayload);
      return await this.handle(event);
    } catch (e) {
      // Only a bug (or a store failure) gets here; the subscriber carries on.
      this.warnOnce(
        `handling failed: ${e.name ?? 'Error'}`,
        `An AWS change event could not be handled: ${e}`,
      );
      logger.debug(`AWS change event could not be handled: ${e}`);
      return 'malformed';
    }
  }

  /** Resolves once no re-assessment is pending or under way. */
  async idle(): Promise<void> {
    await Promise.all([this.buckets.idle(), this.accounts.idle()]);
  }

  /** Drops pending re-assessments; those under way stop starting buckets and finish. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all([this.buckets.stop(), this.accounts.stop()]);
  }

  private async handle(event: PostureEvent): Promise<EventOutcome> {
    const { logger } = this.options;
    switch (event.kind) {
      case 'malformed':
        this.warnOnce(
          event.problem,
          `Dropped a malformed AWS change event: ${event.problem} (further events with this problem are logged at debug level)`,
        );
        logger.debug(`Dropped a malformed AWS change event: ${event.detail}`);
        return 'malformed';
      case 'ignored':
        logger.debug(`Ignored an AWS change event: ${event.reason}`);
        return 'ignored';
      default:
        break;
    }
    if (!(await this.knowsAccount(event.accountId))) {
      logger.debug(
        `Dropped ${event.eventName} of account ${event.accountId}: the account is not configured (aws.accounts) and holds no assessed bucket`,
      );
      return 'foreign-account';
    }
    const key =
      event.kind === 'bucket'
        ? `${event.accountId}/${event.bucket}`
        : event.accountId;
    const reasons = this.reasons.get(key) ?? new Set();
    reasons.add(event.eventName);
    this.reasons.set(key, reasons);
    const queued =
      event.kind === 'bucket' ? this.buckets.add(key) : this.accounts.add(key);
    return queued ? event.kind : 'coalesced';
  }

  private async knowsAccount(accountId: string): Promise<boolean> {
    if (this.configured.has(accountId)) return true;
    // Buckets located in an account (the main account, accounts reached through
    // aws.accountDefaults) are stored with it.
    const page = await this.options.service.listBuckets({
      account: accountId,
      inventory: true,
      limit: 1,
    });
    return page.totalCount > 0;
  }

  private takeReasons(key: string): string[] {
    const reasons = [...(this.reasons.get(key) ?? [])];
    this.reasons.delete(key);
    return reasons;
  }

  private async reassessBucket(key: string): Promise<void> {
    const { service, logger } = this.options;
    const [accountId, bucket] = key.split('/');
    const eventNames = this.takeReasons(key);
    const reasons = eventNames.join(', ');
    // Bucket names are unique within a partition: every doc naming this bucket is it, and
    // so is its undocumented row (DESIGN §15).
    const items = await this.collectItems(
      { q: bucket, inventory: true },
      item => item.bucket === bucket,
    );
    let refs = items.map(i => i.entityRef);
    const created = eventNames.includes('CreateBucket');
    if (eventNames.includes('DeleteBucket') && !created) {
      // Gone from AWS: an undocumented bucket leaves the inventory; a documented one is
      // assessed, and found missing.
      const undocumented = items
        .filter(i => !i.documented)
        .map(i => i.entityRef);
      await service.removeInventoryBuckets(undocumented);
      refs = items.filter(i => i.documented).map(i => i.entityRef);
      if (undocumented.length > 0) {
        logger.info(
          `${undocumented.join(', ')} left the inventory after ${reasons}`,
        );
      }
    } else if (refs.length === 0 && created) {
      const added = await service.addInventoryBucket(accountId, bucket);
      if (added) refs = [added];
    }
    if (refs.length === 0) {
      logger.debug(
        `AWS change event (${reasons}) for bucket ${bucket} of account ${accountId}: no bucket doc in the catalog names it, and the inventory holds no such bucket`,
      );
      return;
    }
    const started = Date.now();
    // A bucket write cannot change the account's data: reuse it while it is recent.
    const accounts = this.recentAccountData();
    // Only what the calls can have changed is read again (all of it after CreateBucket,
    // DeleteBucket or a call not known); the rest comes from the stored snapshot.
    const settings = settingsChangedBy(eventNames);
    const result = await service.refresh(refs, {
      signal: this.stopping.signal,
      accounts,
      reread: settings ? { settings, account: false } : undefined,
      trigger: `event: ${reasons}`,
    });
    this.keepAccountData(accounts);
    logger.info(
      `Re-assessed ${refs.join(', ')} after ${reasons} in ${Date.now() - started} ms${
        result.failed > 0 ? ' (could not be assessed; see above)' : ''
      }`,
    );
  }

  private async reassessAccount(accountId: string): Promise<void> {
    const { service, logger } = this.options;
    const reasons = this.takeReasons(accountId).join(', ');
    const refs = (
      await this.collectItems(
        { account: accountId, inventory: true },
        () => true,
      )
    ).map(i => i.entityRef);
    if (refs.length === 0) {
      logger.debug(
        `AWS change event (${reasons}) for account ${accountId}: no assessed bucket is in it`,
      );
      return;
    }
    const started = Date.now();
    // One pass: the account's data is read again, once, and shared by its buckets, which
    // are evaluated again from their stored snapshots (a bucket without one is read, the
    // refresh concurrency and the per-account AWS limits pacing the calls).
    this.accountData.delete(accountId);
    const accounts = new Map<string, Promise<AccountSnapshot>>();
    const result = await service.refresh(refs, {
      signal: this.stopping.signal,
      accounts,
      reread: { settings: [], account: true },
      trigger: `event: ${reasons}`,
    });
    this.keepAccountData(accounts);
    logger.info(
      `Re-assessed the ${refs.length} buckets of account ${accountId} after ${reasons} in ${
        Date.now() - started
      } ms: ${result.assessed} assessed, ${result.failed} could not be assessed`,
    );
  }

  private async collectItems(
    query: BucketQuery,
    keep: (item: BucketPage['items'][number]) => boolean,
  ): Promise<BucketPage['items']> {
    const items: BucketPage['items'] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.options.service.listBuckets({
        ...query,
        offset,
        limit: PAGE,
      });
      items.push(...page.items.filter(keep));
      if (page.items.length < PAGE) return items;
    }
  }

  private recentAccountData(): Map<string, Promise<AccountSnapshot>> {
    const now = Date.now();
    const recent = new Map<string, Promise<AccountSnapshot>>();
    for (const [accountId, entry] of this.accountData) {
      if (now - entry.at < this.options.config.accountDataMs) {
        recent.set(accountId, entry.snapshot);
      } else {
        this.accountData.delete(accountId);
      }
    }
    return recent;
  }

  private keepAccountData(
    accounts: Map<string, Promise<AccountSnapshot>>,
  ): void {
    if (this.options.config.accountDataMs <= 0) return;
    for (const [accountId, snapshot] of accounts) {
      if (this.accountData.get(accountId)?.snapshot === snapshot) continue;
      this.accountData.set(accountId, { at: Date.now(), snapshot });
      // A failed read is not reused: the next change reads again.
      snapshot.catch(() => {
        if (this.accountData.get(accountId)?.snapshot === snapshot) {
          this.accountData.delete(accountId);
        }
      });
    }
  }

  private warnOnce(kind: string, message: string): void {
    if (this.warned.has(kind)) return;
    this.warned.add(kind);
    this.options.logger.warn(message);
  }
}
