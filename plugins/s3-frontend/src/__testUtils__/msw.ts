/*
 * msw handlers for the S3 posture REST API, answering with the fixture data in the
 * shapes of `@s3-posture/plugin-s3-common`'s api.ts. For tests only.
 */
import { mockApis } from '@backstage/test-utils';
import {
  BucketPosture,
  BucketSummary,
  formatInventoryRef,
  InventoryAccountsResponse,
} from '@s3-posture/plugin-s3-common';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createS3Api } from '../api';
import {
  allPostures,
  allSummaries,
  entitySummary,
  historyOf,
  inventoryAccounts,
  inventoryPostures,
  listBucketsFrom,
  missingBucket,
  TITLES,
  toSummary,
} from './fixtures';

export const BASE = 'http://localhost:7007/api/s3';

/** A Backstage error body, as the backend's error handler sends it. */
export function errorBody(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/api/s3/…' },
      response: { statusCode: status },
    },
    { status },
  );
}

export interface FakeBackend {
  /** By entity ref, or by inventory ref for undocumented buckets. */
  postures: Map<string, BucketPosture>;
  summaries: BucketSummary[];
  accounts: InventoryAccountsResponse;
  /** Every request the backend saw, as `METHOD path?query`. */
  requests: string[];
}

export function createFakeBackend(
  options: { summaries?: BucketSummary[] } = {},
): FakeBackend {
  return {
    postures: new Map(
      [...allPostures, missingBucket, ...inventoryPostures].map(p => [
        (p.entityRef ?? p.inventoryRef)!,
        p,
      ]),
    ),
    summaries: options.summaries ?? allSummaries,
    accounts: inventoryAccounts,
    requests: [],
  };
}

/** The real routes of `/api/s3`, served from a fake backend's state. */
export function s3Handlers(backend: FakeBackend) {
  const record = (request: Request) => {
    const url = new URL(request.url);
    backend.requests.push(
      `${request.method} ${url.pathname.replace('/api/s3', '')}${url.search}`,
    );
  };
  return [
    http.get(`${BASE}/v1/checks`, ({ request }) => {
      record(request);
      return HttpResponse.json({
        profile: 'aws-foundational',
        checks: [],
        profiles: [],
      });
    }),
    http.get(`${BASE}/v1/buckets`, ({ request }) => {
      record(request);
      return HttpResponse.json(
        listBucketsFrom(backend.summaries, new URL(request.url).searchParams),
      );
    }),
    http.get(`${BASE}/v1/buckets/:namespace/:name`, ({ request, params }) => {
      record(request);
      const ref = `resource:${params.namespace}/${params.name}`;
      const posture = backend.postures.get(ref);
      if (!posture) {
        return errorBody(
          404,
          'NotFoundError',
          `${ref} has not been seen by the S3 posture plugin yet; it is assessed shortly after it appears in the catalog`,
        );
      }
      return HttpResponse.json(posture);
    }),
    http.get(
      `${BASE}/v1/buckets/:namespace/:name/history`,
      ({ request, params }) => {
        record(request);
        const ref = `resource:${params.namespace}/${params.name}`;
        const posture = backend.postures.get(ref);
        return HttpResponse.json(
          posture ? historyOf(posture) : { entityRef: ref, items: [] },
        );
      },
    ),
    http.post(
      `${BASE}/v1/buckets/:namespace/:name/refresh`,
      async ({ request, params }) => {
        record(request);
        await delay(50);
        const ref = `resource:${params.namespace}/${params.name}`;
        const posture = backend.postures.get(ref);
        if (!posture) {
          return errorBody(404, 'NotFoundError', `No S3 bucket ${ref}`);
        }
        const next: BucketPosture = {
          ...posture,
          checkedAt: new Date().toISOString(),
          stale: false,
          lastError: undefined,
        };
        backend.postures.set(ref, next);
        return HttpResponse.json(next);
      },
    ),
    http.get(`${BASE}/v1/inventory/accounts`, ({ request }) => {
      record(request);
      return HttpResponse.json(backend.accounts);
    }),
    http.get(
      `${BASE}/v1/inventory/:accountId/:bucket`,
      ({ request, params }) => {
        record(request);
        const ref = formatInventoryRef(
          String(params.accountId),
          String(params.bucket),
        );
        const posture = backend.postures.get(ref);
        if (!posture) {
          return errorBody(
            404,
            'NotFoundError',
            `No bucket ${params.bucket} in the inventory of account ${params.accountId}`,
          );
        }
        return HttpResponse.json(posture);
      },
    ),
    http.get(
      `${BASE}/v1/inventory/:accountId/:bucket/history`,
      ({ request, params }) => {
        record(request);
        const ref = formatInventoryRef(
          String(params.accountId),
          String(params.bucket),
        );
        const posture = backend.postures.get(ref);
        return HttpResponse.json(
          posture ? historyOf(posture) : { inventoryRef: ref, items: [] },
        );
      },
    ),
    http.post(
      `${BASE}/v1/inventory/:accountId/:bucket/refresh`,
      async ({ request, params }) => {
        record(request);
        await delay(50);
        const ref = formatInventoryRef(
          String(params.accountId),
          String(params.bucket),
        );
        const posture = backend.postures.get(ref);
        if (!posture) {
          return errorBody(404, 'NotFoundError', `No S3 bucket ${ref}`);
        }
        const next: BucketPosture = {
          ...posture,
          checkedAt: new Date().toISOString(),
          stale: false,
          lastError: undefined,
        };
        backend.postures.set(ref, next);
        return HttpResponse.json(next);
      },
    ),
    http.get(
      `${BASE}/v1/entities/:namespace/:kind/:name/summary`,
      ({ request, params }) => {
        record(request);
        const ref = `${params.kind}:${params.namespace}/${params.name}`;
        const buckets = [...backend.postures.values()]
          .filter(p =>
            params.kind === 'component'
              ? p.service === ref
              : p.owners.includes(ref),
          )
          .map(p => toSummary(p, TITLES[p.entityRef!]));
        return HttpResponse.json(entitySummary(ref, buckets));
      },
    ),
  ];
}

export const server = setupServer();

/** The real client against the msw server, as the app would build it. */
export function createTestClient() {
  return createS3Api({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}
