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
 * The latest posture per bucket, its owners (for filtering), and a bounded history.
 * Timestamps are ISO-8601 UTC strings: they sort as text the same on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('s3_bucket_posture', table => {
    table.comment('Latest posture of each S3 bucket entity');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('title', 255).nullable();
    table.string('bucket', 63).notNullable();
    table.string('arn', 255).notNullable();
    table.string('account_id', 12).nullable();
    table.string('region', 32).nullable();
    table.string('service_ref', 255).nullable();
    table.string('profile', 32).notNullable();
    table.string('status', 16).notNullable();
    table.integer('score').nullable();
    table.integer('failing_critical').notNullable().defaultTo(0);
    table.integer('failing_high').notNullable().defaultTo(0);
    table.text('counts').notNullable();
    table.text('checks', 'longtext').notNullable();
    table.text('snapshot', 'longtext').nullable();
    table.string('checked_at', 32).nullable();
    table.boolean('stale').notNullable().defaultTo(false);
    table.text('last_error').nullable();
    table.string('last_attempt_at', 32).nullable();
    table.index('status', 's3_bucket_posture_status_idx');
    table.index('score', 's3_bucket_posture_score_idx');
    table.index('service_ref', 's3_bucket_posture_service_idx');
    table.index(
      ['account_id', 'region'],
      's3_bucket_posture_account_region_idx',
    );
  });

  await knex.schema.createTable('s3_bucket_owner', table => {
    table.comment('Every owner of each bucket, for filtering and roll-ups');
    table
      .string('entity_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('s3_bucket_posture')
      .onDelete('CASCADE');
    table.string('owner_ref', 255).notNullable();
    table.primary(['entity_ref', 'owner_ref']);
    table.index('owner_ref', 's3_bucket_owner_owner_idx');
  });

  await knex.schema.createTable('s3_posture_history', table => {
    table.comment(
      'Past statuses and scores of each bucket, bounded per bucket',
    );
    table.bigIncrements('id').primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('s3_bucket_posture')
      .onDelete('CASCADE');
    table.string('checked_at', 32).notNullable();
    table.string('status', 16).notNullable();
    table.integer('score').nullable();
    table.text('counts').notNullable();
    table.index(['entity_ref', 'checked_at'], 's3_posture_history_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('s3_posture_history');
  await knex.schema.dropTable('s3_bucket_owner');
  await knex.schema.dropTable('s3_bucket_posture');
};
