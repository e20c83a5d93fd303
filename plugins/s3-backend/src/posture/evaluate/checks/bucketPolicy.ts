/**
 * What the bucket-policy checks share: the policy as loaded (none, parsed, unreadable,
 * malformed), Block Public Access as S3 applies it (bucket OR account flag), the ACL's
 * state, and how these read in reasons and evidence.
 */
import {
  AclGrantee,
  AclPermission,
  BucketAcl,
  Collected,
  PostureInput,
  PublicAccessBlock,
} from '@s3-posture/plugin-s3-node';
import { BucketScope, Policy, parsePolicy } from '../policy';
import { Verdict } from '../types';
import { undecided } from '../verdicts';
import {
  ACCOUNT_PUBLIC_ACCESS_BLOCK,
  BUCKET_PUBLIC_ACCESS_BLOCK,
  POLICY,
} from './settingNames';

/** A call that failed, with the setting it read. */
export interface Failure {
  setting: string;
  code: string;
  message: string;
}

export type LoadedPolicy =
  | { state: 'none' }
  | { state: 'parsed'; policy: Policy }
  | { state: 'unreadable'; failure: Failure }
  | { state: 'unparsable'; error: string };

const parsedPolicies = new WeakMap<object, LoadedPolicy>();

/** The bucket policy, parsed once per snapshot (every policy check reads it). */
export function loadPolicy(collected: Collected<string>): LoadedPolicy {
  const cached = parsedPolicies.get(collected);
  if (cached) return cached;
  let loaded: LoadedPolicy;
  if (collected.status === 'absent') loaded = { state: 'none' };
  else if (collected.status === 'error') {
    loaded = {
      state: 'unreadable',
      failure: { setting: POLICY, ...collected },
    };
  } else {
    const parsed = parsePolicy(collected.value, { requirePrincipal: true });
    loaded = parsed.ok
      ? { state: 'parsed', policy: parsed.policy }
      : { state: 'unparsable', error: parsed.error };
  }
  parsedPolicies.set(collected, loaded);
  return loaded;
}

/** The `error` verdict for a policy that could not be read or judged. */
export function policyUndecided(
  loaded: Extract<LoadedPolicy, { state: 'unreadable' | 'unparsable' }>,
  evidence: Record<string, unknown>,
): Verdict {
  if (loaded.state === 'unreadable')
    return undecided(POLICY, loaded.failure, evidence);
  return {
    status: 'error',
    reason: `The bucket policy could not be evaluated: ${loaded.error}.`,
    evidence: { ...evidence, policyError: loaded.error },
  };
}

/** How a Collected value reads in evidence. */
export function collectedState(collected: Collected<unknown>): string {
  if (collected.status === 'absent') return 'not configured';
  if (collected.status === 'error') return `unreadable (${collected.code})`;
  return 'read';
}

export function scopeOf(input: PostureInput): BucketScope {
  return {
    partition: input.bucket.partition,
    bucket: input.bucket.bucket,
    bucketAccountId: input.bucket.accountId,
  };
}

export function listWithMore(values: string[], limit = 3): string {
  const shown = values.slice(0, limit).join(', ');
  return values.length > limit
    ? `${shown} and ${values.length - limit} more`
    : shown;
}

// ------------------------------------------------------------ Block Public Access

export interface EffectiveFlag {
  /** True when on at either level; false when known off at both; undefined if unknown. */
  effective: boolean | undefined;
  bucket: boolean | string;
  account: boolean | string;
}

function flagAt(
  collected: Collected<PublicAccessBlock>,
  flag: keyof PublicAccessBlock,
) {
  if (collected.status === 'ok') return collected.value[flag] === true;
  return collected.status === 'absent' ? false : undefined;
}

