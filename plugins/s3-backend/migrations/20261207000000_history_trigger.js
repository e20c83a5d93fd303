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
 * Each history entry says how its assessment was triggered (issue 17): `scheduled`,
 * `manual`, or `event: <eventName>, ...`. Additive: entries stored before have none.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('s3_posture_history', table => {
    table
      .string('trigger', 500)
      .nullable()
      .comment(
        'How the assessment was triggered: scheduled, manual, or event: <eventName>, ...',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('s3_posture_history', table => {
    table.dropColumn('trigger');
  });
};
