/**
 * A small IAM policy evaluator for bucket policies and identity policies: it answers
 * "would this request be allowed?" the way AWS evaluates policies, not by matching
 * text. See DESIGN.md §4 for why the project has its own.
 */
export type {
  Decision,
  EvaluationOptions,
  EvaluationResult,
  Policy,
  PolicyStatement,
  PrincipalSpec,
  RequestContext,
  RequestPrincipal,
} from './types';
export { parsePolicy, statementLabel } from './parsePolicy';
export type { ParsePolicyResult } from './parsePolicy';
export {
  evaluateIdentityPolicies,
  evaluateResourcePolicy,
  statementsForPrincipal,
} from './evaluate';
export {
  matchesAction,
  matchesArn,
  matchesResource,
  hasWildcard,
} from './matching';
export {
  byImportance,
  s3Actions,
  s3ActionCatalog,
  s3BucketPolicyActions,
} from './s3Actions';
export type { AccessLevel, S3ActionInfo, S3ResourceKind } from './s3Actions';
export { isCallerControlledKey } from './callerControlledKeys';
export {
  accountOfAwsPrincipal,
  isAccountPrincipal,
  isEveryone,
  matchesPrincipal,
} from './principals';
export { parseOperator } from './conditions';
export { parseCidr, cidrContains } from './ipAddress';
export type { Cidr } from './ipAddress';
export * from './probes';
export * from './simulate';
export * from './publicAccess';
