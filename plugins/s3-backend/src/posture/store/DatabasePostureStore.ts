import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  BucketError,
  CheckResult,
  FailingCheck,
  PostureStatus,
  ProfileId,
  failingChecks,
} from '@s3-posture/plugin-s3-common';
import { Knex } from 'knex';
import {
  Assessment,
  BucketIdentity,
  BucketQuery,
  BucketRecord,
  BucketSummaryRecord,
  HistoryEntry,
  InventoryAccountRecord,
  PreviousVerdict,
  SavedAssessment,
} from '../service/types';
import { InventoryRows } from './InventoryRows';
import { BucketCountGroup, countsOf } from './listCounts';
import { migrate } from './migrate';
import { InventoryBucket, PostureStore, StoredRef } from './PostureStore';
import { EMPTY_COUNTS, whereInChunks } from './rows';

/**
 * What lists and roll-ups read: neither `snapshot`, the raw AWS configuration, nor `checks`,
 * the largest columns, which only a single bucket's posture needs.
 */
const SUMMARY_COLUMNS = [
  'entity_ref',
  'title',
  'bucket',
  'arn',
  'account_id',
  'region',
  'service_ref',
  'profile',
  'status',
  'score',
  'counts',
  'failing_checks',
  'checked_at',
  'stale',
  'last_error',
  'last_error_code',
  'last_attempt_at',
  'documented',
  'suggested_owners',
  'suggested_service',
];

