import {
  ActiveCheck,
  CHECK_STATUSES,
  CheckResult,
} from '@s3-posture/plugin-s3-common';
import { PostureInput } from '@s3-posture/plugin-s3-node';
import { CheckCatalog } from './CheckCatalog';
import { CheckEvaluator, EvaluationSettings, Verdict } from './types';

function internalError(message: string): Verdict {
  return {
    status: 'error',
    reason: `Internal error while evaluating: ${message}`,
    evidence: {},
  };
}

/** Runs one evaluator so that nothing it does can stop the other checks. */
function runEvaluator(
  evaluator: CheckEvaluator,
  input: PostureInput,
  settings: EvaluationSettings,
): Verdict {
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
  catalog: CheckCatalog = CheckCatalog.builtIn,
): CheckResult[] {
  return checks.flatMap(check => {
    const entry = catalog.get(check.id);
    // Active checks come from the same catalog; an unknown id has nothing to show.
    if (!entry) return [];
    const { definition } = entry;
    // A setting left unread (not needed by the checks it was collected for) cannot judge.
    const unread = entry.reads.find(s => input.bucket[s] === undefined);
    const verdict = unread
      ? internalError(`the bucket's ${unread} was not read`)
      : runEvaluator(entry.evaluate, input, settings);
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
