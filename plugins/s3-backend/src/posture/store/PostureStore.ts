import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  CheckCounts,
  CheckResult,
  FailingCheck,
  PostureStatus,
  ProfileId,
  failingChecks,
} from '@s3-posture/plugin-s3-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@s3-posture/plugin-s3-backend',
  'migrations',
);

/** What the catalog says a bucket is: stored so lists can filter without the catalog. */
export interface BucketIdentity {
  entityRef: string;
  title?: string;
  bucket: string;
  arn: string;
  /** The account the doc names; replaced by the located account once assessed. */
  accountId?: string;
  owners: string[];
  service?: string;
}

/** One bucket's stored verdict, as lists and roll-ups show it: failing checks only. */
export interface BucketSummaryRecord extends BucketIdentity {
  region?: string;
  profile: ProfileId;
  status: PostureStatus;
  score?: number;
  counts: CheckCounts;
  /** The failing checks, most severe first. */
  failingChecks: FailingCheck[];
  checkedAt?: string;
  stale: boolean;
  lastError?: string;
  lastAttemptAt?: string;
}

/** One bucket's stored posture with every check. */
export interface BucketRecord extends BucketSummaryRecord {
  checks: CheckResult[];
}

/** A finished assessment, to be stored. */
export interface Assessment {
  identity: BucketIdentity;
  accountId: string;
  region: string;
  profile: ProfileId;
  status: PostureStatus;
  score?: number;
  counts: CheckCounts;
  checks: CheckResult[];
  /** The raw collected configuration (holds policy documents: served only with permission). */
  snapshot: unknown;
  checkedAt: string;
}

export interface HistoryEntry {
  checkedAt: string;
  status: PostureStatus;
  score?: number;
  counts: CheckCounts;
}

export type BucketOrderField = 'score' | 'name' | 'checkedAt' | 'status';

export interface BucketQuery {
  /** Only these entity refs (what the caller may see); undefined = all. */
  refs?: string[];
  /** Free text: bucket name, entity ref or title. */
  q?: string;
  owner?: string;
  service?: string;
  account?: string;
  region?: string;
  status?: PostureStatus[];
  orderBy?: BucketOrderField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

const EMPTY_COUNTS: CheckCounts = {
  pass: 0,
  fail: 0,
  error: 0,
  notApplicable: 0,
};

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
  'last_attempt_at',
];

