import { BucketError, ProfileId } from '@s3-posture/plugin-s3-common';
import { Knex } from 'knex';
import { InventoryAccountRecord } from '../service/types';
import { InventoryBucket } from './PostureStore';
import { EMPTY_COUNTS, whereInChunks } from './rows';

/** Rows written per insert: SQLite caps the values of one statement. */
const INSERT_BATCH = 100;

/**
 * The inventory's part of the posture tables (DESIGN §15): undocumented buckets' rows, as
 * each account's listing adds and sweeps them, and each account's latest listing.
 * {@link DatabasePostureStore} serves these through {@link PostureStore}.
 */
export class InventoryRows {
  constructor(private readonly knex: Knex) {}

  /**
   * Of the given bucket names, those a stored doc describes (in any account: bucket names
   * are global).
   */
  async documentedBuckets(names: string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const builder = this.knex('s3_bucket_posture')
      .distinct('bucket')
      .where('documented', true);
    whereInChunks(builder, 'bucket', names);
    return new Set((await builder).map(r => r.bucket));
  }

  /**
   * One page of an account's listing: every bucket gets an undocumented row (status
   * `unknown` until assessed) or, when it has one, is marked seen by this listing.
   */
  async upsertInventory(
    accountId: string,
    buckets: InventoryBucket[],
    seenAt: string,
    profile: ProfileId,
  ): Promise<void> {
    for (let i = 0; i < buckets.length; i += INSERT_BATCH) {
      const rows = buckets.slice(i, i + INSERT_BATCH).map(b => ({
        entity_ref: b.inventoryRef,
        bucket: b.bucket,
        arn: `arn:aws:s3:::${b.bucket}`,
        account_id: accountId,
        region: b.region ?? null,
        profile,
        status: 'unknown',
        counts: JSON.stringify(EMPTY_COUNTS),
        checks: '[]',
        failing_checks: '[]',
        stale: false,
        documented: false,
        inventory_seen_at: seenAt,
      }));
      await this.knex('s3_bucket_posture')
        .insert(rows)
        .onConflict('entity_ref')
        .merge(['inventory_seen_at']);
    }
  }

  /**
   * Removes the account's undocumented buckets not seen by the listing that started at
   * `listedSince` (gone from AWS), with their history. Returns how many went.
   */
  async sweepInventory(
    accountId: string,
    listedSince: string,
  ): Promise<number> {
    const gone = () =>
      this.knex('s3_bucket_posture')
        .select('entity_ref')
        .where({ account_id: accountId, documented: false })
        .where(old =>
          old
            .whereNull('inventory_seen_at')
            .orWhere('inventory_seen_at', '<', listedSince),
        );
    return this.removeWhere(gone);
  }

  /** Removes every undocumented bucket (the inventory was turned off). */
  async removeUndocumented(): Promise<number> {
    return this.removeWhere(() =>
      this.knex('s3_bucket_posture')
        .select('entity_ref')
        .where({ documented: false }),
    );
  }

  private async removeWhere(refs: () => Knex.QueryBuilder): Promise<number> {
    const removed = await this.knex.transaction(async tx => {
      await tx('s3_posture_history').whereIn('entity_ref', refs()).delete();
      await tx('s3_bucket_owner').whereIn('entity_ref', refs()).delete();
      return tx('s3_bucket_posture').whereIn('entity_ref', refs()).delete();
    });
    return Number(removed);
  }

  /** Records what an account's `ListBuckets` answered. */
  async recordListing(
    accountId: string,
    outcome: { listedAt: string; bucketCount: number } | { error: BucketError },
  ): Promise<void> {
    const row =
      'error' in outcome
        ? {
            list_error_code: outcome.error.code.slice(0, 64),
            list_error_message: outcome.error.message.slice(0, 2000),
            list_error_at: outcome.error.at,
          }
        : {
            listed_at: outcome.listedAt,
            bucket_count: outcome.bucketCount,
            list_error_code: null,
            list_error_message: null,
            list_error_at: null,
          };
    await this.knex('s3_inventory_account')
      .insert({ account_id: accountId, ...row })
      .onConflict('account_id')
      .merge(Object.keys(row));
  }

  /**
   * Each given account with its stored buckets (documented or not), undocumented and
   * non-compliant ones, and its latest listing.
   */
  async inventoryAccounts(
    accountIds: string[],
  ): Promise<InventoryAccountRecord[]> {
    const counts = new Map<
      string,
      { buckets: number; undocumented: number; nonCompliant: number }
    >();
    const rows = await this.knex('s3_bucket_posture')
      .select('account_id', 'documented', 'status')
      .count({ count: '*' })
      .whereNotNull('account_id')
      .groupBy('account_id', 'documented', 'status');
    for (const row of rows as Array<{
      account_id: string;
      documented: boolean | number;
      status: string;
      count: string | number;
    }>) {
      const n = Number(row.count);
      const c = counts.get(row.account_id) ?? {
        buckets: 0,
        undocumented: 0,
        nonCompliant: 0,
      };
      c.buckets += n;
      if (!row.documented) c.undocumented += n;
      if (row.status === 'non-compliant') c.nonCompliant += n;
      counts.set(row.account_id, c);
    }
    const listings = new Map(
      (await this.knex('s3_inventory_account').select()).map(r => [
        r.account_id as string,
        r,
      ]),
    );
    return [...new Set(accountIds)].sort().map(accountId => {
      const listing = listings.get(accountId);
      return {
        accountId,
        ...(counts.get(accountId) ?? {
          buckets: 0,
          undocumented: 0,
          nonCompliant: 0,
        }),
        ...(listing?.listed_at ? { listedAt: listing.listed_at } : {}),
        ...(listing?.list_error_code
          ? {
              listError: {
                code: listing.list_error_code,
                message: listing.list_error_message ?? '',
                at: listing.list_error_at ?? '',
              },
            }
          : {}),
      };
    });
  }
}
