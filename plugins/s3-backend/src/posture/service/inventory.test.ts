import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { exampleScenarioPath, loadScenario } from '@internal/aws-simulator';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_ARN,
  S3_BUCKET_RESOURCE_TYPE,
  formatInventoryRef,
} from '@s3-posture/plugin-s3-common';
import { HttpResponse, http } from 'msw';
import { PostureEventSubscriber } from '../../events/PostureEventSubscriber';
import { readPostureEventsConfig } from '../../events/config';
import { cloudTrailEvent } from '../../events/__testUtils__/envelopes';
import {
  EXAMPLE_AWS_CONFIG,
  PRODUCTION,
  STAGING,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { AwsPostureCollector } from '../collect';
import { readS3Config } from '../config';
import { DatabasePostureStore } from '../store/DatabasePostureStore';
import { PostureService } from './PostureService';

/*
 * The inventory (DESIGN §15, issue 16) against the simulated accounts and real databases:
 * every bucket of every configured account is listed and assessed, documented or not.
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws();

const ids: TestDatabaseId[] = ['SQLITE_3'];
if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) {
  ids.push('POSTGRES_15');
} else {
  // Visible notice rather than a silent skip: CI sets the variable and runs PostgreSQL too.
  // eslint-disable-next-line no-console
  console.warn(
    'inventory: PostgreSQL not tested (set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
  );
}
const databases = TestDatabases.create({ ids });

const scenario = loadScenario(exampleScenarioPath());
/** The buckets that have docs in these tests; every other scenario bucket has none. */
const DOCUMENTED = [
  'securecart-orders-production',
  'securecart-orders-staging',
];
const accountOf = (bucket: string) =>
  scenario.buckets.find(b => b.name === bucket)!.accountId;
const undocumentedBuckets = scenario.buckets
  .map(b => b.name)
  .filter(name => !DOCUMENTED.includes(name))
  .sort();

/** A scenario bucket whose `team` tag names the team (a catalog group in these tests). */
const tagged = scenario.buckets.find(
  b => !DOCUMENTED.includes(b.name) && b.tags?.team,
)!;

function bucketDoc(bucket: string, account?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: bucket.slice(0, 63),
      namespace: 'default',
      annotations: {
        [ANNOTATION_AWS_ARN]: `arn:aws:s3:::${bucket}`,
        ...(account ? { [ANNOTATION_AWS_ACCOUNT_ID]: account } : {}),
      },
    },
    spec: { type: S3_BUCKET_RESOURCE_TYPE, owner: 'group:default/team-a' },
  };
}

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

const baseEntities = [
  ...DOCUMENTED.map(b => bucketDoc(b, accountOf(b))),
  group('team-a'),
  group(tagged.tags!.team),
];

async function setup(db: TestDatabaseId, inventory?: object) {
  const knex = await databases.init(db);
  const config = new ConfigReader({
    ...EXAMPLE_AWS_CONFIG,
    s3: {
      posture: { refreshConcurrency: 4 },
      ...(inventory ? { inventory } : {}),
    },
  });
  const logger = mockServices.logger.mock();
  const store = await DatabasePostureStore.create({
    database: mockServices.database({ knex }),
    historyLimit: 10,
  });
  const collector = AwsPostureCollector.fromConfig(config, { logger });
  /** A service over the same store and AWS, with the catalog holding these entities. */
  const serviceWith = (entities: Entity[]) =>
    new PostureService({
      store,
      collector,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger,
      config: readS3Config(config).posture,
    });
  const service = serviceWith(baseEntities);
  /** The undocumented buckets in the store, by bucket name. */
  const undocumented = async () =>
    (
      await service.listBuckets({
        inventory: true,
        documented: false,
        limit: 100_000,
      })
    ).items
      .map(i => i.bucket)
      .sort();
  return { store, logger, service, serviceWith, undocumented, config };
}

/** First assessments the discover task makes: new docs and new undocumented buckets. */
async function discoverAndAssess(service: PostureService) {
  const fresh = await service.discover();
  return service.refresh(fresh);
}

