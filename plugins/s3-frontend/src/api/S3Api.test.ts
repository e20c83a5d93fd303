import { registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { usersBucket } from '../__testUtils__/fixtures';
import {
  BASE,
  createFakeBackend,
  errorBody,
  s3Handlers,
  server,
} from '../__testUtils__/msw';
import { mockApis } from '@backstage/test-utils';
import { createS3Api } from './S3Api';

// The client behind s3ApiRef, as the plugin builds it, against the REST API's routes in msw.
describe('createS3Api', () => {
  registerMswTestHooks(server);

  const seen: Array<{ method: string; url: string; auth: string | null }> = [];
  const client = createS3Api({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    // Like the app's fetchApi, which adds the user's token.
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { ...init?.headers, Authorization: 'Bearer user-token' },
        }),
    },
  });

  beforeEach(() => {
    seen.length = 0;
    const backend = createFakeBackend();
    server.use(...s3Handlers(backend));
    server.events.removeAllListeners();
    server.events.on('request:start', ({ request }) => {
      seen.push({
        method: request.method,
        url: request.url,
        auth: request.headers.get('authorization'),
      });
    });
  });

  it('reads a bucket posture through fetchApi at the discovered base URL', async () => {
    const posture = await client.getBucket('resource:default/users-bucket');
    expect(posture).toEqual(usersBucket);
    expect(seen).toEqual([
      {
        method: 'GET',
        url: `${BASE}/v1/buckets/default/users-bucket`,
        auth: 'Bearer user-token',
      },
    ]);
  });

  it('accepts compound refs and bare names, and encodes path segments', async () => {
    server.use(
      http.get(`${BASE}/v1/buckets/:namespace/:name`, () =>
        HttpResponse.json(usersBucket),
      ),
    );
    await client.getBucket({
      kind: 'Resource',
      namespace: 'team a',
      name: 'users-bucket',
    });
    await client.getBucket('users-bucket');
    expect(seen.map(s => s.url)).toEqual([
      `${BASE}/v1/buckets/team%20a/users-bucket`,
      `${BASE}/v1/buckets/default/users-bucket`,
    ]);
  });

  it('reads the history and refreshes with a POST', async () => {
    const history = await client.getHistory('resource:default/users-bucket');
    expect(history.entityRef).toBe('resource:default/users-bucket');
    expect(history.items.length).toBeGreaterThan(1);

    const refreshed = await client.refreshBucket(
      'resource:default/users-bucket',
    );
    expect(refreshed.entityRef).toBe('resource:default/users-bucket');
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      `GET ${BASE}/v1/buckets/default/users-bucket/history`,
      `POST ${BASE}/v1/buckets/default/users-bucket/refresh`,
    ]);
  });

  it('sends list filters, order and paging as query parameters', async () => {
    const page = await client.listBuckets({
      q: '  orders ',
      owner: 'group:default/team-checkout',
      status: ['at-risk', 'non-compliant'],
      orderBy: 'score',
      order: 'desc',
      offset: 0,
      limit: 25,
    });
    expect(page.items.map(i => i.entityRef)).toEqual([
      'resource:default/orders-bucket',
    ]);
    expect(page.totalCount).toBe(1);
    const url = new URL(seen[0].url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'orders',
      owner: 'group:default/team-checkout',
      status: 'at-risk,non-compliant',
      orderBy: 'score',
      order: 'desc',
      offset: '0',
      limit: '25',
    });
  });

  it('sends one request for identical reads in flight, and asks again once it has answered', async () => {
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
    // The first read is still on its way when the refresh has already answered.
    let release = () => {};
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    server.use(
      http.get(`${BASE}/v1/buckets/:namespace/:name`, async () => {
        await gate;
        return HttpResponse.json(usersBucket);
      }),
    );
    const ref = 'resource:default/users-bucket';
    const before = client.getBucket(ref);
    await client.refreshBucket(ref);
    const after = client.getBucket(ref);
    release();
    await Promise.all([before, after]);
    expect(seen.map(s => s.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('shares a failure with every caller of the read', async () => {
    server.use(
      http.get(`${BASE}/v1/buckets`, () =>
        errorBody(403, 'NotAllowedError', 'nope'),
      ),
    );
    const errors = await Promise.all([
      client.listBuckets().catch(e => e),
      client.listBuckets().catch(e => e),
    ]);
    expect(seen).toHaveLength(1);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(403);
    }
  });

  it('sends no query string for an empty query', async () => {
    await client.listBuckets();
    expect(seen[0].url).toBe(`${BASE}/v1/buckets`);
  });

  it('reads the summary of an entity, with the kind in lower case', async () => {
    const summary = await client.getEntitySummary(
      'Component:default/user-service',
    );
    expect(summary.bucketCount).toBe(1);
    expect(seen[0].url).toBe(
      `${BASE}/v1/entities/default/component/user-service/summary`,
    );
  });

  it('reads the check catalog', async () => {
    await expect(client.getChecks()).resolves.toMatchObject({
      profile: 'aws-foundational',
    });
  });

  it('throws a ResponseError with the server message on 404, never undefined', async () => {
    const error = await client
      .getBucket('resource:default/nowhere-bucket')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.name).toBe('NotFoundError');
    expect(error.cause.message).toBe(
      'resource:default/nowhere-bucket has not been seen by the S3 posture plugin yet; it is assessed shortly after it appears in the catalog',
    );
  });

  it('throws a ResponseError for 403 and 400 answers', async () => {
    server.use(
      http.post(`${BASE}/v1/buckets/:namespace/:name/refresh`, () =>
        errorBody(
          403,
          'NotAllowedError',
          'You may not refresh the posture of resource:default/users-bucket',
        ),
      ),
      http.get(`${BASE}/v1/buckets`, () =>
        errorBody(
          400,
          'InputError',
          'Invalid request: query parameter "account" must be a 12-digit account id',
        ),
      ),
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

  it('throws a ResponseError when the server answers 500 without a JSON body', async () => {
    server.use(
      http.get(
        `${BASE}/v1/entities/:namespace/:kind/:name/summary`,
        () =>
          new HttpResponse('upstream connect error', {
            status: 502,
            statusText: 'Bad Gateway',
          }),
      ),
    );
    const error = await client
      .getEntitySummary('group:default/team-a')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
    expect(error.message).toBe('Request failed with 502 Bad Gateway');
  });
});