/** Bucket posture in the plugin's database (SQLite or PostgreSQL). */
export class DatabasePostureStore implements PostureStore {
  static async create(options: {
    database: DatabaseService;
    historyLimit: number;
  }): Promise<DatabasePostureStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrate(knex);
    }
    return new DatabasePostureStore(knex, options.historyLimit);
  }

  private readonly inventory: InventoryRows;

  private constructor(
    private readonly knex: Knex,
    private readonly historyLimit: number,
  ) {
    this.inventory = new InventoryRows(knex);
  }

  private changes = 0;

  /**
   * Goes up with every change this instance writes: answers derived from stored verdicts
   * may be cached under it. Changes written by other instances do not count.
   */
  get revision(): number {
    return this.changes;
  }

  /**
   * Makes sure every bucket the catalog knows has a row (status `unknown` until first
   * assessed) and that its identity is current. Verdicts are left as they are.
   */
  async upsertIdentities(
    identities: BucketIdentity[],
    profile: ProfileId,
  ): Promise<string[]> {
    const adopted: string[] = [];
    for (const identity of identities) {
      await this.knex.transaction(async tx => {
        const existing = await tx('s3_bucket_posture')
          .where({ entity_ref: identity.entityRef })
          .first('entity_ref', 'checked_at');
        const row = {
          title: identity.title ?? null,
          bucket: identity.bucket,
          arn: identity.arn,
          service_ref: identity.service ?? null,
        };
        if (existing) {
          await tx('s3_bucket_posture')
            .where({ entity_ref: identity.entityRef })
            .update(
              existing.checked_at
                ? row
                : { ...row, account_id: identity.accountId ?? null },
            );
        } else if (
          identity.documented &&
          (await adoptUndocumented(tx, identity, row))
        ) {
          adopted.push(identity.entityRef);
        } else {
          // Another instance may insert the same new bucket at the same moment.
          await tx('s3_bucket_posture')
            .insert({
              ...row,
              entity_ref: identity.entityRef,
              account_id: identity.accountId ?? null,
              region: identity.region ?? null,
              profile,
              status: 'unknown',
              counts: JSON.stringify(EMPTY_COUNTS),
              checks: '[]',
              failing_checks: '[]',
              stale: false,
              documented: identity.documented,
            })
            .onConflict('entity_ref')
            .ignore();
        }
        await replaceOwners(tx, identity.entityRef, identity.owners);
      });
    }
    this.changes++;
    return adopted;
  }

  /**
   * Stores a finished assessment, appends it to the history and trims the history, in one
   * transaction. When two assessments of a bucket overlap (e.g. refreshes requested on two
   * instances at once), both enter the history and the newer one stays the latest verdict.
   */
  async saveAssessment(a: Assessment): Promise<SavedAssessment> {
    const saved = await this.knex.transaction(async tx => {
      const before = await this.verdictToReplace(tx, a.identity.entityRef);
      // An undocumented bucket's row is the listing's: one it removed (the bucket left
      // AWS, or a doc took it over) is not brought back by an assessment under way.
      if (!before && !a.identity.documented) return { latest: false };
      // A bucket found again after it was missing is judged afresh: no verdict to compare.
      const missing =
        before?.status === 'unknown' &&
        before.last_error_code === 'NoSuchBucket';
      const previous = missing
        ? undefined
        : await previousVerdict(tx, a.identity.entityRef, before);
      const latest = !previous || previous.checkedAt < a.checkedAt;
      const row = {
        title: a.identity.title ?? null,
        bucket: a.identity.bucket,
        arn: a.identity.arn,
        account_id: a.accountId,
        region: a.region,
        service_ref: a.identity.service ?? null,
        profile: a.profile,
        status: a.status,
        score: a.score ?? null,
        counts: JSON.stringify(a.counts),
        checks: JSON.stringify(a.checks),
        failing_checks: JSON.stringify(failingChecks(a.checks)),
        snapshot: JSON.stringify(a.snapshot),
        checked_at: a.checkedAt,
        stale: false,
        last_error: null,
        last_error_code: null,
        last_attempt_at: a.checkedAt,
        documented: a.identity.documented,
        suggested_owners: a.suggestedOwners
          ? JSON.stringify(a.suggestedOwners)
          : null,
        suggested_service: a.suggestedService ?? null,
      };
      await tx('s3_bucket_posture')
        .insert({ entity_ref: a.identity.entityRef, ...row })
        .onConflict('entity_ref')
        .merge()
        .where(newer =>
          newer
            .whereNull('s3_bucket_posture.checked_at')
            .orWhere('s3_bucket_posture.checked_at', '<', a.checkedAt),
        );
      await replaceOwners(tx, a.identity.entityRef, a.identity.owners);
      await tx('s3_posture_history').insert({
        entity_ref: a.identity.entityRef,
        checked_at: a.checkedAt,
        status: a.status,
        score: a.score ?? null,
        counts: JSON.stringify(a.counts),
        trigger: a.trigger?.slice(0, 500) ?? null,
      });
      // Keep the newest `historyLimit` entries of this bucket.
      const keep = tx('s3_posture_history')
        .select('id')
        .where({ entity_ref: a.identity.entityRef })
        .orderBy('checked_at', 'desc')
        .orderBy('id', 'desc')
        .limit(this.historyLimit);
      await tx('s3_posture_history')
        .where({ entity_ref: a.identity.entityRef })
        .whereNotIn('id', tx.select('id').from(keep.as('keep')))
        .delete();
      return { latest, previous };
    });
    this.changes++;
    return saved;
  }

  /**
   * Records a refresh that could not assess the bucket at all. The last good verdicts
   * stay, marked stale; a bucket never assessed stays `unknown`.
   */
  async markFailed(
    entityRef: string,
    error: Omit<BucketError, 'at'>,
    attemptedAt: string,
  ): Promise<void> {
    // One statement, and only over verdicts older than this attempt: a newer assessment
    // stored meanwhile (another instance, a manual refresh) is not marked stale.
    await this.knex('s3_bucket_posture')
      .where({ entity_ref: entityRef })
      .where(olderThan(attemptedAt))
      .update({
        stale: this.knex.raw('checked_at IS NOT NULL'),
        last_error: error.message.slice(0, 2000),
        last_error_code: error.code.slice(0, 64),
        last_attempt_at: attemptedAt,
      });
    this.changes++;
  }

  /**
   * Records that the bucket a doc names does not exist: no verdict (`unknown`, no score,
   * no checks), the error saying so. The history keeps what the bucket was.
   */
  async markMissing(
    entityRef: string,
    error: Omit<BucketError, 'at'>,
    attemptedAt: string,
  ): Promise<PreviousVerdict | undefined> {
    const previous = await this.knex.transaction(async tx => {
      // Of two replicas finding the bucket gone at once, the second reads `unknown` and
      // reports nothing.
      const before = await this.verdictToReplace(tx, entityRef, attemptedAt);
      if (!before) return undefined;
      await tx('s3_bucket_posture')
        .where({ entity_ref: entityRef })
        .update({
          status: 'unknown',
          score: null,
          counts: JSON.stringify(EMPTY_COUNTS),
          checks: '[]',
          failing_checks: '[]',
          snapshot: null,
          checked_at: attemptedAt,
          stale: false,
          last_error: error.message.slice(0, 2000),
          last_error_code: error.code.slice(0, 64),
          last_attempt_at: attemptedAt,
        });
      // Only a judged bucket going missing is news: not one never found, nor one missing already.
      return before.status === 'unknown'
        ? undefined
        : previousVerdict(tx, entityRef, before);
    });
    this.changes++;
    return previous;
  }

  /**
   * The stored verdict a write replaces (only if older than `attemptedAt`, when given),
   * locked until commit on PostgreSQL: a concurrent write to the same bucket waits, then
   * reads this one's verdict. (SQLite runs one write transaction at a time.)
   */
  private async verdictToReplace(
    tx: Knex.Transaction,
    entityRef: string,
    attemptedAt?: string,
  ): Promise<VerdictRow | undefined> {
    const rows = tx('s3_bucket_posture').where({ entity_ref: entityRef });
    if (attemptedAt) rows.where(olderThan(attemptedAt));
    const row = rows.first(
      'status',
      'score',
      'checked_at',
      'failing_checks',
      'last_error_code',
    );
    if (this.knex.client.config.client === 'pg') row.forUpdate();
    return row;
  }

  async get(
    entityRef: string,
  ): Promise<(BucketRecord & { snapshot?: unknown }) | undefined> {
    const row = await this.knex('s3_bucket_posture')
      .where({ entity_ref: entityRef })
      .first();
    if (!row) return undefined;
    const owners = await this.knex('s3_bucket_owner')
      .where({ entity_ref: entityRef })
      .orderBy('owner_ref')
      .pluck('owner_ref');
    const checks: CheckResult[] = JSON.parse(row.checks);
    return {
      ...toSummaryRecord(row, owners),
      failingChecks: failingChecks(checks),
      checks,
      snapshot: row.snapshot ? JSON.parse(row.snapshot) : undefined,
    };
  }

  /** A page of buckets, filtered and ordered in the database, and the total that match. */
  async list(
    query: BucketQuery,
  ): Promise<{ items: BucketSummaryRecord[]; totalCount: number }> {
    const [items, groups] = await Promise.all([
      this.page(query),
      this.countGroups(query),
    ]);
    return { items, totalCount: countsOf(groups, query).totalCount };
  }

  /**
   * A page of buckets, filtered and ordered in the database, without counting them. By
   * score (the browse page's order) the page is read off an index in that order (migration
   * 20261208100000_list_indexes) instead of sorting every matching row.
   */
  async page(query: BucketQuery): Promise<BucketSummaryRecord[]> {
    if (query.refs?.length === 0 && !query.inventory) return [];
    const page = this.filtered(query).select(
      SUMMARY_COLUMNS.map(c => `p.${c}`),
    );
    const order = query.order ?? 'asc';
    switch (query.orderBy ?? 'name') {
      case 'score':
        // Unassessed buckets (no score) last either way.
        this.orderNullsLast(page, 'p.score', order);
        break;
      case 'checkedAt':
        this.orderNullsLast(page, 'p.checked_at', order);
        break;
      case 'status':
        page.orderByRaw(
          `CASE p.status WHEN 'non-compliant' THEN 0 WHEN 'at-risk' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END ${order === 'desc' ? 'DESC' : 'ASC'}`,
        );
        break;
      default:
        // The name a person sees (the doc's title, else the bucket's), so documented and
        // undocumented rows interleave (index: migration 20261209000000_name_order_index).
        page.orderByRaw(
          `LOWER(COALESCE(p.title, p.bucket)) ${order === 'desc' ? 'DESC' : 'ASC'}`,
        );
    }
    page
      .orderBy('p.entity_ref', 'asc')
      .offset(query.offset ?? 0)
      .limit(query.limit ?? 50);
    const rows: any[] = await page;
    const owners = await this.ownersOf(rows.map(r => r.entity_ref));
    return rows.map(row =>
      toSummaryRecord(row, owners.get(row.entity_ref) ?? []),
    );
  }

  /**
   * Orders by `column`, rows without a value last either way: on PostgreSQL as NULLS LAST,
   * the order of the list indexes, which a CASE expression would keep the planner from
   * using (knex's own `nulls: 'last'` puts them first in descending order on SQLite).
   */
  private orderNullsLast(
    page: Knex.QueryBuilder,
    column: string,
    order: 'asc' | 'desc',
  ) {
    if (this.knex.client.config.client === 'pg') {
      page.orderByRaw(
        `${column} ${order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`,
      );
    } else {
      page
        .orderByRaw(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`)
        .orderBy(column, order);
    }
  }

  /**
   * The buckets matching the query's filters other than status and documented, counted by
   * status and documented: one query from which every count of a list page follows
   * (`countsOf`).
   */
  async countGroups(
    query: Omit<BucketQuery, 'status' | 'documented'>,
  ): Promise<BucketCountGroup[]> {
    if (query.refs?.length === 0 && !query.inventory) return [];
    const rows = await this.filtered({
      ...query,
      status: undefined,
      documented: undefined,
    })
      .select('p.status', 'p.documented')
      .count({ count: '*' })
      .groupBy('p.status', 'p.documented');
    return (
      rows as Array<{
        status: PostureStatus;
        documented: boolean | number;
        count: string | number;
      }>
    ).map(row => ({
      status: row.status,
      documented: Boolean(row.documented),
      count: Number(row.count),
    }));
  }

  /** Buckets per status among those matching the query's other filters. */
  async countByStatus(
    query: Omit<BucketQuery, 'status'>,
  ): Promise<Record<PostureStatus, number>> {
    return countsOf(await this.countGroups(query), query).statusCounts;
  }

  /** Documented and undocumented buckets among those matching the query's other filters. */
  async countByDocumented(
    query: Omit<BucketQuery, 'documented'>,
  ): Promise<{ documented: number; undocumented: number }> {
    return countsOf(await this.countGroups(query), query).documentedCounts;
  }

  /** The posture rows matching a query's filters, as a fresh query builder. */
  private filtered(query: BucketQuery): Knex.QueryBuilder {
    const builder = this.knex('s3_bucket_posture as p');
    // Undocumented buckets only for callers who may see the inventory, counts included.
    if (!query.inventory) builder.where('p.documented', true);
    if (query.documented !== undefined) {
      builder.where('p.documented', query.documented);
    }
    // `refs` is what the caller may see of the documented buckets.
    if (query.refs && query.inventory) {
      const refs = query.refs;
      builder.where(inner => {
        inner.where('p.documented', false);
        if (refs.length > 0) {
          inner.orWhere(documented => {
            whereInChunks(documented, 'p.entity_ref', refs);
          });
        }
      });
    } else if (query.refs) {
      whereInChunks(builder, 'p.entity_ref', query.refs);
    }
    if (query.q) {
      const like = `%${query.q.toLocaleLowerCase('en-US').replace(/[\\%_]/g, c => `\\${c}`)}%`;
      builder.where(inner =>
        inner
          .whereRaw(`LOWER(p.bucket) LIKE ? ESCAPE '\\'`, [like])
          .orWhereRaw(`LOWER(p.entity_ref) LIKE ? ESCAPE '\\'`, [like])
          .orWhereRaw(`LOWER(COALESCE(p.title, '')) LIKE ? ESCAPE '\\'`, [
            like,
          ]),
      );
    }
    if (query.owner) {
      builder.whereIn(
        'p.entity_ref',
        this.knex('s3_bucket_owner')
          .select('entity_ref')
          .where({ owner_ref: query.owner }),
      );
    }
    if (query.service) builder.where('p.service_ref', query.service);
    if (query.account) builder.where('p.account_id', query.account);
    if (query.region) builder.where('p.region', query.region);
    if (query.status?.length) builder.whereIn('p.status', query.status);
    return builder;
  }

  /** Stored verdicts of the given buckets; refs not in the store are left out. */
  async getMany(entityRefs: string[]): Promise<BucketSummaryRecord[]> {
    if (entityRefs.length === 0) return [];
    const builder = this.knex('s3_bucket_posture').select(SUMMARY_COLUMNS);
    whereInChunks(builder, 'entity_ref', entityRefs);
    const rows = await builder.orderBy('entity_ref');
    const owners = await this.ownersOf(rows.map(r => r.entity_ref));
    return rows.map(row =>
      toSummaryRecord(row, owners.get(row.entity_ref) ?? []),
    );
  }

  async history(entityRef: string, limit: number): Promise<HistoryEntry[]> {
    const rows = await this.knex('s3_posture_history')
      .where({ entity_ref: entityRef })
      .orderBy('checked_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(row => ({
      checkedAt: row.checked_at,
      status: row.status,
      ...(row.score === null || row.score === undefined
        ? {}
        : { score: Number(row.score) }),
      counts: JSON.parse(row.counts),
      ...(row.trigger ? { trigger: row.trigger } : {}),
    }));
  }

  /** Every stored bucket ref with its last attempt, for the refresh loop. */
  async listRefs(): Promise<StoredRef[]> {
    const rows = await this.knex('s3_bucket_posture')
      .select('entity_ref', 'last_attempt_at', 'documented', 'region')
      .orderBy('entity_ref');
    return rows.map(r => ({
      entityRef: r.entity_ref,
      lastAttemptAt: r.last_attempt_at ?? undefined,
      documented: Boolean(r.documented),
      ...(r.documented || !r.region ? {} : { region: r.region }),
    }));
  }

  // The inventory's rows (InventoryRows.ts); every write moves the revision on.

  documentedBuckets(names: string[]): Promise<Set<string>> {
    return this.inventory.documentedBuckets(names);
  }

  async upsertInventory(
    accountId: string,
    buckets: InventoryBucket[],
    seenAt: string,
    profile: ProfileId,
  ): Promise<void> {
    await this.inventory.upsertInventory(accountId, buckets, seenAt, profile);
    this.changes++;
  }

  async sweepInventory(
    accountId: string,
    listedSince: string,
  ): Promise<number> {
    const removed = await this.inventory.sweepInventory(accountId, listedSince);
    this.changes++;
    return removed;
  }

  async removeUndocumented(): Promise<number> {
    const removed = await this.inventory.removeUndocumented();
    this.changes++;
    return removed;
  }

  async recordListing(
    accountId: string,
    outcome: { listedAt: string; bucketCount: number } | { error: BucketError },
  ): Promise<void> {
    await this.inventory.recordListing(accountId, outcome);
    this.changes++;
  }

  inventoryAccounts(accountIds: string[]): Promise<InventoryAccountRecord[]> {
    return this.inventory.inventoryAccounts(accountIds);
  }

  /** Forgets buckets that left the catalog. */
  async remove(entityRefs: string[]): Promise<void> {
    for (const ref of entityRefs) {
      await this.knex.transaction(async tx => {
        await tx('s3_posture_history').where({ entity_ref: ref }).delete();
        await tx('s3_bucket_owner').where({ entity_ref: ref }).delete();
        await tx('s3_bucket_posture').where({ entity_ref: ref }).delete();
      });
    }
    this.changes++;
  }

  private async ownersOf(refs: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (refs.length === 0) return result;
    const builder = this.knex('s3_bucket_owner').select(
      'entity_ref',
      'owner_ref',
    );
    whereInChunks(builder, 'entity_ref', refs);
    for (const row of await builder.orderBy('owner_ref')) {
      result.set(row.entity_ref, [
        ...(result.get(row.entity_ref) ?? []),
        row.owner_ref,
      ]);
    }
    return result;
  }
}

/**
 * Rows whose verdict is older than an attempt (or that have none): what a failed or
 * missing-bucket attempt may change. A newer assessment stored meanwhile (another instance,
 * a manual refresh) is left alone.
 */
function olderThan(attemptedAt: string) {
  return (older: Knex.QueryBuilder) =>
    older.whereNull('checked_at').orWhere('checked_at', '<', attemptedAt);
}

/** A stored row's verdict, for comparison; undefined when never assessed. */
/** The columns of a stored verdict that a write compares with. */
interface VerdictRow {
  status: PostureStatus;
  score: number | null;
  checked_at: string | null;
  failing_checks: string | null;
  last_error_code: string | null;
}

async function previousVerdict(
  tx: Knex.Transaction,
  entityRef: string,
  row: VerdictRow | undefined,
): Promise<PreviousVerdict | undefined> {
  if (!row?.checked_at) return undefined;
  // Rows stored before the failing_checks column hold only the full checks.
  const failing: FailingCheck[] = row.failing_checks
    ? JSON.parse(row.failing_checks)
    : failingChecks(
        JSON.parse(
          (
            await tx('s3_bucket_posture')
              .where({ entity_ref: entityRef })
              .first('checks')
          ).checks,
        ),
      );
  return {
    status: row.status,
    ...(row.score === null ? {} : { score: row.score }),
    checkedAt: row.checked_at,
    failingChecks: failing,
  };
}

/**
 * A doc now describes a bucket the inventory holds: its undocumented row becomes the doc's
 * (renamed to the entity ref, history too), so its verdict and history carry over.
 * False when there is no such row.
 */
async function adoptUndocumented(
  tx: Knex.Transaction,
  identity: BucketIdentity,
  row: Record<string, unknown>,
): Promise<boolean> {
  const old = await tx('s3_bucket_posture')
    .where({ bucket: identity.bucket, documented: false })
    .orderBy('checked_at', 'desc')
    .first();
  if (!old) return false;
  await tx('s3_bucket_posture')
    .insert({
      ...old,
      ...row,
      entity_ref: identity.entityRef,
      documented: true,
      suggested_owners: null,
      suggested_service: null,
      inventory_seen_at: null,
    })
    .onConflict('entity_ref')
    .ignore();
  await tx('s3_posture_history')
    .where({ entity_ref: old.entity_ref })
    .update({ entity_ref: identity.entityRef });
  await tx('s3_bucket_owner').where({ entity_ref: old.entity_ref }).delete();
  await tx('s3_bucket_posture').where({ entity_ref: old.entity_ref }).delete();
  return true;
}

/** The row's latest failure; rows stored before codes were kept hold "Code: message". */
function lastErrorOf(row: any): BucketError | undefined {
  if (!row.last_error) return undefined;
  const at = row.last_attempt_at ?? '';
  if (row.last_error_code) {
    return { code: row.last_error_code, message: row.last_error, at };
  }
  const match = /^([A-Za-z][\w.]*): ([\s\S]*)$/.exec(row.last_error);
  return match
    ? { code: match[1], message: match[2], at }
    : { code: 'Error', message: row.last_error, at };
}

async function replaceOwners(
  tx: Knex.Transaction,
  entityRef: string,
  owners: string[],
) {
  await tx('s3_bucket_owner').where({ entity_ref: entityRef }).delete();
  const unique = [...new Set(owners)];
  if (unique.length > 0) {
    // A concurrent transaction on the same bucket may have inserted the same owners after
    // our delete (PostgreSQL, read committed): they are the rows we want anyway.
    await tx('s3_bucket_owner')
      .insert(unique.map(owner_ref => ({ entity_ref: entityRef, owner_ref })))
      .onConflict(['entity_ref', 'owner_ref'])
      .ignore();
  }
}

function toSummaryRecord(row: any, owners: string[]): BucketSummaryRecord {
  const documented = row.documented === undefined || Boolean(row.documented);
  return {
    entityRef: row.entity_ref,
    documented,
    title: row.title ?? undefined,
    bucket: row.bucket,
    arn: row.arn,
    accountId: row.account_id ?? undefined,
    region: row.region ?? undefined,
    owners,
    service: row.service_ref ?? undefined,
    profile: row.profile,
    status: row.status,
    score:
      row.score === null || row.score === undefined
        ? undefined
        : Number(row.score),
    counts: JSON.parse(row.counts),
    failingChecks: JSON.parse(row.failing_checks),
    checkedAt: row.checked_at ?? undefined,
    stale: Boolean(row.stale),
    lastError: lastErrorOf(row),
    lastAttemptAt: row.last_attempt_at ?? undefined,
    ...(documented
      ? {}
      : {
          suggestedOwners: row.suggested_owners
            ? JSON.parse(row.suggested_owners)
            : [],
          ...(row.suggested_service
            ? { suggestedService: row.suggested_service }
            : {}),
        }),
  };
}
