/*
 * Copyright 2026 The S3 Posture Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// @ts-check

/**
 * Failing checks are kept in `failing_checks` only:
 * - rows stored before that column existed get it now, from their full checks, so readers
 *   no longer fall back to parsing `checks`;
 * - `failing_critical` and `failing_high`, counts nothing ever read, go.
 *
 * A migration is frozen in time: the ordering of failing checks (most severe first, the
 * stored order otherwise) is written out here rather than imported.
 *
 * On SQLite the columns are dropped with SQLite's own `ALTER TABLE … DROP COLUMN`: knex
 * would rebuild the table, and dropping the old one inside the migration's transaction,
 * with foreign keys enforced (better-sqlite3's default), would cascade into the owners and
 * the history of every bucket.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const rank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  /** @type {Array<{ entity_ref: string, checks: string | null }>} */
  const rows = await knex('s3_bucket_posture')
    .whereNull('failing_checks')
    .select('entity_ref', 'checks');
  for (const row of rows) {
    /** @type {Array<{ id: string, title: string, severity: keyof typeof rank, status: string }>} */
    const checks = JSON.parse(row.checks ?? '[]');
    const failing = checks
      .filter(check => check.status === 'fail')
      .sort((a, b) => rank[a.severity] - rank[b.severity])
      .map(({ id, title, severity }) => ({ id, title, severity }));
    await knex('s3_bucket_posture')
      .where({ entity_ref: row.entity_ref })
      .update({ failing_checks: JSON.stringify(failing) });
  }

  if (isSqlite(knex)) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
      's3_bucket_posture',
      'failing_critical',
    ]);
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
      's3_bucket_posture',
      'failing_high',
    ]);
  } else {
    await knex.schema.alterTable('s3_bucket_posture', table => {
      table.dropColumns('failing_critical', 'failing_high');
    });
  }
};

/**
 * The counts come back, computed from the stored checks.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('s3_bucket_posture', table => {
    table.integer('failing_critical').notNullable().defaultTo(0);
    table.integer('failing_high').notNullable().defaultTo(0);
  });
  /** @type {Array<{ entity_ref: string, checks: string }>} */
  const rows = await knex('s3_bucket_posture').select('entity_ref', 'checks');
  for (const row of rows) {
    /** @type {Array<{ severity: string, status: string }>} */
    const checks = JSON.parse(row.checks);
    const failing = (/** @type {string} */ severity) =>
      checks.filter(c => c.status === 'fail' && c.severity === severity).length;
    await knex('s3_bucket_posture')
      .where({ entity_ref: row.entity_ref })
      .update({
        failing_critical: failing('critical'),
        failing_high: failing('high'),
      });
  }
};

/** @param {import('knex').Knex} knex */
function isSqlite(knex) {
  return String(knex.client.config.client).includes('sqlite');
}
