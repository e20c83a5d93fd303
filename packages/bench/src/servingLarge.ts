/**
 * The 50,000-bucket serving world (issue 16, "List at scale"): the 5,000 assessed buckets of
 * the serving world, and as many more rows written straight into the s3 plugin's PostgreSQL
 * tables, each a copy of an assessed bucket's verdict under a new bucket name. Assessing
 * 45,000 more buckets against the simulator (and ingesting their docs) would take an hour on
 * this machine and measure nothing the list reads differently: it reads the stored rows.
 *
 * Where the store knows undocumented buckets (the `documented` column of the inventory
 * migration), every other added row is an undocumented one (`aws:<account>/<bucket>`, no
 * doc, no owners, no service), the others documented rows with their template's owners and
 * service (their docs are not in the catalog: with the allow-all policy the list never asks
 * it). Without the column (the code before the inventory), every added row is documented.
 */
import knexFactory from 'knex';
import { benchBuckets } from './scenario';

export interface SeededFigures {
  /** Rows in the store after seeding. */
  buckets: number;
  /** Rows the catalog's docs describe (assessed against the simulator). */
  assessed: number;
  /** Rows added straight into the tables. */
  seededDocumented: number;
  seededUndocumented: number;
  seedSec: number;
}

/** The s3 plugin's database (`<prefix>s3`) on the benchmark's PostgreSQL server. */
export function pluginDatabase(postgres: { url: string; prefix: string }) {
  const url = new URL(postgres.url);
  url.pathname = `/${postgres.prefix}s3`;
  return knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 2 },
  });
}

/**
 * Adds rows until the store holds `total` buckets; the templates are the assessed rows, in
 * entity ref order, so statuses, scores and failing checks keep the assessed distribution.
 */
export async function seedBuckets(
  postgres: { url: string; prefix: string },
  total: number,
  undocumentedShare: number,
): Promise<SeededFigures> {
  const db = pluginDatabase(postgres);
  const started = performance.now();
  try {
    const columns: string[] = (
      await db.raw(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 's3_bucket_posture' ORDER BY ordinal_position`,
      )
    ).rows.map((r: { column_name: string }) => r.column_name);
    const knowsInventory = columns.includes('documented');
    const assessed = Number(
      (
        await db('s3_bucket_posture')
          .whereNotNull('checked_at')
          .count({ n: '*' })
      )[0].n,
    );
    const existing = Number(
      (await db('s3_bucket_posture').count({ n: '*' }))[0].n,
    );
    if (assessed === 0) throw new Error('seed: no assessed bucket to copy');
    const names = benchBuckets(total).slice(existing);
    const seeds = names.map((b, k) => {
      const undocumented =
        knowsInventory &&
        undocumentedShare > 0 &&
        k % Math.round(1 / undocumentedShare) === 0;
      return {
        ref: undocumented
          ? `aws:${b.accountId}/${b.name}`
          : `resource:default/${b.name}`,
        bucket: b.name,
        account: b.accountId,
        documented: !undocumented,
        template: k % assessed,
      };
    });
    const override: Record<string, string> = {
      entity_ref: 's.ref',
      bucket: 's.bucket',
      arn: `'arn:aws:s3:::' || s.bucket`,
      account_id: 's.account',
      title: 'CASE WHEN s.documented THEN s.bucket ELSE NULL END',
      service_ref: 'CASE WHEN s.documented THEN t.service_ref ELSE NULL END',
      ...(knowsInventory ? { documented: 's.documented' } : {}),
    };
    const select = columns
      .map(c => (override[c] ? `${override[c]} AS "${c}"` : `t."${c}"`))
      .join(', ');
    // Server-side, 5,000 rows per statement: the checks and snapshot columns are tens of KB.
    // The templates are numbered once, before any row is added.
    const batch = 5000;
    await db.transaction(async tx => {
      await tx.raw(
        `CREATE TEMP TABLE bench_template ON COMMIT DROP AS
           SELECT entity_ref, row_number() OVER (ORDER BY entity_ref) - 1 AS template
           FROM s3_bucket_posture WHERE checked_at IS NOT NULL`,
      );
      for (let i = 0; i < seeds.length; i += batch) {
        const part = seeds.slice(i, i + batch);
        const bind = [
          part.map(s => s.ref),
          part.map(s => s.bucket),
          part.map(s => s.account),
          part.map(s => s.documented),
          part.map(s => s.template),
        ];
        const seedRows = `SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::int[])
               AS s(ref, bucket, account, documented, template)`;
        await tx.raw(
          `WITH s AS (${seedRows})
           INSERT INTO s3_bucket_posture (${columns.map(c => `"${c}"`).join(', ')})
           SELECT ${select} FROM s
             JOIN bench_template bt ON bt.template = s.template
             JOIN s3_bucket_posture t ON t.entity_ref = bt.entity_ref`,
          bind,
        );
        await tx.raw(
          `WITH s AS (${seedRows})
           INSERT INTO s3_bucket_owner (entity_ref, owner_ref)
           SELECT s.ref, o.owner_ref FROM s
             JOIN bench_template bt ON bt.template = s.template
             JOIN s3_bucket_owner o ON o.entity_ref = bt.entity_ref
           WHERE s.documented`,
          bind,
        );
      }
    });
    // What autovacuum would do within a minute of such an insert.
    await db.raw('ANALYZE s3_bucket_posture, s3_bucket_owner');
    const undocumented = seeds.filter(s => !s.documented).length;
    return {
      buckets: existing + seeds.length,
      assessed,
      seededDocumented: seeds.length - undocumented,
      seededUndocumented: undocumented,
      seedSec: (performance.now() - started) / 1000,
    };
  } finally {
    await db.destroy();
  }
}
