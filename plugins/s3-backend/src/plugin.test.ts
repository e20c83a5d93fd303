import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  BucketListResponse,
  BucketPosture,
  EntityPostureSummary,
  resolveActiveChecks,
} from '@s3-posture/plugin-s3-common';
import request from 'supertest';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import s3Plugin from '.';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

jest.setTimeout(120_000);

// The simulated AWS account; requests to the test backend on loopback pass through.
useSimulatedAws({ allowLoopback: true });

function config(extra: Record<string, unknown> = {}) {
  return mockServices.rootConfig.factory({ data: exampleBackendConfig(extra) });
}

describe('s3 plugin: catalog + bucket docs + posture over HTTP, against the simulated account', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let bucketNames: string[];
  const user = mockCredentials.user.header();

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        config(),
        // Requests without a token stay unauthenticated, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
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
    bucketNames = buckets.map(b => b.metadata.name).sort();
    for (const name of bucketNames) {
      const res = await request(backend.server)
        .post(`/api/s3/v1/buckets/default/${name}/refresh`)
        .set('Authorization', user);
      if (res.status !== 200)
        throw new Error(
          `refresh of ${name}: ${res.status} ${JSON.stringify(res.body)}`,
        );
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const get = (path: string) =>
    request(backend.server).get(`/api/s3${path}`).set('Authorization', user);
  const posture = async (name: string): Promise<BucketPosture> =>
    (await get(`/v1/buckets/default/${name}`)).body;
  const check = async (name: string, id: string) =>
    (await posture(name)).checks.find(c => c.id === id);

  it('lists every example bucket doc with a status and a score, the one whose bucket is gone as unknown', async () => {
    const res = await get(
      '/v1/buckets?limit=100&orderBy=score&documented=true',
    );
    expect(res.status).toBe(200);
    const body: BucketListResponse = res.body;
    expect(body.totalCount).toBe(bucketNames.length);
    expect(body.items.map(i => i.entityRef!.split('/')[1]).sort()).toEqual(
      bucketNames,
    );
    const [gone, ...assessed] = [
      body.items.find(i =>
        i.entityRef!.endsWith('/product-reviews-production-bucket'),
      )!,
      ...body.items.filter(
        i => !i.entityRef!.endsWith('/product-reviews-production-bucket'),
      ),
    ];
    expect(gone).toMatchObject({
      status: 'unknown',
      lastError: { code: 'NoSuchBucket' },
    });
    expect(gone.score).toBeUndefined();
    for (const item of assessed) {
      expect(['compliant', 'at-risk', 'non-compliant']).toContain(item.status);
      expect(item.score).toEqual(expect.any(Number));
      expect(item.checkedAt).toEqual(expect.any(String));
    }
    // By score, unscored last.
    const scores = assessed.map(i => i.score!);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(body.items[body.items.length - 1]).toBe(gone);
    expect(Object.values(body.statusCounts).reduce((a, b) => a + b, 0)).toBe(
      bucketNames.length,
    );
  });

  it('serves the seed bucket with every check of the active profile, in the shape of DESIGN §7', async () => {
    const res = await get('/v1/buckets/default/users-bucket');
    expect(res.status).toBe(200);
    const body: BucketPosture = res.body;
    expect(body).toMatchObject({
      entityRef: 'resource:default/users-bucket',
      bucket: 'textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39',
      arn: 'arn:aws:s3:::textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39',
      accountId: '111122223333', // located: the doc leaves the account empty
      region: 'us-west-2',
      owners: ['user:default/dboyne'],
      service: 'component:default/user-service',
      profile: 'aws-foundational',
      stale: false,
    });
    expect(body.checks.map(c => c.id)).toEqual(
      resolveActiveChecks('aws-foundational').map(c => c.id),
    );
    const counts =
      body.counts.pass +
      body.counts.fail +
      body.counts.error +
      body.counts.notApplicable;
    expect(counts).toBe(body.checks.length);
    for (const c of body.checks) {
      expect(c).toEqual({
        id: expect.any(String),
        title: expect.any(String),
        category: expect.any(String),
        severity: expect.any(String),
        status: expect.stringMatching(/^(pass|fail|error|not-applicable)$/),
        reason: expect.any(String),
        evidence: expect.any(Object),
        remediation: expect.any(String),
        anchors: expect.any(Object),
      });
    }
  });

  it('judges the example buckets the way the scenario intends', async () => {
    const model = await posture('transaction-logs-production-bucket');
    expect(model).toMatchObject({ status: 'compliant' });
    // Public through its bucket policy, and through an AllUsers ACL.
    expect(
      await check('product-images-staging-bucket', 'no-public-read'),
    ).toMatchObject({ status: 'fail' });
    expect(
      await check('legacy-marketing-assets-bucket', 'no-public-read'),
    ).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/ACL/i),
    });
    // The public dataset's own BPA is relaxed, but the account's keeps it private.
    expect(
      await check('public-datasets-production-bucket', 'no-public-read'),
    ).toMatchObject({ status: 'pass' });
    // No TLS-only policy; a TLS Deny that covers the objects but not the bucket.
    expect(
      await check('analytics-exports-production-bucket', 'tls-only'),
    ).toMatchObject({ status: 'fail' });
    expect(await check('invoices-production-bucket', 'tls-only')).toMatchObject(
      { status: 'fail' },
    );
    // A staging IAM user with s3:* on every bucket reaches every staging bucket, and no
    // production one; the model bucket denies everyone but the payments service.
    for (const name of [
      'analytics-exports-staging-bucket',
      'orders-staging-bucket',
    ]) {
      expect(await check(name, 'iam-least-privilege')).toMatchObject({
        status: 'fail',
      });
    }
    for (const name of [
      'orders-production-bucket',
      'transaction-logs-production-bucket',
    ]) {
      expect(await check(name, 'iam-least-privilege')).toMatchObject({
        status: 'pass',
      });
    }
    // Stale access keys.
    expect(
      await check('product-images-production-bucket', 'iam-keys-rotated'),
    ).toMatchObject({ status: 'fail' });
    expect(
      await check('transaction-logs-production-bucket', 'iam-keys-rotated'),
    ).toMatchObject({ status: 'pass' });
    // MFA delete means nothing without versioning.
    const seed = await posture('users-bucket');
    expect(seed.checks.find(c => c.id === 'versioning-enabled')?.status).toBe(
      'fail',
    );
    expect(seed.checks.find(c => c.id === 'mfa-delete-enabled')?.status).toBe(
      'not-applicable',
    );
  });

  it('rolls a service and an owner up to their buckets and the worst status', async () => {
    const res = await get(
      '/v1/entities/default/component/orders-service/summary',
    );
    expect(res.status).toBe(200);
    const body: EntityPostureSummary = res.body;
    expect(body.buckets.map(b => b.entityRef).sort()).toEqual([
      'resource:default/orders-production-bucket',
      'resource:default/orders-staging-bucket',
    ]);
    expect(body.bucketCount).toBe(2);
    const worst = body.buckets.some(b => b.status === 'non-compliant')
      ? 'non-compliant'
      : body.status;
    expect(body.status).toBe(worst);
    expect(body.worstScore).toBe(Math.min(...body.buckets.map(b => b.score!)));

    const empty = await get(
      '/v1/entities/default/component/recommendations-service/summary',
    );
    expect(empty.body).toMatchObject({
      bucketCount: 0,
      status: 'unknown',
      buckets: [],
    });

    const team = await get('/v1/entities/default/group/team-platform/summary');
    expect(team.body.bucketCount).toBeGreaterThanOrEqual(2);
  });

  it('lets a browser revalidate a summary, and gives a new one after a new verdict', async () => {
    const path = '/v1/entities/default/component/orders-service/summary';
    const first = await get(path);
    expect(first.status).toBe(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"/);

    const again = await get(path).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');

    const refreshed = await request(backend.server)
      .post('/api/s3/v1/buckets/default/orders-staging-bucket/refresh')
      .set('Authorization', user);
    expect(refreshed.status).toBe(200);
    const after = await get(path).set('If-None-Match', etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const staging = (after.body as EntityPostureSummary).buckets.find(
      b => b.entityRef === 'resource:default/orders-staging-bucket',
    );
    expect(staging?.checkedAt).toBe(refreshed.body.checkedAt);
  });

  it('filters the list by owner, service, account, region, status and text', async () => {
    const byService = await get(
      '/v1/buckets?service=component:default/orders-service',
    );
    expect(byService.body.totalCount).toBe(2);
    const byOwner = await get('/v1/buckets?owner=user:default/dboyne');
    expect(byOwner.body.items.map((i: any) => i.entityRef)).toEqual([
      'resource:default/users-bucket',
    ]);
    const byAccount = await get('/v1/buckets?account=444455556666&limit=100');
    expect(
      byAccount.body.items.every((i: any) => i.accountId === '444455556666'),
    ).toBe(true);
    expect(byAccount.body.totalCount).toBeGreaterThanOrEqual(3);
    const byRegion = await get('/v1/buckets?region=us-west-2');
    expect(byRegion.body.items.map((i: any) => i.entityRef)).toEqual([
      'resource:default/users-bucket',
    ]);
    const failing = await get('/v1/buckets?status=non-compliant&limit=100');
    expect(
      failing.body.items.every((i: any) => i.status === 'non-compliant'),
    ).toBe(true);
    const text = await get('/v1/buckets?q=PRODUCT-IMAGES');
    expect(text.body.totalCount).toBe(2);
    const page = await get('/v1/buckets?limit=5&offset=10&orderBy=name');
    expect(page.body.items).toHaveLength(bucketNames.length - 10);
  });

  it('keeps a history of assessments', async () => {
    await request(backend.server)
      .post('/api/s3/v1/buckets/default/users-bucket/refresh')
      .set('Authorization', user);
    const res = await get('/v1/buckets/default/users-bucket/history');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    expect(res.body.items[0]).toEqual({
      trigger: 'manual',
      checkedAt: expect.any(String),
      status: expect.any(String),
      score: expect.any(Number),
      counts: expect.any(Object),
    });
  });

  it('serves the check catalog and profiles', async () => {
    const res = await get('/v1/checks');
    expect(res.status).toBe(200);
    expect(res.body.checks).toHaveLength(30);
    expect(res.body.profiles.map((p: any) => p.id)).toEqual([
      'aws-foundational',
      'strict',
      'house-rules',
    ]);
  });

  describe('bad requests', () => {
    it('answers 401 without credentials, except for /health', async () => {
      expect(
        (await request(backend.server).get('/api/s3/v1/buckets')).status,
      ).toBe(401);
      expect(
        (
          await request(backend.server).get(
            '/api/s3/v1/buckets/default/users-bucket',
          )
        ).status,
      ).toBe(401);
      const health = await request(backend.server).get('/api/s3/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
    });

    it('answers 404 for entities that are not S3 buckets or do not exist', async () => {
      const unknown = await get('/v1/buckets/default/no-such-bucket');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(
        /No S3 bucket resource named default\/no-such-bucket/,
      );
      expect(
        (await get('/v1/entities/default/component/no-such-service/summary'))
          .status,
      ).toBe(404);
    });

    it.each([
      ['/v1/buckets?limit=-1', /limit/],
      ['/v1/buckets?limit=100000', /limit/],
      ['/v1/buckets?offset=abc', /offset/],
      ['/v1/buckets?orderBy=evil', /orderBy/],
      ['/v1/buckets?status=broken', /status/],
      ['/v1/buckets?account=12345', /12-digit/],
      ['/v1/buckets?owner=%27%3B%20DROP%20TABLE', /entity ref/],
      ['/v1/buckets?unknown=1', /unknown query parameter "unknown"/],
      [
        '/v1/entities/default/resource/users-bucket/summary',
        /component, system, group or user/,
      ],
      ['/v1/buckets/default/bad%20name', /entity name/],
    ])('answers 400 for %s', async (path, message) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    });
  });
});

