import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@s3-posture/plugin-s3-backend',
  'migrations',
);

/**
 * Instances that start together on an empty database race to create knex's migration
 * tables, then for its migration lock; the losers fail at once. They try again shortly,
 * for up to a minute (a loaded database can take seconds to migrate), by when the winner
 * has migrated.
 */
export async function migrate(knex: Knex, timeoutMs = 60_000): Promise<void> {
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
