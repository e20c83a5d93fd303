/**
 * The data model of the policy evaluator: policies as parsed, the request being asked
 * about, and the answer. Plain data, no behaviour.
 */

/** Who a statement names, normalised: every value is a list of strings. */
export type PrincipalSpec =
  | '*'
  | {
      AWS?: string[];
      Service?: string[];
      Federated?: string[];
      CanonicalUser?: string[];
    };

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

/** A condition operator taken apart: `ForAllValues:StringLikeIfExists`. */
export interface ParsedOperator {
  /** The canonical full name, e.g. `ForAllValues:StringLikeIfExists`. */
  name: string;
  /** The base operator, e.g. `StringLike`. */
  base: string;
  setQualifier?: SetQualifier;
  ifExists: boolean;
}

/**
 * One key of one operator of a Condition block. Kept as a list rather than an object
 * keyed by the key's name, so that a key called `__proto__` is a key like any other.
 */
export interface PolicyCondition {
  operator: ParsedOperator;
  /** The key as written (keys are matched case-insensitively). */
  key: string;
  values: string[];
}

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** Every operator and key of the Condition block; all of them must hold. */
  conditions?: PolicyCondition[];
}

export interface Policy {
  /**
   * The policy language version. Policy variables (`${aws:username}`) are substituted only
   * in `2012-10-17`; in `2008-10-17` (the default when absent) they are plain text.
   */
  version?: string;
  statements: PolicyStatement[];
}

/** The caller of a simulated request. */
export type RequestPrincipal =
  | { type: 'anonymous' }
  | { type: 'account'; accountId: string; arn?: string; orgId?: string }
  | { type: 'service'; service: string };
