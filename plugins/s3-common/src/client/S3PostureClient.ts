import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  parseEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  BucketHistoryResponse,
  BucketListResponse,
  BucketSummary,
  CheckCatalogResponse,
  EntityPostureSummary,
  InventoryAccountsResponse,
} from '../api';
import { parseInventoryRef } from '../inventory';
import type { BucketPosture } from '../checks/results';
import {
  BucketListQuery,
  S3EntityRef,
  S3PostureApi,
  S3PostureDiscovery,
  S3PostureFetch,
  S3_POSTURE_PLUGIN_ID,
} from './types';

/** The largest page `GET /v1/buckets` serves. */
const MAX_PAGE_SIZE = 500;

function toCompoundRef(
  ref: S3EntityRef,
  defaultKind?: string,
): CompoundEntityRef {
  if (typeof ref === 'string') {
    return parseEntityRef(ref, {
      defaultKind,
      defaultNamespace: DEFAULT_NAMESPACE,
    });
  }
  return ref;
}

const seg = encodeURIComponent;

/**
 * The query string of `GET /v1/buckets`: only what is set, the search trimmed, statuses
 * comma-separated.
 */
function listQueryString(query: BucketListQuery): string {
  const params = new URLSearchParams();
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') params.set(key, String(value));
  };
  set('q', query.q?.trim());
  set('owner', query.owner);
  set('service', query.service);
  set('relatedTo', query.relatedTo);
  set('account', query.account);
  set('region', query.region);
  if (query.status?.length) set('status', query.status.join(','));
  if (query.documented !== undefined)
    set('documented', String(query.documented));
  set('orderBy', query.orderBy);
  set('order', query.order);
  set('offset', query.offset);
  set('limit', query.limit);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/**
 * Options of {@link S3PostureClient}.
 *
 * @public
 */
export interface S3PostureClientOptions {
  /** Finds the backend's base URL (`discoveryApi` in a frontend, `discovery` in a backend). */
  discoveryApi: S3PostureDiscovery;
  /**
   * Sends the requests with the caller's credentials (`fetchApi` in a frontend; in a backend,
   * a `fetch` that adds a token). Default: the global `fetch`, without credentials.
   */
  fetchApi?: S3PostureFetch;
  /**
   * Identical reads in flight share one request; a write (refresh) makes every later read
   * start afresh. Turn it on only when every request of this client is sent for one caller
   * (a browser's user, a backend's own service identity): callers with different
   * credentials must not share answers. Default: off.
   */
  shareReadsInFlight?: boolean;
}

/**
 * The client of the S3 posture backend's REST API v1 (`/api/s3/v1`), for frontends and
 * backends alike: no Node-only or browser-only APIs, no AWS SDK. It finds the backend
 * through Backstage discovery and sends its requests through the given `fetch`.
 *
 * @example
 * In a frontend (the S3 posture plugin builds it this way for `s3ApiRef`):
 * ```ts
 * new S3PostureClient({ discoveryApi, fetchApi, shareReadsInFlight: true });
 * ```
 * In a backend, with a token for the s3 plugin:
 * ```ts
 * const client = new S3PostureClient({
 *   discoveryApi: discovery,
 *   fetchApi: {
 *     fetch: async (input, init) => {
 *       const { token } = await auth.getPluginRequestToken({
 *         onBehalfOf: await auth.getOwnServiceCredentials(),
 *         targetPluginId: 's3',
 *       });
 *       const headers = new Headers(init?.headers);
 *       headers.set('Authorization', `Bearer ${token}`);
 *       return fetch(input, { ...init, headers });
 *     },
 *   },
 * });
 * const buckets = await client.listAllBuckets({ orderBy: 'name' });
 * ```
 *
 * @public
 */
export class S3PostureClient implements S3PostureApi {
  private readonly discoveryApi: S3PostureDiscovery;
  private readonly fetchApi: S3PostureFetch;
  private readonly reading?: Map<string, Promise<unknown>>;

  constructor(options: S3PostureClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
    if (options.shareReadsInFlight) this.reading = new Map();
  }

  async getChecks(): Promise<CheckCatalogResponse> {
    return this.request('/v1/checks');
  }

  async listBuckets(query: BucketListQuery = {}): Promise<BucketListResponse> {
    return this.request(`/v1/buckets${listQueryString(query)}`);
  }

