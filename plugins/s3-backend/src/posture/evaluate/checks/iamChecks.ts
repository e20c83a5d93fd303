/**
 * The checks that read the account's IAM principals: who can reach the bucket through
 * their identity policies, how broadly, and how fresh their access keys are.
 */
import {
  Collected,
  IamAuthorization,
  IamCredential,
  IamPrincipal,
  PostureInput,
} from '../../snapshot';
import {
  Policy,
  PolicyStatement,
  bucketArn,
  evaluateIdentityPolicies,
  evaluateResourcePolicy,
  hasWildcard,
  matchesAction,
  matchesResource,
  objectArn,
  objectKeyCandidates,
  parsePolicy,
  s3Actions,
  s3BucketPolicyActions,
  statementLabel,
  targetsFor,
} from '../policy';
import {
  CheckEvaluator,
  CheckEvaluators,
  EvaluationSettings,
  Verdict,
} from '../types';
import { fail, pass, undecided } from '../verdicts';

const AUTHORIZATION =
  "the account's IAM users, groups and roles (iam:GetAccountAuthorizationDetails)";
const CREDENTIALS = 'the IAM credential report (iam:GetCredentialReport)';

const MS_PER_DAY = 86_400_000;
const EXAMPLES = 5;

interface NamedPolicy {
  name: string;
  policy: Policy;
}

