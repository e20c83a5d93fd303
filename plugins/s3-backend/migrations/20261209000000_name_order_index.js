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
 * An index in the list's name order: the name the browse page shows (the doc's title, else
 * the bucket's name), case-insensitive, then entity ref. Documented and undocumented buckets
 * (`resource:…` and `aws:…` refs) then sort together by name rather than by ref.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX s3_bucket_posture_name_order_idx ON s3_bucket_posture ((LOWER(COALESCE(title, bucket))), entity_ref)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX s3_bucket_posture_name_order_idx');
};
