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

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** Operator (canonical spelling, e.g. `ForAnyValue:StringLikeIfExists`) -> key -> values. */
  condition?: Record<string, Record<string, string[]>>;
}

export interface Policy {
  statements: PolicyStatement[];
}

/** The caller of a simulated request. */
export type RequestPrincipal =
  | { type: 'anonymous' }
  | { type: 'account'; accountId: string; arn?: string; orgId?: string }
  | { type: 'service'; service: string };

export interface RequestContext {
  principal: RequestPrincipal;
  /** E.g. `s3:GetObject`. */
  action: string;
  /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/some-object`. */
  resource: string;
  /** The condition keys present in the request, with their values. */
  context: Record<string, string | string[]>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

export interface EvaluationResult {
  decision: Decision;
  /** The Sid, or `#<index>` when there is none, of each statement that decided. */
  statements: string[];
  /**
   * Condition keys missing from the request whose conditions were assumed to be met
   * by the deciding statements, because the caller controls them
   * (see {@link EvaluationOptions.callerControlsKey}). Set only when that option is given.
   */
  assumedKeys?: string[];
}

export interface EvaluationOptions {
  /**
   * Marks condition keys the caller can set to any value it likes (request headers,
   * prefixes, ...). A condition on such a key that is missing from the request is taken
   * as met in Allow statements and as not met in Deny statements, so the answer becomes
   * "could a request like this one, with headers of the caller's choosing, get in?".
   * Without it, a missing key is simply missing, as in AWS.
   */
  callerControlsKey?: (key: string) => boolean;
}