  /**
   * Every bucket that matches the filters, read page by page (`GET /v1/buckets` with the
   * largest page the server serves), in the given order (default: by name).
   */
  async listAllBuckets(
    query: Omit<BucketListQuery, 'offset' | 'limit'> = {},
  ): Promise<BucketSummary[]> {
    const items: BucketSummary[] = [];
    for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
      const page = await this.listBuckets({
        orderBy: 'name',
        ...query,
        offset,
        limit: MAX_PAGE_SIZE,
      });
      items.push(...page.items);
      if (
        page.items.length < MAX_PAGE_SIZE ||
        items.length >= page.totalCount
      ) {
        return items;
      }
    }
  }

  async getBucket(entityRef: S3EntityRef): Promise<BucketPosture> {
    return this.request(`/v1/buckets/${this.bucketPath(entityRef)}`);
  }

  async getHistory(entityRef: S3EntityRef): Promise<BucketHistoryResponse> {
    return this.request(`/v1/buckets/${this.bucketPath(entityRef)}/history`);
  }

  async refreshBucket(entityRef: S3EntityRef): Promise<BucketPosture> {
    return this.request(`/v1/buckets/${this.bucketPath(entityRef)}/refresh`, {
      method: 'POST',
    });
  }

  async getEntitySummary(
    entityRef: S3EntityRef,
  ): Promise<EntityPostureSummary> {
    const { kind, namespace, name } = toCompoundRef(entityRef);
    return this.request(
      `/v1/entities/${seg(namespace)}/${seg(
        kind.toLocaleLowerCase('en-US'),
      )}/${seg(name)}/summary`,
    );
  }

  async getInventoryBucket(inventoryRef: string): Promise<BucketPosture> {
    return this.request(`/v1/inventory/${this.inventoryPath(inventoryRef)}`);
  }

  async getInventoryHistory(
    inventoryRef: string,
  ): Promise<BucketHistoryResponse> {
    return this.request(
      `/v1/inventory/${this.inventoryPath(inventoryRef)}/history`,
    );
  }

  async refreshInventoryBucket(inventoryRef: string): Promise<BucketPosture> {
    return this.request(
      `/v1/inventory/${this.inventoryPath(inventoryRef)}/refresh`,
      { method: 'POST' },
    );
  }

  async listInventoryAccounts(): Promise<InventoryAccountsResponse> {
    return this.request('/v1/inventory/accounts');
  }

  /** `accountId/bucket` of an inventory ref; a TypeError when it is not one. */
  private inventoryPath(inventoryRef: string): string {
    const parsed = parseInventoryRef(inventoryRef);
    if (!parsed) {
      throw new TypeError(
        `${JSON.stringify(inventoryRef)} is not an inventory ref like aws:123456789012/my-bucket`,
      );
    }
    return `${seg(parsed.accountId)}/${seg(parsed.bucket)}`;
  }

  /** `namespace/name` of a bucket entity; a bare name is a Resource in the default namespace. */
  private bucketPath(entityRef: S3EntityRef): string {
    const { namespace, name } = toCompoundRef(entityRef, 'resource');
    return `${seg(namespace)}/${seg(name)}`;
  }

  /**
   * With `shareReadsInFlight`, identical reads in flight share one request: a page may ask
   * while it renders, and a render React repeats or throws away must not send a second one.
   */
  private request<T>(path: string, init?: RequestInit): Promise<T> {
    const reading = this.reading;
    if (!reading) return this.send(path, init);
    if (init?.method && init.method !== 'GET') {
      // After a write, reads start afresh: none may answer with what came before it.
      reading.clear();
      return this.send(path, init);
    }
    const shared = reading.get(path);
    if (shared) return shared as Promise<T>;
    const read = this.send<T>(path, init).finally(() => {
      // Only its own entry: a write may have cleared it and a later read taken its place.
      if (reading.get(path) === read) reading.delete(path);
    });
    // Whoever asked handles the error; this copy only keeps a discarded caller quiet.
    read.catch(() => undefined);
    reading.set(path, read);
    return read;
  }

  private async send<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(S3_POSTURE_PLUGIN_ID);
    const res = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { Accept: 'application/json', ...init?.headers },
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
