import { DatabaseService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { DatabasePostureStore } from './DatabasePostureStore';

/*
 * Several backend instances starting at the same moment on one empty PostgreSQL database
 * (a fresh install scaled to two replicas): each migrates the plugin's tables. SQLite is not
 * here: Backstage's SQLite is in memory and per process, so instances never share it.
 */

const POSTGRES =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
if (!POSTGRES) {
  // eslint-disable-next-line no-console
  console.warn(
    'PostureStore start-up: PostgreSQL not tested (set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
  );
}
const databases = TestDatabases.create({
  ids: POSTGRES ? ['POSTGRES_15'] : [],
});

jest.setTimeout(60_000);

const asService = (knex: Knex) =>
  ({ getClient: async () => knex }) as unknown as DatabaseService;

(POSTGRES ? describe : describe.skip)(
  'PostureStore: instances starting together on one PostgreSQL database',
  () => {
    const extra: Knex[] = [];
    afterAll(async () => {
      await Promise.all(extra.map(k => k.destroy()));
    });

    it('starts on a database whose migration lock table two instances filled at once', async () => {
      // What the race can leave: knex's lock table with two rows, neither locked.
      const knex = await databases.init('POSTGRES_15');
      await knex.schema.createTable('knex_migrations_lock', table => {
        table.increments('index').primary();
        table.integer('is_locked');
      });
      await knex('knex_migrations_lock').insert([
        { is_locked: 0 },
        { is_locked: 0 },
      ]);
      const store = await DatabasePostureStore.create({
        database: asService(knex),
        historyLimit: 3,
      });
      expect(await store.listRefs()).toEqual([]);
      expect(await knex('knex_migrations_lock').select('is_locked')).toEqual([
        { is_locked: 0 },
      ]);
    });

    it('every instance starts, on 5 fresh databases in a row', async () => {
      for (let round = 0; round < 5; round++) {
        const first = await databases.init('POSTGRES_15');
        const others = [1, 2].map(() =>
          knexFactory({
            client: 'pg',
            connection: first.client.config.connection,
          }),
        );
        extra.push(...others);
        const stores = await Promise.all(
          [first, ...others].map(knex =>
            DatabasePostureStore.create({
              database: asService(knex),
              historyLimit: 3,
            }),
          ),
        );
        // All of them work on the one set of tables.
        await stores[0].upsertIdentities(
          [
            {
              entityRef: 'resource:default/orders',
              documented: true,
              bucket: 'securecart-orders',
              arn: 'arn:aws:s3:::securecart-orders',
              owners: ['group:default/team-a'],
            },
          ],
          'aws-foundational',
        );
        for (const store of stores) {
          expect(await store.get('resource:default/orders')).toMatchObject({
            bucket: 'securecart-orders',
            status: 'unknown',
            owners: ['group:default/team-a'],
          });
        }
      }
    });
  },
);
