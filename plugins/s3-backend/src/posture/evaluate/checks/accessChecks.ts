/**
 * Access control & identity (DESIGN §5 category `access`): Block Public Access at both
 * levels, ACLs, public read and write (publicExposure.ts), other accounts' sensitive
 * permissions, and the account's IAM principals that reach the bucket (iamReach.ts):
 * wildcard grants and the age of their access keys (accessKeys.ts).
 */
import {
  ACCOUNT_LEVEL_SETTINGS_UNSUPPORTED,
  Collected,
  IamAuthorization,
  IamPrincipal,
  PostureInput,
  PublicAccessBlock,
} from '@s3-posture/plugin-s3-node';
import {
  PolicyStatement,
  S3ActionInfo,
  findCrossAccountAccess,
  findPublicAccess,
  hasWildcard,
  matchesAction,
  resourceReach,
  s3ActionCatalog,
  s3Actions,
  s3BucketPolicyActions,
  statementLabel,
} from '../policy';
import {
  CheckEvaluator,
  CheckEvaluators,
  EvaluationSettings,
  Verdict,
} from '../types';
import { fail, notApplicable, pass, undecided } from '../verdicts';
import { daysBetween, judgeAccessKeys } from './accessKeys';
import {
  ChannelState,
  aclsDisabled,
  combineChannels,
  effectiveFlag,
  listWithMore,
  loadPolicy,
  objectOwnershipEvidence,
  policyUndecided,
  publicAccessBlockFailure,
  publicGroupOf,
  scopeOf,
  unknownBecause,
} from './bucketPolicy';
import {
  bucketPolicyProblem,
  cannotRead,
  deniedByBucketPolicy,
  describePrincipal,
  policiesOf,
  unparsableNote,
} from './iamReach';
import { judgePublicExposure } from './publicExposure';
import {
  ACCOUNT_PUBLIC_ACCESS_BLOCK,
  ACL,
  AUTHORIZATION,
  BUCKET_PUBLIC_ACCESS_BLOCK,
  OWNERSHIP_CONTROLS,
} from './settingNames';

/** The four flags, with the names the console and the CLI use. */
const FLAG_NAMES: Array<[keyof PublicAccessBlock, string]> = [
  ['blockPublicAcls', 'BlockPublicAcls'],
  ['ignorePublicAcls', 'IgnorePublicAcls'],
  ['blockPublicPolicy', 'BlockPublicPolicy'],
  ['restrictPublicBuckets', 'RestrictPublicBuckets'],
];

/** Shared by the account and the bucket check: only the scope and the wording differ. */
function judgePublicAccessBlock(
  collected: Collected<PublicAccessBlock>,
  setting: string,
  scope: string,
  context: Record<string, unknown>,
): Verdict {
  if (collected.status === 'error') {
    return undecided(setting, collected, context);
  }
  if (collected.status === 'absent') {
    return fail(
      `${scope} has no Block Public Access configuration (${collected.code}), so all four settings are off.`,
      {
        ...context,
        publicAccessBlock: 'not configured',
        awsCode: collected.code,
      },
    );
  }
  const flags = collected.value;
  const off = FLAG_NAMES.filter(([key]) => flags[key] !== true).map(
    ([, name]) => name,
  );
  const evidence = {
    ...context,
    blockPublicAcls: flags.blockPublicAcls,
    ignorePublicAcls: flags.ignorePublicAcls,
    blockPublicPolicy: flags.blockPublicPolicy,
    restrictPublicBuckets: flags.restrictPublicBuckets,
    flagsOff: off,
  };
  if (off.length === 0) {
    return pass(
      `${scope} has all four Block Public Access settings on.`,
      evidence,
    );
  }
  return fail(
    `${scope} has Block Public Access partly off: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off.`,
    evidence,
  );
}

// ------------------------------------------------------------ no-cross-account-sensitive-actions

/*
 * `no-cross-account-sensitive-actions`: no account outside the bucket's own and the
 * trusted ones (`s3.posture.trustedAccounts`, `trustedOrganizations`) may change who can
 * access the bucket or how it is encrypted, through the bucket policy (however it reaches
 * the account: policy/crossAccount.ts) or through an ACL grant of WRITE_ACP or
 * FULL_CONTROL (Security Hub S3.6).
 */

/** Actions that change who may access the bucket or how its data is encrypted. */
const EXTRA_SENSITIVE_ACTIONS = [
  's3:PutEncryptionConfiguration',
  's3:PutBucketOwnershipControls',
  's3:DeleteBucketPolicy',
];

