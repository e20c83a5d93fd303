import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ActiveCheck, parseS3Arn } from '@s3-posture/plugin-s3-common';
import {
  BucketSetting,
  BucketSnapshot,
  PostureInput,
} from '@s3-posture/plugin-s3-node';
import { PostureConfig } from '../config';
import { CheckCatalog } from '../evaluate/CheckCatalog';
import { PostureStore } from '../store/PostureStore';
import type { AccountCache, PostureCollector, Reread } from './PostureService';
import { BucketIdentity } from './types';

/**
 * What one assessment evaluates (DESIGN §4): the bucket's settings the active checks read,
 * its account's data and whether its owners are in the catalog. Read from AWS, or after a
 * change event partly taken from the bucket's stored snapshot.
 */
export class InputCollector {
  constructor(
    private readonly options: {
      store: PostureStore;
      collector: PostureCollector;
      catalog: CatalogService;
      auth: AuthService;
      config: PostureConfig;
      checks: CheckCatalog;
      now: () => Date;
    },
  ) {}

  async collect(
    identity: BucketIdentity,
    accounts: AccountCache,
    active: ActiveCheck[],
    reread?: Reread,
  ): Promise<PostureInput> {
    const { collector } = this.options;
    const needed = this.settingsNeeded(identity, active);
    const stored = reread
      ? await this.storedSnapshot(identity, needed)
      : undefined;
    if (stored && reread) {
      return this.collectChanged(identity, accounts, stored, needed, reread);
    }
    // An undocumented bucket's account and region come from its account's listing.
    const { accountId, region } =
      !identity.documented && identity.accountId && identity.region
        ? { accountId: identity.accountId, region: identity.region }
        : await collector.locate(identity.bucket, identity.accountId);
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
        needed,
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
      doc: {
        documentedAccountId: identity.documented
          ? identity.accountId
          : undefined,
        owners,
      },
    };
  }

  /**
   * The bucket's stored snapshot when an assessment may build on it: stored under the
   * active profile, by a successful assessment (not stale), of this bucket in the account
   * its doc names, and holding every setting the active checks read. Stored snapshots are
   * JSON: they hold no Date and no undefined value, and a setting never read is missing
   * (`notRead`), so a setting present in one was read.
   */
  private async storedSnapshot(
    identity: BucketIdentity,
    needed: readonly BucketSetting[],
  ): Promise<PostureInput | undefined> {
    const record = await this.options.store.get(identity.entityRef);
    if (
      !record ||
      record.stale ||
      record.profile !== this.options.config.profile
    )
      return undefined;
    const input = record.snapshot as Partial<PostureInput> | undefined;
    const bucket = input?.bucket as Partial<BucketSnapshot> | undefined;
    if (
      !input?.account ||
      !bucket ||
      bucket.bucket !== identity.bucket ||
      typeof bucket.accountId !== 'string' ||
      typeof bucket.region !== 'string' ||
      (identity.accountId && bucket.accountId !== identity.accountId) ||
      input.account.accountId !== bucket.accountId ||
      !bucket.replicationDestinationRegions
    ) {
      return undefined;
    }
    const hasAll = needed.every(s => {
      const value = bucket[s] as { status?: unknown } | undefined;
      return typeof value?.status === 'string';
    });
    return hasAll ? (input as PostureInput) : undefined;
  }

  /**
   * An assessment after a change event: reads only the settings the event can have changed
   * (and the active checks need), takes the rest of the bucket from its stored snapshot,
   * and the account data from `accounts` (an account-level change read it again) or else
   * from the stored snapshot (a bucket write cannot change it).
   */
  private async collectChanged(
    identity: BucketIdentity,
    accounts: AccountCache,
    stored: PostureInput,
    needed: readonly BucketSetting[],
    reread: Reread,
  ): Promise<PostureInput> {
    const { collector } = this.options;
    const previous = stored.bucket;
    const toRead = needed.filter(s => reread.settings.includes(s));
    let account = accounts.get(previous.accountId);
    if (!account && reread.account) {
      account = collector.collectAccount(previous.accountId);
      accounts.set(previous.accountId, account);
    }
    const parts = [
      toRead.length > 0
        ? collector.collectBucket(
            {
              bucket: previous.bucket,
              partition: previous.partition,
              accountId: previous.accountId,
              region: previous.region,
            },
            toRead,
          )
        : Promise.resolve(undefined),
      account ?? Promise.resolve(stored.account),
      this.ownersInCatalog(identity.owners),
    ] as const;
    await Promise.allSettled(parts);
    const [fresh, accountSnapshot, owners] = await Promise.all(parts);
    const bucket: BucketSnapshot = {
      ...previous,
      region: fresh?.region ?? previous.region,
      collectedAt: fresh?.collectedAt ?? this.options.now().toISOString(),
    };
    if (fresh) {
      const settings = bucket as unknown as Record<BucketSetting, unknown>;
      for (const s of toRead) settings[s] = fresh[s];
      if (toRead.includes('replication')) {
        bucket.replicationDestinationRegions =
          fresh.replicationDestinationRegions;
      }
    }
    return {
      bucket,
      account: accountSnapshot,
      doc: {
        documentedAccountId: identity.documented
          ? identity.accountId
          : undefined,
        owners,
      },
    };
  }

  /** The settings the active checks read, and an undocumented bucket's tags (suggestions). */
  private settingsNeeded(
    identity: BucketIdentity,
    active: ActiveCheck[],
  ): BucketSetting[] {
    const needed = [...this.options.checks.settingsReadBy(active)];
    if (!identity.documented && !needed.includes('tagging')) {
      needed.push('tagging');
    }
    return needed;
  }

  private async ownersInCatalog(
    refs: string[],
  ): Promise<Array<{ ref: string; exists: boolean }>> {
    if (refs.length === 0) return [];
    const { catalog, auth } = this.options;
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return refs.map((ref, i) => ({ ref, exists: Boolean(items[i]) }));
  }
}