/** Permissions that allow everything except the named ones. */
function denying(...names: string[]) {
  const decide = (requests: Array<{ permission: { name: string } }>) =>
    requests.map(r => ({
      result: names.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    }));
  return mockServices.permissions.mock({
    authorize: async requests => decide(requests) as any,
    authorizeConditional: async requests => decide(requests) as any,
  }).factory;
}

describe('s3 plugin: permissions', () => {
  async function withBackend(
    permissions: ReturnType<typeof denying>,
    fn: (b: any) => Promise<void>,
  ) {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        config(),
        permissions,
      ],
    });
    try {
      await eventually(async () => {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/resource/default/users-bucket')
          .set('Authorization', mockCredentials.user.header());
        return res.status === 200 ? true : undefined;
      }, 'the seed bucket entity');
      await fn(backend);
    } finally {
      await backend.stop();
    }
  }

  it('answers 403 with no bucket data when s3.posture.read is denied', async () => {
    await withBackend(denying('s3.posture.read'), async backend => {
      const call = (method: 'get' | 'post', path: string) =>
        request(backend.server)
          [method](`/api/s3${path}`)
          .set('Authorization', mockCredentials.user.header());
      const res = await call('get', '/v1/buckets/default/users-bucket');
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(JSON.stringify(res.body)).not.toContain('textract-console');
      expect(
        (await call('get', '/v1/buckets/default/users-bucket/history')).status,
      ).toBe(403);
      expect(
        (await call('post', '/v1/buckets/default/users-bucket/refresh')).status,
      ).toBe(403);
      const list = await call('get', '/v1/buckets');
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ items: [], totalCount: 0 });
      const summary = await call(
        'get',
        '/v1/entities/default/component/user-service/summary',
      );
      expect(summary.body).toMatchObject({ bucketCount: 0, buckets: [] });
    });
  });

  it('answers 403 to a refresh without s3.posture.refresh, and still serves reads', async () => {
    await withBackend(denying('s3.posture.refresh'), async backend => {
      const refresh = await request(backend.server)
        .post('/api/s3/v1/buckets/default/users-bucket/refresh')
        .set('Authorization', mockCredentials.user.header());
      expect(refresh.status).toBe(403);
      expect(refresh.body.error.message).toMatch(/may not refresh/);
      const read = await request(backend.server)
        .get('/api/s3/v1/buckets')
        .set('Authorization', mockCredentials.user.header());
      expect(read.status).toBe(200);
    });
  });
});
