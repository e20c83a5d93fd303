import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  BucketListResponse,
  BucketPosture,
} from '@s3-posture/plugin-s3-common';
import request from 'supertest';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import s3Plugin from '../..';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import {
  EXAMPLE_AWS_CONFIG,
  STAGING,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';

// DESIGN §4 and §13: a refresh that cannot assess a bucket at all (deleted, role that cannot
// be assumed) keeps the last good verdicts, marks them stale with the reason, and the REST
// API keeps answering while it happens and afterwards. The real backend, catalog and plugin.

jest.setTimeout(120_000);

const ORDERS = 'securecart-orders-production';
const INVOICES = 'securecart-invoices-production';

describe('last good verdicts stay, stale, while AWS fails whole refreshes', () => {
  // Requests to the test backend on loopback pass through.
  const aws = useSimulatedAws({ allowLoopback: true });
  // Role sessions of a minute: every refresh assumes the staging role again, as a backend
  // running for hours would once its session expired.
  const shortSessions = () => aws.setKnobs({ sessionDurationSeconds: 60 });
  beforeEach(shortSessions);

  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  /** Entity name of each bucket. */
  const entityOf = new Map<string, string>();
  const baseline = new Map<string, BucketPosture>();
  const user = mockCredentials.user.header();

  const get = (path: string) =>
    request(backend.server).get(`/api/s3${path}`).set('Authorization', user);
  const refresh = (bucket: string) =>
    request(backend.server)
      .post(`/api/s3/v1/buckets/default/${entityOf.get(bucket)}/refresh`)
      .set('Authorization', user);
  const posture = (bucket: string) =>
    get(`/v1/buckets/default/${entityOf.get(bucket)}`);

  beforeAll(async () => {
    shortSessions();
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        mockServices.rootConfig.factory({
          data: exampleBackendConfig({
            // The staging account is reached by assuming a role from the production account.
            aws: {
              mainAccount: EXAMPLE_AWS_CONFIG.aws.accounts[0],
              accounts: [
                EXAMPLE_AWS_CONFIG.aws.accounts[0],
                {
                  accountId: STAGING,
                  roleName: 'backstage-s3-posture',
                  externalId: 'securecart-backstage',
                },
              ],
            },
            s3: {
              catalog: { ownerDefaultKind: 'user' },
              aws: { maxAttempts: 2 },
              // No scheduled full refresh while the test sets the faults.
              posture: {
                schedule: {
                  frequency: { hours: 6 },
                  timeout: { minutes: 50 },
                  initialDelay: { hours: 1 },
                },
              },
            },
          }),
        }),
      ],
    });
    const buckets = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities')
        .set('Authorization', user);
      const items = (res.body as Entity[]).filter(
        e => e.spec?.type === 's3-bucket',
      );
      return items.length >= 14 ? items : undefined;
    }, 'the example bucket entities');
    for (const entity of buckets) {
      entityOf.set(
        entity.metadata.annotations!['s3.backstage.io/bucket-name'],
        entity.metadata.name,
      );
    }
    for (const bucket of entityOf.keys()) {
      const res = await refresh(bucket);
      if (res.status !== 200 || res.body.stale || res.body.counts.error > 0) {
        throw new Error(`baseline of ${bucket}: ${JSON.stringify(res.body)}`);
      }
      baseline.set(bucket, res.body);
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  /** The baseline's verdicts, as a user reads them. */
  const verdicts = (p: BucketPosture) =>
    p.checks.map(c => ({ id: c.id, status: c.status, reason: c.reason }));

  function expectKeptAndStale(
    p: BucketPosture,
    bucket: string,
    lastError: RegExp,
  ) {
    const before = baseline.get(bucket)!;
    expect(p.stale).toBe(true);
    expect(`${p.lastError?.code}: ${p.lastError?.message}`).toMatch(lastError);
    expect(p.checkedAt).toBe(before.checkedAt);
    expect(p.status).toBe(before.status);
    expect(p.score).toBe(before.score);
    expect(verdicts(p)).toEqual(verdicts(before));
  }

  /** A doc whose bucket does not exist (DESIGN §15): no verdict, the reason said. */
  function expectMissing(p: BucketPosture, message: RegExp) {
    expect(p).toMatchObject({
      status: 'unknown',
      stale: false,
      checks: [],
      counts: { pass: 0, fail: 0, error: 0, notApplicable: 0 },
      lastError: { code: 'NoSuchBucket', at: expect.any(String) },
    });
    expect(p.score).toBeUndefined();
    expect(p.lastError!.message).toMatch(message);
  }

  it('a bucket deleted since it was located becomes unknown, saying it no longer exists', async () => {
    aws.setKnobs({ deletedBuckets: [ORDERS] });
    aws.stats.reset();

    const first = await refresh(ORDERS);
    expect(first.status).toBe(200);
    expectMissing(
      first.body,
      /^Bucket securecart-orders-production no longer exists in account 111122223333/,
    );
    // The next refresh locates it afresh, and S3 still has no such bucket.
    const second = await refresh(ORDERS);
    expect(second.status).toBe(200);
    expectMissing(
      second.body,
      /^Bucket securecart-orders-production does not exist/,
    );
    // Located once again only after S3 said it was gone.
    expect(aws.stats.byBucket[ORDERS]['s3:GetBucketLocation']).toBe(1);

    const read = await posture(ORDERS);
    expect(read.status).toBe(200);
    expectMissing(read.body, /does not exist/);

    // The other buckets are assessed as before.
    const invoices = await refresh(INVOICES);
    expect(invoices.body.stale).toBe(false);
    expect(verdicts(invoices.body)).toEqual(verdicts(baseline.get(INVOICES)!));

    const list = await get(`/v1/buckets?q=securecart-orders`);
    expect(list.status).toBe(200);
    const items = (list.body as BucketListResponse).items;
    expect(
      items
        .map(i => ({ bucket: i.bucket, stale: i.stale }))
        .sort((a, b) => a.bucket.localeCompare(b.bucket)),
    ).toEqual([
      { bucket: ORDERS, stale: false },
      { bucket: 'securecart-orders-staging', stale: false },
    ]);
  });

  it('an account whose role cannot be assumed keeps its verdicts, stale, and the API answers during and after', async () => {
    const staging = [...entityOf.keys()].filter(
      b => baseline.get(b)!.accountId === STAGING,
    );
    expect(staging).toHaveLength(4);
    aws.setKnobs({
      accessDenied: ['sts:AssumeRole'],
      // Slow enough that the reads below happen while the refreshes are under way.
      slowOperations: [{ operation: 'sts:AssumeRole', latencyMs: 600 }],
    });
    aws.stats.reset();

    const refreshes = Promise.all(staging.map(b => refresh(b).then(r => r)));
    await eventually(
      async () => aws.stats.byOperation['sts:AssumeRole'],
      'the refreshes to ask STS for the role',
    );
    // While the staging buckets are being refreshed, every read answers with the last verdicts.
    for (const bucket of staging) {
      const during = await posture(bucket);
      expect(during.status).toBe(200);
      expect(verdicts(during.body)).toEqual(verdicts(baseline.get(bucket)!));
    }
    expect((await get('/health')).status).toBe(200);
    expect((await get('/v1/buckets')).body.totalCount).toBe(entityOf.size);

    const refreshed = await refreshes;
    for (const [i, bucket] of staging.entries()) {
      expect(refreshed[i].status).toBe(200);
      expectKeptAndStale(
        refreshed[i].body,
        bucket,
        /^AccessDenied: .*not authorized to perform: sts:AssumeRole/,
      );
      const after = await posture(bucket);
      expect(after.status).toBe(200);
      expectKeptAndStale(after.body, bucket, /sts:AssumeRole/);
    }
    expect(aws.stats.errors.AccessDenied).toBeGreaterThanOrEqual(4);

    // The production account needs no role: its buckets are assessed as before.
    const invoices = await refresh(INVOICES);
    expect(invoices.body.stale).toBe(false);
    expect(verdicts(invoices.body)).toEqual(verdicts(baseline.get(INVOICES)!));
  });

  it('once AWS is healthy again, the next refresh brings fresh verdicts and clears the error', async () => {
    for (const bucket of [ORDERS, ...entityOf.keys()]) {
      const res = await refresh(bucket);
      expect(res.status).toBe(200);
      expect(res.body.stale).toBe(false);
      if (baseline.get(bucket)!.lastError?.code === 'NoSuchBucket') {
        // The example doc whose bucket never existed: still not found.
        expectMissing(res.body, /does not exist/);
        continue;
      }
      expect(res.body.lastError).toBeUndefined();
      expect(verdicts(res.body)).toEqual(verdicts(baseline.get(bucket)!));
    }
  });
});
