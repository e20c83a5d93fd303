import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  s3PostureReadPermission,
  s3PostureRefreshPermission,
} from '@s3-posture/plugin-s3-common';
import request from 'supertest';
import catalogModuleS3BucketDocs from './catalog';
import s3Plugin from '.';
import {
  eventually,
  exampleBackendConfig,
} from './__testUtils__/exampleBackend';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

/*
 * Access control (issue 8 part 5) with the real permission framework: the permission
 * backend evaluates a policy installed through its extension point, the s3 plugin asks it
 * through the real permissions service (over HTTP), and conditional decisions are resolved
 * by the catalog's own `isEntityOwner` rule against the bucket entities. Users are told
 * apart by mock tokens; their ownership refs (the user and their groups, as a sign-in
 * resolver gives them) come from a small user-info service.
 *
 * Decided and documented here: a bucket the caller can see in the catalog but may not read
 * answers 403 (NotAllowedError, no posture data); one the catalog hides answers 404.
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws({ allowLoopback: true });

const DBOYNE = 'user:default/dboyne';
const ASVENSSON = 'user:default/asvensson';
/** Ownership refs as the sign-in resolver gives them: the user and their groups (examples/org.yaml). */
const OWNERSHIP: Record<string, string[]> = {
  [DBOYNE]: [DBOYNE, 'group:default/team-identity'],
  [ASVENSSON]: [ASVENSSON, 'group:default/team-checkout'],
};
/** The buckets each of them owns, by the owners of examples/buckets/*.md. */
const OWNED: Record<string, string[]> = {
  [DBOYNE]: ['resource:default/users-bucket'],
  [ASVENSSON]: [
    'resource:default/invoices-production-bucket',
    'resource:default/orders-production-bucket',
    'resource:default/orders-staging-bucket',
  ],
};

const allowAll: PermissionPolicy = {
  async handle() {
    return { result: AuthorizeResult.ALLOW };
  },
};

/** Allows everything but the s3 permissions, which `s3` decides. */
function s3Policy(
  s3: (query: PolicyQuery, user?: PolicyQueryUser) => PolicyDecision,
): PermissionPolicy {
  return {
    async handle(query, user) {
      if (
        isPermission(query.permission, s3PostureReadPermission) ||
        isPermission(query.permission, s3PostureRefreshPermission)
      ) {
        return s3(query, user);
      }
      return { result: AuthorizeResult.ALLOW };
    },
  };
}

const denyRead = s3Policy(r =>
  isPermission(r.permission, s3PostureReadPermission)
    ? { result: AuthorizeResult.DENY }
    : { result: AuthorizeResult.ALLOW },
);

const denyRefresh = s3Policy(r =>
  isPermission(r.permission, s3PostureRefreshPermission)
    ? { result: AuthorizeResult.DENY }
    : { result: AuthorizeResult.ALLOW },
);

/** Owners only: each user reads (and refreshes) the buckets they or their groups own. */
const ownersOnly = s3Policy((r, user) =>
  createCatalogConditionalDecision(
    r.permission as typeof s3PostureReadPermission,
    catalogConditions.isEntityOwner({
      claims: user?.info.ownershipEntityRefs ?? [],
    }),
  ),
);

/** The policy in force; each test sets its own. */
let policy: PermissionPolicy = allowAll;
/** How often the permission backend was asked. */
let policyQueries = 0;

const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-s3-policy',
  register(reg) {
    reg.registerInit({
      deps: { policies: policyExtensionPoint },
      async init({ policies }) {
        policies.setPolicy({
          handle: (query, user) => {
            policyQueries++;
            return policy.handle(query, user);
          },
        });
      },
    });
  },
});

const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const principal = credentials.principal as { userEntityRef: string };
      const ref = principal.userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: OWNERSHIP[ref] ?? [ref],
      };
    },
  }),
});

/**
 * Mock tokens, except that a plugin calling on behalf of a user says so (the `actor` of the
 * real backend's on-behalf-of tokens). Backstage's mock drops the actor, and the permission
 * backend refuses a user's request for resource permissions without resource refs unless a
 * plugin makes it, which is what the catalog and this plugin do.
 */
const auth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const mock = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(mock), {
      async getPluginRequestToken(options: {
        onBehalfOf: BackstageCredentials;
        targetPluginId: string;
      }) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type !== 'user')
          return mock.getPluginRequestToken(options);
        return {
          token: mockCredentials.user.token(principal.userEntityRef, {
            actor: { subject: `plugin:${plugin.getId()}` },
          }),
        };
      },
    });
  },
});

/** A backend with the real catalog, permission backend and s3 plugin, and its bucket entities. */
async function startBackend(accessCacheSeconds: number) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleS3BucketDocs,
      s3Plugin,
      permissionPlugin,
      policyModule,
      permissionsServiceFactory,
      userInfo,
      auth,
      mockServices.rootConfig.factory({
        data: exampleBackendConfig({
          permission: { enabled: true },
          s3: {
            catalog: { ownerDefaultKind: 'user' },
            posture: { accessCacheSeconds },
          },
        }),
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  const buckets = await eventually(async () => {
    const res = await request(backend.server)
      .get('/api/catalog/entities')
      .set('Authorization', mockCredentials.user.header());
    const items = (res.body as Entity[]).filter(
      e => e.spec?.type === 's3-bucket',
    );
    return items.length >= 13 ? items : undefined;
  }, 'the example bucket entities');
  const as = (user: string) => ({
    get: (path: string) =>
      request(backend.server)
        .get(`/api/s3${path}`)
        .set('Authorization', mockCredentials.user.header(user)),
    post: (path: string) =>
      request(backend.server)
        .post(`/api/s3${path}`)
        .set('Authorization', mockCredentials.user.header(user)),
  });
  policy = allowAll;
  await Promise.all(
    buckets.map(async b => {
      const res = await as(DBOYNE).post(
        `/v1/buckets/default/${b.metadata.name}/refresh`,
      );
      if (res.status !== 200) {
        throw new Error(`refresh of ${b.metadata.name}: ${res.status}`);
      }
    }),
  );
  return { backend, buckets, as };
}

// Policies change from test to test here, so nothing is cached (accessCacheSeconds 0); the
// cache has its own tests below.
describe('access control over the S3 API, with the permission backend deciding', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
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
    policy = denyRead;
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
    policy = ownersOnly;
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
    policy = denyRefresh;
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
    policy = ownersOnly;
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
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let as: Awaited<ReturnType<typeof startBackend>>['as'];

  beforeAll(async () => {
    ({ backend, as } = await startBackend(TTL_SECONDS));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('keeps each caller to their own answers under an owners-only policy', async () => {
    policy = ownersOnly;
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
    policy = allowAll;
    // A caller no earlier test used, so nothing of theirs is cached yet.
    const user = 'user:default/guest';
    const before = policyQueries;
    for (let i = 0; i < 10; i++) {
      const list = await as(user).get('/v1/buckets?limit=5');
      expect(list.body.totalCount).toBe(13);
    }
    // One question per expiry of the cached answer: at most a few in ten requests.
    expect(policyQueries - before).toBeLessThanOrEqual(4);
  });

  it('reads verdicts fresh while the roll-up is cached, and applies a new policy once the answer expires', async () => {
    policy = allowAll;
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

    policy = denyRead;
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
