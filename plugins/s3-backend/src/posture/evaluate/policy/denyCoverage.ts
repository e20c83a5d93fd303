/**
 * Proofs that a bucket policy denies a kind of request to everyone: a Deny (or several
 * together) that names every principal, covers every S3 action the bucket policy governs
 * on the bucket and on every one of its objects, and whose every condition holds for
 * every request of that kind. Any exemption (NotPrincipal, a condition on another key
 * such as aws:PrincipalArn or aws:SourceVpce) leaves requests through, so it is a gap,
 * named in the result.
 */
import { evaluateOperator } from './conditions';
import { hasPolicyVariable } from './matching';
import { statementLabel } from './parsePolicy';
import { alwaysHolds, describeCondition, neverHolds } from './restrictions';
import { s3ActionCatalog } from './s3Actions';
import {
  BucketScope,
  actionsOf,
  denyNamesEveryone,
  namesEveryone,
  resourceReach,
} from './statementReach';
import { Policy, PolicyCondition, PolicyStatement } from './types';
import { usesPolicyVariables } from './variables';

/**
 * Whether one condition of a Deny holds for every request of the kind: `holds`, or
 * the exemption it leaves (in words).
 */
export type ConditionTest = (
  condition: PolicyCondition,
) => { holds: true } | { holds: false; exemption: string };

export interface DenyCoverage {
  /** Every governed action on the bucket and all objects is denied. */
  covered: boolean;
  /** The Deny statements that count towards the proof. */
  denyingStatements: string[];
  /** Deny statements about this kind of request that do not count, and why. */
  exemptions: Array<{ statement: string; exemption: string }>;
  /** Actions left undenied on the bucket itself. */
  uncoveredOnBucket: string[];
  /** Actions left undenied on (some of) its objects. */
  uncoveredOnObjects: string[];
}

/**
 * Request values a Deny's condition must hold for: each key the kind of request fixes,
 * with the values it can take. A condition on any other key is an exemption.
 */
export type RequestKind = Record<
  string,
  { values: string[] } | { atLeast: number }
>;

/** Whether a numeric condition holds for every whole number from `min` up. */
function holdsFromMin(condition: PolicyCondition, min: number): boolean {
  const numbers = condition.values.map(Number);
  if (numbers.some(Number.isNaN)) return false;
  switch (condition.operator.base) {
    case 'NumericGreaterThan':
      return numbers.some(bound => min > bound);
    case 'NumericGreaterThanEquals':
      return numbers.some(bound => min >= bound);
    case 'NumericNotEquals':
      return numbers.every(bound => bound < min || !Number.isInteger(bound));
    default:
      return false;
  }
}

/** Condition test for a kind of request given by the values it fixes. */
export function conditionTestFor(
  kind: RequestKind,
  variables: boolean,
): ConditionTest {
  const byKey = new Map(
    Object.entries(kind).map(([key, domain]) => [key.toLowerCase(), domain]),
  );
  return condition => {
    const domain = byKey.get(condition.key.toLowerCase());
    const exemption = `it applies only where ${describeCondition(condition)}`;
    if (variables && condition.values.some(hasPolicyVariable)) {
      return { holds: false, exemption };
    }
    if (!domain) {
      return alwaysHolds(condition)
        ? { holds: true }
        : { holds: false, exemption };
    }
    const holds =
      'values' in domain
        ? domain.values.every(value =>
            evaluateOperator(condition.operator, condition.values, [value]),
          )
        : holdsFromMin(condition, domain.atLeast);
    return holds ? { holds: true } : { holds: false, exemption };
  };
}

/**
 * Whether a Deny's Principal covers every caller the proof is about: `holds`, or the
 * exemption it leaves. By default the proof is about everyone, so only `"*"` holds.
 */
export type PrincipalTest = (
  statement: PolicyStatement,
) => { holds: true } | { holds: false; exemption: string };

const everyoneTest: PrincipalTest = statement => {
  if (statement.notPrincipal) {
    const spared = statement.notPrincipal;
    const names = spared === '*' ? ['everyone'] : Object.values(spared).flat();
    return {
      holds: false,
      exemption: `it spares ${names.slice(0, 3).join(', ')} (NotPrincipal)`,
    };
  }
  if (!statement.principal || !namesEveryone(statement.principal)) {
    return {
      holds: false,
      exemption:
        'it names only some principals, not "*", so every other caller is spared',
    };
  }
  if (!denyNamesEveryone(statement.principal)) {
    return {
      holds: false,
      exemption:
        'it names {"AWS": "*"}, which AWS does not promise covers AWS service principals; write "Principal": "*"',
    };
  }
  return { holds: true };
};

/** Proves (or not) that the policy denies every request its condition test accepts. */
export function proveDenyCoverage(
  policy: Policy,
  scope: BucketScope,
  test: ConditionTest,
  principalTest: PrincipalTest = everyoneTest,
): DenyCoverage {
  const variables = usesPolicyVariables(policy);
  const denying: Array<{
    label: string;
    actions: Set<string>;
    bucket: boolean;
    objects: boolean;
  }> = [];
  const exemptions: DenyCoverage['exemptions'] = [];
  policy.statements.forEach((statement, index) => {
    if (statement.effect !== 'Deny') return;
    const label = statementLabel(statement, index);
    const conditions = statement.conditions ?? [];
    if (conditions.some(neverHolds)) return;
    const failures = conditions.flatMap(condition => {
      const outcome = test(condition);
      return outcome.holds ? [] : [outcome.exemption];
    });
    if (failures.length === conditions.length && conditions.length > 0) {
      // Not about this kind of request at all (e.g. a Deny on another key only).
      const aboutThisKind = conditions.some(condition => test(condition).holds);
      if (!aboutThisKind) return;
    }
    const principal = principalTest(statement);
    if (!principal.holds) {
      exemptions.push({ statement: label, exemption: principal.exemption });
      return;
    }
    if (failures.length > 0) {
      exemptions.push({ statement: label, exemption: failures.join('; ') });
      return;
    }
    const reach = resourceReach(statement, scope, 'surely', variables);
    denying.push({
      label,
      actions: actionsOf(statement),
      bucket: reach.bucket,
      objects: reach.objects,
    });
  });
  const uncoveredOnBucket: string[] = [];
  const uncoveredOnObjects: string[] = [];
  for (const info of s3ActionCatalog()) {
    const denies = denying.filter(deny => deny.actions.has(info.action));
    if (
      info.resourceKinds.includes('bucket') &&
      !denies.some(deny => deny.bucket)
    ) {
      uncoveredOnBucket.push(info.action);
    }
    if (
      info.resourceKinds.includes('object') &&
      !denies.some(deny => deny.objects)
    ) {
      uncoveredOnObjects.push(info.action);
    }
  }
  const used = denying.filter(
    deny => deny.actions.size > 0 && (deny.bucket || deny.objects),
  );
  return {
    covered: uncoveredOnBucket.length === 0 && uncoveredOnObjects.length === 0,
    denyingStatements: used.map(deny => deny.label),
    exemptions,
    uncoveredOnBucket,
    uncoveredOnObjects,
  };
}
