/**
 * Who in the account can reach the bucket through their IAM identity policies, shared by
 * the access checks (`iam-least-privilege`, `iam-keys-rotated`, `iam-unused-credentials`)
 * and the house check `dedicated-iam-user`: each principal's policies parsed once per
 * account snapshot, whether some S3 request on the bucket is allowed (simulated, not
 * string-matched), and whether the bucket policy denies the principal outright.
 */
import {
  Collected,
  IamAuthorization,
  IamPrincipal,
  PostureInput,
} from '@s3-posture/plugin-s3-node';
import {
  Policy,
  PolicyStatement,
  actionsOf,
  conditionTestFor,
  coversPrincipal,
  denyCoversGrant,
  evaluateConditionBlock,
  neverHolds,
  parsePolicy,
  proveDenyCoverage,
  reachedActions,
  resourceReach,
  statementLabel,
  usesPolicyVariables,
} from '../policy';
import { EvaluationSettings, Verdict } from '../types';
import { undecided } from '../verdicts';
import { loadPolicy, scopeOf } from './bucketPolicy';

interface NamedPolicy {
  name: string;
  policy: Policy;
}

/** A user, group or role with every identity policy that applies to it, parsed. */
export interface PrincipalPolicies {
  principal: IamPrincipal;
  policies: NamedPolicy[];
  /** Policies that could not be parsed, with the reason. */
  unparsable: Array<{ name: string; error: string }>;
}

/**
 * Parsed policies of each principal of an account's authorization details: parsed once per
 * account and refresh, not once per bucket (every bucket of the account shares the snapshot).
 */
const parsedPolicies = new WeakMap<
  IamAuthorization,
  Map<IamPrincipal, PrincipalPolicies>
>();

/** A user's own policies and those of its groups; a group's or role's own. */
export function policiesOf(
  principal: IamPrincipal,
  authorization: IamAuthorization,
): PrincipalPolicies {
  let byPrincipal = parsedPolicies.get(authorization);
  if (!byPrincipal) {
    byPrincipal = new Map();
    parsedPolicies.set(authorization, byPrincipal);
  }
  let parsed = byPrincipal.get(principal);
  if (!parsed) {
    parsed = parsePrincipalPolicies(principal, authorization);
    byPrincipal.set(principal, parsed);
  }
  return parsed;
}

function parsePrincipalPolicies(
  principal: IamPrincipal,
  authorization: IamAuthorization,
): PrincipalPolicies {
  const attached = [...principal.policies];
  if (principal.type === 'user') {
    for (const groupName of principal.groups ?? []) {
      const group = authorization.groups.find(
        candidate => candidate.name === groupName,
      );
      group?.policies.forEach(policy =>
        attached.push({
          ...policy,
          name: `${policy.name} (group ${groupName})`,
        }),
      );
    }
  }
  const result: PrincipalPolicies = { principal, policies: [], unparsable: [] };
  for (const { name, document } of attached) {
    const parsed = parsePolicy(document);
    if (parsed.ok) result.policies.push({ name, policy: parsed.policy });
    else result.unparsable.push({ name, error: parsed.error });
  }
  return result;
}

/** IAM data that was not read: the check cannot be decided. */
export function cannotRead(
  setting: string,
  collected: Exclude<Collected<unknown>, { status: 'ok' }>,
): Verdict {
  return undecided(
    setting,
    collected.status === 'error'
      ? collected
      : { code: collected.code, message: '' },
  );
}

export function describePrincipal(principal: IamPrincipal): string {
  return `${principal.type} ${principal.name}`;
}

export function unparsableNote(principals: PrincipalPolicies[]): string {
  const first = principals.find(entry => entry.unparsable.length > 0);
  if (!first) return '';
  const { name, error } = first.unparsable[0];
  return `policy ${name} of ${describePrincipal(first.principal)} could not be evaluated: ${error}`;
}

// ------------------------------------------------------------ who can reach the bucket

export type Reach = 'yes' | 'no' | 'unknown';

export interface PrincipalReach extends PrincipalPolicies {
  reach: Reach;
  /** The statements that let it reach the bucket or its objects. */
  statements: string[];
}

/**
 * Whether the principal's identity policies let it do anything on the bucket or its
 * objects, decided for every action and object key at once (policy/statementReach.ts).
 * "Can reach" means under some circumstances: a condition on a fact of the principal
 * (its ARN, account, type, name) or of the time is judged; every other condition is
 * taken as one the caller can meet. An identity-policy Deny takes reach back only where
 * it surely applies (every condition true on those facts) and covers the action on
 * whatever the Allow reaches. Then the bucket policy's own Deny is proven or not.
 */