function sensitiveActions(): S3ActionInfo[] {
  return s3ActionCatalog().filter(
    info =>
      info.resourceKinds.length > 0 &&
      (info.accessLevels.includes('Permissions management') ||
        EXTRA_SENSITIVE_ACTIONS.includes(info.action)),
  );
}

function ownerCanonicalId(input: PostureInput): string | undefined {
  const acl = input.bucket.acl;
  return acl.status === 'ok' ? acl.value.ownerId : undefined;
}

function judgeCrossAccountPolicy(
  input: PostureInput,
  settings: EvaluationSettings,
  evidence: Record<string, unknown>,
): ChannelState {
  const loaded = loadPolicy(input.bucket.policy);
  if (loaded.state === 'none') return { state: 'closed' };
  if (loaded.state !== 'parsed') {
    return {
      state: 'unknown',
      verdict: extra => policyUndecided(loaded, extra),
    };
  }
  const { policy } = loaded;
  const scope = scopeOf(input);
  const access = findCrossAccountAccess(policy, scope, sensitiveActions(), {
    accounts: new Set(settings.trustedAccounts),
    organizations: new Set(settings.trustedOrganizations),
    ownerCanonicalId: ownerCanonicalId(input),
  });
  if (access.grants.length === 0) {
    if (access.undecided.length > 0) {
      return {
        state: 'unknown',
        verdict: extra => ({
          status: 'error',
          reason: `The bucket policy grants sensitive actions to canonical user ${listWithMore(access.undecided, 2)}, and the bucket owner's canonical id is unknown (the ACL could not be read), so it cannot be told whether that is another account.`,
          evidence: { ...extra, undecidedCanonicalUsers: access.undecided },
        }),
      };
    }
    return { state: 'closed' };
  }
  evidence.untrustedGrants = access.grants.map(grant => ({
    ...grant,
    actions: grant.actions.slice(0, 10),
  }));

  // RestrictPublicBuckets cuts off all cross-account access to a bucket whose policy is public.
  const restrict = effectiveFlag(input, 'restrictPublicBuckets').effective;
  if (restrict !== false) {
    const isPublic =
      findPublicAccess(policy, scope, s3BucketPolicyActions()).grants.length >
      0;
    if (isPublic && restrict === true) {
      return {
        state: 'closed',
        note: 'the policy allows other accounts, but it is public and RestrictPublicBuckets blocks all cross-account access to it',
      };
    }
    if (isPublic) return unknownBecause(publicAccessBlockFailure(input));
  }
  const described = access.grants.map(
    grant =>
      `${grant.grantees.join(', ')} may ${listWithMore(grant.actions, 2)} (statement ${grant.statement})`,
  );
  return {
    state: 'exposed',
    description: `the bucket policy says ${described.join('; ')}`,
  };
}

function judgeCrossAccountAcl(
  input: PostureInput,
  evidence: Record<string, unknown>,
): ChannelState {
  if (aclsDisabled(input)) return { state: 'closed' };
  const acl = input.bucket.acl;
  if (acl.status === 'error') return unknownBecause({ setting: ACL, ...acl });
  if (acl.status === 'absent') return { state: 'closed' };
  const ignorePublic =
    effectiveFlag(input, 'ignorePublicAcls').effective === true;
  const grants = acl.value.grants.flatMap(grant => {
    if (grant.permission !== 'WRITE_ACP' && grant.permission !== 'FULL_CONTROL')
      return [];
    const { grantee } = grant;
    if (grantee.type === 'CanonicalUser') {
      // Without the owner's id, a grant to a canonical user cannot be told apart from
      // the owner's own FULL_CONTROL; only grants to someone else are findings.
      return !acl.value.ownerId || grantee.id === acl.value.ownerId
        ? []
        : [
            {
              grantee: `canonical user ${grantee.id}`,
              permission: grant.permission,
            },
          ];
    }
    if (grantee.type === 'AmazonCustomerByEmail') {
      return [
        {
          grantee: `account of ${grantee.email}`,
          permission: grant.permission,
        },
      ];
    }
    const group = publicGroupOf(grantee);
    return group && !ignorePublic
      ? [{ grantee: group, permission: grant.permission }]
      : [];
  });
  if (grants.length === 0) return { state: 'closed' };
  evidence.aclGrants = grants;
  return {
    state: 'exposed',
    description: `the ACL grants ${grants.map(grant => `${grant.permission} to ${grant.grantee}`).join(', ')}`,
  };
}