/** A Block Public Access flag as S3 applies it: on if on for the bucket or the account. */
export function effectiveFlag(
  input: PostureInput,
  flag: keyof PublicAccessBlock,
): EffectiveFlag {
  const atBucket = flagAt(input.bucket.publicAccessBlock, flag);
  const atAccount = flagAt(input.account.publicAccessBlock, flag);
  let effective: boolean | undefined;
  if (atBucket === true || atAccount === true) effective = true;
  else if (atBucket === false && atAccount === false) effective = false;
  const describe = (
    value: boolean | undefined,
    collected: Collected<PublicAccessBlock>,
  ) => (value === undefined ? collectedState(collected) : value);
  return {
    effective,
    bucket: describe(atBucket, input.bucket.publicAccessBlock),
    account: describe(atAccount, input.account.publicAccessBlock),
  };
}

/** The Block Public Access read that failed, if one did. */
export function publicAccessBlockFailure(
  input: PostureInput,
): Failure | undefined {
  const { bucket, account } = input;
  if (bucket.publicAccessBlock.status === 'error') {
    return { setting: BUCKET_PUBLIC_ACCESS_BLOCK, ...bucket.publicAccessBlock };
  }
  if (account.publicAccessBlock.status === 'error') {
    return {
      setting: ACCOUNT_PUBLIC_ACCESS_BLOCK,
      ...account.publicAccessBlock,
    };
  }
  return undefined;
}

// ------------------------------------------------------------ ACLs

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS =
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/** The ACL groups S3 calls public ("The meaning of public": any permission to them). */
export const PUBLIC_GROUPS: Record<string, string> = {
  [ALL_USERS]: 'AllUsers (Everyone)',
  [AUTHENTICATED_USERS]: 'AuthenticatedUsers (any AWS account)',
};

export function publicGroupOf(grantee: AclGrantee): string | undefined {
  return grantee.type === 'Group' ? PUBLIC_GROUPS[grantee.uri] : undefined;
}

export interface AclGrantFinding {
  grantee: string;
  permission: AclPermission;
}

export function publicGrants(
  acl: BucketAcl,
  permissions: AclPermission[],
): AclGrantFinding[] {
  return acl.grants.flatMap(grant => {
    const group = publicGroupOf(grant.grantee);
    return group && permissions.includes(grant.permission)
      ? [{ grantee: group, permission: grant.permission }]
      : [];
  });
}

export function aclsDisabled(input: PostureInput): boolean {
  const ownership = input.bucket.ownershipControls;
  return (
    ownership.status === 'ok' &&
    ownership.value.objectOwnership === 'BucketOwnerEnforced'
  );
}

export function objectOwnershipEvidence(input: PostureInput): string {
  const ownership = input.bucket.ownershipControls;
  return ownership.status === 'ok'
    ? ownership.value.objectOwnership
    : collectedState(ownership);
}

// ------------------------------------------------------------ channels

/** What one way in (the policy, the ACL) says about a check. */
export type ChannelState =
  | { state: 'exposed'; description: string }
  | { state: 'closed'; note?: string }
  | {
      state: 'unknown';
      verdict: (evidence: Record<string, unknown>) => Verdict;
    };

export function unknownBecause(failure: Failure | undefined): ChannelState {
  return {
    state: 'unknown',
    verdict: evidence =>
      undecided(
        failure?.setting ?? 'a setting this check needs',
        failure ?? { code: 'Unknown', message: '' },
        evidence,
      ),
  };
}

/**
 * Combines the channels: any exposure fails, else any unknown decides (error), else
 * the check passes with the notes of the closed channels.
 */
export function combineChannels(
  channels: ChannelState[],
  evidence: Record<string, unknown>,
  verdicts: {
    fail: (exposures: string[]) => Verdict;
    pass: (notes: string[]) => Verdict;
  },
): Verdict {
  const exposed = channels.flatMap(channel =>
    channel.state === 'exposed' ? [channel.description] : [],
  );
  if (exposed.length > 0) return verdicts.fail(exposed);
  const unknown = channels.find(channel => channel.state === 'unknown');
  if (unknown?.state === 'unknown') return unknown.verdict(evidence);
  return verdicts.pass(
    channels.flatMap(channel =>
      channel.state === 'closed' && channel.note ? [channel.note] : [],
    ),
  );
}