/** Bucket posture in the plugin's database (SQLite or PostgreSQL). */
export class PostureStore {
  static async create(options: {
    database: DatabaseService;
    historyLimit: number;
  }): Promise<PostureStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrate(knex);
    }
    return new PostureStore(knex, options.historyLimit);
  }

  private constructor(
    private readonly knex: Knex,
    private readonly historyLimit: number,
  ) {}

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
  ): Promise<void> {
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
        } else {
          // Another instance may insert the same new bucket at the same moment.
          await tx('s3_bucket_posture')
            .insert({
              ...row,
              entity_ref: identity.entityRef,
              account_id: identity.accountId ?? null,
              profile,
              status: 'unknown',
              counts: JSON.stringify(EMPTY_COUNTS),
              checks: '[]',
              failing_checks: '[]',
              stale: false,
            })
            .onConflict('entity_ref')
            .ignore();
        }
        await replaceOwners(tx, identity.entityRef, identity.owners);
      });
    }
    this.changes++;
  }

  /**
   * Stores a finished assessment, appends it to the history and trims the history, in one
   * transaction. When two assessments of a bucket overlap (e.g. refreshes requested on two
   * instances at once), both enter the history and the newer one stays the latest verdict.
   */
  async saveAssessment(a: Assessment): Promise<void> {
    const failing = (severity: string) =>
      a.checks.filter(c => c.status === 'fail' && c.severity === severity)
        .length;
    await this.knex.transaction(async tx => {
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
        failing_critical: failing('critical'),
        failing_high: failing('high'),
        counts: JSON.stringify(a.counts),
        checks: JSON.stringify(a.checks),
        failing_checks: JSON.stringify(failingChecks(a.checks)),
        snapshot: JSON.stringify(a.snapshot),
        checked_at: a.checkedAt,
        stale: false,
        last_error: null,
        last_attempt_at: a.checkedAt,
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
    });
    this.changes++;
  }

  /**
   * Records a refresh that could not assess the bucket at all. The last good verdicts
   * stay, marked stale; a bucket never assessed stays `unknown`.
   */
  async markFailed(
    entityRef: string,
    error: string,
    attemptedAt: string,
  ): Promise<void> {
    // One statement, and only over verdicts older than this attempt: a newer assessment
    // stored meanwhile (another instance, a manual refresh) is not marked stale.
    await this.knex('s3_bucket_posture')
      .where({ entity_ref: entityRef })
      .where(older =>
        older.whereNull('checked_at').orWhere('checked_at', '<', attemptedAt),
      )
      .update({
        stale: this.knex.raw('checked_at IS NOT NULL'),
        last_error: error.slice(0, 2000),
        last_attempt_at: attemptedAt,
      });
    this.changes++;
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
    if (query.refs && query.refs.length === 0)
      return { items: [], totalCount: 0 };
    const [{ count }] = await this.filtered(query).count({ count: '*' });
    const page = this.filtered(query).select([
      ...SUMMARY_COLUMNS.map(c => `p.${c}`),
      this.checksOfOldRows(),
    ]);
    const order = query.order ?? 'asc';
    switch (query.orderBy ?? 'name') {
      case 'score':
        // Unassessed buckets (no score) last either way.
        page
          .orderByRaw(`CASE WHEN p.score IS NULL THEN 1 ELSE 0 END`)
          .orderBy('p.score', order);
        break;
      case 'checkedAt':
        page
          .orderByRaw(`CASE WHEN p.checked_at IS NULL THEN 1 ELSE 0 END`)
          .orderBy('p.checked_at', order);
        break;
      case 'status':
        page.orderByRaw(
          `CASE p.status WHEN 'non-compliant' THEN 0 WHEN 'at-risk' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END ${order === 'desc' ? 'DESC' : 'ASC'}`,
        );
        break;
      default:
        page.orderBy('p.entity_ref', order);
    }
    page
      .orderBy('p.entity_ref', 'asc')
      .offset(query.offset ?? 0)
      .limit(query.limit ?? 50);
    const rows: any[] = await page;
    const owners = await this.ownersOf(rows.map(r => r.entity_ref));
    return {
      items: rows.map(row =>
        toSummaryRecord(row, owners.get(row.entity_ref) ?? []),
      ),
      totalCount: Number(count),
    };
  }

  /** Buckets per status among those matching the query's other filters. */
  async countByStatus(
    query: Omit<BucketQuery, 'status'>,
  ): Promise<Record<PostureStatus, number>> {
    const counts: Record<PostureStatus, number> = {
      compliant: 0,
      'at-risk': 0,
      'non-compliant': 0,
      unknown: 0,
    };
    if (query.refs && query.refs.length === 0) return counts;
    const rows = await this.filtered(query)
      .select('p.status')
      .count({ count: '*' })
      .groupBy('p.status');
    for (const row of rows as Array<{
      status: string;
      count: string | number;
    }>) {
      counts[row.status as PostureStatus] = Number(row.count);
    }
    return counts;
  }

  /** The posture rows matching a query's filters, as a fresh query builder. */
  private filtered(query: BucketQuery): Knex.QueryBuilder {
    const builder = this.knex('s3_bucket_posture as p');
    if (query.refs) whereInChunks(builder, 'p.entity_ref', query.refs);
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
    const builder = this.knex('s3_bucket_posture').select([
      ...SUMMARY_COLUMNS,
      this.checksOfOldRows(),
    ]);
    whereInChunks(builder, 'entity_ref', entityRefs);
    const rows = await builder.orderBy('entity_ref');
    const owners = await this.ownersOf(rows.map(r => r.entity_ref));
    return rows.map(row =>
      toSummaryRecord(row, owners.get(row.entity_ref) ?? []),
    );
  }

  /** Buckets whose service or one of whose owners is the given entity. */
  async refsRelatedTo(entityRef: string): Promise<string[]> {
    const byService = await this.knex('s3_bucket_posture')
      .where({ service_ref: entityRef })
      .pluck('entity_ref');
    const byOwner = await this.knex('s3_bucket_owner')
      .where({ owner_ref: entityRef })
      .pluck('entity_ref');
    return [...new Set([...byService, ...byOwner])].sort();
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
    }));
  }

  /** Every stored bucket ref with its last attempt, for the refresh loop. */
  async listRefs(): Promise<
    Array<{ entityRef: string; lastAttemptAt?: string }>
  > {
    const rows = await this.knex('s3_bucket_posture')
      .select('entity_ref', 'last_attempt_at')
      .orderBy('entity_ref');
    return rows.map(r => ({
      entityRef: r.entity_ref,
      lastAttemptAt: r.last_attempt_at ?? undefined,
    }));
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

  /** Rows stored before `failing_checks` existed: their checks, to derive it from. */
  private checksOfOldRows(): Knex.Raw {
    return this.knex.raw(
      'CASE WHEN failing_checks IS NULL THEN checks END AS old_checks',
    );
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
 * Instances that start together on an empty database race to create knex's migration
 * tables, then for its migration lock; the losers fail at once. They try again shortly,
 * for up to a minute (a loaded database can take seconds to migrate), by when the winner
 * has migrated.
 */
async function migrate(knex: Knex, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ directory: migrationsDir });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await dropExtraLockRows(knex);
      await new Promise(r => setTimeout(r, Math.min(250 * attempt, 2000)));
    }
  }
}

/**
 * Instances that create knex's migration lock table at the same moment can each insert its
 * one row. With two rows knex never takes the lock again ("Migration table is already
 * locked" on every start), so a fresh install scaled to two replicas could never migrate.
 * No lock is ever held while there are two rows (taking it updates both and fails), so the
 * extra ones can go.
 */
async function dropExtraLockRows(knex: Knex): Promise<void> {
  const table = 'knex_migrations_lock';
  try {
    if (!(await knex.schema.hasTable(table))) return;
    const rows: Array<{ index: number }> = await knex(table)
      .select('index')
      .orderBy('index');
    if (rows.length > 1) {
      await knex(table)
        .whereIn(
          'index',
          rows.slice(1).map(r => r.index),
        )
        .delete();
    }
  } catch {
    // Another instance may be creating the table right now; the next attempt looks again.
  }
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

/** `whereIn` as OR'ed lists of at most 900 values: some databases cap one IN list at 1,000. */
function whereInChunks(
  builder: Knex.QueryBuilder,
  column: string,
  values: string[],
) {
  const size = 900;
  builder.where(inner => {
    for (let i = 0; i < values.length; i += size) {
      inner.orWhereIn(column, values.slice(i, i + size));
    }
  });
}

function toSummaryRecord(row: any, owners: string[]): BucketSummaryRecord {
  return {
    entityRef: row.entity_ref,
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
    failingChecks: row.failing_checks
      ? JSON.parse(row.failing_checks)
      : failingChecks(JSON.parse(row.old_checks ?? '[]')),
    checkedAt: row.checked_at ?? undefined,
    stale: Boolean(row.stale),
    lastError: row.last_error ?? undefined,
    lastAttemptAt: row.last_attempt_at ?? undefined,
  };
}
