import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  BucketHistoryResponse,
  BucketListResponse,
  BucketPosture,
  CheckCatalogResponse,
  EntityPostureSummary,
  PostureStatus,
} from '@s3-posture/plugin-s3-common';

/** An entity, as a ref string (`resource:default/users-bucket`) or compound ref. */
export type S3EntityRef = string | CompoundEntityRef;

/** Fields `GET /v1/buckets` can order by. */
export type BucketOrderField = 'name' | 'score' | 'checkedAt' | 'status';

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
  /** 12-digit AWS account id. */
  account?: string;
  /** AWS region, e.g. `eu-north-1`. */
  region?: string;
  /** Only buckets in these statuses. */
  status?: PostureStatus[];
  orderBy?: BucketOrderField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/**
 * Client of the S3 posture backend's REST API (`/api/s3`).
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) carrying the
 * server's message when the backend answers with a non-2xx status.
 *
 * @public
 */
export interface S3Api {
  /** `GET /v1/buckets/:namespace/:name`: the posture of a bucket (Resource) entity. */
  getBucket(entityRef: S3EntityRef): Promise<BucketPosture>;
  /** `GET /v1/buckets/:namespace/:name/history`: past statuses and scores. */
  getHistory(entityRef: S3EntityRef): Promise<BucketHistoryResponse>;
  /** `POST /v1/buckets/:namespace/:name/refresh`: assesses now, returns the new posture. */
  refreshBucket(entityRef: S3EntityRef): Promise<BucketPosture>;
  /** `GET /v1/buckets`: a page of buckets and the counts by status. */
  listBuckets(query?: BucketListQuery): Promise<BucketListResponse>;
  /** `GET /v1/entities/:namespace/:kind/:name/summary`: roll-up for a Component, System, Group or User. */
  getEntitySummary(entityRef: S3EntityRef): Promise<EntityPostureSummary>;
  /** `GET /v1/checks`: the check catalog and profiles. */
  getChecks(): Promise<CheckCatalogResponse>;
}

/**
 * Reference to the {@link S3Api}.
 *
 * @public
 */
export const s3ApiRef = createApiRef<S3Api>().with({
  id: 'plugin.s3.api',
  pluginId: 's3',
});