const judgeCrossAccount: CheckEvaluator = (input, settings) => {
  const evidence: Record<string, unknown> = {
    bucketAccount: input.bucket.accountId,
    trustedAccounts: settings.trustedAccounts,
    trustedOrganizations: settings.trustedOrganizations,
    objectOwnership: objectOwnershipEvidence(input),
  };
  const channels = [
    judgeCrossAccountPolicy(input, settings, evidence),
    judgeCrossAccountAcl(input, evidence),
  ];
  return combineChannels(channels, evidence, {
    fail: exposed =>
      fail(
        `Accounts outside the trusted list can change this bucket's permissions or encryption: ${exposed.join('; and ')}.`,
        evidence,
      ),
    pass: notes =>
      pass(
        `No account other than the bucket's own and the trusted ones may change its policy, ACLs or encryption${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`,
        evidence,
      ),
  });
};

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

/**
 * Whether the statement reaches this bucket, or some of its objects, through a wildcard
 * resource: decided for every object key at once (policy/statementReach.ts), so a grant
 * on `orders-*\/private/*` is seen as well as one on `*`.
 */
function reachesThroughWildcard(
  statement: PolicyStatement,
  input: PostureInput,
): boolean {
  const scope = scopeOf(input);
  // Variables in an identity policy may stand for anything: "may reach" reads them so.
  const reaches = (part: PolicyStatement) => {
    const reach = resourceReach(part, scope, 'may', true);
    return reach.bucket || reach.objects;
  };
  if (statement.notResource) return reaches(statement);
  return (statement.resource ?? []).some(
    pattern =>
      isBroaderThanBucket(pattern) &&
      reaches({ ...statement, resource: [pattern] }),
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

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const accessCheckEvaluators = {
  'account-public-access-block': ({ account }) => {
    const collected = account.publicAccessBlock;
    // Recorded only for a configured s3.endpoint whose server has no S3 Control API.
    if (
      collected.status === 'absent' &&
      collected.code === ACCOUNT_LEVEL_SETTINGS_UNSUPPORTED
    ) {
      return notApplicable(
        'The configured S3 endpoint has no account-level Block Public Access (it does not implement the S3 Control API), so the bucket-level Block Public Access settings decide.',
        {
          accountId: account.accountId,
          publicAccessBlock: 'not supported by the endpoint',
          awsCode: collected.code,
        },
      );
    }
    return judgePublicAccessBlock(
      collected,
      ACCOUNT_PUBLIC_ACCESS_BLOCK,
      `Account ${account.accountId}`,
      { accountId: account.accountId },
    );
  },

  'bucket-public-access-block': ({ bucket }) =>
    judgePublicAccessBlock(
      bucket.publicAccessBlock,
      BUCKET_PUBLIC_ACCESS_BLOCK,
      'The bucket',
      {},
    ),

  'acls-disabled': ({ bucket }) => {
    const ownership = bucket.ownershipControls;
    if (ownership.status === 'error') {
      return undecided(OWNERSHIP_CONTROLS, ownership);
    }
    // Without ownership controls S3 behaves as ObjectWriter: ACLs are in force.
    if (ownership.status === 'absent') {
      return fail(
        `The bucket has no Object Ownership setting (${ownership.code}), so ACLs are enabled; set it to BucketOwnerEnforced.`,
        { objectOwnership: 'not configured', awsCode: ownership.code },
      );
    }
    const { objectOwnership } = ownership.value;
    if (objectOwnership === 'BucketOwnerEnforced') {
      return pass(
        'Object Ownership is BucketOwnerEnforced, so ACLs are disabled.',
        { objectOwnership },
      );
    }
    return fail(
      `Object Ownership is ${objectOwnership}, so ACLs are still enabled; set it to BucketOwnerEnforced.`,
      { objectOwnership },
    );
  },

  'no-public-read': judgePublicExposure({
    verb: 'read',
    noun: 'read',
    actions: () => s3BucketPolicyActions('Read', 'List'),
    // READ_ACP reads the ACL itself: any permission to the public groups is public.
    aclPermissions: ['READ', 'READ_ACP', 'FULL_CONTROL'],
  }),
  'no-public-write': judgePublicExposure({
    verb: 'write to',
    noun: 'write',
    actions: () =>
      s3BucketPolicyActions('Write', 'Permissions management', 'Tagging'),
    aclPermissions: ['WRITE', 'WRITE_ACP', 'FULL_CONTROL'],
  }),

  'no-cross-account-sensitive-actions': judgeCrossAccount,
  'iam-least-privilege': iamLeastPrivilege,
  'iam-keys-rotated': iamKeysRotated,
  'iam-unused-credentials': iamUnusedCredentials,
} satisfies CheckEvaluators;
