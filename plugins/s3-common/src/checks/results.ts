import { CheckAnchors, CheckCategory, CheckId, Severity } from './types';
import { ProfileId } from './profiles';

/** How a check ended. `error`: could not be decided (with the reason). */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'not-applicable';

export const CHECK_STATUSES: readonly CheckStatus[] = [
  'pass',
  'fail',
  'error',
  'not-applicable',
];

/** A bucket's, or a service's, overall status. */
export type PostureStatus =
  'compliant' | 'at-risk' | 'non-compliant' | 'unknown';

export const POSTURE_STATUSES: readonly PostureStatus[] = [
  'compliant',
  'at-risk',
  'non-compliant',
  'unknown',
];

/** One check's verdict on one bucket, as served by the REST API. */
export interface CheckResult {
  id: CheckId;
  title: string;
  category: CheckCategory;
  /** Severity after profile and config overrides. */
  severity: Severity;
  status: CheckStatus;
  /** Why it ended so, in a sentence a person can act on. */
  reason: string;
  /** The configuration fields that decided it. */
  evidence: Record<string, unknown>;
  remediation: string;
  anchors: CheckAnchors;
}

export interface CheckCounts {
  pass: number;
  fail: number;
  error: number;
  notApplicable: number;
}

/** A bucket's latest posture (`GET /v1/buckets/:namespace/:name`). */
export interface BucketPosture {
  entityRef: string;
  bucket: string;
  arn: string;
  accountId?: string;
  region?: string;
  owners: string[];
  service?: string;
  status: PostureStatus;
  /** 0–100; absent when no weighted check was decided. */
  score?: number;
  profile: ProfileId;
  /** When the verdicts were made; absent when never assessed. */
  checkedAt?: string;
  /** True when the latest refresh failed and these are the last good verdicts. */
  stale: boolean;
  /** Why the latest refresh failed, when it did. */
  lastError?: string;
  counts: CheckCounts;
  checks: CheckResult[];
}

/** Counts of check statuses. */
export function countChecks(
  checks: readonly { status: CheckStatus }[],
): CheckCounts {
  const counts: CheckCounts = { pass: 0, fail: 0, error: 0, notApplicable: 0 };
  for (const { status } of checks) {
    if (status === 'not-applicable') counts.notApplicable++;
    else counts[status]++;
  }
  return counts;
}
