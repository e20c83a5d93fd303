import { CheckStatus, PostureStatus } from './results';
import { Severity } from './types';

/**
 * How much a check's verdict counts toward the score.
 *
 * @public
 */
export const SEVERITY_WEIGHTS: Record<Severity, number> = {
  critical: 10,
  high: 5,
  medium: 3,
  low: 1,
  info: 0,
};

/**
 * The part of a check result that scoring reads.
 *
 * @public
 */
export interface ScoredCheck {
  severity: Severity;
  status: CheckStatus;
}

/**
 * How many checks fail at each severity. Takes check results (only those with status
 * `fail` count) or failing checks as lists show them (no status: every one counts).
 *
 * @public
 */
export function countFailingBySeverity(
  checks: readonly { severity: Severity; status?: CheckStatus }[],
): Record<Severity, number> {
  const counts: Record<Severity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    info: 0,
  };
  for (const check of checks) {
    if (check.status === undefined || check.status === 'fail') {
      counts[check.severity]++;
    }
  }
  return counts;
}

/**
 * Score 0–100: the weighted share of passing checks among those that passed or
 * failed. Errors and not-applicable checks do not count either way. Undefined when
 * no weighted check was decided.
 *
 * @public
 */
export function computeScore(
  checks: readonly ScoredCheck[],
): number | undefined {
  let passed = 0;
  let decided = 0;
  for (const check of checks) {
    const weight = SEVERITY_WEIGHTS[check.severity];
    if (check.status === 'pass') {
      passed += weight;
      decided += weight;
    } else if (check.status === 'fail') {
      decided += weight;
    }
  }
  return decided === 0 ? undefined : Math.round((100 * passed) / decided);
}

/**
 * The bucket's status (DESIGN §6):
 * - `unknown` when never assessed;
 * - `non-compliant` when a critical or high check fails (a known failure is never hidden by errors);
 * - `unknown` when more than half of the weighted checks errored;
 * - `at-risk` when a medium check fails;
 * - `compliant` otherwise (low and info failures carry too little weight to change the status).
 *
 * @public
 */
export function computeStatus(
  checks: readonly ScoredCheck[] | undefined,
): PostureStatus {
  if (!checks) return 'unknown';
  const failing = countFailingBySeverity(checks);
  if (failing.critical > 0 || failing.high > 0) return 'non-compliant';

  let errored = 0;
  let weighted = 0;
  for (const check of checks) {
    const weight = SEVERITY_WEIGHTS[check.severity];
    if (weight === 0 || check.status === 'not-applicable') continue;
    weighted += weight;
    if (check.status === 'error') errored += weight;
  }
  if (weighted === 0 || errored * 2 > weighted) return 'unknown';

  if (failing.medium > 0) return 'at-risk';
  return 'compliant';
}

/**
 * Statuses from worst to best, for roll-ups: a service is as good as its worst bucket.
 *
 * @public
 */
export const POSTURE_STATUS_ORDER: readonly PostureStatus[] = [
  'non-compliant',
  'at-risk',
  'unknown',
  'compliant',
];

/**
 * The worst of several statuses; `unknown` for none.
 *
 * @public
 */
export function worstStatus(statuses: Iterable<PostureStatus>): PostureStatus {
  let worst = POSTURE_STATUS_ORDER.length - 1;
  let any = false;
  for (const status of statuses) {
    any = true;
    worst = Math.min(worst, POSTURE_STATUS_ORDER.indexOf(status));
  }
  return any ? POSTURE_STATUS_ORDER[worst] : 'unknown';
}
