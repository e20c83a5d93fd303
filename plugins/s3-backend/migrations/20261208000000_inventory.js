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
 * The inventory (issue 16, DESIGN §15): rows of buckets no doc describes, keyed by their
 * inventory ref `aws:<account>/<bucket>` (`documented` false), their suggested owners and
 * service, the code of each bucket's latest failure, and what each account's latest
 * `ListBuckets` found. Rows stored before are documented; their `last_error` text
 * ("Code: message") is split when read.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('s3_bucket_posture', table => {
    table.boolean('documented').notNullable().defaultTo(true);
    table
      .text('suggested_owners')
      .nullable()
      .comment('JSON array of catalog groups/users named by owner tags');
    table.string('suggested_service', 255).nullable();
    table.string('last_error_code', 64).nullable();
    table
      .string('inventory_seen_at', 32)
      .nullable()
      .comment('Start of the account listing that last named this bucket');
    table.index(['documented', 'status'], 's3_bucket_posture_documented_idx');
    table.index('bucket', 's3_bucket_posture_bucket_idx');
    // Filters by account use the (account_id, region) index of the first migration.
  });

  await knex.schema.createTable('s3_inventory_account', table => {
    table.comment('The latest ListBuckets of each configured account');
    table.string('account_id', 12).primary().notNullable();
    table.string('listed_at', 32).nullable();
    table.integer('bucket_count').nullable();
    table.string('list_error_code', 64).nullable();
    table.text('list_error_message').nullable();
    table.string('list_error_at', 32).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('s3_inventory_account');
  await knex('s3_bucket_posture').where({ documented: false }).delete();
  await knex.schema.alterTable('s3_bucket_posture', table => {
    table.dropIndex(
      ['documented', 'status'],
      's3_bucket_posture_documented_idx',
    );
    table.dropIndex('bucket', 's3_bucket_posture_bucket_idx');
    table.dropColumn('documented');
    table.dropColumn('suggested_owners');
    table.dropColumn('suggested_service');
    table.dropColumn('last_error_code');
    table.dropColumn('inventory_seen_at');
  });
};
