/**
 * The checks that need the bucket policy to deny a kind of request to everyone:
 * `tls-only`, `tls-minimum-version` and `private-network-only` (network) and
 * `presigned-url-age-limited` (application).
 * Each passes only on a proof (policy/denyCoverage.ts): Deny statements that name every
 * principal and cover every S3 action on the bucket and all its objects, under a
 * condition that holds for every such request, without exemption. An exemption
 * (NotPrincipal, an aws:PrincipalArn or aws:SourceVpce carve-out) is a fail that names
 * it: the spared principals or networks can still send that kind of request.
 */
import { PostureInput } from '@s3-posture/plugin-s3-node';
import {
  ConditionTest,
  DenyCoverage,
  Policy,
  RequestKind,
  byImportance,
  conditionTestFor,
  proveDenyCoverage,
  s3BucketPolicyActions,
  usesPolicyVariables,
} from '../policy';
import { CheckEvaluator, EvaluationSettings } from '../types';
import { fail, pass } from '../verdicts';
import {
  listWithMore,
  loadPolicy,
  policyUndecided,
  scopeOf,
} from './bucketPolicy';

export interface DenyCheckSpec {
  /** What the Deny must stop, in words. */
  what: string;
  /** Which condition of a Deny holds for every request of the kind. */
  test: (policy: Policy, settings: EvaluationSettings) => ConditionTest;
  /** Extra evidence and wording about the bound the policy sets, if any. */
  describeBound?: (
    policy: Policy,
    settings: EvaluationSettings,
  ) => { evidence: Record<string, unknown>; gap?: string };
  remedy: string;
}

export function coverageEvidence(
  coverage: DenyCoverage,
): Record<string, unknown> {
  return {
    denyingStatements: coverage.denyingStatements,
    uncoveredOnBucket: byImportance(coverage.uncoveredOnBucket).slice(0, 10),
    uncoveredOnObjects: byImportance(coverage.uncoveredOnObjects).slice(0, 10),
    exemptions: coverage.exemptions,
  };
}

function actionsOfKind(kind: 'bucket' | 'object'): number {
  return s3BucketPolicyActions().filter(info =>
    info.resourceKinds.includes(kind),
  ).length;
}

/** The actions left on a resource, or the resource alone when none is covered. */
function describeLeft(
  actions: string[],
  kind: 'bucket' | 'object',
  arn: string,
) {
  const what =
    kind === 'bucket' ? `${arn} (the bucket itself)` : `${arn}/* (its objects)`;
  return actions.length === actionsOfKind(kind)
    ? what
    : `${listWithMore(byImportance(actions))} on ${what}`;
}

/** What a partial Deny leaves out, in words. */
export function describeGap(
  coverage: DenyCoverage,
  input: PostureInput,
): string {
  const arn = `arn:${input.bucket.partition}:s3:::${input.bucket.bucket}`;
  const parts: string[] = [];
  const { uncoveredOnBucket, uncoveredOnObjects } = coverage;
  if (uncoveredOnBucket.length > 0) {
    parts.push(describeLeft(uncoveredOnBucket, 'bucket', arn));
  }
  if (uncoveredOnObjects.length > 0) {
    parts.push(describeLeft(uncoveredOnObjects, 'object', arn));
  }
  const exemptions = coverage.exemptions.map(
    entry => `statement ${entry.statement} does not count: ${entry.exemption}`,
  );
  const gap =
    parts.length > 0 ? `it does not cover ${parts.join(', nor ')}` : '';
  return [gap, ...exemptions].filter(Boolean).join('; ');
}

export function judgeExplicitDeny(spec: DenyCheckSpec): CheckEvaluator {
  return (input, settings) => {
    const loaded = loadPolicy(input.bucket.policy);
    if (loaded.state === 'none') {
      return fail(
        `The bucket has no bucket policy, so nothing denies ${spec.what}; ${spec.remedy}.`,
        { bucketPolicy: 'none' },
      );
    }
    if (loaded.state === 'unreadable')
      return policyUndecided(loaded, { bucketPolicy: loaded.state });
    if (loaded.state === 'unparsable') {
      // Nothing in a policy that cannot be read as AWS reads it can be relied on to deny.
      return fail(
        `The bucket policy is malformed, so no statement of it can be shown to deny ${spec.what}: ${loaded.error}.`,
        { bucketPolicy: 'unparsable', policyError: loaded.error },
      );
    }
    const { policy } = loaded;
    const coverage = proveDenyCoverage(
      policy,
      scopeOf(input),
      spec.test(policy, settings),
    );
    const bound = spec.describeBound?.(policy, settings);
    const evidence = {
      bucketPolicy: 'present',
      ...bound?.evidence,
      ...coverageEvidence(coverage),
    };
    if (coverage.covered) {
      return pass(
        `The bucket policy denies ${spec.what} to every caller, on the bucket and its objects (statement ${coverage.denyingStatements.join(', ')}).`,
        evidence,
      );
    }
    if (
      coverage.denyingStatements.length === 0 &&
      coverage.exemptions.length === 0
    ) {
      return fail(
        `No statement of the bucket policy denies ${spec.what}${bound?.gap ? ` (${bound.gap})` : ''}; ${spec.remedy}.`,
        evidence,
      );
    }
    const statements = coverage.denyingStatements.length
      ? ` (statement ${coverage.denyingStatements.join(', ')})`
      : '';
    return fail(
      `The bucket policy denies ${spec.what} only in part: ${describeGap(coverage, input)}${statements}.`,
      evidence,
    );
  };
}

/** The numeric bounds Deny statements put on a key with the given operators. */
export function denyBounds(
  policy: Policy,
  key: string,
  operators: string[],
): number[] {
  return policy.statements.flatMap(statement =>
    statement.effect !== 'Deny'
      ? []
      : (statement.conditions ?? []).flatMap(condition =>
          condition.key.toLowerCase() === key.toLowerCase() &&
          operators.includes(condition.operator.base)
            ? condition.values.map(Number).filter(Number.isFinite)
            : [],
        ),
  );
}

/** The condition test for one kind of request (fixed, or chosen by the settings). */
export const requestsOfKind =
  (
    requestKind: RequestKind | ((settings: EvaluationSettings) => RequestKind),
  ) =>
  (policy: Policy, settings: EvaluationSettings) =>
    conditionTestFor(
      typeof requestKind === 'function' ? requestKind(settings) : requestKind,
      usesPolicyVariables(policy),
    );
