import {
  ActiveCheck,
  CHECK_STATUSES,
  CheckId,
  CheckResult,
  getCheckDefinition,
} from '@s3-posture/plugin-s3-common';
import { PostureInput } from '../snapshot';
import { accessCheckEvaluators } from './checks/accessChecks';
import { applicationCheckEvaluators } from './checks/applicationChecks';
import { costCheckEvaluators } from './checks/costChecks';
import { dataCheckEvaluators } from './checks/dataChecks';
import { houseCheckEvaluators } from './checks/houseChecks';
import { iamCheckEvaluators } from './checks/iamChecks';
import { integrityCheckEvaluators } from './checks/integrityChecks';
import { loggingCheckEvaluators } from './checks/loggingChecks';
import { policyCheckEvaluators } from './checks/policyChecks';
import { SETTINGS_READ_BY_CHECK } from './settingsRead';
import {
  CheckEvaluator,
  CheckEvaluators,
  EvaluationSettings,
  Verdict,
} from './types';

/** Every group of evaluators; each check id belongs to exactly one (the tests hold that). */
export const CHECK_EVALUATOR_GROUPS: Readonly<Record<string, CheckEvaluators>> =
  {
    access: accessCheckEvaluators,
    iam: iamCheckEvaluators,
    policy: policyCheckEvaluators,
    application: applicationCheckEvaluators,
    data: dataCheckEvaluators,
    integrity: integrityCheckEvaluators,
    logging: loggingCheckEvaluators,
    cost: costCheckEvaluators,
    house: houseCheckEvaluators,
  };

/**
 * The evaluator of every check. The policy and IAM groups are typed as partial
 * `CheckEvaluators`, so the compiler cannot see their keys: completeness is asserted here
 * and proven by the tests, and evaluatePosture still copes with a gap.
 */
export const CHECK_EVALUATORS = Object.assign(
  {},
  ...Object.values(CHECK_EVALUATOR_GROUPS),
) as Record<CheckId, CheckEvaluator>;

function internalError(message: string): Verdict {
  return {
    status: 'error',
    reason: `Internal error while evaluating: ${message}`,
    evidence: {},
  };
}

/** Runs one evaluator so that nothing it does can stop the other checks. */
function runEvaluator(
  evaluator: CheckEvaluator | undefined,
  input: PostureInput,
  settings: EvaluationSettings,
): Verdict {
  if (!evaluator)
    return internalError('no evaluator is registered for this check');
  try {
    const verdict = evaluator(input, settings);
    // A malformed verdict is a bug in the evaluator; never let it pass as a result.
    if (!verdict || !CHECK_STATUSES.includes(verdict.status)) {
      return internalError('the evaluator returned no valid verdict');
    }
    return {
      status: verdict.status,
      reason: verdict.reason,
      evidence: verdict.evidence ?? {},
    };
  } catch (e) {
    return internalError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Judges one bucket against the active checks, in their order. Pure: no I/O, never throws
 * for a bucket's data; a check that cannot be judged ends in `error`.
 */
export function evaluatePosture(
  input: PostureInput,
  checks: ActiveCheck[],
  settings: EvaluationSettings,
  evaluators: CheckEvaluators = CHECK_EVALUATORS,
): CheckResult[] {
  return checks.map(check => {
    const definition = getCheckDefinition(check.id);
    // A setting left unread (not needed by the checks it was collected for) cannot judge.
    const unread = SETTINGS_READ_BY_CHECK[check.id].find(
      s => input.bucket[s] === undefined,
    );
    const verdict = unread
      ? internalError(`the bucket's ${unread} was not read`)
      : runEvaluator(evaluators[check.id], input, settings);
    return {
      id: check.id,
      title: definition.title,
      category: definition.category,
      severity: check.severity,
      status: verdict.status,
      reason: verdict.reason,
      evidence: verdict.evidence,
      remediation: definition.remediation,
      anchors: definition.anchors,
    };
  });
}
