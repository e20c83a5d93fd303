import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { CheckResult } from '@s3-posture/plugin-s3-common';
import { Assessment, BucketIdentity } from '../service/types';
import { DatabasePostureStore } from './DatabasePostureStore';

const ids: TestDatabaseId[] = ['SQLITE_3'];
if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) {
  ids.push('POSTGRES_15');
} else {
  // Visible notice rather than a silent skip: CI sets the variable and runs PostgreSQL too.
  // eslint-disable-next-line no-console
  console.warn(
    'PostureStore: PostgreSQL not tested (set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
  );
}
const databases = TestDatabases.create({ ids });

jest.setTimeout(60_000);

function identity(
  name: string,
  extra: Partial<BucketIdentity> = {},
): BucketIdentity {
  return {
    entityRef: `resource:default/${name}`,
    documented: true,
    title: name,
    bucket: `securecart-${name}`,
    arn: `arn:aws:s3:::securecart-${name}`,
    owners: ['group:default/team-a'],
    service: 'component:default/orders-service',
    ...extra,
  };
}

function check(
  id: string,
  status: CheckResult['status'],
  severity: CheckResult['severity'] = 'high',
): CheckResult {
  return {
    id: id as CheckResult['id'],
    title: id,
    category: 'access',
    severity,
    status,
    reason: `${id} is ${status}`,
    evidence: {},
    remediation: '',
    anchors: {},
  };
}

function assessment(
  name: string,
  at: string,
  extra: Partial<Assessment> = {},
): Assessment {
  return {
    identity: identity(name),
    accountId: '111122223333',
    region: 'eu-north-1',
    profile: 'aws-foundational',
    status: 'compliant',
    score: 90,
    counts: { pass: 9, fail: 1, error: 0, notApplicable: 0 },
    checks: [
      check('tls-only', 'pass'),
      check('versioning-enabled', 'fail', 'low'),
    ],
    snapshot: { bucket: { policy: { status: 'absent' } } },
    checkedAt: at,
    ...extra,
  };
}

