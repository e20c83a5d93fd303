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
 * Indexes in the browse list's order (issue 16, "List at scale"): by score, then entity ref,
 * unassessed buckets (no score) last whichever way, alone and after a status. A page of the
 * list is then read off an index instead of sorting every row. They replace the single-column
 * score and status indexes, which are their prefixes.
 */

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  return knex.client.config.client === 'pg';
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  // PostgreSQL sorts NULL last in ascending order and first in descending order unless
  // told; the list asks NULLS LAST both ways. SQLite sorts NULL first ascending, so an
  // index cannot give it that order either way: it sorts the few rows a page filters.
  const descNullsLast = isPostgres(knex) ? 'DESC NULLS LAST' : 'DESC';
  await knex.raw(
    'CREATE INDEX s3_bucket_posture_score_order_idx ON s3_bucket_posture (score, entity_ref)',
  );
  await knex.raw(
    `CREATE INDEX s3_bucket_posture_score_desc_idx ON s3_bucket_posture (score ${descNullsLast}, entity_ref)`,
  );
  await knex.raw(
    'CREATE INDEX s3_bucket_posture_status_score_idx ON s3_bucket_posture (status, score, entity_ref)',
  );
  await knex.schema.alterTable('s3_bucket_posture', table => {
    table.dropIndex('score', 's3_bucket_posture_score_idx');
    table.dropIndex('status', 's3_bucket_posture_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('s3_bucket_posture', table => {
    table.index('status', 's3_bucket_posture_status_idx');
    table.index('score', 's3_bucket_posture_score_idx');
    table.dropIndex([], 's3_bucket_posture_status_score_idx');
    table.dropIndex([], 's3_bucket_posture_score_desc_idx');
    table.dropIndex([], 's3_bucket_posture_score_order_idx');
  });
};
