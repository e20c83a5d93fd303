/**
 * Proofs about bucket and identity policies, for every request at once: is it public
 * (publicAccess.ts), which other accounts does it reach (crossAccount.ts), does a Deny
 * cover every request of a kind (denyCoverage.ts). See DESIGN.md §4 for why the project
 * has its own.
 */
export type {
  ParsedOperator,
  Policy,
  PolicyCondition,
  PolicyStatement,
  PrincipalSpec,
  RequestPrincipal,
} from './types';
export { parsePolicy, statementLabel } from './parsePolicy';
export type { ParsePolicyResult } from './parsePolicy';
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
export {
  accountOfAwsPrincipal,
  coversPrincipal,
  isAccountPrincipal,
  isEveryone,
  matchesPrincipal,
} from './principals';
export { evaluateConditionBlock, parseOperator } from './conditions';
export { parseCidr, cidrContains } from './ipAddress';
export type { Cidr } from './ipAddress';
export { usesPolicyVariables } from './variables';
export {
  actionsOf,
  denyCoversGrant,
  reachedActions,
  resourceReach,
} from './statementReach';
export type { BucketScope, ResourceReach } from './statementReach';
export {
  escapeOf,
  isNarrowIpBlock,
  neverHolds,
  restrictionOf,
} from './restrictions';
export type { Restriction } from './restrictions';
export { findPublicAccess } from './publicAccess';
export type { LimitedGrant, PublicAccess, PublicGrant } from './publicAccess';
export { findCrossAccountAccess } from './crossAccount';
export type { CrossAccountAccess, OutsideGrant, Trust } from './crossAccount';
export { conditionTestFor, proveDenyCoverage } from './denyCoverage';
export type { ConditionTest, DenyCoverage, RequestKind } from './denyCoverage';
export * from './targets';
