import { CheckCounts, CheckResult, PostureStatus } from './checks/results';
import { CheckId, Severity } from './checks/types';

/** A failing check, as lists show it. */
export interface FailingCheck {
  id: CheckId;
  title: string;
  severity: Severity;
}

/** One bucket in lists and roll-ups (`GET /v1/buckets`, summaries). */
export interface BucketSummary {
  entityRef: string;
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

/** `GET /v1/buckets` */
export interface BucketListResponse {
  items: BucketSummary[];
  totalCount: number;
  /** Buckets per status among all that match the filters other than status. */
  statusCounts: Record<PostureStatus, number>;
}

/** `GET /v1/buckets/:namespace/:name/history` */
export interface BucketHistoryResponse {
  entityRef: string;
  items: Array<{
    checkedAt: string;
    status: PostureStatus;
    score?: number;
    counts: CheckCounts;
  }>;
}

/** `GET /v1/entities/:namespace/:kind/:name/summary` */
export interface EntityPostureSummary {
  entityRef: string;
  /** The worst status among the entity's buckets; `unknown` when it has none. */
  status: PostureStatus;
  bucketCount: number;
  nonCompliantCount: number;
  /** Lowest score among assessed buckets. */
  worstScore?: number;
  buckets: BucketSummary[];
}

/** `GET /v1/checks` */
export interface CheckCatalogResponse {
  profile: string;
  checks: Array<{
    id: CheckId;
    title: string;
    category: string;
    severity: Severity;
    description: string;
    rationale: string;
    remediation: string;
    anchors: CheckResult['anchors'];
    /** Whether the active profile runs it, and at which severity. */
    active: boolean;
  }>;
  profiles: Array<{
    id: string;
    title: string;
    description: string;
    checks: CheckId[];
  }>;
}

const SEVERITY_RANK: Record<Severity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  info: 4,
};

/** The failing checks of a result list, most severe first. */
export function failingChecks(checks: readonly CheckResult[]): FailingCheck[] {
  return checks
    .filter(c => c.status === 'fail')
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
    .map(({ id, title, severity }) => ({ id, title, severity }));
}
