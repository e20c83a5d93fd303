/**
 * The checks that read the bucket policy and the ACL. Every policy question is answered
 * by simulating requests through the policy evaluator ("would an anonymous GetObject
 * over HTTPS be allowed?"), never by looking for text in the JSON.
 */
import {
  AclPermission,
  BucketAcl,
  Collected,
  PostureInput,
  PublicAccessBlock,
} from '../../snapshot';
import {
  Caller,
  DEFAULT_PUBLIC_IPV4,
  Policy,
  ProbeEnvironment,
  S3ActionInfo,
  SimulatedRequest,
  Target,
  UNRELATED_ORG_ID,
  UNRELATED_VPC,
  UNRELATED_VPCE,
  accountCaller,
  accountOfAwsPrincipal,
  accountsNamedIn,
  anonymousCaller,
  byImportance,
  bucketArn,
  conditionValues,
  distinct,
  everyPair,
  findPublicAccess,
  fromInternet,
  hasWildcard,
  isCallerControlledKey,
  isEveryone,
  objectArn,
  objectKeyCandidates,
  parseOperator,
  parsePolicy,
  probes,
  s3ActionCatalog,
  s3BucketPolicyActions,
  simulateRequests,
  statementsForPrincipal,
  sourceIpCandidates,
  targetsFor,
  throughVpcEndpoint,
  unrelatedAccountId,
} from '../policy';
import {
  CheckEvaluator,
  CheckEvaluators,
  EvaluationSettings,
  Verdict,
} from '../types';
import { fail, pass, undecided } from '../verdicts';

const POLICY = 'the bucket policy (s3:GetBucketPolicy)';
const ACL = 'the bucket ACL (s3:GetBucketAcl)';
const BUCKET_PUBLIC_ACCESS_BLOCK =
  "the bucket's Block Public Access settings (s3:GetBucketPublicAccessBlock)";
const ACCOUNT_PUBLIC_ACCESS_BLOCK =
  "the account's Block Public Access settings (s3:GetAccountPublicAccessBlock)";

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS =
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const PUBLIC_GROUPS: Record<string, string> = {
  [ALL_USERS]: 'AllUsers (Everyone)',
  [AUTHENTICATED_USERS]: 'AuthenticatedUsers (any AWS account)',
};

/** The requests the TLS, signature-age and network checks try. */
const SAMPLE_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:DeleteObject',
  's3:PutBucketPolicy',
  's3:GetBucketAcl',
];
const SAMPLE_OBJECT_KEY = 'x';

/** Actions that change who may access the bucket or how its data is encrypted. */
const EXTRA_SENSITIVE_ACTIONS = [
  's3:PutEncryptionConfiguration',
  's3:PutBucketOwnershipControls',
  's3:DeleteBucketPolicy',
];

/** Most examples a reason or evidence list shows. */
const EXAMPLES = 5;

interface Failure {
  setting: string;
  code: string;
  message: string;
}

type LoadedPolicy =
  | { state: 'none' }
  | { state: 'parsed'; policy: Policy }
  | { state: 'unreadable'; failure: Failure }
  | { state: 'unparsable'; error: string };

function loadPolicy(collected: Collected<string>): LoadedPolicy {
  if (collected.status === 'absent') return { state: 'none' };
  if (collected.status === 'error') {
    return { state: 'unreadable', failure: { setting: POLICY, ...collected } };
  }
  const parsed = parsePolicy(collected.value);
  return parsed.ok
    ? { state: 'parsed', policy: parsed.policy }
    : { state: 'unparsable', error: parsed.error };
}

