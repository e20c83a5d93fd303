import { ResponseError } from '@backstage/errors';
import { S3PostureClient } from './S3PostureClient';

const BASE = 'http://backend.test/api/s3';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** A `fetch` that records each request and answers through `answer` (JSON 200 by default). */
function fakeFetch(
  answer: (url: URL, init?: RequestInit) => Promise<Response> | Response = () =>
    Response.json({ ok: true }),
) {
  const seen: Seen[] = [];
  const fetchApi = {
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({
        method: init?.method ?? 'GET',
        url: String(input),
        headers: Object.fromEntries(new Headers(init?.headers)),
      });
      return answer(new URL(String(input)), init);
    }) as typeof fetch,
  };
  return { seen, fetchApi };
}

const discoveryApi = {
  getBaseUrl: jest.fn(
    async (pluginId: string) => `http://backend.test/api/${pluginId}`,
  ),
};

/** A Backstage error body, as the backend's error handler sends it. */
function errorBody(status: number, name: string, message: string) {
  return Response.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/api/s3/…' },
      response: { statusCode: status },
    },
    { status },
  );
}

/** A promise and its resolver, to hold an answer back. */
function gate() {
  let open = () => {};
  const closed = new Promise<void>(resolve => {
    open = resolve;
  });
  return { open, closed };
}

