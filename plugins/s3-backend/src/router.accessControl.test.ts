import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { eventually } from '@internal/test-utils';
import {
  ASVENSSON,
  DBOYNE,
  allowAll,
  denyRead,
  denyRefresh,
  ownersOnly,
  permissionPolicy,
  startPermissionBackend,
} from './__testUtils__/permissionBackend';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

/*
 * Access control (issue 8 part 5) with the real permission framework: the permission
 * backend evaluates a policy installed through its extension point, the s3 plugin asks it
 * through the real permissions service (over HTTP), and conditional decisions are resolved
 * by the catalog's own `isEntityOwner` rule against the bucket entities
 * (`__testUtils__/permissionBackend.ts`). Buckets no doc describes have their own tests
 * (router.inventory.test.ts): here every policy but allow-all denies `s3.inventory.read`.
 *
 * Decided and documented here: a bucket the caller can see in the catalog but may not read
 * answers 403 (NotAllowedError, no posture data); one the catalog hides answers 404.
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws({ allowLoopback: true });

/** The buckets each of them owns, by the owners of examples/buckets/*.md. */
const OWNED: Record<string, string[]> = {
  [DBOYNE]: ['resource:default/users-bucket'],
  [ASVENSSON]: [
    'resource:default/invoices-production-bucket',
    'resource:default/orders-production-bucket',
    'resource:default/orders-staging-bucket',
  ],
};

/** The backend with every example bucket assessed once. */
async function startBackend(accessCacheSeconds: number) {
  permissionPolicy.current = allowAll;
  const started = await startPermissionBackend({ accessCacheSeconds });
  await Promise.all(
    started.buckets.map(async (b: Entity) => {
      const res = await started
        .as(DBOYNE)
        .post(`/v1/buckets/default/${b.metadata.name}/refresh`);
      if (res.status !== 200) {
        throw new Error(`refresh of ${b.metadata.name}: ${res.status}`);
      }
    }),
  );
  return started;
}

