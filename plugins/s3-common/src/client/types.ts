import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  BucketHistoryResponse,
  BucketListResponse,
  CheckCatalogResponse,
  EntityPostureSummary,
  InventoryAccountsResponse,
} from '../api';
import type { BucketPosture, PostureStatus } from '../checks/results';

/**
 * The plugin id of the S3 posture backend: its REST API is at the base URL that discovery
 * gives for it (`/api/s3`).
 *
 * @public
 */
export const S3_POSTURE_PLUGIN_ID = 's3';

/**
 * An entity, as a ref string (`resource:default/users-bucket`, or just `users-bucket` for a
 * bucket) or a compound ref.
 *
 * @public
 */
export type S3EntityRef = string | CompoundEntityRef;

/**
 * Fields `GET /v1/buckets` can order by.
 *
 * @public
 */
export const BUCKET_ORDER_FIELDS = [
  'score',
  'name',
  'checkedAt',
  'status',
] as const;

/**
 * A field `GET /v1/buckets` can order by.
 *
 * @public
 */
export type BucketOrderField = (typeof BUCKET_ORDER_FIELDS)[number];

/**
 * Query of `GET /v1/buckets`. Every filter is optional; paging is done by the server.
 *
 * @public
 */
export interface BucketListQuery {
  /** Free text: bucket name, entity ref or title. */
  q?: string;
  /** Entity ref of an owner, e.g. `group:default/team-a`. */
  owner?: string;
  /** Entity ref of the owning service, e.g. `component:default/user-service`. */
  service?: string;
  /**
   * Entity ref whose S3 roll-up to list: the buckets its posture card counts (a Group's
   * own, its Components', Systems' and child groups'; a System's; a Component's; a User's).
   * Documented buckets only.
   */
  relatedTo?: string;
  /** 12-digit AWS account id. */
  account?: string;
  /** AWS region, e.g. `eu-north-1`. */
  region?: string;
  /** Only buckets in these statuses. */
  status?: PostureStatus[];
  /**
   * Only documented buckets (`true`) or only those no doc describes (`false`, needs
   * `s3.inventory.read`); both when unset.
   */
  documented?: boolean;
  orderBy?: BucketOrderField;
  order?: 'asc' | 'desc';
  /** Buckets to skip (0 to 1,000,000). */
  offset?: number;
  /** Buckets per page (1 to 500). */
  limit?: number;
}

/**
 * The typed REST API v1 of the S3 posture backend (`/api/s3/v1`), one method per route.
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) carrying the
 * server's status and message when the backend answers with a non-2xx status: 400 for bad
 * input, 403 when a permission is missing, 404 when there is nothing to show.
 *
 * @public
 */
export interface S3PostureApi {
  /** `GET /v1/checks`: the check catalog and profiles. */
  getChecks(): Promise<CheckCatalogResponse>;
  /** `GET /v1/buckets`: a page of buckets and the counts by status. */
  listBuckets(query?: BucketListQuery): Promise<BucketListResponse>;
  /** `GET /v1/buckets/:namespace/:name`: the posture of a bucket (Resource) entity. */
  getBucket(entityRef: S3EntityRef): Promise<BucketPosture>;
  /** `GET /v1/buckets/:namespace/:name/history`: past statuses and scores. */
  getHistory(entityRef: S3EntityRef): Promise<BucketHistoryResponse>;
  /** `POST /v1/buckets/:namespace/:name/refresh`: assesses now, returns the new posture. */
  refreshBucket(entityRef: S3EntityRef): Promise<BucketPosture>;
  /** `GET /v1/entities/:namespace/:kind/:name/summary`: roll-up for a Component, System, Group or User. */
  getEntitySummary(entityRef: S3EntityRef): Promise<EntityPostureSummary>;
  /** `GET /v1/inventory/:accountId/:bucket`: the posture of a bucket no doc describes. */
  getInventoryBucket(inventoryRef: string): Promise<BucketPosture>;
  /** `GET /v1/inventory/:accountId/:bucket/history`: its past statuses and scores. */
  getInventoryHistory(inventoryRef: string): Promise<BucketHistoryResponse>;
  /** `POST /v1/inventory/:accountId/:bucket/refresh`: assesses it now. */
  refreshInventoryBucket(inventoryRef: string): Promise<BucketPosture>;
  /** `GET /v1/inventory/accounts`: per configured account, what its listing found. */
  listInventoryAccounts(): Promise<InventoryAccountsResponse>;
}

/**
 * Finds the backend's base URL. Backstage's `discoveryApiRef` (frontend) and
 * `coreServices.discovery` (backend) both fit.
 *
 * @public
 */
export interface S3PostureDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Sends the requests. Backstage's `fetchApiRef` (which adds the user's token) fits; in a
 * backend, a `fetch` that adds a token from `auth.getPluginRequestToken` does.
 *
 * @public
 */
export interface S3PostureFetch {
  fetch: typeof fetch;
}
