/**
 * What changed between two assessments of a bucket, as its owners should hear it (DESIGN
 * §17): pure, no I/O, so every rule is tested on its own.
 */
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  FailingCheck,
  PostureStatus,
  SEVERITIES,
  Severity,
} from '@s3-posture/plugin-s3-common';

/** The part of a stored verdict a comparison needs. */
export interface ComparedVerdict {
  status: PostureStatus;
  score?: number;
  /** The failing checks (not those in error), most severe first. */
  failingChecks: FailingCheck[];
  /** Ids of the checks that could not be decided (`error`), when known. */
  erroredChecks?: string[];
  /** Set when the bucket was not found in AWS: there is no verdict. */
  missing?: { code: string; message: string };
}

export type PostureChange =
  | {
      kind: 'regression';
      from: PostureStatus;
      to: PostureStatus;
      /** Checks failing now that did not fail before, most severe first. */
      newlyFailing: FailingCheck[];
      severity: NotificationSeverity;
    }
  | {
      kind: 'recovery';
      from: PostureStatus;
      to: PostureStatus;
      /** Checks that failed before and do not now. */
      fixed: FailingCheck[];
    }
  | {
      kind: 'missing';
      from: PostureStatus;
      /** Why AWS says it is gone (`NoSuchBucket`). */
      error: { code: string; message: string };
    };

/** Statuses that say how bad a bucket is; `unknown` says nothing and never compares. */
const RANK: Partial<Record<PostureStatus, number>> = {
  compliant: 0,
  'at-risk': 1,
  'non-compliant': 2,
};

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/**
 * The change between the previous verdict and the new one, or undefined when the owners
 * need not hear of it:
 * - nothing for a first assessment (no previous verdict), nor when the new status is
 *   `unknown` (checks could not be decided: an error is not a regression);
 * - a regression when the status worsens, or a check of severity `minSeverity` or above
 *   starts failing (a check in `error` is not failing); its severity is that of the worst
 *   newly failing check: critical → critical, high → high, else normal;
 * - a recovery when, without a regression, the status improves, or the last failing check
 *   at or above `minSeverity` stops failing; never while a check that failed before is now
 *   in `error` (not knowing is not a fix);
 * - `missing` when a bucket that had a verdict is no longer found in AWS.
 */
export function postureChange(
  previous: ComparedVerdict | undefined,
  current: ComparedVerdict,
  minSeverity: Severity,
): PostureChange | undefined {
  if (current.missing) {
    return previous && previous.status !== 'unknown'
      ? { kind: 'missing', from: previous.status, error: current.missing }
      : undefined;
  }
  if (!previous || current.status === 'unknown') return undefined;
  const before = new Set(previous.failingChecks.map(c => c.id));
  const now = new Set(current.failingChecks.map(c => c.id));
  const newlyFailing = sorted(
    current.failingChecks.filter(c => !before.has(c.id)),
  );
  const significant = (c: FailingCheck) =>
    severityRank(c.severity) <= severityRank(minSeverity);
  const fromRank = RANK[previous.status];
  const toRank = RANK[current.status]!;
  const worsened = fromRank !== undefined && toRank > fromRank;
  if (worsened || newlyFailing.some(significant)) {
    // A status can worsen with no new failure (a check's severity raised in config).
    const worst = newlyFailing[0] ?? sorted(current.failingChecks)[0];
    return {
      kind: 'regression',
      from: previous.status,
      to: current.status,
      newlyFailing,
      severity: notificationSeverity(worst?.severity),
    };
  }
  const errored = new Set(current.erroredChecks ?? []);
  if (previous.failingChecks.some(c => errored.has(c.id))) return undefined;
  const improved = fromRank !== undefined && toRank < fromRank;
  const significantCleared =
    fromRank !== undefined &&
    previous.failingChecks.some(significant) &&
    !current.failingChecks.some(significant);
  if (improved || significantCleared) {
    return {
      kind: 'recovery',
      from: previous.status,
      to: current.status,
      fixed: sorted(previous.failingChecks.filter(c => !now.has(c.id))),
    };
  }
  return undefined;
}

/** Critical → critical, high → high, anything else → normal. */
export function notificationSeverity(
  severity: Severity | undefined,
): NotificationSeverity {
  if (severity === 'critical') return 'critical';
  if (severity === 'high') return 'high';
  return 'normal';
}

function sorted(checks: FailingCheck[]): FailingCheck[] {
  return [...checks].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity),
  );
}