export function reachOf(
  entry: PrincipalPolicies,
  input: PostureInput,
  settings: EvaluationSettings,
): PrincipalReach {
  const { accountId } = input.bucket;
  const scope = scopeOf(input);
  const fallback: Reach = entry.unparsable.length > 0 ? 'unknown' : 'no';
  const facts = {
    'aws:PrincipalArn': entry.principal.arn,
    'aws:PrincipalAccount': accountId,
    'aws:PrincipalType':
      entry.principal.type === 'role' ? 'AssumedRole' : 'User',
    ...(entry.principal.type === 'user'
      ? { 'aws:username': entry.principal.name }
      : {}),
    'aws:ResourceAccount': accountId,
    's3:ResourceAccount': accountId,
    'aws:CurrentTime': settings.now.toISOString(),
    'aws:EpochTime': String(Math.floor(settings.now.getTime() / 1000)),
  };
  const applies = (statement: PolicyStatement, variables: boolean) =>
    !(statement.conditions ?? []).some(neverHolds) &&
    evaluateConditionBlock(
      statement.conditions,
      facts,
      // Allows: what is not a fact is the caller's to meet; Denies: it may be avoided.
      { callerControlsKey: () => true, assume: statement.effect === 'Allow' },
      variables,
    ).met;
  const denies = entry.policies.flatMap(({ policy }) => {
    const variables = usesPolicyVariables(policy);
    return policy.statements.flatMap(statement =>
      statement.effect === 'Deny' && applies(statement, variables)
        ? [
            {
              actions: actionsOf(statement),
              reach: resourceReach(statement, scope, 'surely', variables),
            },
          ]
        : [],
    );
  });
  const statements = entry.policies.flatMap(({ policy }) => {
    const variables = usesPolicyVariables(policy);
    return policy.statements.flatMap((statement, index) => {
      if (statement.effect !== 'Allow' || !applies(statement, variables)) {
        return [];
      }
      const { actions, reach } = reachedActions(
        statement,
        scope,
        'may',
        variables,
      );
      const left = actions.some(
        info => !denies.some(deny => denyCoversGrant(deny, info, reach)),
      );
      return left ? [statementLabel(statement, index)] : [];
    });
  });
  if (statements.length === 0) {
    return { ...entry, reach: fallback, statements: [] };
  }
  const denied = deniedByBucketPolicy(entry.principal, input);
  if (denied === 'yes') return { ...entry, reach: 'no', statements: [] };
  return {
    ...entry,
    reach: denied === 'unknown' ? 'unknown' : 'yes',
    statements,
  };
}

const reachCache = new WeakMap<
  IamAuthorization,
  Map<string, PrincipalReach[]>
>();

/**
 * Why the bucket policy could not be judged, for a reason a person can act on: the AWS error
 * when it could not be read, the parse error when it is not a policy.
 */
export function bucketPolicyProblem(input: PostureInput): string {
  const collected = input.bucket.policy;
  if (collected.status === 'error') {
    return `the bucket policy could not be read: ${collected.code}${collected.message ? ` (${collected.message})` : ''}`;
  }
  const parsed =
    collected.status === 'ok'
      ? parsePolicy(collected.value, { requirePrincipal: true })
      : undefined;
  return parsed && !parsed.ok
    ? `the bucket policy could not be parsed: ${parsed.error}`
    : 'the bucket policy could not be judged';
}

/**
 * Whether the bucket policy explicitly denies this principal every S3 request on the
 * bucket and all its objects, whatever else the request carries (network, headers): e.g.
 * a "payments service only" Deny on `aws:PrincipalArn`. Proven like the TLS Deny
 * (policy/denyCoverage.ts): a Deny that names everyone or this principal, covers every
 * action and object, and whose conditions are all true for this principal — facts of who
 * it is (its ARN, account, type), nothing the request could vary. Such a principal cannot
 * reach the bucket, whatever its identity policies say. `unknown` when the bucket policy
 * could not be read or judged.
 */
export function deniedByBucketPolicy(
  principal: IamPrincipal,
  input: PostureInput,
): 'yes' | 'no' | 'unknown' {
  const loaded = loadPolicy(input.bucket.policy);
  if (loaded.state === 'none') return 'no';
  if (loaded.state !== 'parsed') return 'unknown';
  const { accountId } = input.bucket;
  const caller = {
    type: 'account' as const,
    accountId,
    arn: principal.arn,
  };
  const facts = conditionTestFor(
    {
      'aws:PrincipalArn': { values: [principal.arn] },
      'aws:PrincipalAccount': { values: [accountId] },
      'aws:PrincipalType': {
        values: [principal.type === 'role' ? 'AssumedRole' : 'User'],
      },
    },
    usesPolicyVariables(loaded.policy),
  );
  const coverage = proveDenyCoverage(
    loaded.policy,
    scopeOf(input),
    facts,
    statement =>
      coversPrincipal(statement, caller)
        ? { holds: true }
        : { holds: false, exemption: 'it does not name this principal' },
  );
  return coverage.covered ? 'yes' : 'no';
}

/** Users and roles whose identity policies allow some S3 action on the bucket or its objects. */
export function principalsReachingBucket(
  authorization: IamAuthorization,
  input: PostureInput,
  settings: EvaluationSettings,
): PrincipalReach[] {
  const cacheKey = `${input.bucket.partition}:${input.bucket.bucket}:${input.bucket.accountId}:${settings.now.getTime()}`;
  const cached = reachCache.get(authorization)?.get(cacheKey);
  if (cached) return cached;
  const reaches = [...authorization.users, ...authorization.roles]
    .map(principal =>
      reachOf(policiesOf(principal, authorization), input, settings),
    )
    .filter(entry => entry.reach !== 'no');
  const byBucket =
    reachCache.get(authorization) ?? new Map<string, PrincipalReach[]>();
  byBucket.set(cacheKey, reaches);
  reachCache.set(authorization, byBucket);
  return reaches;
}

/**
 * The users and roles whose identity policies allow some S3 action on the bucket or its
 * objects ('unknown' when one of their policies could not be parsed).
 */
export function principalsThatReachBucket(
  authorization: IamAuthorization,
  input: PostureInput,
  settings: EvaluationSettings,
): Array<{
  type: IamPrincipal['type'];
  name: string;
  reach: Reach;
  statements: string[];
}> {
  return principalsReachingBucket(authorization, input, settings).map(
    entry => ({
      type: entry.principal.type,
      name: entry.principal.name,
      reach: entry.reach,
      statements: entry.statements,
    }),
  );
}
