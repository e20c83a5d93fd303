import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  ActionsService,
  actionsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  ASVENSSON,
  DBOYNE,
  allowAll,
  denyInventory,
  denyRead,
  denyRefresh,
  ownersOnly,
  permissionPolicy,
  startPermissionBackend,
} from '../__testUtils__/permissionBackend';
import { useSimulatedAws } from '../posture/__testUtils__/simulatedAws';

/*
 * The actions (DESIGN §17) through the real backend: Backstage's own actions registry and
 * actions service (as `createBackend` installs them), which call the s3 plugin over HTTP
 * with the caller's on-behalf-of token; the real permission backend with a policy per test,
 * the real catalog with the example bucket docs, and the simulated AWS account. Each action's
 * answer is compared with the REST API's answer to the same caller: one implementation.
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws({ allowLoopback: true });

/** A plugin that only hands out Backstage's actions service, as the MCP plugin uses it. */
let actions: ActionsService;
const actionsProbe = createBackendPlugin({
  pluginId: 'actions-probe',
  register(reg) {
    reg.registerInit({
      deps: { actionsService: actionsServiceRef },
      async init({ actionsService }) {
        actions = actionsService;
      },
    });
  },
});

describe('the s3 actions, through the actions registry and service', () => {
  let backend: Awaited<ReturnType<typeof startPermissionBackend>>['backend'];
  /** How many bucket docs the catalog holds. */
  let documentedCount: number;

  const rest = (user: string, path: string) =>
    request(backend.server)
      .get(`/api/s3${path}`)
      .set('Authorization', mockCredentials.user.header(user));
  const invoke = async (user: string, name: string, input: object) =>
    (
      await actions.invoke({
        id: `s3:${name}`,
        input: input as any,
        credentials: mockCredentials.user(user),
      })
    ).output as any;
  /** The error an action call ends in: its name and message, as an MCP client sees them. */
  const failure = async (user: string, name: string, input: object) => {
    const res = await request(backend.server)
      .post(`/api/s3/.backstage/actions/v1/actions/s3:${name}/invoke`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(input);
    expect(res.status).toBeGreaterThanOrEqual(400);
    return {
      status: res.status,
      name: res.body.error?.name,
      message: res.body.error?.message as string,
      body: JSON.stringify(res.body),
    };
  };

  beforeAll(async () => {
    permissionPolicy.current = allowAll;
    const started = await startPermissionBackend({
      accessCacheSeconds: 0,
      features: [
        actionsProbe,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
      ],
      config: { backend: { actions: { pluginSources: ['s3'] } } },
      inventory: true,
    });
    backend = started.backend;
    documentedCount = started.buckets.length;
    for (const b of started.buckets) {
      await request(backend.server)
        .post(`/api/s3/v1/buckets/default/${b.metadata.name}/refresh`)
        .set('Authorization', mockCredentials.user.header(DBOYNE))
        .expect(200);
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  beforeEach(() => {
    permissionPolicy.current = allowAll;
  });

  it('lists the four actions with input and output schemas an assistant can read', async () => {
    const { actions: listed } = await actions.list({
      credentials: mockCredentials.user(DBOYNE),
    });
    const ours = listed.filter(a => a.pluginId === 's3');
    expect(ours.map(a => a.id).sort()).toEqual([
      's3:get-entity-s3-posture',
      's3:get-s3-bucket-posture',
      's3:list-s3-buckets',
      's3:refresh-s3-bucket',
    ]);
    for (const action of ours) {
      expect(action.description.length).toBeGreaterThan(100);
      const input = action.schema.input as any;
      expect(input.type).toBe('object');
      for (const [field, schema] of Object.entries<any>(input.properties)) {
        expect([field, typeof schema.description]).toEqual([field, 'string']);
      }
      expect((action.schema.output as any).type).toBe('object');
    }
    const byName = Object.fromEntries(ours.map(a => [a.name, a]));
    expect(byName['list-s3-buckets'].attributes).toEqual({
      readOnly: true,
      destructive: false,
      idempotent: true,
    });
    expect(byName['refresh-s3-bucket'].attributes.readOnly).toBe(false);
    expect(
      Object.keys((byName['list-s3-buckets'].schema.input as any).properties),
    ).toEqual([
      'q',
      'owner',
      'service',
      'relatedTo',
      'account',
      'region',
      'status',
      'documented',
      'orderBy',
      'order',
      'offset',
      'limit',
    ]);
    expect(
      Object.keys(
        (byName['get-s3-bucket-posture'].schema.input as any).properties,
      ),
    ).toEqual(['entityRef', 'inventoryRef', 'bucket']);
  });

  it('list-s3-buckets answers what GET /v1/buckets answers, filters and paging included', async () => {
    const all = await invoke(DBOYNE, 'list-s3-buckets', { limit: 500 });
    expect(all.documentedCounts.documented).toBe(documentedCount);
    expect(all.documentedCounts.undocumented).toBeGreaterThan(0);
    expect(all.totalCount).toBe(
      documentedCount + all.documentedCounts.undocumented,
    );
    expect(all).toEqual((await rest(DBOYNE, '/v1/buckets?limit=500')).body);
    const undocumented = await invoke(DBOYNE, 'list-s3-buckets', {
      documented: false,
      limit: 500,
    });
    expect(undocumented).toEqual(
      (await rest(DBOYNE, '/v1/buckets?documented=false&limit=500')).body,
    );
    expect(undocumented.items.every((i: any) => !i.documented)).toBe(true);

    const mine = await invoke(DBOYNE, 'list-s3-buckets', {
      owner: 'group:default/team-identity',
      status: ['non-compliant', 'at-risk', 'compliant', 'unknown'],
      orderBy: 'name',
      limit: 2,
      offset: 0,
    });
    expect(mine).toEqual(
      (
        await rest(
          DBOYNE,
          '/v1/buckets?owner=group:default/team-identity&status=non-compliant,at-risk,compliant,unknown&orderBy=name&limit=2&offset=0',
        )
      ).body,
    );
    // A team's buckets as its card counts them: users-bucket, via user-service.
    const related = await invoke(DBOYNE, 'list-s3-buckets', {
      relatedTo: 'group:default/team-identity',
    });
    expect(related).toEqual(
      (await rest(DBOYNE, '/v1/buckets?relatedTo=group:default/team-identity'))
        .body,
    );
    expect(related.items.map((i: any) => i.entityRef)).toEqual([
      'resource:default/users-bucket',
    ]);
    for (const item of all.items) {
      expect(item).toEqual(
        expect.objectContaining({
          [item.documented ? 'entityRef' : 'inventoryRef']: expect.any(String),
          status: expect.any(String),
          failingChecks: expect.any(Array),
        }),
      );
    }
  });

  it('get-s3-bucket-posture answers an undocumented bucket by inventory ref or by name, only with s3.inventory.read', async () => {
    const handoff = 'aws:444455556666/securecart-vendor-handoff';
    const expected = (
      await rest(DBOYNE, '/v1/inventory/444455556666/securecart-vendor-handoff')
    ).body;
    expect(expected.inventoryRef).toBe(handoff);
    expect(
      await invoke(DBOYNE, 'get-s3-bucket-posture', { inventoryRef: handoff }),
    ).toEqual(expected);
    expect(
      await invoke(DBOYNE, 'get-s3-bucket-posture', {
        bucket: 'securecart-vendor-handoff',
      }),
    ).toEqual(expected);

    permissionPolicy.current = denyInventory;
    const calls = aws.stats.total;
    for (const name of ['get-s3-bucket-posture', 'refresh-s3-bucket']) {
      const denied = await failure(DBOYNE, name, { inventoryRef: handoff });
      expect(denied).toMatchObject({ status: 403, name: 'NotAllowedError' });
      expect(denied.body).not.toContain('"checks"');
      const byName = await failure(DBOYNE, name, {
        bucket: 'securecart-vendor-handoff',
      });
      expect(byName).toMatchObject({ status: 404, name: 'NotFoundError' });
    }
    expect(aws.stats.total).toBe(calls);
    const list = await invoke(DBOYNE, 'list-s3-buckets', { documented: false });
    expect(list.totalCount).toBe(0);
    expect(JSON.stringify(list)).not.toContain('vendor-handoff');
  });

  it('get-s3-bucket-posture answers the full posture by entity ref or by bucket name', async () => {
    const expected = (await rest(DBOYNE, '/v1/buckets/default/users-bucket'))
      .body;
    expect(expected.checks.length).toBeGreaterThan(0);
    const byRef = await invoke(DBOYNE, 'get-s3-bucket-posture', {
      entityRef: 'resource:default/users-bucket',
    });
    expect(byRef).toEqual(expected);
    // A bare name is a resource in the default namespace.
    expect(
      await invoke(DBOYNE, 'get-s3-bucket-posture', {
        entityRef: 'users-bucket',
      }),
    ).toEqual(expected);
    const byName = await invoke(DBOYNE, 'get-s3-bucket-posture', {
      bucket: expected.bucket,
    });
    expect(byName).toEqual(expected);
    for (const check of byRef.checks) {
      expect(check).toEqual(
        expect.objectContaining({
          status: expect.any(String),
          reason: expect.any(String),
          remediation: expect.any(String),
        }),
      );
    }
  });

  it('get-entity-s3-posture answers the roll-up of a component, system, group or user', async () => {
    for (const [kind, name] of [
      ['component', 'user-service'],
      ['system', 'securecart'],
      ['group', 'team-checkout'],
      ['group', 'team-identity'],
      ['user', 'dboyne'],
    ]) {
      const output = await invoke(DBOYNE, 'get-entity-s3-posture', {
        entityRef: `${kind}:default/${name}`,
      });
      expect(output).toEqual(
        (await rest(DBOYNE, `/v1/entities/default/${kind}/${name}/summary`))
          .body,
      );
    }
    const service = await invoke(DBOYNE, 'get-entity-s3-posture', {
      entityRef: 'component:user-service',
    });
    expect(service.buckets.map((b: any) => b.entityRef)).toContain(
      'resource:default/users-bucket',
    );
    // A team's roll-up says how each bucket is related.
    const team = await invoke(DBOYNE, 'get-entity-s3-posture', {
      entityRef: 'group:default/team-identity',
    });
    expect(team.buckets).toEqual([
      expect.objectContaining({
        entityRef: 'resource:default/users-bucket',
        via: ['component:default/user-service'],
      }),
    ]);
  });

  it('refresh-s3-bucket assesses now and answers the new posture', async () => {
    const before = await invoke(DBOYNE, 'get-s3-bucket-posture', {
      entityRef: 'resource:default/users-bucket',
    });
    const calls = aws.stats.total;
    const after = await invoke(DBOYNE, 'refresh-s3-bucket', {
      bucket: before.bucket,
    });
    expect(aws.stats.total).toBeGreaterThan(calls);
    expect(after.entityRef).toBe('resource:default/users-bucket');
    expect(after.checkedAt > before.checkedAt).toBe(true);
    expect(after).toEqual(
      (await rest(DBOYNE, '/v1/buckets/default/users-bucket')).body,
    );
  });

  it('answers a caller without s3.posture.read with an error and no data', async () => {
    const secret = (
      await invoke(DBOYNE, 'get-s3-bucket-posture', {
        entityRef: 'users-bucket',
      })
    ).bucket as string;
    permissionPolicy.current = denyRead;
    const calls = aws.stats.total;
    for (const name of ['get-s3-bucket-posture', 'refresh-s3-bucket']) {
      const denied = await failure(DBOYNE, name, {
        entityRef: 'resource:default/users-bucket',
      });
      expect(denied).toMatchObject({
        status: 403,
        name: 'NotAllowedError',
        message:
          'You may not read the posture of resource:default/users-bucket',
      });
      expect(denied.body).not.toContain(secret);
      expect(denied.body).not.toContain('"checks"');
      // By AWS name: the caller may read no bucket of that name.
      const byName = await failure(DBOYNE, name, { bucket: secret });
      expect(byName).toMatchObject({ status: 404, name: 'NotFoundError' });
    }
    // Through the actions service too: the error, never data.
    await expect(
      invoke(DBOYNE, 'get-s3-bucket-posture', {
        entityRef: 'resource:default/users-bucket',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      cause: expect.objectContaining({ name: 'NotAllowedError' }),
    });
    expect(aws.stats.total).toBe(calls);
    const list = await invoke(DBOYNE, 'list-s3-buckets', {});
    expect(list.items).toEqual([]);
    expect(list.totalCount).toBe(0);
    const rollUp = await invoke(DBOYNE, 'get-entity-s3-posture', {
      entityRef: 'component:default/user-service',
    });
    expect(rollUp).toMatchObject({ bucketCount: 0, buckets: [] });
  });

  it('answers a refresh without s3.posture.refresh with NotAllowedError and calls no AWS', async () => {
    permissionPolicy.current = denyRefresh;
    const calls = aws.stats.total;
    const denied = await failure(DBOYNE, 'refresh-s3-bucket', {
      entityRef: 'resource:default/users-bucket',
    });
    expect(denied).toMatchObject({
      status: 403,
      name: 'NotAllowedError',
      message:
        'You may not refresh the posture of resource:default/users-bucket',
    });
    expect(aws.stats.total).toBe(calls);
    // Reads still work.
    const read = await invoke(DBOYNE, 'get-s3-bucket-posture', {
      entityRef: 'users-bucket',
    });
    expect(read.entityRef).toBe('resource:default/users-bucket');
  });

  it('shows each caller only their own buckets under an owners-only policy', async () => {
    permissionPolicy.current = ownersOnly;
    const list = await invoke(ASVENSSON, 'list-s3-buckets', { limit: 500 });
    expect(list.items.map((i: any) => i.entityRef).sort()).toEqual([
      'resource:default/invoices-production-bucket',
      'resource:default/orders-production-bucket',
      'resource:default/orders-staging-bucket',
    ]);
    const foreign = await failure(ASVENSSON, 'get-s3-bucket-posture', {
      entityRef: 'resource:default/users-bucket',
    });
    expect(foreign).toMatchObject({ status: 403, name: 'NotAllowedError' });
    const rollUp = await invoke(ASVENSSON, 'get-entity-s3-posture', {
      entityRef: 'component:default/user-service',
    });
    expect(rollUp.buckets).toEqual([]);
    const own = await invoke(DBOYNE, 'get-entity-s3-posture', {
      entityRef: 'component:default/user-service',
    });
    expect(own.buckets.map((b: any) => b.entityRef)).toEqual([
      'resource:default/users-bucket',
    ]);
  });

  it('rejects bad input with a message naming the field', async () => {
    const cases: Array<[string, object, RegExp]> = [
      [
        'get-s3-bucket-posture',
        { entityRef: 'resource:default/users-bucket', bucket: 'x-bucket' },
        /exactly one of the fields "entityRef", "inventoryRef" and "bucket"/,
      ],
      [
        'get-s3-bucket-posture',
        { inventoryRef: 'aws:12345/users-bucket' },
        /field "inventoryRef" must be an inventory ref like aws:123456789012\/my-bucket/,
      ],
      ['list-s3-buckets', { documented: 'no' }, /Invalid input/],
      ['get-s3-bucket-posture', {}, /exactly one of the fields/],
      [
        'get-s3-bucket-posture',
        { entityRef: 'component:default/user-service' },
        /field "entityRef" must name a Resource/,
      ],
      [
        'get-s3-bucket-posture',
        { bucket: 'Not_A_Bucket' },
        /field "bucket" must be an S3 bucket name/,
      ],
      [
        'refresh-s3-bucket',
        { entityRef: 'resource:default/users bucket' },
        /field "entityRef" must be an entity ref/,
      ],
      [
        'list-s3-buckets',
        { status: ['broken'] },
        /field "status" must each be one of/,
      ],
      ['list-s3-buckets', { limit: 100000 }, /field "limit"/],
      [
        'list-s3-buckets',
        { account: '12345' },
        /field "account" must be a 12-digit account id/,
      ],
      ['list-s3-buckets', { orderBy: 'evil' }, /field "orderBy" must be/],
      [
        'get-entity-s3-posture',
        { entityRef: 'resource:default/users-bucket' },
        /field "entityRef" must name a component, system, group or user/,
      ],
      [
        'get-entity-s3-posture',
        { entityRef: 'user-service' },
        /field "entityRef" must be an entity ref with its kind/,
      ],
    ];
    for (const [name, input, message] of cases) {
      const res = await failure(DBOYNE, name, input);
      expect([name, input, res.status, res.name]).toEqual([
        name,
        input,
        400,
        'InputError',
      ]);
      expect(res.message).toMatch(message);
    }
    const missing = await failure(DBOYNE, 'get-entity-s3-posture', {
      entityRef: 'component:default/no-such-service',
    });
    expect(missing).toMatchObject({
      status: 404,
      name: 'NotFoundError',
      message: 'No entity component:default/no-such-service in the catalog',
    });
  });

  it('answers 401 to a call without credentials or with a forged token, and calls no AWS', async () => {
    const calls = aws.stats.total;
    const anonymous = await request(backend.server)
      .post('/api/s3/.backstage/actions/v1/actions/s3:refresh-s3-bucket/invoke')
      .send({ entityRef: 'resource:default/users-bucket' });
    expect(anonymous.status).toBe(401);
    const forged = await request(backend.server)
      .post('/api/s3/.backstage/actions/v1/actions/s3:list-s3-buckets/invoke')
      .set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.')
      .send({});
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).not.toContain('"items"');
    expect(aws.stats.total).toBe(calls);
  });
});