/** A user, group or role with every identity policy that applies to it, parsed. */
interface PrincipalPolicies {
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
function policiesOf(
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
function cannotRead(
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

function describePrincipal(principal: IamPrincipal): string {
  return `${principal.type} ${principal.name}`;
}

function unparsableNote(principals: PrincipalPolicies[]): string {
  const first = principals.find(entry => entry.unparsable.length > 0);
  if (!first) return '';
  const { name, error } = first.unparsable[0];
  return `policy ${name} of ${describePrincipal(first.principal)} could not be evaluated: ${error}`;
}

// ------------------------------------------------------------ who can reach the bucket

export type Reach = 'yes' | 'no' | 'unknown';

interface PrincipalReach extends PrincipalPolicies {
  reach: Reach;
  /** The statements that allowed the first S3 request found. */
  statements: string[];
}

/**
 * Whether an Allow statement could grant some S3 action on the bucket or its objects:
 * a cheap filter, so that principals with no such statement are not simulated.
 */
function mayAllowOnBucket(
  statement: PolicyStatement,
  partition: string,
  bucket: string,
): boolean {
  if (statement.effect !== 'Allow') return false;
  const mayBeS3 =
    statement.notAction !== undefined ||
    (statement.action ?? []).some(pattern =>
      matchesAction(pattern.split(':')[0], 's3'),
    );
  if (!mayBeS3) return false;
  if (statement.notResource) return true;
  const keys = objectKeyCandidates([{ statements: [statement] }], bucket);
  const arns = [
    bucketArn(partition, bucket),
    ...keys.map(key => objectArn(partition, bucket, key)),
  ];
  return (statement.resource ?? []).some(pattern =>
    arns.some(arn => matchesResource(pattern, arn)),
  );
}

function reachOf(
  entry: PrincipalPolicies,
  input: PostureInput,
  settings: EvaluationSettings,
): PrincipalReach {
  const { bucket: name, partition, accountId } = input.bucket;
  const policies = entry.policies.map(named => named.policy);
  const fallback: Reach = entry.unparsable.length > 0 ? 'unknown' : 'no';
  const mayReach = policies.some(policy =>
    policy.statements.some(statement =>
      mayAllowOnBucket(statement, partition, name),
    ),
  );
  if (!mayReach) {
    return { ...entry, reach: fallback, statements: [] };
  }
  const context = {
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
  const targets = targetsFor(
    s3BucketPolicyActions(),
    partition,
    name,
    objectKeyCandidates(policies, name),
  );
  for (const target of targets) {
    // "Can reach" means under some circumstances: every other condition is the caller's choice.
    const result = evaluateIdentityPolicies(
      policies,
      { ...target, context },
      { callerControlsKey: () => true },
    );
    if (result.decision === 'allow') {
      const denied = deniedByBucketPolicy(entry.principal, input);
      if (denied === 'yes') return { ...entry, reach: 'no', statements: [] };
      return {
        ...entry,
        reach: denied === 'unknown' ? 'unknown' : 'yes',
        statements: result.statements,
      };
    }
  }
  return { ...entry, reach: fallback, statements: [] };
}

const reachCache = new WeakMap<
  IamAuthorization,
  Map<string, PrincipalReach[]>
>();

/** Requests a principal of the bucket's account could make, for the bucket-policy Deny test. */
const DENY_PROBE_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:ListBucket',
];

/**
 * Why the bucket policy could not be judged, for a reason a person can act on: the AWS error
 * when it could not be read, the parse error when it is not a policy.
 */
function bucketPolicyProblem(input: PostureInput): string {
  const collected = input.bucket.policy;
  if (collected.status === 'error') {
    return `the bucket policy could not be read: ${collected.code}${collected.message ? ` (${collected.message})` : ''}`;
  }
  const parsed =
    collected.status === 'ok' ? parsePolicy(collected.value) : undefined;
  return parsed && !parsed.ok
    ? `the bucket policy could not be parsed: ${parsed.error}`
    : 'the bucket policy could not be judged';
}

/**
 * Whether the bucket policy explicitly denies this principal every S3 request, whatever
 * else the request carries (network, headers): e.g. a "payments service only" Deny on
 * `aws:PrincipalArn`. Such a principal cannot reach the bucket, whatever its identity
 * policies say. `unknown` when the bucket policy could not be read or judged.
 */
function deniedByBucketPolicy(
  principal: IamPrincipal,
  input: PostureInput,
): 'yes' | 'no' | 'unknown' {
  const collected = input.bucket.policy;
  if (collected.status === 'absent') return 'no';
  if (collected.status === 'error') return 'unknown';
  const parsed = parsePolicy(collected.value);
  if (!parsed.ok) return 'unknown';
  const { partition, bucket, accountId } = input.bucket;
  const context = {
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': accountId,
    'aws:PrincipalType': principal.type === 'role' ? 'AssumedRole' : 'User',
  };
  const denied = DENY_PROBE_ACTIONS.every(action => {
    const resource =
      action === 's3:ListBucket'
        ? bucketArn(partition, bucket)
        : objectArn(partition, bucket, 'any-object');
    return (
      evaluateResourcePolicy(
        parsed.policy,
        {
          principal: { type: 'account', accountId, arn: principal.arn },
          action,
          resource,
          context,
        },
        // Everything but who the caller is may be chosen to get around the Deny.
        { callerControlsKey: () => true },
      ).decision === 'explicit-deny'
    );
  });
  return denied ? 'yes' : 'no';
}

/** Users and roles whose identity policies allow some S3 action on the bucket or its objects. */
function principalsReachingBucket(
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

// ------------------------------------------------------------ iam-least-privilege

/** Whether an Allow statement grants every S3 action (`s3:*`, `*`, or a NotAction sparing S3). */
function grantsAllS3(statement: PolicyStatement): boolean {
  if (statement.action) {
    return statement.action.some(pattern => matchesAction(pattern, 's3:*'));
  }
  const spared = statement.notAction ?? [];
  return !s3Actions().some(action =>
    spared.some(pattern => matchesAction(pattern, action)),
  );
}

/** Whether a Resource pattern reaches past this bucket: `*`, `arn:aws:s3:::*`, `arn:aws:s3:::orders-*`. */
function isBroaderThanBucket(pattern: string): boolean {
  if (pattern === '*') return true;
  const segments = pattern.split(':');
  if (segments.length < 6) return hasWildcard(pattern);
  const bucketPart = segments.slice(5).join(':').split('/')[0];
  return hasWildcard(bucketPart);
}

/** Whether the statement reaches this bucket through a wildcard resource. */
function reachesThroughWildcard(
  statement: PolicyStatement,
  input: PostureInput,
): boolean {
  const { partition, bucket } = input.bucket;
  const arns = [
    bucketArn(partition, bucket),
    objectArn(partition, bucket, 'any-object'),
  ];
  if (statement.notResource) {
    const spared = statement.notResource;
    return arns.some(
      arn => !spared.some(pattern => matchesResource(pattern, arn)),
    );
  }
  return (statement.resource ?? []).some(
    pattern =>
      isBroaderThanBucket(pattern) &&
      arns.some(arn => matchesResource(pattern, arn)),
  );
}

interface WildcardGrant {
  principal: string;
  policy: string;
  statements: string[];
}

/** Whether the bucket policy denies a principal outright; a group, when it denies every member. */
function grantDenied(
  principal: IamPrincipal,
  authorization: IamAuthorization,
  input: PostureInput,
): 'yes' | 'no' | 'unknown' {
  if (principal.type !== 'group') return deniedByBucketPolicy(principal, input);
  const members = authorization.users.filter(u =>
    u.groups?.includes(principal.name),
  );
  if (members.length === 0) return 'no';
  const answers = members.map(member => deniedByBucketPolicy(member, input));
  if (answers.every(a => a === 'yes')) return 'yes';
  return answers.includes('no') ? 'no' : 'unknown';
}

const iamLeastPrivilege: CheckEvaluator = input => {
  const { authorization } = input.account;
  if (authorization.status !== 'ok')
    return cannotRead(AUTHORIZATION, authorization);
  const entries = [
    ...authorization.value.users,
    ...authorization.value.groups,
    ...authorization.value.roles,
  ].map(principal => {
    // Groups are judged once on their own; users here only by their own policies.
    const own: IamPrincipal = { ...principal, groups: [] };
    return policiesOf(own, authorization.value);
  });
  const grants: WildcardGrant[] = [];
  const blocked: WildcardGrant[] = [];
  const uncertain: WildcardGrant[] = [];
  for (const entry of entries) {
    for (const { name, policy } of entry.policies) {
      const statements = policy.statements.flatMap((statement, index) =>
        statement.effect === 'Allow' &&
        grantsAllS3(statement) &&
        reachesThroughWildcard(statement, input)
          ? [statementLabel(statement, index)]
          : [],
      );
      if (statements.length === 0) continue;
      const grant = {
        principal: describePrincipal(entry.principal),
        policy: name,
        statements,
      };
      // A grant the bucket policy denies outright does not reach this bucket.
      const denied = grantDenied(entry.principal, authorization.value, input);
      if (denied === 'yes') blocked.push(grant);
      else if (denied === 'unknown') uncertain.push(grant);
      else grants.push(grant);
    }
  }
  const unparsable = entries.filter(entry => entry.unparsable.length > 0);
  const evidence: Record<string, unknown> = {
    wildcardGrants: grants,
    principalsExamined: entries.length,
    ...(blocked.length > 0 ? { deniedByBucketPolicy: blocked } : {}),
  };
  if (unparsable.length > 0) {
    evidence.unparsablePolicies = unparsable.flatMap(entry =>
      entry.unparsable.map(
        item => `${describePrincipal(entry.principal)}: ${item.name}`,
      ),
    );
  }
  if (grants.length > 0) {
    const first = grants[0];
    return fail(
      `${grants.length} IAM ${grants.length === 1 ? 'policy allows' : 'policies allow'} s3:* or * on this bucket through a wildcard Resource, e.g. ${first.principal} via ${first.policy} (statement ${first.statements.join(', ')}); scope them to the actions and bucket ARNs needed.`,
      evidence,
    );
  }
  if (uncertain.length > 0) {
    return {
      status: 'error',
      reason: `${uncertain[0].principal} has s3:* or * through a wildcard Resource, and ${bucketPolicyProblem(input)}; that policy could block it.`,
      evidence: { ...evidence, uncertainGrants: uncertain },
    };
  }
  if (unparsable.length > 0) {
    return {
      status: 'error',
      reason: `Could not judge every IAM policy: ${unparsableNote(unparsable)}.`,
      evidence,
    };
  }
  return pass(
    `No IAM user, group or role is allowed s3:* or * on this bucket through a wildcard Resource (${entries.length} examined${blocked.length > 0 ? `; ${blocked.length} wildcard grant${blocked.length === 1 ? ' is' : 's are'} denied by the bucket policy` : ''}).`,
    evidence,
  );
};

// ------------------------------------------------------------ access keys

interface KeyFinding {
  user: string;
  key: number;
  lastRotated?: string;
  lastUsed?: string;
  days: number;
}

function daysBetween(from: string, to: Date): number | undefined {
  const time = Date.parse(from);
  if (Number.isNaN(time)) return undefined;
  return Math.floor((to.getTime() - time) / MS_PER_DAY);
}

interface KeyCheckSpec {
  /** Days after which a key is a finding (from the settings). */
  limit: (settings: EvaluationSettings) => number;
  /** The key's age for this check, in days; undefined when it cannot be told. */
  age: (
    key: IamCredential['accessKeys'][number],
    now: Date,
  ) => number | undefined;
  /** The finding, in words, for the reason. */
  describe: (finding: KeyFinding) => string;
  failReason: (count: number, limit: number, examples: string) => string;
  passReason: (keys: number, users: number, limit: number) => string;
}

function judgeAccessKeys(spec: KeyCheckSpec): CheckEvaluator {
  return (input, settings) => {
    const { authorization, credentials } = input.account;
    if (authorization.status !== 'ok')
      return cannotRead(AUTHORIZATION, authorization);
    if (credentials.status !== 'ok')
      return cannotRead(CREDENTIALS, credentials);
    const limit = spec.limit(settings);
    const users = principalsReachingBucket(
      authorization.value,
      input,
      settings,
    ).filter(entry => entry.principal.type === 'user');
    const findings: KeyFinding[] = [];
    const unknown: string[] = [];
    let keysExamined = 0;
    for (const entry of users) {
      const row = credentials.value.find(
        candidate => candidate.user === entry.principal.name,
      );
      const userFindings: KeyFinding[] = [];
      if (!row) {
        unknown.push(
          `the credential report has no row for user ${entry.principal.name} (it may predate the user)`,
        );
      }
      for (const [index, key] of (row?.accessKeys ?? []).entries()) {
        if (!key.active) continue;
        keysExamined += 1;
        const days = spec.age(key, settings.now);
        if (days === undefined) {
          unknown.push(
            `access key ${index + 1} of user ${entry.principal.name} has no usable date`,
          );
        } else if (days > limit) {
          userFindings.push({
            user: entry.principal.name,
            key: index + 1,
            lastRotated: key.lastRotated,
            lastUsed: key.lastUsed,
            days,
          });
        }
      }
      if (entry.reach === 'yes') findings.push(...userFindings);
      else if (userFindings.length > 0) {
        unknown.push(
          // Unknown reach comes from its own unparsable policies or from the bucket policy.
          `whether user ${entry.principal.name} can reach the bucket: ${unparsableNote([entry]) || bucketPolicyProblem(input)}`,
        );
      }
    }
    const evidence: Record<string, unknown> = {
      limitDays: limit,
      usersReachingBucket: users
        .filter(entry => entry.reach === 'yes')
        .map(entry => entry.principal.name),
      findings,
    };
    if (findings.length > 0) {
      return fail(
        spec.failReason(
          findings.length,
          limit,
          findings.slice(0, EXAMPLES).map(spec.describe).join(', '),
        ),
        evidence,
      );
    }
    if (unknown.length > 0) {
      return {
        status: 'error',
        reason: `Could not decide: ${unknown[0]}.`,
        evidence: { ...evidence, undecided: unknown },
      };
    }
    if (users.length === 0) {
      return pass(
        'No IAM user can reach this bucket through its identity policies, so no access key needs checking.',
        evidence,
      );
    }
    return pass(spec.passReason(keysExamined, users.length, limit), evidence);
  };
}

const iamKeysRotated = judgeAccessKeys({
  limit: settings => settings.accessKeyMaxAgeDays,
  age: (key, now) =>
    key.lastRotated ? daysBetween(key.lastRotated, now) : undefined,
  describe: finding =>
    `user ${finding.user} key ${finding.key} (${finding.days} days old)`,
  failReason: (count, limit, examples) =>
    `${count} active access ${count === 1 ? 'key' : 'keys'} of users that can reach this bucket ${count === 1 ? 'is' : 'are'} older than ${limit} days: ${examples}; rotate them.`,
  passReason: (keys, users, limit) =>
    `All ${keys} active access keys of the ${users} IAM users that can reach this bucket are at most ${limit} days old.`,
});

const iamUnusedCredentials = judgeAccessKeys({
  limit: settings => settings.unusedCredentialDays,
  // A key that was never used counts from its creation.
  age: (key, now) => {
    const since = key.lastUsed ?? key.lastRotated;
    return since ? daysBetween(since, now) : undefined;
  },
  describe: finding =>
    `user ${finding.user} key ${finding.key} (${finding.lastUsed ? `last used ${finding.days} days ago` : `never used in ${finding.days} days`})`,
  failReason: (count, limit, examples) =>
    `${count} active access ${count === 1 ? 'key' : 'keys'} of users that can reach this bucket ${count === 1 ? 'has' : 'have'} not been used for over ${limit} days: ${examples}; deactivate ${count === 1 ? 'it' : 'them'}.`,
  passReason: (keys, users, limit) =>
    `All ${keys} active access keys of the ${users} IAM users that can reach this bucket were used within ${limit} days.`,
});

// ------------------------------------------------------------ dedicated-iam-user

const dedicatedIamUser: CheckEvaluator = (input, settings) => {
  const { authorization, credentials } = input.account;
  const { bucket, partition } = input.bucket;
  if (authorization.status !== 'ok')
    return cannotRead(AUTHORIZATION, authorization);
  const user = authorization.value.users.find(
    candidate => candidate.name === bucket,
  );
  if (!user) {
    return fail(
      `No IAM user named "${bucket}" exists; create one with programmatic access only and an inline policy scoped to this bucket.`,
      { expectedUserName: bucket },
    );
  }
  if (credentials.status !== 'ok') return cannotRead(CREDENTIALS, credentials);
  const row = credentials.value.find(candidate => candidate.user === user.name);
  const entry = reachOf(policiesOf(user, authorization.value), input, settings);
  const inside = [
    bucketArn(partition, bucket),
    `${bucketArn(partition, bucket)}/`,
  ];
  const isInsideBucket = (pattern: string) =>
    pattern === inside[0] || pattern.startsWith(inside[1]);
  const outside = entry.policies.flatMap(({ name, policy }) =>
    policy.statements.flatMap((statement, index) => {
      if (statement.effect !== 'Allow') return [];
      const beyond = statement.notResource
        ? ['NotResource (everything else)']
        : (statement.resource ?? []).filter(
            pattern => !isInsideBucket(pattern),
          );
      return beyond.length > 0
        ? [
            {
              policy: name,
              statement: statementLabel(statement, index),
              resources: beyond,
            },
          ]
        : [];
    }),
  );
  const evidence: Record<string, unknown> = {
    user: user.name,
    passwordEnabled: row?.passwordEnabled ?? 'not in the credential report',
    policies: entry.policies.map(named => named.name),
    reachesBucket: entry.reach,
    statementsBeyondBucket: outside,
  };
  const problems: string[] = [];
  if (row?.passwordEnabled)
    problems.push('it has a console password (remove its login profile)');
  if (outside.length > 0) {
    const first = outside[0];
    problems.push(
      `its policies reach beyond this bucket (${first.policy}, statement ${first.statement}: ${first.resources.slice(0, 3).join(', ')})`,
    );
  }
  if (entry.reach === 'no')
    problems.push('no policy of it grants access to this bucket');
  if (problems.length > 0) {
    return fail(
      `IAM user ${user.name} exists, but ${problems.join('; and ')}.`,
      evidence,
    );
  }
  if (!row) {
    return {
      status: 'error',
      reason: `The credential report has no row for IAM user ${user.name} (it may predate the user), so its console access cannot be told.`,
      evidence,
    };
  }
  if (entry.unparsable.length > 0) {
    return {
      status: 'error',
      reason: `Could not judge every policy of IAM user ${user.name}: ${unparsableNote([entry])}.`,
      evidence: {
        ...evidence,
        unparsablePolicies: entry.unparsable.map(item => item.name),
      },
    };
  }
  return pass(
    `IAM user ${user.name} exists, has programmatic access only, and its policies reach this bucket and nothing else.`,
    evidence,
  );
};

export const iamCheckEvaluators: CheckEvaluators = {
  'iam-least-privilege': iamLeastPrivilege,
  'iam-keys-rotated': iamKeysRotated,
  'iam-unused-credentials': iamUnusedCredentials,
  'dedicated-iam-user': dedicatedIamUser,
};

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