// Policies change from test to test here, so nothing is cached (accessCacheSeconds 0); the
// cache has its own tests below.
describe('access control over the S3 API, with the permission backend deciding', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>['backend'];
  let as: Awaited<ReturnType<typeof startBackend>>['as'];
  /** AWS names, ARNs and account ids of every example bucket: none may leak. */
  let secrets: string[];
  /** The same, per bucket entity ref. */
  const secretsOf: Record<string, string[]> = {};

  beforeAll(async () => {
    let buckets: Entity[];
    ({ backend, buckets, as } = await startBackend(0));
    for (const b of buckets) {
      secretsOf[`resource:default/${b.metadata.name}`] = [
        b.metadata.annotations!['s3.backstage.io/bucket-name'],
        b.metadata.annotations!['amazonaws.com/arn'],
      ];
    }
    secrets = Object.values(secretsOf).flat();
    // Located accounts are posture data too.
    secrets.push('111122223333', '444455556666');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const leaks = (body: unknown) => {
    const text = JSON.stringify(body);
    return secrets.filter(s => text.includes(s));
  };

  it('answers 401 to every route without credentials or with a forged token, except /health', async () => {
    const routes: Array<['get' | 'post', string]> = [
      ['get', '/v1/checks'],
      ['get', '/v1/buckets'],
      ['get', '/v1/buckets?q=users'],
      ['get', '/v1/buckets/default/users-bucket'],
      ['get', '/v1/buckets/default/users-bucket/history'],
      ['post', '/v1/buckets/default/users-bucket/refresh'],
      ['get', '/v1/entities/default/component/user-service/summary'],
      ['get', '/v1/no-such-route'],
    ];
    const before = aws.stats.total;
    for (const [method, path] of routes) {
      const anonymous = await request(backend.server)[method](`/api/s3${path}`);
      expect(anonymous.status).toBe(401);
      expect(leaks(anonymous.body)).toEqual([]);
      const forged = await request(backend.server)
        [method](`/api/s3${path}`)
        .set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.');
      expect(forged.status).toBe(401);
    }
    // The unauthenticated refresh never reached AWS.
    expect(aws.stats.total).toBe(before);
    const health = await request(backend.server).get('/api/s3/health');
    expect(health.status).toBe(200);
  });

  it('answers 403 with no bucket data when a policy denies s3.posture.read', async () => {
    permissionPolicy.current = denyRead;
    const user = as(DBOYNE);
    for (const name of ['users-bucket', 'orders-production-bucket']) {
      for (const res of [
        await user.get(`/v1/buckets/default/${name}`),
        await user.get(`/v1/buckets/default/${name}/history`),
        await user.post(`/v1/buckets/default/${name}/refresh`),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
        expect(leaks(res.body)).toEqual([]);
      }
    }
    const list = await user.get('/v1/buckets?limit=500');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [],
      totalCount: 0,
      statusCounts: {
        compliant: 0,
        'at-risk': 0,
        'non-compliant': 0,
        unknown: 0,
      },
      documentedCounts: { documented: 0, undocumented: 0 },
    });
    const summary = await user.get(
      '/v1/entities/default/component/user-service/summary',
    );
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      bucketCount: 0,
      buckets: [],
      status: 'unknown',
    });
    expect(leaks(summary.body)).toEqual([]);
  });

  it('shows each user only the buckets they own under an owners-only policy', async () => {
    permissionPolicy.current = ownersOnly;
    for (const [user, other] of [
      [DBOYNE, ASVENSSON],
      [ASVENSSON, DBOYNE],
    ]) {
      const mine = OWNED[user];
      const theirs = OWNED[other];
      const list = await as(user).get('/v1/buckets?limit=500&orderBy=name');
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: any) => i.entityRef).sort()).toEqual(mine);
      expect(list.body.totalCount).toBe(mine.length);
      // Counts by status cover the same buckets, no others.
      const counted = Object.values(
        list.body.statusCounts as Record<string, number>,
      ).reduce((a, b) => a + b, 0);
      expect(counted).toBe(mine.length);

      // Filters and search do not reach past the policy.
      const search = await as(user).get('/v1/buckets?q=bucket&limit=500');
      expect(search.body.totalCount).toBe(mine.length);
      const byService = await as(user).get(
        '/v1/buckets?service=component:default/orders-service',
      );
      expect(byService.body.items.map((i: any) => i.entityRef).sort()).toEqual(
        mine.filter(r => r.includes('orders')),
      );

      for (const ref of mine) {
        const name = ref.split('/')[1];
        expect((await as(user).get(`/v1/buckets/default/${name}`)).status).toBe(
          200,
        );
        expect(
          (await as(user).get(`/v1/buckets/default/${name}/history`)).status,
        ).toBe(200);
      }
      const theirSecrets = theirs.flatMap(ref => secretsOf[ref]);
      for (const ref of theirs) {
        const name = ref.split('/')[1];
        for (const res of [
          await as(user).get(`/v1/buckets/default/${name}`),
          await as(user).get(`/v1/buckets/default/${name}/history`),
          await as(user).post(`/v1/buckets/default/${name}/refresh`),
        ]) {
          expect(res.status).toBe(403);
          expect(JSON.stringify(res.body)).not.toContain('"checks"');
          expect(
            theirSecrets.filter(s => JSON.stringify(res.body).includes(s)),
          ).toEqual([]);
        }
      }

      // Roll-ups: the team, the services and the other user's page show only their own.
      for (const page of [
        '/v1/entities/default/component/orders-service/summary',
        '/v1/entities/default/component/user-service/summary',
        '/v1/entities/default/component/invoicing-service/summary',
        '/v1/entities/default/group/team-checkout/summary',
        '/v1/entities/default/system/securecart/summary',
        `/v1/entities/default/user/${other.split('/')[1]}/summary`,
      ]) {
        const res = await as(user).get(page);
        expect(res.status).toBe(200);
        const refs: string[] = res.body.buckets.map((b: any) => b.entityRef);
        expect(refs.filter(r => !mine.includes(r))).toEqual([]);
        expect(res.body.bucketCount).toBe(refs.length);
      }
      const ownPage = await as(user).get(
        `/v1/entities/default/user/${user.split('/')[1]}/summary`,
      );
      expect(ownPage.body.buckets.length).toBeGreaterThan(0);
    }
  });

  it('answers 403 to a refresh without s3.posture.refresh, calls no AWS, and still serves reads', async () => {
    permissionPolicy.current = denyRefresh;
    const before = aws.stats.total;
    const refresh = await as(DBOYNE).post(
      '/v1/buckets/default/users-bucket/refresh',
    );
    expect(refresh.status).toBe(403);
    expect(refresh.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/may not refresh/),
    });
    expect(leaks(refresh.body)).toEqual([]);
    expect(aws.stats.total).toBe(before);
    const read = await as(DBOYNE).get('/v1/buckets/default/users-bucket');
    expect(read.status).toBe(200);
    expect(read.body.checks.length).toBeGreaterThan(0);
  });

  it('lets owners refresh their own bucket and no one else under owners-only', async () => {
    permissionPolicy.current = ownersOnly;
    const own = await as(ASVENSSON).post(
      '/v1/buckets/default/orders-staging-bucket/refresh',
    );
    expect(own.status).toBe(200);
    expect(own.body.entityRef).toBe('resource:default/orders-staging-bucket');
    const before = aws.stats.total;
    const foreign = await as(DBOYNE).post(
      '/v1/buckets/default/orders-staging-bucket/refresh',
    );
    expect(foreign.status).toBe(403);
    expect(aws.stats.total).toBe(before);
  });
});

