import type { BucketOrigin } from '../api';
import { CheckAnchors, CheckCategory, Severity } from './types';
import { ProfileId } from './profiles';

/**
 * How a check ended. `error`: could not be decided (with the reason).
 *
 * @public
 */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'not-applicable';

/** @public */
export const CHECK_STATUSES: readonly CheckStatus[] = [
  'pass',
  'fail',
  'error',
  'not-applicable',
];

/**
 * A bucket's, or a service's, overall status.
 *
 * @public
 */
export type PostureStatus =
  'compliant' | 'at-risk' | 'non-compliant' | 'unknown';

/** @public */
export const POSTURE_STATUSES: readonly PostureStatus[] = [
  'compliant',
  'at-risk',
  'non-compliant',
  'unknown',
];

/**
 * One check's verdict on one bucket, as served by the REST API.
 *
 * @public
 */
export interface CheckResult {
  /** A built-in check id ({@link CheckId}) or one a backend module added. */
  id: string;
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

/** @public */
export interface CheckCounts {
  pass: number;
  fail: number;
  error: number;
  notApplicable: number;
}

/**
 * A bucket's latest posture (`GET /v1/buckets/:namespace/:name`).
 *
 * @public
 */
export interface BucketPosture extends BucketOrigin {
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
  counts: CheckCounts;
  checks: CheckResult[];
}

/**
 * Counts of check statuses.
 *
 * @public
 */
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
