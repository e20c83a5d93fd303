import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  parseEntityRef,
} from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  BucketHistoryResponse,
  BucketListResponse,
  BucketPosture,
  CheckCatalogResponse,
  EntityPostureSummary,
} from '@s3-posture/plugin-s3-common';
import { BucketListQuery, S3Api, S3EntityRef } from './S3Api';

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
 * {@link S3Api} over `fetchApi` (which adds the user's Backstage token) and the
 * backend URL from `discoveryApi`.
 *
 * @public
 */
export class S3Client implements S3Api {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly reading = new Map<string, Promise<unknown>>();

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
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

  async listBuckets(query: BucketListQuery = {}): Promise<BucketListResponse> {
    const params = new URLSearchParams();
    const set = (key: string, value: string | number | undefined) => {
      if (value !== undefined && value !== '') params.set(key, String(value));
    };
    set('q', query.q?.trim());
    set('owner', query.owner);
    set('service', query.service);
    set('account', query.account);
    set('region', query.region);
    if (query.status?.length) set('status', query.status.join(','));
    set('orderBy', query.orderBy);
    set('order', query.order);
    set('offset', query.offset);
    set('limit', query.limit);
    const qs = params.toString();
    return this.request(`/v1/buckets${qs ? `?${qs}` : ''}`);
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

  async getChecks(): Promise<CheckCatalogResponse> {
    return this.request('/v1/checks');
  }

  private bucketPath(entityRef: S3EntityRef): string {
    const { namespace, name } = toCompoundRef(entityRef, 'resource');
    return `${seg(namespace)}/${seg(name)}`;
  }

  /**
   * Identical reads in flight share one request: a page may ask while it renders, and a
   * render React repeats or throws away must not send a second one.
   */
  private request<T>(path: string, init?: RequestInit): Promise<T> {
    if (init?.method && init.method !== 'GET') {
      // After a write, reads start afresh: none may answer with what came before it.
      this.reading.clear();
      return this.send(path, init);
    }
    const shared = this.reading.get(path);
    if (shared) return shared as Promise<T>;
    const reading = this.send<T>(path, init).finally(() =>
      this.reading.delete(path),
    );
    // Whoever asked handles the error; this copy only keeps a discarded caller quiet.
    reading.catch(() => undefined);
    this.reading.set(path, reading);
    return reading;
  }

  private async send<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('s3');
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
