/**
 * Policy evaluation as AWS describes it for a single policy type: a matching explicit
 * Deny wins, else a matching Allow allows, else the request is implicitly denied.
 */
import { evaluateConditionBlock } from './conditions';
import { matchesAction, matchesResource } from './matching';
import { statementLabel } from './parsePolicy';
import { matchesPrincipal } from './principals';
import {
  EvaluationOptions,
  EvaluationResult,
  Policy,
  PolicyStatement,
  RequestContext,
} from './types';

type Request = Omit<RequestContext, 'principal'> &
  Partial<Pick<RequestContext, 'principal'>>;

interface StatementMatch {
  applies: boolean;
  assumedKeys: string[];
}

const NO_MATCH: StatementMatch = { applies: false, assumedKeys: [] };

function coversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.action) {
    return statement.action.some(pattern => matchesAction(pattern, action));
  }
  return !(statement.notAction ?? []).some(pattern =>
    matchesAction(pattern, action),
  );
}

function coversResource(statement: PolicyStatement, resource: string): boolean {
  if (statement.resource) {
    return statement.resource.some(pattern =>
      matchesResource(pattern, resource),
    );
  }
  if (statement.notResource) {
    return !statement.notResource.some(pattern =>
      matchesResource(pattern, resource),
    );
  }
  return false;
}

/** Principal check of a resource policy: a statement that names no one applies to no one. */
export function coversPrincipal(
  statement: PolicyStatement,
  principal: RequestContext['principal'],
): boolean {
  if (statement.principal)
    return matchesPrincipal(statement.principal, principal);
  if (statement.notPrincipal)
    return !matchesPrincipal(statement.notPrincipal, principal);
  return false;
}

function matchStatement(
  statement: PolicyStatement,
  request: Request,
  options: EvaluationOptions,
): StatementMatch {
  if (request.principal && !coversPrincipal(statement, request.principal)) {
    return NO_MATCH;
  }
  if (!coversAction(statement, request.action)) return NO_MATCH;
  if (!coversResource(statement, request.resource)) return NO_MATCH;
  const outcome = evaluateConditionBlock(
    statement.condition,
    request.context,
    options.callerControlsKey && {
      callerControlsKey: options.callerControlsKey,
      // The caller picks values that get it through Allows and around Denies.
      assume: statement.effect === 'Allow',
    },
  );
  return outcome.met
    ? { applies: true, assumedKeys: outcome.assumedKeys }
    : NO_MATCH;
}

function decide(
  labelled: Array<{ statement: PolicyStatement; label: string }>,
  request: Request,
  options: EvaluationOptions,
): EvaluationResult {
  const allows: string[] = [];
  const denies: string[] = [];
  const allowKeys = new Set<string>();
  for (const { statement, label } of labelled) {
    const match = matchStatement(statement, request, options);
    if (!match.applies) continue;
    if (statement.effect === 'Deny') {
      denies.push(label);
    } else {
      allows.push(label);
      match.assumedKeys.forEach(key => allowKeys.add(key));
    }
  }
  const withAssumptions = (result: EvaluationResult, keys: string[]) =>
    options.callerControlsKey ? { ...result, assumedKeys: keys } : result;
  if (denies.length > 0) {
    return withAssumptions(
      { decision: 'explicit-deny', statements: denies },
      [],
    );
  }
  if (allows.length > 0) {
    return withAssumptions({ decision: 'allow', statements: allows }, [
      ...allowKeys,
    ]);
  }
  return withAssumptions({ decision: 'implicit-deny', statements: [] }, []);
}

/**
 * Judges a request against a resource-based policy such as a bucket policy. Only
 * statements whose Principal (or NotPrincipal) covers the caller take part.
 */
export function evaluateResourcePolicy(
  policy: Policy,
  request: RequestContext,
  options: EvaluationOptions = {},
): EvaluationResult {
  const labelled = policy.statements.map((statement, index) => ({
    statement,
    label: statementLabel(statement, index),
  }));
  return decide(labelled, request, options);
}

/**
 * Judges a request against the identity-based policies of one principal (inline and
 * managed, its groups' too) taken together; Principal elements play no part.
 */
export function evaluateIdentityPolicies(
  policies: Policy[],
  request: Omit<RequestContext, 'principal'>,
  options: EvaluationOptions = {},
): EvaluationResult {
  const labelled = policies.flatMap(policy =>
    policy.statements.map((statement, index) => ({
      statement,
      label: statementLabel(statement, index),
    })),
  );
  return decide(labelled, { ...request, principal: undefined }, options);
}

/**
 * The statements of a resource policy that apply to a caller at all, each keeping the
 * name it has in the whole policy. Judging many requests of one caller against this
 * smaller policy gives the same answers, faster.
 */
export function statementsForPrincipal(
  policy: Policy,
  principal: RequestContext['principal'],
): Policy {
  return {
    statements: policy.statements.flatMap((statement, index) =>
      coversPrincipal(statement, principal)
        ? [{ ...statement, sid: statementLabel(statement, index) }]
        : [],
    ),
  };
}
