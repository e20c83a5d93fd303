import { CheckCounts, CheckResult, PostureStatus } from './checks/results';
import { Severity } from './checks/types';
import type { InventoryRef } from './inventory';

/**
 * A failing check, as lists show it.
 *
 * @public
 */
export interface FailingCheck {
  id: string;
  title: string;
  severity: Severity;
}

/**
 * Why a bucket's latest refresh could not assess it: `code` is AWS's error code or the
 * plugin's own (`NoSuchBucket`: the bucket a doc names does not exist in its account).
 *
 * @public
 */
export interface BucketError {
  /** AWS's error code, or `NoSuchBucket`, `BucketNotInConfiguredAccounts`, `InvalidBucketName`. */
  code: string;
  /** What went wrong, as a person can read it. */
  message: string;
  /** When it happened (ISO 8601). */
  at: string;
}

/**
 * Where a bucket's row comes from (DESIGN §15): a doc in the catalog (`documented: true`,
 * `entityRef`) or only AWS's own listing of the account (`documented: false`,
 * `inventoryRef`, no owners), and why its latest refresh failed, if it did.
 *
 * @public
 */
export interface BucketOrigin {
  /** The bucket's Resource entity; absent on undocumented buckets. */
  entityRef?: string;
  /** `aws:<account>/<bucket>`, on undocumented buckets only. */
  inventoryRef?: InventoryRef;
  /** True when a doc in the catalog describes the bucket; false for the inventory's finds. */
  documented: boolean;
  /**
   * Catalog groups and users named by the bucket's tags (`s3.inventory.ownerTagKeys`):
   * suggestions for its doc, never owners. Undocumented buckets only.
   */
  suggestedOwners?: string[];
  /** A catalog component named by the bucket's tags; undocumented buckets only. */
  suggestedService?: string;
  /** Why the latest refresh could not assess the bucket, when it could not. */
  lastError?: BucketError;
}

/**
 * One bucket in lists and roll-ups (`GET /v1/buckets`, summaries).
 *
 * @public
 */
export interface BucketSummary extends BucketOrigin {
  title?: string;
  bucket: string;
  arn: string;
  accountId?: string;
  region?: string;
  owners: string[];
  service?: string;
  status: PostureStatus;
  score?: number;
  checkedAt?: string;
  stale: boolean;
  counts: CheckCounts;
  /** The failing checks, most severe first. */
  failingChecks: FailingCheck[];
}

/**
 * `GET /v1/buckets`
 *
 * @public
 */
export interface BucketListResponse {
  items: BucketSummary[];
  totalCount: number;
  /** Buckets per status among all that match the filters other than status. */
  statusCounts: Record<PostureStatus, number>;
  /**
   * Documented and undocumented buckets among all that match the filters other than
   * `documented`. Without `s3.inventory.read`, `undocumented` is 0: counts never reveal
   * buckets the caller may not see.
   */
  documentedCounts: { documented: number; undocumented: number };
}

/**
 * One configured AWS account as the inventory last listed it (`GET /v1/inventory/accounts`).
 *
 * @public
 */
export interface InventoryAccount {
  accountId: string;
  /** Buckets of the account in the store, documented or not. */
  buckets: number;
  undocumented: number;
  nonCompliant: number;
  /** When `ListBuckets` last answered for the account. */
  listedAt?: string;
  /** Why the latest `ListBuckets` failed (e.g. `AccessDenied`); documented buckets are unaffected. */
  listError?: BucketError;
}

/**
 * `GET /v1/inventory/accounts`
 *
 * @public
 */
export interface InventoryAccountsResponse {
  /** False when `s3.inventory.enabled` is off: nothing is listed. */
  enabled: boolean;
  items: InventoryAccount[];
}

/**
 * `GET /v1/buckets/:namespace/:name/history`
 *
 * @public
 */
export interface BucketHistoryResponse {
  /** The bucket's entity ref; absent on undocumented buckets. */
  entityRef?: string;
  /** `aws:<account>/<bucket>`, on undocumented buckets only. */
  inventoryRef?: InventoryRef;
  items: Array<{
    checkedAt: string;
    status: PostureStatus;
    score?: number;
    counts: CheckCounts;
    /**
     * How the assessment was triggered: `scheduled`, `manual` (a refresh asked for), or
     * `event: <eventName>, ...` (AWS change events); absent on entries stored before it was
     * recorded.
     */
    trigger?: string;
  }>;
}

/**
 * `GET /v1/entities/:namespace/:kind/:name/summary`
 *
 * @public
 */
export interface EntityPostureSummary {
  entityRef: string;
  /** The worst status among the entity's buckets; `unknown` when it has none. */
  status: PostureStatus;
  bucketCount: number;
  nonCompliantCount: number;
  /** Lowest score among assessed buckets. */
  worstScore?: number;
  /**
   * Each bucket, with how it is related to the entity: `via` names the entity refs between
   * them (a group's component, a child group, ...), nearest the entity first; left out when
   * the entity owns or uses the bucket directly.
   */
  buckets: Array<BucketSummary & { via?: string[] }>;
}

/**
 * `GET /v1/checks`
 *
 * @public
 */
export interface CheckCatalogResponse {
  profile: string;
  checks: Array<{
    /** A built-in check id or one a backend module added (`custom: true`). */
    id: string;
    title: string;
    category: string;
    severity: Severity;
    description: string;
    rationale: string;
    remediation: string;
    anchors: CheckResult['anchors'];
    /** Whether the active profile runs it, and at which severity. */
    active: boolean;
    /** True for a check a backend module added (`@s3-posture/plugin-s3-node`). */
    custom: boolean;
  }>;
  profiles: Array<{
    id: string;
    title: string;
    description: string;
    /** The profile's checks, built-in and added ones. */
    checks: string[];
  }>;
}

const SEVERITY_RANK: Record<Severity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  info: 4,
};

/**
 * The failing checks of a result list, most severe first.
 *
 * @public
 */
export function failingChecks(checks: readonly CheckResult[]): FailingCheck[] {
  return checks
    .filter(c => c.status === 'fail')
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
    .map(({ id, title, severity }) => ({ id, title, severity }));
}