describe.each(databases.eachSupportedId())('PostureStore on %p', databaseId => {
  async function createStore(historyLimit = 3) {
    const knex = await databases.init(databaseId);
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex }),
      historyLimit,
    });
    return { store, knex };
  }

  it('lists failing checks, most severe first, without reading the full checks', async () => {
    const { store } = await createStore();
    const checks = [
      check('versioning-enabled', 'fail', 'low'),
      check('tls-only', 'pass'),
      check('block-public-access', 'fail', 'critical'),
      check('logging-enabled', 'error', 'medium'),
    ];
    await store.saveAssessment(
      assessment('orders', '2026-11-01T00:00:00.000Z', { checks }),
    );
    await store.saveAssessment(
      assessment('images', '2026-11-01T00:00:00.000Z', { checks }),
    );
    const expected = [
      {
        id: 'block-public-access',
        title: 'block-public-access',
        severity: 'critical',
      },
      {
        id: 'versioning-enabled',
        title: 'versioning-enabled',
        severity: 'low',
      },
    ];
    const { items } = await store.list({});
    expect(items.map(i => [i.bucket, i.failingChecks])).toEqual([
      ['securecart-images', expected],
      ['securecart-orders', expected],
    ]);
    expect(
      (await store.getMany(['resource:default/images'])).map(
        i => i.failingChecks,
      ),
    ).toEqual([expected]);
    // Lists carry no full checks; a single bucket's posture does.
    expect(items[0]).not.toHaveProperty('checks');
    expect((await store.get('resource:default/images'))?.checks).toEqual(
      checks,
    );
  });

  it('migrates rows stored before the inventory: documented, their "Code: message" error split', async () => {
    const knex = await databases.init(databaseId);
    const directory = resolvePackagePath(
      '@s3-posture/plugin-s3-backend',
      'migrations',
    );
    await knex.migrate.up({ directory, name: '20261122000000_init.js' });
    await knex.migrate.up({
      directory,
      name: '20261122130000_failing_checks.js',
    });
    await knex.migrate.up({
      directory,
      name: '20261201000000_drop_failing_counts.js',
    });
    await knex.migrate.up({
      directory,
      name: '20261207000000_history_trigger.js',
    });
    await knex('s3_bucket_posture').insert({
      entity_ref: 'resource:default/orders',
      bucket: 'securecart-orders',
      arn: 'arn:aws:s3:::securecart-orders',
      profile: 'aws-foundational',
      status: 'compliant',
      score: 90,
      counts: JSON.stringify({ pass: 1, fail: 0, error: 0, notApplicable: 0 }),
      checks: '[]',
      failing_checks: '[]',
      checked_at: '2026-11-01T00:00:00.000Z',
      stale: true,
      last_error: 'AccessDenied: User: x is not authorized',
      last_attempt_at: '2026-11-02T00:00:00.000Z',
    });
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex }),
      historyLimit: 3,
    });
    const [item] = (await store.list({})).items;
    expect(item).toMatchObject({
      entityRef: 'resource:default/orders',
      documented: true,
      stale: true,
      lastError: {
        code: 'AccessDenied',
        message: 'User: x is not authorized',
        at: '2026-11-02T00:00:00.000Z',
      },
    });
    expect(await store.countByDocumented({ inventory: true })).toEqual({
      documented: 1,
      undocumented: 0,
    });
  });

  it('migrates rows stored before failing checks had their own column, keeping owners and history', async () => {
    const knex = await databases.init(databaseId);
    const directory = resolvePackagePath(
      '@s3-posture/plugin-s3-backend',
      'migrations',
    );
    // The schema as it was before the failing counts went.
    await knex.migrate.up({ directory, name: '20261122000000_init.js' });
    const checks = [
      check('versioning-enabled', 'fail', 'low'),
      check('tls-only', 'pass'),
      check('block-public-access', 'fail', 'critical'),
      check('logging-enabled', 'error', 'medium'),
    ];
    const row = (name: string) => ({
      entity_ref: `resource:default/${name}`,
      bucket: `securecart-${name}`,
      arn: `arn:aws:s3:::securecart-${name}`,
      profile: 'aws-foundational',
      status: 'non-compliant',
      score: 40,
      failing_critical: 1,
      failing_high: 0,
      counts: JSON.stringify({ pass: 1, fail: 2, error: 1, notApplicable: 0 }),
      checks: JSON.stringify(checks),
      checked_at: '2026-11-01T00:00:00.000Z',
      stale: false,
    });
    // A row as the first schema stored it: no failing_checks yet.
    await knex('s3_bucket_posture').insert(row('images'));
    await knex.migrate.up({
      directory,
      name: '20261122130000_failing_checks.js',
    });
    // A row stored by the second schema, with its failing checks.
    await knex('s3_bucket_posture').insert({
      ...row('orders'),
      failing_checks: JSON.stringify([
        { id: 'tls-only', title: 'tls-only', severity: 'high' },
      ]),
    });
    for (const name of ['images', 'orders']) {
      await knex('s3_bucket_owner').insert({
        entity_ref: `resource:default/${name}`,
        owner_ref: 'group:default/team-a',
      });
      await knex('s3_posture_history').insert({
        entity_ref: `resource:default/${name}`,
        checked_at: '2026-11-01T00:00:00.000Z',
        status: 'non-compliant',
        score: 40,
        counts: JSON.stringify({
          pass: 1,
          fail: 2,
          error: 1,
          notApplicable: 0,
        }),
      });
    }

    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex }),
      historyLimit: 3,
    });

    const { items } = await store.list({});
    expect(items.map(i => [i.bucket, i.failingChecks, i.owners])).toEqual([
      [
        'securecart-images',
        [
          {
            id: 'block-public-access',
            title: 'block-public-access',
            severity: 'critical',
          },
          {
            id: 'versioning-enabled',
            title: 'versioning-enabled',
            severity: 'low',
          },
        ],
        ['group:default/team-a'],
      ],
      [
        'securecart-orders',
        [{ id: 'tls-only', title: 'tls-only', severity: 'high' }],
        ['group:default/team-a'],
      ],
    ]);
    expect(await store.history('resource:default/images', 5)).toHaveLength(1);
    expect(await store.history('resource:default/orders', 5)).toHaveLength(1);
    expect(
      await knex.schema.hasColumn('s3_bucket_posture', 'failing_high'),
    ).toBe(false);
    expect(
      await knex.schema.hasColumn('s3_bucket_posture', 'failing_critical'),
    ).toBe(false);
    // New assessments are stored on the migrated table.
    await store.saveAssessment(
      assessment('images', '2026-11-02T00:00:00.000Z', { checks }),
    );
    expect(await store.history('resource:default/images', 5)).toHaveLength(2);
  });

  it('keeps a row per catalog bucket, unknown until assessed', async () => {
    const { store } = await createStore();
    await store.upsertIdentities(
      [identity('orders', { accountId: '111122223333' }), identity('images')],
      'aws-foundational',
    );
    const record = await store.get('resource:default/orders');
    expect(record).toMatchObject({
      status: 'unknown',
      accountId: '111122223333',
      owners: ['group:default/team-a'],
      checks: [],
      stale: false,
    });
    expect(record?.checkedAt).toBeUndefined();
  });

  it('stores an assessment with its checks, owners and snapshot, and reads it back', async () => {
    const { store } = await createStore();
    await store.saveAssessment(
      assessment('orders', '2026-11-01T10:00:00.000Z', {
        identity: identity('orders', {
          owners: ['group:default/team-a', 'user:default/jdoe'],
        }),
        status: 'non-compliant',
        score: 40,
        checks: [
          check('no-public-read', 'fail', 'critical'),
          check('tls-only', 'fail'),
        ],
      }),
    );
    const record = await store.get('resource:default/orders');
    expect(record).toMatchObject({
      bucket: 'securecart-orders',
      accountId: '111122223333',
      region: 'eu-north-1',
      owners: ['group:default/team-a', 'user:default/jdoe'],
      service: 'component:default/orders-service',
      status: 'non-compliant',
      score: 40,
      checkedAt: '2026-11-01T10:00:00.000Z',
      stale: false,
      snapshot: { bucket: { policy: { status: 'absent' } } },
    });
    expect(record?.checks.map(c => c.id)).toEqual([
      'no-public-read',
      'tls-only',
    ]);
  });

  it('keeps the last good verdicts, marked stale, when a refresh fails', async () => {
    const { store } = await createStore();
    await store.saveAssessment(
      assessment('orders', '2026-11-01T10:00:00.000Z'),
    );
    await store.markFailed(
      'resource:default/orders',
      { code: 'AccessDenied', message: 'cannot assume role' },
      '2026-11-02T10:00:00.000Z',
    );
    const record = await store.get('resource:default/orders');
    expect(record).toMatchObject({
      status: 'compliant',
      score: 90,
      checkedAt: '2026-11-01T10:00:00.000Z',
      stale: true,
      lastError: {
        code: 'AccessDenied',
        message: 'cannot assume role',
        at: '2026-11-02T10:00:00.000Z',
      },
      lastAttemptAt: '2026-11-02T10:00:00.000Z',
    });
    // A new good assessment clears the stale mark.
    await store.saveAssessment(
      assessment('orders', '2026-11-03T10:00:00.000Z'),
    );
    expect(await store.get('resource:default/orders')).toMatchObject({
      stale: false,
      lastError: undefined,
    });
  });

  it('keeps a bounded history, newest first', async () => {
    const { store } = await createStore(3);
    for (let day = 1; day <= 5; day++) {
      await store.saveAssessment(
        assessment('orders', `2026-11-0${day}T10:00:00.000Z`, {
          score: 50 + day,
        }),
      );
    }
    const history = await store.history('resource:default/orders', 10);
    expect(history.map(h => [h.checkedAt.slice(0, 10), h.score])).toEqual([
      ['2026-11-05', 55],
      ['2026-11-04', 54],
      ['2026-11-03', 53],
    ]);
  });

  it('filters, orders and pages in the database', async () => {
    const { store } = await createStore();
    await store.saveAssessment(
      assessment('a-orders', '2026-11-01T00:00:00.000Z', {
        score: 30,
        status: 'non-compliant',
      }),
    );
    await store.saveAssessment(
      assessment('b-images', '2026-11-01T00:00:00.000Z', {
        score: 80,
        status: 'at-risk',
        region: 'eu-west-1',
        identity: identity('b-images', {
          owners: ['group:default/team-b'],
          service: 'component:default/catalog-service',
        }),
      }),
    );
    await store.saveAssessment(
      assessment('c-logs', '2026-11-01T00:00:00.000Z', {
        score: 100,
        accountId: '444455556666',
      }),
    );
    await store.upsertIdentities([identity('d-new')], 'aws-foundational');

    const byScore = await store.list({
      orderBy: 'score',
      order: 'asc',
      limit: 10,
    });
    expect(byScore.items.map(i => i.bucket)).toEqual([
      'securecart-a-orders',
      'securecart-b-images',
      'securecart-c-logs',
      'securecart-d-new', // never assessed: last
    ]);
    expect(byScore.totalCount).toBe(4);

    const page = await store.list({ orderBy: 'name', offset: 1, limit: 2 });
    expect(page.items.map(i => i.bucket)).toEqual([
      'securecart-b-images',
      'securecart-c-logs',
    ]);
    expect(page.totalCount).toBe(4);

    expect(
      (await store.list({ q: 'IMAGES' })).items.map(i => i.bucket),
    ).toEqual(['securecart-b-images']);
    expect((await store.list({ q: '100%' })).totalCount).toBe(0);
    expect(
      (await store.list({ owner: 'group:default/team-b' })).items.map(
        i => i.bucket,
      ),
    ).toEqual(['securecart-b-images']);
    expect(
      (await store.list({ service: 'component:default/catalog-service' }))
        .totalCount,
    ).toBe(1);
    expect(
      (await store.list({ account: '444455556666' })).items.map(i => i.bucket),
    ).toEqual(['securecart-c-logs']);
    expect((await store.list({ region: 'eu-west-1' })).totalCount).toBe(1);
    expect(
      (await store.list({ status: ['non-compliant', 'at-risk'] })).totalCount,
    ).toBe(2);
    expect(
      (
        await store.list({
          refs: ['resource:default/a-orders', 'resource:default/c-logs'],
        })
      ).items.map(i => i.bucket),
    ).toEqual(['securecart-a-orders', 'securecart-c-logs']);
    expect((await store.list({ refs: [] })).totalCount).toBe(0);
    expect(await store.countByStatus({})).toEqual({
      compliant: 1,
      'at-risk': 1,
      'non-compliant': 1,
      unknown: 1,
    });
    expect(await store.countByStatus({ account: '111122223333' })).toEqual({
      compliant: 0,
      'at-risk': 1,
      'non-compliant': 1,
      unknown: 0,
    });
    expect((await store.countByStatus({ refs: [] })).compliant).toBe(0);
  });

  it('orders by the name a person sees, documented and undocumented together', async () => {
    const { store } = await createStore();
    await store.upsertIdentities(
      [
        identity('orders', { title: 'OrdersProductionBucket' }),
        identity('users', { title: 'UsersBucket' }),
      ],
      'aws-foundational',
    );
    // Undocumented rows have no title: their bucket name is what the page shows.
    await store.upsertInventory(
      '111122223333',
      [
        {
          inventoryRef: 'aws:111122223333/securecart-vendor-handoff',
          bucket: 'securecart-vendor-handoff',
        },
        {
          inventoryRef: 'aws:111122223333/archive-2019',
          bucket: 'archive-2019',
        },
      ],
      '2026-11-01T00:00:00.000Z',
      'aws-foundational',
    );
    const names = async (order: 'asc' | 'desc') =>
      (
        await store.list({ orderBy: 'name', order, inventory: true, limit: 10 })
      ).items.map(i => i.title ?? i.bucket);
    expect(await names('asc')).toEqual([
      'archive-2019',
      'OrdersProductionBucket',
      'securecart-vendor-handoff',
      'UsersBucket',
    ]);
    expect(await names('desc')).toEqual([
      'UsersBucket',
      'securecart-vendor-handoff',
      'OrdersProductionBucket',
      'archive-2019',
    ]);
  });

  it('forgets removed buckets', async () => {
    const { store } = await createStore();
    await store.saveAssessment(
      assessment('orders', '2026-11-01T00:00:00.000Z'),
    );
    await store.saveAssessment(
      assessment('images', '2026-11-01T00:00:00.000Z', {
        identity: identity('images', {
          service: 'component:default/catalog-service',
          owners: ['user:default/jdoe'],
        }),
      }),
    );
    await store.remove(['resource:default/orders']);
    expect(await store.get('resource:default/orders')).toBeUndefined();
    expect(await store.history('resource:default/orders', 5)).toEqual([]);
    expect((await store.listRefs()).map(r => r.entityRef)).toEqual([
      'resource:default/images',
    ]);
  });

  it('keeps everything across a restart (a new store on the same database)', async () => {
    const { store, knex } = await createStore();
    await store.saveAssessment(
      assessment('orders', '2026-11-01T00:00:00.000Z'),
    );
    const again = await DatabasePostureStore.create({
      database: mockServices.database({ knex }),
      historyLimit: 3,
    });
    expect(await again.get('resource:default/orders')).toMatchObject({
      status: 'compliant',
      score: 90,
    });
    expect(await again.history('resource:default/orders', 5)).toHaveLength(1);
  });
});