describe('the access cache (s3.posture.accessCacheSeconds)', () => {
  const TTL_SECONDS = 3;
  let backend: Awaited<ReturnType<typeof startBackend>>['backend'];
  let as: Awaited<ReturnType<typeof startBackend>>['as'];

  beforeAll(async () => {
    ({ backend, as } = await startBackend(TTL_SECONDS));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('keeps each caller to their own answers under an owners-only policy', async () => {
    permissionPolicy.current = ownersOnly;
    // Twice round: the second round is answered from the cache.
    for (let round = 0; round < 2; round++) {
      for (const user of [DBOYNE, ASVENSSON]) {
        const list = await as(user).get('/v1/buckets?limit=500');
        expect(list.body.items.map((i: any) => i.entityRef).sort()).toEqual(
          OWNED[user],
        );
        const team = await as(user).get(
          '/v1/entities/default/system/securecart/summary',
        );
        expect(team.body.buckets.map((b: any) => b.entityRef).sort()).toEqual(
          OWNED[user],
        );
      }
    }
  });

  it('asks the permission backend once per caller while the answer is fresh', async () => {
    permissionPolicy.current = allowAll;
    // A caller no earlier test used, so nothing of theirs is cached yet.
    const user = 'user:default/guest';
    const before = permissionPolicy.queries;
    for (let i = 0; i < 10; i++) {
      const list = await as(user).get('/v1/buckets?limit=5&documented=true');
      // The 14 example docs.
      expect(list.body.totalCount).toBe(14);
    }
    // One question per expiry of the cached answer: at most a few in ten requests.
    expect(permissionPolicy.queries - before).toBeLessThanOrEqual(4);
  });

  it('reads verdicts fresh while the roll-up is cached, and applies a new policy once the answer expires', async () => {
    permissionPolicy.current = allowAll;
    const summary = () =>
      as(DBOYNE).get('/v1/entities/default/component/user-service/summary');
    const usersBucket = async () =>
      (await summary()).body.buckets.find(
        (b: any) => b.entityRef === 'resource:default/users-bucket',
      );
    const first = await usersBucket();
    expect(first).toBeDefined();
    const refreshed = await as(DBOYNE).post(
      '/v1/buckets/default/users-bucket/refresh',
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.checkedAt > first.checkedAt).toBe(true);
    // The new verdict shows at once.
    expect((await usersBucket()).checkedAt).toBe(refreshed.body.checkedAt);

    permissionPolicy.current = denyRead;
    await eventually(async () => {
      const [list, rollUp] = await Promise.all([
        as(DBOYNE).get('/v1/buckets?limit=500'),
        summary(),
      ]);
      return list.body.totalCount === 0 && rollUp.body.bucketCount === 0
        ? true
        : undefined;
    }, 'the denying policy to apply');
  });
});
