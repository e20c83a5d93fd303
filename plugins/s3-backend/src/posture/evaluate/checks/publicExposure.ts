/**
 * What `no-public-read` and `no-public-write` share: whether anyone at all may read or
 * write the bucket, through its policy or its ACL, after Block Public Access as S3
 * applies it. Each check supplies its actions and ACL permissions.
 * The policy is judged by S3's own definition of public (policy/publicAccess.ts);
 * an ACL grant of any permission to AllUsers or AuthenticatedUsers is public ("The
 * meaning of public", Amazon S3 User Guide).
 */
import { AclPermission, PostureInput } from '@s3-posture/plugin-s3-node';
import {
  PublicAccess,
  S3ActionInfo,
  findPublicAccess,
  s3BucketPolicyActions,
} from '../policy';
import { CheckEvaluator } from '../types';
import { fail, pass } from '../verdicts';
import {
  ChannelState,
  aclsDisabled,
  collectedState,
  combineChannels,
  effectiveFlag,
  listWithMore,
  loadPolicy,
  objectOwnershipEvidence,
  policyUndecided,
  publicAccessBlockFailure,
  publicGrants,
  scopeOf,
  unknownBecause,
} from './bucketPolicy';
import { ACL } from './settingNames';

export interface ExposureSpec {
  verb: 'read' | 'write to';
  noun: 'read' | 'write';
  actions: () => S3ActionInfo[];
  aclPermissions: AclPermission[];
}

/** The "bad actions" of S3's definition: s3:Get*, List*, Put*, Delete*, and the rest. */
function badActions(): S3ActionInfo[] {
  return s3BucketPolicyActions(
    'Read',
    'List',
    'Write',
    'Permissions management',
    'Tagging',
  );
}

function describeGrants(access: PublicAccess): string {
  return access.grants
    .map(
      grant =>
        `statement ${grant.statement} allows ${listWithMore(grant.actions)} to ${grant.grantee}`,
    )
    .join('; ');
}

function judgePolicyExposure(
  input: PostureInput,
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
  const status = input.bucket.policyStatus;
  evidence.awsPolicyStatus =
    status.status === 'ok'
      ? { isPublic: status.value.isPublic }
      : collectedState(status);
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
  const access = findPublicAccess(
    loaded.policy,
    scopeOf(input),
    spec.actions(),
  );
  if (access.limited.length > 0) {
    evidence.limitedStatements = access.limited;
  }
  if (access.grants.length === 0) {
    // AWS's own verdict is a second opinion: if it calls the policy public and this
    // evaluator finds nothing public at all, the proof has a gap; say so, never pass.
    const awsSaysPublic = status.status === 'ok' && status.value.isPublic;
    if (
      awsSaysPublic &&
      restrict.effective !== true &&
      findPublicAccess(loaded.policy, scopeOf(input), badActions()).grants
        .length === 0
    ) {
      return {
        state: 'unknown',
        verdict: extra => ({
          status: 'error',
          reason:
            'AWS reports the bucket policy as public (s3:GetBucketPolicyStatus), but no statement of it could be shown to be; review the policy by hand.',
          evidence: { ...extra, awsPolicyStatusDisagrees: true },
        }),
      };
    }
    return { state: 'closed' };
  }
  evidence.publicStatements = access.grants.map(grant => ({
    ...grant,
    actions: grant.actions.slice(0, 10),
    actionCount: grant.actions.length,
  }));
  const statements = access.grants.map(grant => grant.statement).join(', ');
  if (restrict.effective === true) {
    return {
      state: 'closed',
      note: `the bucket policy would be public (statement ${statements}), but RestrictPublicBuckets neutralises it`,
    };
  }
  if (restrict.effective === undefined)
    return unknownBecause(publicAccessBlockFailure(input));
  return {
    state: 'exposed',
    description: `the bucket policy is public: ${describeGrants(access)}`,
  };
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

export function judgePublicExposure(spec: ExposureSpec): CheckEvaluator {
  return input => {
    const evidence: Record<string, unknown> = {
      effectiveBlockPublicAccess: {
        restrictPublicBuckets: effectiveFlag(input, 'restrictPublicBuckets'),
        ignorePublicAcls: effectiveFlag(input, 'ignorePublicAcls'),
      },
    };
    const channels = [
      judgePolicyExposure(input, spec, evidence),
      judgeAclExposure(input, spec, evidence),
    ];
    return combineChannels(channels, evidence, {
      fail: exposed =>
        fail(
          `Anyone can ${spec.verb} this bucket: ${exposed.join('; and ')}.`,
          evidence,
        ),
      pass: notes =>
        pass(
          `Neither the bucket policy nor the ACL grants public ${spec.noun} access${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`,
          evidence,
        ),
    });
  };
}