/** A ListBuckets of the production account answered here, in pages, with real S3 XML. */
function listBucketsOfProduction(
  names: () => string[],
  options: { region?: boolean } = {},
) {
  const calls = { count: 0 };
  const escapeXml = (s: string) =>
    s.replace(/[<>&]/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
  const handler = http.get(
    ({ request }) => {
      const url = new URL(request.url);
      return (
        /^s3(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(url.hostname) &&
        url.pathname === '/' &&
        (request.headers.get('authorization') ?? '').includes(
          'AKIASECURECARTPROD01',
        )
      );
    },
    ({ request }) => {
      calls.count++;
      const url = new URL(request.url);
      const max = Number(url.searchParams.get('max-buckets') ?? '10000');
      const start = Number(url.searchParams.get('continuation-token') ?? '0');
      const all = names();
      const page = all.slice(start, start + max);
      const next = start + max < all.length ? String(start + max) : undefined;
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>prod</ID><DisplayName>prod</DisplayName></Owner><Buckets>${page
        .map(
          n =>
            `<Bucket><Name>${escapeXml(n)}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate>${
              options.region === false
                ? ''
                : '<BucketRegion>eu-north-1</BucketRegion>'
            }</Bucket>`,
        )
        .join('')}</Buckets>${
        next ? `<ContinuationToken>${next}</ContinuationToken>` : ''
      }</ListAllMyBucketsResult>`;
      return new HttpResponse(xml, {
        headers: { 'content-type': 'application/xml' },
      });
    },
  );
  return { handler, calls };
}

describe.each(ids)('inventory on %s', db => {
  it('lists every account, and assesses the buckets no doc describes as undocumented, with suggested owners from their tags', async () => {
    const { service, store, undocumented } = await setup(db);
    await service.discover();
    const synced = await service.syncInventory();
    expect(synced.failedAccounts).toEqual([]);
    expect(synced.listed).toBe(scenario.buckets.length);
    expect(await undocumented()).toEqual(undocumentedBuckets);

    // The discover task assesses them soon after, beside the new docs.
    const result = await discoverAndAssess(service);
    expect(result.failed).toBe(0);
    expect(result.assessed).toBe(scenario.buckets.length);

    const all = await service.listBuckets({ inventory: true, limit: 100 });
    expect(all.documentedCounts).toEqual({
      documented: DOCUMENTED.length,
      undocumented: undocumentedBuckets.length,
    });
    for (const item of all.items.filter(i => !i.documented)) {
      expect(item).toMatchObject({
        entityRef: formatInventoryRef(accountOf(item.bucket), item.bucket),
        accountId: accountOf(item.bucket),
        owners: [],
      });
      expect(item.status).not.toBe('unknown');
      expect(item.score).toEqual(expect.any(Number));
    }
    const taggedRef = formatInventoryRef(tagged.accountId, tagged.name);
    const posture = await service.inventoryPosture(taggedRef);
    expect(posture).toMatchObject({
      documented: false,
      suggestedOwners: [`group:default/${tagged.tags!.team}`],
      owners: [],
    });
    expect(posture.checks.length).toBeGreaterThan(0);
    expect(await service.history(taggedRef)).toHaveLength(1);
    // A documented bucket is not an inventory one.
    await expect(
      service.inventoryPosture(
        formatInventoryRef(PRODUCTION, 'securecart-orders-production'),
      ),
    ).rejects.toThrow(NotFoundError);

    // The full refresh assesses them again.
    expect(await service.refreshAll()).toEqual({
      assessed: scenario.buckets.length,
      failed: 0,
    });
    expect(await store.history(taggedRef, 10)).toHaveLength(2);

    // Accounts, each with what its listing found.
    const accounts = await service.inventoryAccounts();
    expect(accounts.enabled).toBe(true);
    expect(accounts.items.map(a => a.accountId)).toEqual(
      [PRODUCTION, STAGING].sort(),
    );
    for (const account of accounts.items) {
      const inAccount = scenario.buckets.filter(
        b => b.accountId === account.accountId,
      );
      expect(account).toMatchObject({
        buckets: inAccount.length,
        undocumented: inAccount.filter(b => !DOCUMENTED.includes(b.name))
          .length,
        listedAt: expect.any(String),
      });
      expect(account.listError).toBeUndefined();
    }
  });

  it('hides undocumented buckets, counts included, from callers without the inventory', async () => {
    const { service } = await setup(db);
    await service.discover();
    await service.syncInventory();
    const plain = await service.listBuckets({ limit: 100 });
    expect(plain.items.map(i => i.bucket).sort()).toEqual(DOCUMENTED);
    expect(plain.totalCount).toBe(DOCUMENTED.length);
    expect(plain.documentedCounts).toEqual({
      documented: DOCUMENTED.length,
      undocumented: 0,
    });
    const statusTotal = Object.values(plain.statusCounts).reduce(
      (a, b) => a + b,
    );
    expect(statusTotal).toBe(DOCUMENTED.length);
    // Even asked for them by name.
    expect(
      (await service.listBuckets({ documented: false, q: 'securecart' }))
        .totalCount,
    ).toBe(0);

    // `refs` (the documented buckets a caller may see) leaves the inventory to `inventory`.
    const scoped = await service.listBuckets({
      refs: [],
      inventory: true,
      limit: 100,
    });
    expect(scoped.items.every(i => !i.documented)).toBe(true);
    expect(scoped.documentedCounts).toEqual({
      documented: 0,
      undocumented: undocumentedBuckets.length,
    });
    const onlyDocumented = await service.listBuckets({
      inventory: true,
      documented: true,
    });
    expect(onlyDocumented.totalCount).toBe(DOCUMENTED.length);
    // Counts by documented ignore the documented filter itself.
    expect(onlyDocumented.documentedCounts.undocumented).toBe(
      undocumentedBuckets.length,
    );
  });

  it('a doc for an undocumented bucket takes its row over: verdict and history carry over', async () => {
    const { service, store, serviceWith, undocumented } = await setup(db);
    await service.discover();
    await service.syncInventory();
    await discoverAndAssess(service);
    const inventoryRef = formatInventoryRef(tagged.accountId, tagged.name);
    const before = await service.inventoryPosture(inventoryRef);

    // A doc for it appears in the catalog.
    const doc = bucketDoc(tagged.name, tagged.accountId);
    const withDoc = serviceWith([...baseEntities, doc]);
    const entityRef = `resource:default/${tagged.name}`;
    const fresh = await withDoc.discover();
    // It is assessed again soon, now with its doc.
    expect(fresh).toContain(entityRef);
    const moved = await store.get(entityRef);
    expect(moved).toMatchObject({
      documented: true,
      status: before.status,
      score: before.score,
      checkedAt: before.checkedAt,
      owners: ['group:default/team-a'],
    });
    expect(moved!.suggestedOwners).toBeUndefined();
    expect(await withDoc.history(entityRef)).toHaveLength(1);
    expect(await store.history(inventoryRef, 10)).toEqual([]);
    await expect(withDoc.inventoryPosture(inventoryRef)).rejects.toThrow(
      NotFoundError,
    );

    // The next listing leaves it documented; the next assessment adds to its history.
    await withDoc.syncInventory();
    expect(await undocumented()).not.toContain(tagged.name);
    await withDoc.refresh([entityRef]);
    expect(await withDoc.history(entityRef)).toHaveLength(2);
  });

  it('a bucket gone from AWS leaves the inventory with its history', async () => {
    const { service, store, undocumented } = await setup(db);
    await service.discover();
    await service.syncInventory();
    await discoverAndAssess(service);
    const gone = undocumentedBuckets[0];
    const ref = formatInventoryRef(accountOf(gone), gone);
    expect(await store.history(ref, 10)).toHaveLength(1);

    aws.setKnobs({ deletedBuckets: [gone] });
    const synced = await service.syncInventory();
    expect(synced.removed).toBe(1);
    expect(await undocumented()).toEqual(undocumentedBuckets.slice(1));
    expect(await store.history(ref, 10)).toEqual([]);
    expect(await store.get(ref)).toBeUndefined();
  });

  it('a doc whose bucket does not exist: unknown with NoSuchBucket, no score, the history kept', async () => {
    const missing = 'securecart-never-created-production';
    const { serviceWith } = await setup(db);
    const service = serviceWith([
      ...baseEntities,
      bucketDoc(missing, PRODUCTION),
    ]);
    await discoverAndAssess(service);
    const [record] = (
      await service.listBuckets({ q: missing, inventory: true })
    ).items;
    expect(record).toMatchObject({
      documented: true,
      status: 'unknown',
      stale: false,
      counts: { pass: 0, fail: 0, error: 0, notApplicable: 0 },
      lastError: { code: 'NoSuchBucket', at: expect.any(String) },
    });
    expect(record.score).toBeUndefined();

    // A documented bucket deleted after it was assessed: unknown now, its past kept.
    const orders = 'resource:default/securecart-orders-production';
    const assessed = (await service.listBuckets({ q: 'orders-production' }))
      .items[0];
    expect(assessed.status).not.toBe('unknown');
    aws.setKnobs({ deletedBuckets: ['securecart-orders-production'] });
    await service.refresh([orders]);
    const after = (await service.listBuckets({ q: 'orders-production' }))
      .items[0];
    expect(after).toMatchObject({
      status: 'unknown',
      failingChecks: [],
      lastError: { code: 'NoSuchBucket' },
    });
    expect(after.score).toBeUndefined();
    expect((await service.history(orders)).map(h => h.status)).toEqual([
      assessed.status,
    ]);
  });

  it('an account whose ListBuckets is denied is recorded with its error; its rows stay and documented buckets are unaffected', async () => {
    const { service, undocumented } = await setup(db);
    await service.discover();
    await service.syncInventory();
    await discoverAndAssess(service);
    const before = await service.listBuckets({ documented: true });

    aws.setKnobs({
      accessDenied: [{ operation: 's3:ListBuckets', account: STAGING }],
    });
    const synced = await service.syncInventory();
    expect(synced.failedAccounts).toEqual([STAGING]);
    // Its undocumented buckets are kept as they were.
    expect(await undocumented()).toEqual(undocumentedBuckets);
    const staging = (await service.inventoryAccounts()).items.find(
      a => a.accountId === STAGING,
    )!;
    expect(staging.listError).toMatchObject({
      code: 'AccessDenied',
      at: expect.any(String),
    });
    expect(staging.listedAt).toEqual(expect.any(String));

    // Documented buckets, in that account too, are assessed as before.
    expect(await service.refreshAll()).toMatchObject({ failed: 0 });
    const after = await service.listBuckets({ documented: true });
    expect(after.items.map(i => [i.bucket, i.status, i.lastError])).toEqual(
      before.items.map(i => [i.bucket, i.status, undefined]),
    );
  });

  it('skips malformed bucket names a server returns, with one warning per listing, and never calls AWS with them', async () => {
    const { service, logger } = await setup(db);
    const malformed = [
      '../../etc/passwd',
      'Bad_Bucket',
      'x'.repeat(80),
      'a?b=c',
      '',
    ];
    const { handler } = listBucketsOfProduction(() => [
      ...malformed,
      'prod-valid-bucket',
    ]);
    aws.server.use(handler);
    await service.syncInventory();
    const production = await service.listBuckets({
      inventory: true,
      account: PRODUCTION,
    });
    expect(production.items.map(i => i.bucket)).toEqual(['prod-valid-bucket']);
    const warnings = logger.warn.mock.calls
      .map(c => String(c[0]))
      .filter(m => m.includes('malformed'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`account ${PRODUCTION}`);
    expect(warnings[0]).toContain('4 malformed bucket names');
    expect(
      Object.keys(aws.stats.byBucket).filter(b => malformed.includes(b)),
    ).toEqual([]);
  });

  it('lists 10,000 buckets of one account through pages, and later drops the ones gone', async () => {
    const { service, store } = await setup(db);
    let names = Array.from(
      { length: 10_000 },
      (_, i) => `bulk-${String(i).padStart(5, '0')}-production`,
    );
    const { handler, calls } = listBucketsOfProduction(() => names);
    aws.server.use(handler);
    const started = Date.now();
    const synced = await service.syncInventory();
    const firstMs = Date.now() - started;
    // 1,000 per page.
    expect(calls.count).toBe(10);
    expect(synced.failedAccounts).toEqual([]);
    const count = async () =>
      (
        await service.listBuckets({
          inventory: true,
          documented: false,
          account: PRODUCTION,
          limit: 1,
        })
      ).totalCount;
    expect(await count()).toBe(10_000);
    const production = (await service.inventoryAccounts()).items.find(
      a => a.accountId === PRODUCTION,
    )!;
    expect(production).toMatchObject({ buckets: 10_000, undocumented: 10_000 });

    names = names.filter((_, i) => i % 10 !== 0);
    const again = await service.syncInventory();
    expect(again.removed).toBe(1000);
    expect(calls.count).toBe(19);
    expect(await count()).toBe(9000);
    expect(
      await store.get(formatInventoryRef(PRODUCTION, 'bulk-00000-production')),
    ).toBeUndefined();
    // eslint-disable-next-line no-console
    console.log(`inventory on ${db}: 10,000 buckets listed in ${firstMs} ms`);
  });

  it('finds the region with GetBucketLocation where a server lists buckets without it (Ceph RGW)', async () => {
    const { service } = await setup(db);
    const production = scenario.buckets.filter(
      b => b.accountId === PRODUCTION && !DOCUMENTED.includes(b.name),
    );
    const { handler } = listBucketsOfProduction(
      () => production.map(b => b.name).sort(),
      { region: false },
    );
    aws.server.use(handler);
    await service.syncInventory();
    const [bucket] = production;
    const ref = formatInventoryRef(PRODUCTION, bucket.name);
    expect((await service.inventoryPosture(ref)).region).toBeUndefined();

    const posture = await service.assessInventoryNow(ref);
    expect(posture.region).toBe(bucket.region);
    expect(posture.status).not.toBe('unknown');
    expect(aws.stats.byBucket[bucket.name]['s3:GetBucketLocation']).toBe(1);
  });

  it('with the inventory off, lists nothing and removes the undocumented buckets', async () => {
    const on = await setup(db);
    await on.service.discover();
    await on.service.syncInventory();
    expect((await on.undocumented()).length).toBeGreaterThan(0);

    // The same database, the inventory turned off.
    const config = new ConfigReader({
      ...EXAMPLE_AWS_CONFIG,
      s3: { inventory: { enabled: false } },
    });
    const off = new PostureService({
      store: on.store,
      collector: AwsPostureCollector.fromConfig(config, {
        logger: on.logger,
      }),
      catalog: catalogServiceMock({ entities: baseEntities }),
      auth: mockServices.auth(),
      logger: on.logger,
      config: readS3Config(config).posture,
    });
    aws.stats.reset();
    expect(await off.syncInventory()).toMatchObject({
      removed: undocumentedBuckets.length,
    });
    expect(aws.stats.byOperation['s3:ListBuckets'] ?? 0).toBe(0);
    expect(await on.undocumented()).toEqual([]);
    expect((await off.inventoryAccounts()).enabled).toBe(false);
  });

  it('CreateBucket of a bucket no doc describes adds it and assesses it; DeleteBucket removes it', async () => {
    const { service, config, undocumented } = await setup(db);
    await service.discover();
    const subscriber = new PostureEventSubscriber({
      service,
      logger: mockServices.logger.mock(),
      config: { ...readPostureEventsConfig(config), coalesceMs: 10 },
      configuredAccounts: [PRODUCTION, STAGING],
    });
    const bucket = tagged.name;
    const ref = formatInventoryRef(tagged.accountId, bucket);
    await subscriber.onEvent({
      topic: 'aws.s3',
      eventPayload: cloudTrailEvent({
        eventName: 'CreateBucket',
        account: tagged.accountId,
        bucket,
      }),
    });
    await subscriber.idle();
    expect(await undocumented()).toEqual([bucket]);
    const posture = await service.inventoryPosture(ref);
    expect(posture.status).not.toBe('unknown');
    expect((await service.history(ref))[0].trigger).toBe('event: CreateBucket');

    await subscriber.onEvent({
      topic: 'aws.s3',
      eventPayload: cloudTrailEvent({
        eventName: 'DeleteBucket',
        account: tagged.accountId,
        bucket,
      }),
    });
    await subscriber.idle();
    expect(await undocumented()).toEqual([]);
    await subscriber.stop();
  });
});