/** The `error` verdict for a policy that could not be read or judged. */
function policyUndecided(
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
function collectedState(collected: Collected<unknown>): string {
  if (collected.status === 'absent') return 'not configured';
  if (collected.status === 'error') return `unreadable (${collected.code})`;
  return 'read';
}

function environmentOf(
  input: PostureInput,
  settings: EvaluationSettings,
): ProbeEnvironment {
  return {
    partition: input.bucket.partition,
    bucketAccountId: input.bucket.accountId,
    now: settings.now,
  };
}

function listWithMore(values: string[], limit = 3): string {
  const shown = values.slice(0, limit).join(', ');
  return values.length > limit
    ? `${shown} and ${values.length - limit} more`
    : shown;
}

// ------------------------------------------------------------ Block Public Access

interface EffectiveFlag {
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
function effectiveFlag(
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

function publicAccessBlockFailure(input: PostureInput): Failure | undefined {
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

interface AclGrantFinding {
  grantee: string;
  permission: AclPermission;
}

function aclsDisabled(input: PostureInput): boolean {
  const ownership = input.bucket.ownershipControls;
  return (
    ownership.status === 'ok' &&
    ownership.value.objectOwnership === 'BucketOwnerEnforced'
  );
}

function objectOwnershipEvidence(input: PostureInput): string {
  const ownership = input.bucket.ownershipControls;
  return ownership.status === 'ok'
    ? ownership.value.objectOwnership
    : collectedState(ownership);
}

function publicGrants(
  acl: BucketAcl,
  permissions: AclPermission[],
): AclGrantFinding[] {
  return acl.grants.flatMap(grant =>
    grant.grantee.type === 'Group' &&
    PUBLIC_GROUPS[grant.grantee.uri] &&
    permissions.includes(grant.permission)
      ? [
          {
            grantee: PUBLIC_GROUPS[grant.grantee.uri],
            permission: grant.permission,
          },
        ]
      : [],
  );
}

// ------------------------------------------------------------ public read / write

type ChannelState =
  | { state: 'exposed'; description: string }
  | { state: 'closed'; note?: string }
  | {
      state: 'unknown';
      verdict: (evidence: Record<string, unknown>) => Verdict;
    };

interface ExposureSpec {
  verb: 'read' | 'write to';
  noun: 'read' | 'write';
  actions: () => S3ActionInfo[];
  aclPermissions: AclPermission[];
}

function unknownBecause(failure: Failure | undefined): ChannelState {
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

function judgePolicyExposure(
  input: PostureInput,
  settings: EvaluationSettings,
  spec: ExposureSpec,
  evidence: Record<string, unknown>,
): ChannelState {
  const restrict = effectiveFlag(input, 'restrictPublicBuckets');
  const loaded = loadPolicy(input.bucket.policy);
  evidence.bucketPolicy = {
    none: 'none',
    parsed: 'present',
    unreadable: 'unreadable',
    unparsable: 'unparsable',
  }[loaded.state];
  if (loaded.state === 'none') return { state: 'closed' };
  if (loaded.state !== 'parsed') {
    if (restrict.effective === true) {
      return {
        state: 'closed',
        note: 'the bucket policy could not be judged, but RestrictPublicBuckets would neutralise it if it were public',
      };
    }
    return {
      state: 'unknown',
      verdict: extra => policyUndecided(loaded, extra),
    };
  }
  const environment = environmentOf(input, settings);
  const access = findPublicAccess(loaded.policy, {
    bucket: input.bucket.bucket,
    actions: spec.actions(),
    environment,
  });
  addPolicyStatusEvidence(
    input,
    settings,
    loaded.policy,
    access.allowed.length > 0,
    evidence,
  );
  if (access.allowed.length === 0) return { state: 'closed' };
  evidence.allowingStatements = access.allowingStatements;
  evidence.publicActions = access.actions.slice(0, 10);
  evidence.publicActionCount = access.actions.length;
  evidence.publicCallers = access.callers;
  if (access.callerChosenKeys.length > 0) {
    // Not a restriction: the caller just sends the value the policy asks for.
    evidence.conditionKeysTheCallerChooses = access.callerChosenKeys;
  }
  if (restrict.effective === true) {
    return {
      state: 'closed',
      note: `the bucket policy would be public (statement ${access.allowingStatements.join(', ')}), but RestrictPublicBuckets neutralises it`,
    };
  }
  if (restrict.effective === undefined)
    return unknownBecause(publicAccessBlockFailure(input));
  return {
    state: 'exposed',
    description: `the bucket policy allows ${listWithMore(access.actions)} to ${access.callers.join(' and ')} (statement ${access.allowingStatements.join(', ')})`,
  };
}

/**
 * AWS's own verdict (GetBucketPolicyStatus) next to ours. When AWS calls the policy
 * public and our simulation finds no public access at all, say so rather than hide it.
 */
function addPolicyStatusEvidence(
  input: PostureInput,
  settings: EvaluationSettings,
  policy: Policy,
  foundPublicAccess: boolean,
  evidence: Record<string, unknown>,
): void {
  const status = input.bucket.policyStatus;
  evidence.awsPolicyStatus =
    status.status === 'ok'
      ? { isPublic: status.value.isPublic }
      : collectedState(status);
  if (status.status !== 'ok' || !status.value.isPublic || foundPublicAccess)
    return;
  const anyAccess = findPublicAccess(policy, {
    bucket: input.bucket.bucket,
    actions: s3BucketPolicyActions(),
    environment: environmentOf(input, settings),
  });
  if (anyAccess.allowed.length === 0) {
    evidence.awsPolicyStatusDisagrees = true;
  } else {
    evidence.policyPublicForOtherActions = anyAccess.actions.slice(0, EXAMPLES);
  }
}

function judgeAclExposure(
  input: PostureInput,
  spec: ExposureSpec,
  evidence: Record<string, unknown>,
): ChannelState {
  const ignore = effectiveFlag(input, 'ignorePublicAcls');
  evidence.objectOwnership = objectOwnershipEvidence(input);
  if (aclsDisabled(input)) {
    return {
      state: 'closed',
      note: 'ACLs are disabled: Object Ownership is BucketOwnerEnforced',
    };
  }
  // Without ownership controls the ACL we read is the one S3 applies, so an unreadable
  // ownership setting does not stop the judgement.
  const acl = input.bucket.acl;
  if (acl.status === 'error') {
    if (ignore.effective === true) return { state: 'closed' };
    return unknownBecause({ setting: ACL, ...acl });
  }
  if (acl.status === 'absent') return { state: 'closed' };
  const grants = publicGrants(acl.value, spec.aclPermissions);
  evidence.publicGrants = grants;
  if (grants.length === 0) return { state: 'closed' };
  if (ignore.effective === true) {
    return {
      state: 'closed',
      note: 'the ACL has public grants, but IgnorePublicAcls neutralises them',
    };
  }
  if (ignore.effective === undefined)
    return unknownBecause(publicAccessBlockFailure(input));
  const described = grants.map(
    grant => `${grant.permission} to ${grant.grantee}`,
  );
  return {
    state: 'exposed',
    description: `the ACL grants ${described.join(', ')}`,
  };
}

function judgePublicExposure(spec: ExposureSpec): CheckEvaluator {
  return (input, settings) => {
    const evidence: Record<string, unknown> = {
      effectiveBlockPublicAccess: {
        restrictPublicBuckets: effectiveFlag(input, 'restrictPublicBuckets'),
        ignorePublicAcls: effectiveFlag(input, 'ignorePublicAcls'),
      },
    };
    const channels = [
      judgePolicyExposure(input, settings, spec, evidence),
      judgeAclExposure(input, spec, evidence),
    ];
    const exposed = channels.flatMap(channel =>
      channel.state === 'exposed' ? [channel.description] : [],
    );
    if (exposed.length > 0) {
      return fail(
        `Anyone can ${spec.verb} this bucket: ${exposed.join('; and ')}.`,
        evidence,
      );
    }
    const unknown = channels.find(channel => channel.state === 'unknown');
    if (unknown?.state === 'unknown') return unknown.verdict(evidence);
    const notes = channels.flatMap(channel =>
      channel.state === 'closed' && channel.note ? [channel.note] : [],
    );
    if (evidence.awsPolicyStatusDisagrees) {
      notes.push(
        "AWS's policy status nevertheless reports the policy as public, so review it by hand",
      );
    }
    return pass(
      `Neither the bucket policy nor the ACL grants public ${spec.noun} access${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`,
      evidence,
    );
  };
}

// ------------------------------------------------------------ cross-account

/** The other accounts a policy's Allow statements name, with the ARNs they name. */
function otherAccountsAllowed(policy: Policy): {
  named: Map<string, Set<string | undefined>>;
  everyone: boolean;
} {
  const named = new Map<string, Set<string | undefined>>();
  let everyone = false;
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow') continue;
    if (
      statement.notPrincipal ||
      (statement.principal && isEveryone(statement.principal))
    ) {
      everyone = true;
    }
    const spec = statement.principal;
    if (!spec || spec === '*') continue;
    for (const value of spec.AWS ?? []) {
      const account = accountOfAwsPrincipal(value);
      if (!account) continue;
      const arns = named.get(account) ?? new Set<string | undefined>();
      // A whole-account grant is simulated with a role of that account.
      arns.add(
        /:root$/.test(value) || /^\d{12}$/.test(value) ? undefined : value,
      );
      named.set(account, arns);
    }
  }
  return { named, everyone };
}

function sensitiveActions(): S3ActionInfo[] {
  return s3ActionCatalog().filter(
    info =>
      info.resourceKinds.length > 0 &&
      (info.accessLevels.includes('Permissions management') ||
        EXTRA_SENSITIVE_ACTIONS.includes(info.action)),
  );
}

interface AccountFinding {
  account: string;
  statements: string[];
  actions: string[];
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
  const environment = environmentOf(input, settings);
  const trusted = new Set([
    input.bucket.accountId,
    ...settings.trustedAccounts,
  ]);
  const trustedOrgs = new Set(settings.trustedOrganizations);
  const { named, everyone } = otherAccountsAllowed(policy);
  const stranger = unrelatedAccountId([...accountsNamedIn(policy), ...trusted]);
  const accounts = new Map(
    [...named].filter(([account]) => !trusted.has(account)),
  );
  if (everyone) accounts.set(stranger, new Set([undefined]));
  if (accounts.size === 0) return { state: 'closed' };

  const origins = [
    ...sourceIpCandidates(policy).map(fromInternet),
    throughVpcEndpoint(UNRELATED_VPCE, UNRELATED_VPC),
  ];
  const actions = sensitiveActions();
  const allowedFor = (account: string, arns: Set<string | undefined>) => {
    const label =
      account === stranger ? 'any other AWS account' : `account ${account}`;
    const callersIn = (orgId?: string) =>
      [...arns].map(arn =>
        accountCaller({
          label,
          accountId: account,
          partition: environment.partition,
          arn,
          orgId,
        }),
      );
    // Only the statements that name this account matter, and the organizations they name.
    const relevant: Policy = {
      statements: callersIn().flatMap(
        caller => statementsForPrincipal(policy, caller.principal).statements,
      ),
    };
    if (!relevant.statements.some(statement => statement.effect === 'Allow')) {
      return [];
    }
    // The caller may belong to no organization, an unrelated one, or one the policy names.
    const orgIds = distinct([
      undefined,
      UNRELATED_ORG_ID,
      ...conditionValues(relevant, 'aws:PrincipalOrgID').filter(
        org => !hasWildcard(org) && !trustedOrgs.has(org),
      ),
    ]);
    const targets = targetsFor(
      actions,
      environment.partition,
      input.bucket.bucket,
      objectKeyCandidates([relevant], input.bucket.bucket),
    );
    // One organization is enough to show the access; stop at the first that gets in.
    for (const orgId of orgIds) {
      const allowed = simulateRequests(
        policy,
        probes(callersIn(orgId), origins, environment, {
          'aws:SecureTransport': 'true',
        }),
        targets,
        { callerControlsKey: isCallerControlledKey },
      ).filter(request => request.result.decision === 'allow');
      if (allowed.length > 0) return allowed;
    }
    return [];
  };
  const findings: AccountFinding[] = [];
  for (const [account, arns] of accounts) {
    const allowed = allowedFor(account, arns);
    if (allowed.length > 0) {
      findings.push({
        account: account === stranger ? 'any' : account,
        statements: distinct(
          allowed.flatMap(request => request.result.statements),
        ),
        actions: byImportance(distinct(allowed.map(request => request.action))),
      });
    }
  }
  if (findings.length === 0) return { state: 'closed' };
  evidence.untrustedAccounts = findings.map(finding => ({
    ...finding,
    actions: finding.actions.slice(0, 10),
  }));

  // RestrictPublicBuckets cuts off all cross-account access to a bucket whose policy is public.
  const restrict = effectiveFlag(input, 'restrictPublicBuckets').effective;
  if (restrict !== false) {
    const isPublic =
      findPublicAccess(policy, {
        bucket: input.bucket.bucket,
        actions: s3BucketPolicyActions(),
        environment,
      }).allowed.length > 0;
    if (isPublic && restrict === true) {
      return {
        state: 'closed',
        note: 'the policy allows other accounts, but it is public and RestrictPublicBuckets blocks all cross-account access to it',
      };
    }
    if (isPublic) return unknownBecause(publicAccessBlockFailure(input));
  }
  const described = findings.map(
    finding =>
      `${finding.account === 'any' ? 'any other AWS account' : `account ${finding.account}`} may ${listWithMore(finding.actions, 2)} (statement ${finding.statements.join(', ')})`,
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
    return PUBLIC_GROUPS[grantee.uri] && !ignorePublic
      ? [{ grantee: PUBLIC_GROUPS[grantee.uri], permission: grant.permission }]
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
  const exposed = channels.flatMap(channel =>
    channel.state === 'exposed' ? [channel.description] : [],
  );
  if (exposed.length > 0) {
    return fail(
      `Accounts outside the trusted list can change this bucket's permissions or encryption: ${exposed.join('; and ')}.`,
      evidence,
    );
  }
  const unknown = channels.find(channel => channel.state === 'unknown');
  if (unknown?.state === 'unknown') return unknown.verdict(evidence);
  const notes = channels.flatMap(channel =>
    channel.state === 'closed' && channel.note ? [channel.note] : [],
  );
  return pass(
    `No account other than the bucket's own and the trusted ones may change its policy, ACLs or encryption${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`,
    evidence,
  );
};

// ------------------------------------------------------------ explicit Deny checks

/** Callers every "deny all" statement must cover: outsiders and insiders alike. */
function everyKindOfCaller(input: PostureInput, policy: Policy): Caller[] {
  const own = input.bucket.accountId;
  const other = unrelatedAccountId([...accountsNamedIn(policy), own]);
  return [
    anonymousCaller(),
    accountCaller({
      label: 'a principal of another account',
      accountId: other,
      partition: input.bucket.partition,
    }),
    accountCaller({
      label: "a principal of the bucket's own account",
      accountId: own,
      partition: input.bucket.partition,
    }),
  ];
}

function sampleTargets(input: PostureInput): {
  targets: Target[];
  resources: string[];
} {
  const { partition, bucket } = input.bucket;
  const resources = [
    bucketArn(partition, bucket),
    objectArn(partition, bucket, SAMPLE_OBJECT_KEY),
  ];
  return { targets: everyPair(SAMPLE_ACTIONS, resources), resources };
}

interface DenyCoverage {
  denyingStatements: string[];
  uncovered: SimulatedRequest[];
}

function denyCoverage(
  policy: Policy,
  callers: Caller[],
  input: PostureInput,
  settings: EvaluationSettings,
  context: Record<string, string>,
): DenyCoverage {
  const results = simulateRequests(
    policy,
    probes(
      callers,
      [fromInternet(DEFAULT_PUBLIC_IPV4)],
      environmentOf(input, settings),
      context,
    ),
    sampleTargets(input).targets,
    // Conditions on headers the caller picks are ones it can step around.
    { callerControlsKey: isCallerControlledKey },
  );
  return {
    denyingStatements: distinct(
      results.flatMap(request =>
        request.result.decision === 'explicit-deny'
          ? request.result.statements
          : [],
      ),
    ),
    uncovered: results.filter(
      request => request.result.decision !== 'explicit-deny',
    ),
  };
}

function coverageEvidence(coverage: DenyCoverage): Record<string, unknown> {
  const { uncovered } = coverage;
  return {
    denyingStatements: coverage.denyingStatements,
    uncoveredResources: distinct(uncovered.map(request => request.resource)),
    uncoveredCallers: distinct(uncovered.map(request => request.caller)),
    uncoveredActions: distinct(uncovered.map(request => request.action)),
    uncoveredExamples: uncovered.slice(0, EXAMPLES).map(request => ({
      caller: request.caller,
      action: request.action,
      resource: request.resource,
      decision: request.result.decision,
    })),
  };
}

/** What a partial Deny leaves out, in words: the resources, callers and actions it misses. */
function describeGap(
  coverage: DenyCoverage,
  input: PostureInput,
  callerCount: number,
): string {
  const { uncovered } = coverage;
  const { resources } = sampleTargets(input);
  const resourcesLeft = distinct(uncovered.map(request => request.resource));
  const callersLeft = distinct(uncovered.map(request => request.caller));
  const actionsLeft = distinct(uncovered.map(request => request.action));
  const parts: string[] = [];
  if (resourcesLeft.length < resources.length) {
    const isBucket = resourcesLeft[0] === resources[0];
    parts.push(
      `${resourcesLeft[0]} (${isBucket ? 'the bucket itself' : 'its objects'})`,
    );
  }
  if (callersLeft.length < callerCount) parts.push(callersLeft.join(', '));
  if (actionsLeft.length < SAMPLE_ACTIONS.length)
    parts.push(listWithMore(actionsLeft));
  if (parts.length === 0) parts.push('any of the requests tried');
  return `it does not cover ${parts.join(', nor ')}`;
}

interface DenyCheckSpec {
  /** What the Deny must stop, in words. */
  what: string;
  /** The request facts that the Deny must catch. */
  context: (settings: EvaluationSettings) => Record<string, string>;
  callers: (input: PostureInput, policy: Policy) => Caller[];
  /** Extra evidence and wording about the bound the policy sets, if any. */
  describeBound?: (
    policy: Policy,
    settings: EvaluationSettings,
  ) => { evidence: Record<string, unknown>; gap?: string };
  remedy: string;
}

function judgeExplicitDeny(spec: DenyCheckSpec): CheckEvaluator {
  return (input, settings) => {
    const loaded = loadPolicy(input.bucket.policy);
    if (loaded.state === 'none') {
      return fail(
        `The bucket has no bucket policy, so nothing denies ${spec.what}; ${spec.remedy}.`,
        {
          bucketPolicy: 'none',
        },
      );
    }
    if (loaded.state !== 'parsed')
      return policyUndecided(loaded, { bucketPolicy: loaded.state });
    const { policy } = loaded;
    const callers = spec.callers(input, policy);
    const coverage = denyCoverage(
      policy,
      callers,
      input,
      settings,
      spec.context(settings),
    );
    const bound = spec.describeBound?.(policy, settings);
    const evidence = {
      bucketPolicy: 'present',
      ...bound?.evidence,
      ...coverageEvidence(coverage),
    };
    if (coverage.uncovered.length === 0) {
      return pass(
        `The bucket policy denies ${spec.what} to every caller, on the bucket and its objects (statement ${coverage.denyingStatements.join(', ')}).`,
        evidence,
      );
    }
    if (coverage.denyingStatements.length === 0) {
      return fail(
        `No statement of the bucket policy denies ${spec.what}${bound?.gap ? ` (${bound.gap})` : ''}; ${spec.remedy}.`,
        evidence,
      );
    }
    return fail(
      `The bucket policy denies ${spec.what} only in part: ${describeGap(coverage, input, callers.length)} (statement ${coverage.denyingStatements.join(', ')}).`,
      evidence,
    );
  };
}

/** The numeric bounds Deny statements put on a key with the given operators. */
function denyBounds(
  policy: Policy,
  key: string,
  operators: string[],
): number[] {
  const bounds: number[] = [];
  for (const statement of policy.statements) {
    if (statement.effect !== 'Deny') continue;
    for (const [operatorName, keys] of Object.entries(
      statement.condition ?? {},
    )) {
      const operator = parseOperator(operatorName);
      if (!operator || !operators.includes(operator.base)) continue;
      for (const [name, values] of Object.entries(keys)) {
        if (name.toLowerCase() !== key.toLowerCase()) continue;
        values.forEach(value => bounds.push(Number(value)));
      }
    }
  }
  return bounds.filter(Number.isFinite);
}

const MS_PER_MINUTE = 60_000;

const tlsOnly = judgeExplicitDeny({
  what: 'plain-HTTP requests (aws:SecureTransport false)',
  context: () => ({ 'aws:SecureTransport': 'false' }),
  callers: everyKindOfCaller,
  remedy:
    'add a Deny for all principals and s3:* on the bucket and bucket/* with Bool aws:SecureTransport false',
});

const tlsMinimumVersion = judgeExplicitDeny({
  what: 'requests over TLS older than 1.2',
  context: () => ({ 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.1' }),
  callers: everyKindOfCaller,
  describeBound: policy => {
    const bounds = denyBounds(policy, 's3:TlsVersion', ['NumericLessThan']);
    return {
      evidence: bounds.length > 0 ? { deniedBelowTlsVersion: bounds } : {},
    };
  },
  remedy:
    'add a Deny for all principals and s3:* on the bucket and bucket/* with NumericLessThan s3:TlsVersion 1.2',
});

const presignedUrlAgeLimited = judgeExplicitDeny({
  what: 'requests signed longer ago than the allowed pre-signed URL age',
  context: settings => ({
    'aws:SecureTransport': 'true',
    's3:authType': 'REST-QUERY-STRING',
    's3:signatureAge': String(
      (settings.presignedUrlMaxAgeMinutes + 1) * MS_PER_MINUTE,
    ),
  }),
  // Only signed requests have a signature age: anonymous callers cannot use pre-signed URLs.
  callers: (input, policy) => everyKindOfCaller(input, policy).slice(1),
  describeBound: (policy, settings) => {
    const bounds = denyBounds(policy, 's3:signatureAge', [
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
    ]);
    const evidence: Record<string, unknown> = {
      allowedMaxAgeMinutes: settings.presignedUrlMaxAgeMinutes,
    };
    if (bounds.length === 0) return { evidence };
    const boundMinutes = Math.min(...bounds) / MS_PER_MINUTE;
    evidence.policyMaxAgeMinutes = boundMinutes;
    return {
      evidence,
      gap:
        boundMinutes > settings.presignedUrlMaxAgeMinutes
          ? `its bound of ${boundMinutes} minutes is above the allowed ${settings.presignedUrlMaxAgeMinutes}`
          : undefined,
    };
  },
  remedy:
    'add a Deny for all principals and s3:* on the bucket and bucket/* with NumericGreaterThan s3:signatureAge (milliseconds)',
});

// ------------------------------------------------------------ private network

const privateNetworkOnly: CheckEvaluator = (input, settings) => {
  const loaded = loadPolicy(input.bucket.policy);
  if (loaded.state === 'none') {
    return fail(
      'The bucket has no bucket policy, so requests from any network are accepted; add a Deny for requests whose aws:SourceVpce is not your VPC endpoint.',
      { bucketPolicy: 'none' },
    );
  }
  if (loaded.state !== 'parsed')
    return policyUndecided(loaded, { bucketPolicy: loaded.state });
  const { policy } = loaded;
  const endpoints = conditionValues(policy, 'aws:SourceVpce').filter(
    value => !hasWildcard(value),
  );
  const vpcs = conditionValues(policy, 'aws:SourceVpc').filter(
    value => !hasWildcard(value),
  );
  const evidence: Record<string, unknown> = {
    bucketPolicy: 'present',
    vpcEndpoints: endpoints,
    vpcs,
  };
  if (endpoints.length === 0 && vpcs.length === 0) {
    return fail(
      'The bucket policy has no condition on aws:SourceVpce or aws:SourceVpc, so it does not restrict access to private networks.',
      evidence,
    );
  }
  const environment = environmentOf(input, settings);
  const insider = accountCaller({
    label: "a principal of the bucket's own account",
    accountId: input.bucket.accountId,
    partition: input.bucket.partition,
  });
  const { targets } = sampleTargets(input);
  const options = { callerControlsKey: isCallerControlledKey };
  const outside = simulateRequests(
    policy,
    probes([insider], [fromInternet(DEFAULT_PUBLIC_IPV4)], environment, {
      'aws:SecureTransport': 'true',
    }),
    targets,
    options,
  );
  const notDenied = outside.filter(
    request => request.result.decision !== 'explicit-deny',
  );
  evidence.denyingStatements = distinct(
    outside.flatMap(request =>
      request.result.decision === 'explicit-deny'
        ? request.result.statements
        : [],
    ),
  );
  if (notDenied.length > 0) {
    evidence.notDeniedFromInternet = distinct(
      notDenied.map(request => request.action),
    );
    return fail(
      `The bucket policy names VPC endpoints or VPCs but does not deny requests from outside them: ${listWithMore(distinct(notDenied.map(request => request.action)))} from the internet by a principal of the bucket's own account is not denied.`,
      evidence,
    );
  }
  const networks = [...endpoints, UNRELATED_VPCE].flatMap(vpce =>
    [...vpcs, UNRELATED_VPC].map(vpc => throughVpcEndpoint(vpce, vpc)),
  );
  const working = networks.find(network =>
    simulateRequests(
      policy,
      probes([insider], [network], environment, {
        'aws:SecureTransport': 'true',
      }),
      targets,
      options,
    ).some(request => request.result.decision !== 'explicit-deny'),
  );
  if (!working) {
    return fail(
      'The bucket policy denies every request, even through the VPC endpoints and VPCs it names; check the endpoint ids in its conditions.',
      evidence,
    );
  }
  evidence.acceptedThrough = working.label;
  return pass(
    `The bucket policy denies requests that do not come through ${[...endpoints, ...vpcs].join(', ')}.`,
    evidence,
  );
};

// ------------------------------------------------------------ the evaluators

export const policyCheckEvaluators: CheckEvaluators = {
  'no-public-read': judgePublicExposure({
    verb: 'read',
    noun: 'read',
    actions: () => s3BucketPolicyActions('Read', 'List'),
    aclPermissions: ['READ', 'FULL_CONTROL'],
  }),
  'no-public-write': judgePublicExposure({
    verb: 'write to',
    noun: 'write',
    actions: () => s3BucketPolicyActions('Write', 'Permissions management'),
    aclPermissions: ['WRITE', 'WRITE_ACP', 'FULL_CONTROL'],
  }),
  'no-cross-account-sensitive-actions': judgeCrossAccount,
  'tls-only': tlsOnly,
  'tls-minimum-version': tlsMinimumVersion,
  'presigned-url-age-limited': presignedUrlAgeLimited,
  'private-network-only': privateNetworkOnly,
};