describe('S3PostureClient', () => {
  it('finds the s3 backend through discovery and asks for JSON through the given fetch', async () => {
    const { seen, fetchApi } = fakeFetch();
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    await client.getChecks();
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('s3');
    expect(seen).toEqual([
      {
        method: 'GET',
        url: `${BASE}/v1/checks`,
        headers: { accept: 'application/json' },
      },
    ]);
  });

  it('has one method per route of /api/s3/v1', async () => {
    const { seen, fetchApi } = fakeFetch();
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    await client.getChecks();
    await client.listBuckets();
    await client.getBucket('resource:default/users-bucket');
    await client.getHistory('resource:default/users-bucket');
    await client.refreshBucket('resource:default/users-bucket');
    await client.getEntitySummary('component:default/user-service');
    await client.getInventoryBucket('aws:444455556666/vendor-handoff');
    await client.getInventoryHistory('aws:444455556666/vendor-handoff');
    await client.refreshInventoryBucket('aws:444455556666/vendor-handoff');
    await client.listInventoryAccounts();
    expect(seen.map(s => `${s.method} ${s.url.replace(BASE, '')}`)).toEqual([
      'GET /v1/checks',
      'GET /v1/buckets',
      'GET /v1/buckets/default/users-bucket',
      'GET /v1/buckets/default/users-bucket/history',
      'POST /v1/buckets/default/users-bucket/refresh',
      'GET /v1/entities/default/component/user-service/summary',
      'GET /v1/inventory/444455556666/vendor-handoff',
      'GET /v1/inventory/444455556666/vendor-handoff/history',
      'POST /v1/inventory/444455556666/vendor-handoff/refresh',
      'GET /v1/inventory/accounts',
    ]);
  });

  it('refuses an inventory ref that is not aws:<12-digit account>/<bucket>, before sending anything', async () => {
    const { seen, fetchApi } = fakeFetch();
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    for (const ref of [
      'resource:default/users-bucket',
      'aws:1234/vendor-handoff',
      'aws:444455556666/Not_A_Bucket',
      'aws:444455556666/a/../../checks',
    ]) {
      await expect(client.getInventoryBucket(ref)).rejects.toThrow(
        /is not an inventory ref like aws:123456789012\/my-bucket/,
      );
    }
    expect(seen).toEqual([]);
  });

  it('accepts compound refs and bare bucket names, encodes path segments and lower-cases kinds', async () => {
    const { seen, fetchApi } = fakeFetch();
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    await client.getBucket({
      kind: 'Resource',
      namespace: 'team a',
      name: 'users-bucket',
    });
    await client.getBucket('users-bucket');
    await client.getEntitySummary('Group:ns/team/a');
    await client.getEntitySummary({
      kind: 'User',
      namespace: 'default',
      name: 'anna',
    });
    expect(seen.map(s => s.url.replace(BASE, ''))).toEqual([
      '/v1/buckets/team%20a/users-bucket',
      '/v1/buckets/default/users-bucket',
      '/v1/entities/ns/group/team%2Fa/summary',
      '/v1/entities/default/user/anna/summary',
    ]);
  });

  it('sends list filters, order and paging as query parameters, and nothing unset', async () => {
    const { seen, fetchApi } = fakeFetch();
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    await client.listBuckets({
      q: '  orders ',
      owner: 'group:default/team-checkout',
      service: 'component:default/orders-service',
      account: '111122223333',
      region: 'eu-north-1',
      status: ['at-risk', 'non-compliant'],
      documented: false,
      orderBy: 'score',
      order: 'desc',
      offset: 0,
      limit: 25,
    });
    await client.listBuckets({ q: '   ', status: [] });
    expect(Object.fromEntries(new URL(seen[0].url).searchParams)).toEqual({
      q: 'orders',
      owner: 'group:default/team-checkout',
      service: 'component:default/orders-service',
      account: '111122223333',
      region: 'eu-north-1',
      status: 'at-risk,non-compliant',
      documented: 'false',
      orderBy: 'score',
      order: 'desc',
      offset: '0',
      limit: '25',
    });
    expect(seen[1].url).toBe(`${BASE}/v1/buckets`);
  });

  it('reads every bucket page by page with the largest page the server serves', async () => {
    const total = 1203;
    const { seen, fetchApi } = fakeFetch(url => {
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      const items = Array.from(
        { length: Math.max(0, Math.min(limit, total - offset)) },
        (_, i) => ({ entityRef: `resource:default/b-${offset + i}` }),
      );
      return Response.json({ items, totalCount: total, statusCounts: {} });
    });
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    const all = await client.listAllBuckets({ status: ['unknown'] });
    expect(all).toHaveLength(total);
    expect(all[1202].entityRef).toBe('resource:default/b-1202');
    expect(seen.map(s => new URL(s.url).search)).toEqual([
      '?status=unknown&orderBy=name&offset=0&limit=500',
      '?status=unknown&orderBy=name&offset=500&limit=500',
      '?status=unknown&orderBy=name&offset=1000&limit=500',
    ]);
  });

  it('stops paging at the total count, also when the last page is full', async () => {
    const { seen, fetchApi } = fakeFetch(url =>
      Response.json({
        items: Array.from({ length: 500 }, (_, i) => ({
          entityRef: `resource:default/b-${url.searchParams.get('offset')}-${i}`,
        })),
        totalCount: 500,
        statusCounts: {},
      }),
    );
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    await expect(
      client.listAllBuckets({ orderBy: 'score' }),
    ).resolves.toHaveLength(500);
    expect(seen).toHaveLength(1);
    expect(new URL(seen[0].url).searchParams.get('orderBy')).toBe('score');
  });

  it('rejects with a ResponseError carrying the server message on 404, 403 and 400', async () => {
    const { fetchApi } = fakeFetch(url => {
      if (url.pathname.endsWith('/refresh')) {
        return errorBody(
          403,
          'NotAllowedError',
          'You may not refresh the posture of resource:default/users-bucket',
        );
      }
      if (url.pathname.endsWith('/v1/buckets')) {
        return errorBody(
          400,
          'InputError',
          'Invalid request: query parameter "account" must be a 12-digit account id',
        );
      }
      return errorBody(
        404,
        'NotFoundError',
        'resource:default/nowhere-bucket has not been seen by the S3 posture plugin yet',
      );
    });
    const client = new S3PostureClient({ discoveryApi, fetchApi });

    const notFound = await client
      .getBucket('resource:default/nowhere-bucket')
      .catch(e => e);
    expect(notFound).toBeInstanceOf(ResponseError);
    expect(notFound.statusCode).toBe(404);
    expect(notFound.cause.name).toBe('NotFoundError');
    expect(notFound.cause.message).toBe(
      'resource:default/nowhere-bucket has not been seen by the S3 posture plugin yet',
    );

    await expect(
      client.refreshBucket('resource:default/users-bucket'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      cause: {
        message:
          'You may not refresh the posture of resource:default/users-bucket',
      },
    });
    await expect(client.listBuckets({ account: '12' })).rejects.toMatchObject({
      statusCode: 400,
      cause: { name: 'InputError' },
    });
  });

  it('rejects with a ResponseError when the server answers without a JSON body', async () => {
    const { fetchApi } = fakeFetch(
      () =>
        new Response('upstream connect error', {
          status: 502,
          statusText: 'Bad Gateway',
        }),
    );
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    const error = await client
      .getEntitySummary('group:default/team-a')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
    expect(error.message).toBe('Request failed with 502 Bad Gateway');
  });

  it('uses the global fetch when given none', async () => {
    const original = globalThis.fetch;
    const { seen, fetchApi } = fakeFetch();
    globalThis.fetch = fetchApi.fetch;
    try {
      await new S3PostureClient({ discoveryApi }).getChecks();
    } finally {
      globalThis.fetch = original;
    }
    expect(seen.map(s => s.url)).toEqual([`${BASE}/v1/checks`]);
  });

  it('sends every read by default, identical or not', async () => {
    const { seen, fetchApi } = fakeFetch();
    const client = new S3PostureClient({ discoveryApi, fetchApi });
    await Promise.all([client.listBuckets(), client.listBuckets()]);
    expect(seen).toHaveLength(2);
  });

  describe('with shareReadsInFlight', () => {
    it('sends one request for identical reads in flight, and asks again once it has answered', async () => {
      const { seen, fetchApi } = fakeFetch(() =>
        Response.json({ items: [], totalCount: 0, statusCounts: {} }),
      );
      const client = new S3PostureClient({
        discoveryApi,
        fetchApi,
        shareReadsInFlight: true,
      });
      const query = { orderBy: 'score' as const, offset: 0, limit: 25 };
      const [first, second] = await Promise.all([
        client.listBuckets(query),
        client.listBuckets(query),
      ]);
      expect(second).toEqual(first);
      expect(seen).toHaveLength(1);

      // A different read is its own request; an answered one is asked again.
      await Promise.all([
        client.listBuckets({ ...query, offset: 25 }),
        client.listBuckets(query),
      ]);
      expect(seen).toHaveLength(3);
    });

    it('never answers a read started after a write with one started before it', async () => {
      const held = [gate(), gate()];
      let reads = 0;
      const { seen, fetchApi } = fakeFetch(async (_url, init) => {
        if (init?.method === 'POST') return Response.json({ score: 2 });
        const read = reads++;
        await held[read].closed;
        return Response.json({ score: read === 0 ? 1 : 3 });
      });
      const client = new S3PostureClient({
        discoveryApi,
        fetchApi,
        shareReadsInFlight: true,
      });
      const ref = 'resource:default/users-bucket';
      const before = client.getBucket(ref);
      await client.refreshBucket(ref);
      const after = client.getBucket(ref);
      // The first read answers while the second is in flight; a third shares the second.
      held[0].open();
      await expect(before).resolves.toEqual({ score: 1 });
      const alongside = client.getBucket(ref);
      held[1].open();
      await expect(after).resolves.toEqual({ score: 3 });
      await expect(alongside).resolves.toEqual({ score: 3 });
      expect(seen.map(s => s.method)).toEqual(['GET', 'POST', 'GET']);
    });

    it('shares a failure with every caller of the read, and tries again after it', async () => {
      const { seen, fetchApi } = fakeFetch(() =>
        errorBody(403, 'NotAllowedError', 'nope'),
      );
      const client = new S3PostureClient({
        discoveryApi,
        fetchApi,
        shareReadsInFlight: true,
      });
      const errors = await Promise.all([
        client.listBuckets().catch(e => e),
        client.listBuckets().catch(e => e),
      ]);
      expect(seen).toHaveLength(1);
      for (const error of errors) {
        expect(error).toBeInstanceOf(ResponseError);
        expect(error.statusCode).toBe(403);
      }
      await client.listBuckets().catch(() => undefined);
      expect(seen).toHaveLength(2);
    });

    it('never shares a write', async () => {
      const { seen, fetchApi } = fakeFetch();
      const client = new S3PostureClient({
        discoveryApi,
        fetchApi,
        shareReadsInFlight: true,
      });
      const ref = 'resource:default/users-bucket';
      await Promise.all([client.refreshBucket(ref), client.refreshBucket(ref)]);
      expect(seen.map(s => s.method)).toEqual(['POST', 'POST']);
    });
  });
});
