import { CheckId } from '@s3-posture/plugin-s3-common';
import { PostureInput } from '../../snapshot';
import { EvaluationSettings, Verdict } from '../types';
import { policyCheckEvaluators } from './policyChecks';
import {
  ACCOUNT_ID,
  ALL_BLOCK_PUBLIC_ACCESS_OFF,
  ALL_BLOCK_PUBLIC_ACCESS_ON,
  BUCKET,
  BUCKET_ARN,
  InputOverrides,
  OBJECTS_ARN,
  OTHER_ACCOUNT_ID,
  OWNER_CANONICAL_ID,
  SAFE_POLICY_STATEMENTS,
  absent,
  callFailed,
  inputWithPolicy,
  makeInput,
  makeSettings,
  ok,
} from './testInput';

function evaluate(
  id: CheckId,
  input: PostureInput,
  settings: EvaluationSettings = makeSettings(),
): Verdict {
  const evaluator = policyCheckEvaluators[id];
  if (!evaluator) throw new Error(`no evaluator for ${id}`);
  return evaluator(input, settings);
}

/** Block Public Access off at both levels: what the policy and ACL say is what S3 does. */
const BPA_OFF: InputOverrides = {
  bucket: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }) },
  account: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }) },
};

function withBpaOff(overrides: InputOverrides = {}): InputOverrides {
  return {
    bucket: { ...BPA_OFF.bucket, ...overrides.bucket },
    account: { ...BPA_OFF.account, ...overrides.account },
    doc: overrides.doc,
  };
}

const publicRead = {
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS_ARN,
};

const publicWrite = {
  Sid: 'PublicWrite',
  Effect: 'Allow',
  Principal: '*',
  Action: ['s3:PutObject', 's3:DeleteObject'],
  Resource: OBJECTS_ARN,
};

/** The example policy of the "Protecting Amazon S3 Data" guidance (seeds/001). */
const GUIDANCE_SSE_KMS_EXAMPLE = {
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS_ARN,
  Condition: {
    StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
  },
};

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS =
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

function aclWith(
  uri: string,
  permission: 'READ' | 'WRITE' | 'WRITE_ACP' | 'FULL_CONTROL' | 'READ_ACP',
) {
  return ok({
    ownerId: OWNER_CANONICAL_ID,
    grants: [
      {
        grantee: { type: 'CanonicalUser' as const, id: OWNER_CANONICAL_ID },
        permission: 'FULL_CONTROL' as const,
      },
      { grantee: { type: 'Group' as const, uri }, permission },
    ],
  });
}

const ACLS_ENABLED = ok({ objectOwnership: 'ObjectWriter' as const });

describe('no-public-read', () => {
  it('passes a private bucket and shows the effective Block Public Access', () => {
    const verdict = evaluate('no-public-read', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /Neither the bucket policy nor the ACL grants public read/,
    );
    expect(verdict.evidence).toMatchObject({
      effectiveBlockPublicAccess: {
        restrictPublicBuckets: { effective: true, bucket: true, account: true },
        ignorePublicAcls: { effective: true, bucket: true, account: true },
      },
      bucketPolicy: 'present',
      objectOwnership: 'BucketOwnerEnforced',
      awsPolicyStatus: { isPublic: false },
    });
  });

  it('passes a bucket without a bucket policy', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({ bucketPolicy: 'none' });
  });

  it('fails a policy that lets anyone GetObject, naming the statement', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([publicRead], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Anyone can read this bucket: the bucket policy allows s3:GetObject to an anonymous caller.*\(statement PublicRead\)/,
    );
    expect(verdict.evidence).toMatchObject({
      allowingStatements: ['PublicRead'],
      publicActions: ['s3:GetObject'],
      publicCallers: ['an anonymous caller', 'any AWS user of another account'],
      effectiveBlockPublicAccess: {
        restrictPublicBuckets: { effective: false },
      },
    });
  });

  it('treats {"AWS": "*"} like "*"', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([{ ...publicRead, Principal: { AWS: '*' } }], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
  });

  it('fails public listing too', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            Sid: 'PublicList',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:ListBucket',
            Resource: BUCKET_ARN,
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      publicActions: ['s3:ListBucket'],
    });
  });

  it('fails the guidance example: its encryption condition is a header any caller can send', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([GUIDANCE_SSE_KMS_EXAMPLE], {
        ...BPA_OFF,
        bucket: {
          ...BPA_OFF.bucket,
          policyStatus: ok({ isPublic: true }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/s3:GetObject.*statement #0/);
    expect(verdict.evidence).toMatchObject({
      allowingStatements: ['#0'],
      conditionKeysTheCallerChooses: ['s3:x-amz-server-side-encryption'],
      awsPolicyStatus: { isPublic: true },
    });
  });

  it.each([
    ['a VPC endpoint', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }],
    [
      'a list of VPC endpoints',
      { StringEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d', 'vpce-5e6f'] } },
    ],
    ['one address (/32)', { IpAddress: { 'aws:SourceIp': '203.0.113.7/32' } }],
    [
      'a list of narrow ranges',
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/48'] } },
    ],
    [
      'an organization',
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    ],
  ])('passes Principal "*" restricted to %s', (_, condition) => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([{ ...publicRead, Condition: condition }], BPA_OFF),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).not.toHaveProperty('allowingStatements');
  });

  it('fails when one value of a list opens the range to /8', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            ...publicRead,
            Condition: {
              IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '10.0.0.0/8'] },
            },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('fail');
  });

  it('fails an Allow with NotPrincipal: everyone but the named account is allowed', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            Sid: 'AllButOne',
            Effect: 'Allow',
            NotPrincipal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` },
            Action: 's3:GetObject',
            Resource: OBJECTS_ARN,
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      allowingStatements: ['AllButOne'],
    });
  });

  it('passes when a Deny outside the VPC endpoint overrides the public Allow', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          publicRead,
          {
            Sid: 'DenyOutsideVpce',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [BUCKET_ARN, OBJECTS_ARN],
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' },
            },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('pass');
  });

  it('still fails when the only Deny is one the caller avoids by using HTTPS', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([publicRead, ...SAFE_POLICY_STATEMENTS], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
  });

  it.each([
    [
      'the bucket',
      {
        bucket: {
          publicAccessBlock: ok({
            ...ALL_BLOCK_PUBLIC_ACCESS_OFF,
            restrictPublicBuckets: true,
          }),
        },
      },
    ],
    [
      'the account',
      {
        account: {
          publicAccessBlock: ok({
            ...ALL_BLOCK_PUBLIC_ACCESS_OFF,
            restrictPublicBuckets: true,
          }),
        },
      },
    ],
  ])(
    'passes a public policy neutralised by RestrictPublicBuckets on %s',
    (_, level) => {
      const verdict = evaluate(
        'no-public-read',
        inputWithPolicy([publicRead], withBpaOff(level)),
      );
      expect(verdict.status).toBe('pass');
      expect(verdict.reason).toMatch(
        /would be public \(statement PublicRead\), but RestrictPublicBuckets neutralises it/,
      );
      expect(verdict.evidence).toMatchObject({
        allowingStatements: ['PublicRead'],
        effectiveBlockPublicAccess: {
          restrictPublicBuckets: { effective: true },
        },
      });
    },
  );

  it('fails an ACL that grants READ to Everyone', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            acl: aclWith(ALL_USERS, 'READ'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /the ACL grants READ to AllUsers \(Everyone\)/,
    );
    expect(verdict.evidence).toMatchObject({
      publicGrants: [{ grantee: 'AllUsers (Everyone)', permission: 'READ' }],
      objectOwnership: 'ObjectWriter',
    });
  });

  it('fails an ACL that grants FULL_CONTROL to any AWS user', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            acl: aclWith(AUTHENTICATED_USERS, 'FULL_CONTROL'),
            ownershipControls: absent('OwnershipControlsNotFoundError'),
          },
        }),
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/FULL_CONTROL to AuthenticatedUsers/);
  });

  it('passes an ACL that grants only READ_ACP to Everyone', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            acl: aclWith(ALL_USERS, 'READ_ACP'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('pass');
  });

  it.each([
    [
      'bucket',
      {
        bucket: {
          publicAccessBlock: ok({
            ...ALL_BLOCK_PUBLIC_ACCESS_OFF,
            ignorePublicAcls: true,
          }),
        },
      },
    ],
    [
      'account',
      {
        account: {
          publicAccessBlock: ok({
            ...ALL_BLOCK_PUBLIC_ACCESS_OFF,
            ignorePublicAcls: true,
          }),
        },
      },
    ],
  ])(
    'passes a public ACL when IgnorePublicAcls is on at the %s level',
    (_, level) => {
      const overrides = withBpaOff(level);
      const verdict = evaluate(
        'no-public-read',
        makeInput({
          ...overrides,
          bucket: {
            ...overrides.bucket,
            acl: aclWith(ALL_USERS, 'READ'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      );
      expect(verdict.status).toBe('pass');
      expect(verdict.reason).toMatch(/IgnorePublicAcls neutralises them/);
      expect(verdict.evidence).toMatchObject({
        effectiveBlockPublicAccess: { ignorePublicAcls: { effective: true } },
      });
    },
  );

  it('passes a public grant in the ACL when ACLs are disabled (BucketOwnerEnforced)', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(withBpaOff({ bucket: { acl: aclWith(ALL_USERS, 'READ') } })),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/ACLs are disabled/);
    expect(verdict.evidence).toMatchObject({
      objectOwnership: 'BucketOwnerEnforced',
    });
  });

  it('ends in error when the policy cannot be read and nothing neutralises it', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(withBpaOff({ bucket: { policy: callFailed('AccessDenied') } })),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the bucket policy \(s3:GetBucketPolicy\): AccessDenied/,
    );
    expect(verdict.evidence).toMatchObject({
      errorCode: 'AccessDenied',
      bucketPolicy: 'unreadable',
    });
  });

  it('passes an unreadable policy when RestrictPublicBuckets neutralises whatever it says', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /could not be judged, but RestrictPublicBuckets/,
    );
  });

  it('fails on a public ACL even when the policy cannot be read', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            policy: callFailed('AccessDenied'),
            acl: aclWith(ALL_USERS, 'READ'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/ACL grants READ/);
  });

  it('ends in error on a policy it cannot parse', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(withBpaOff({ bucket: { policy: ok('{"Statement": [') } })),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /could not be evaluated: The policy is not valid JSON/,
    );
    expect(verdict.evidence).toMatchObject({ bucketPolicy: 'unparsable' });
  });

  it('ends in error on an unknown condition operator rather than guessing', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            ...publicRead,
            Condition: { StringSortOf: { 'aws:SourceVpce': 'vpce-1' } },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/condition operator "StringSortOf"/);
  });

  it('ends in error when Block Public Access cannot be read and the policy is public', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([publicRead], {
        bucket: { publicAccessBlock: callFailed('AccessDenied') },
        account: {
          publicAccessBlock: absent('NoSuchPublicAccessBlockConfiguration'),
        },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the bucket's Block Public Access settings/,
    );
    expect(verdict.evidence).toMatchObject({
      allowingStatements: ['PublicRead'],
      effectiveBlockPublicAccess: {
        restrictPublicBuckets: {
          bucket: 'unreadable (AccessDenied)',
          account: false,
        },
      },
    });
  });

  it('passes a public policy when the account flag neutralises it, though the bucket flags are unreadable', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([publicRead], {
        bucket: { publicAccessBlock: callFailed('AccessDenied') },
        account: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_ON }) },
      }),
    );
    expect(verdict.status).toBe('pass');
  });

  it('ends in error when the ACL cannot be read and ACLs are enabled', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            acl: callFailed('AccessDenied'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the bucket ACL \(s3:GetBucketAcl\)/,
    );
  });

  it('judges the ACL as read when Object Ownership cannot be read', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: { ownershipControls: callFailed('AccessDenied') },
        }),
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      objectOwnership: 'unreadable (AccessDenied)',
    });
  });

  it("reports AWS's IsPublic when the simulation finds no public access at all", () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            ...publicRead,
            Condition: { StringLike: { 'aws:SourceVpce': 'vpce-1*' } },
          },
        ],
        withBpaOff({ bucket: { policyStatus: ok({ isPublic: true }) } }),
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /AWS's policy status nevertheless reports the policy as public/,
    );
    expect(verdict.evidence).toMatchObject({
      awsPolicyStatus: { isPublic: true },
      awsPolicyStatusDisagrees: true,
    });
  });

  it('explains an IsPublic that comes from other actions', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [publicWrite],
        withBpaOff({ bucket: { policyStatus: ok({ isPublic: true }) } }),
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      policyPublicForOtherActions: expect.arrayContaining(['s3:PutObject']),
    });
    expect(verdict.evidence).not.toHaveProperty('awsPolicyStatusDisagrees');
  });
});

describe('no-public-write', () => {
  it('passes a private bucket', () => {
    const verdict = evaluate('no-public-write', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/grants public write access/);
  });

  it('fails a policy that lets anyone PutObject and DeleteObject', () => {
    const verdict = evaluate(
      'no-public-write',
      inputWithPolicy([publicWrite], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Anyone can write to this bucket: .*s3:PutObject, s3:DeleteObject/,
    );
    expect(verdict.evidence).toMatchObject({
      allowingStatements: ['PublicWrite'],
      publicActions: ['s3:PutObject', 's3:DeleteObject'],
    });
  });

  it('fails a policy that lets anyone change the bucket policy', () => {
    const verdict = evaluate(
      'no-public-write',
      inputWithPolicy(
        [
          {
            Sid: 'Oops',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:PutBucketPolicy',
            Resource: BUCKET_ARN,
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      publicActions: ['s3:PutBucketPolicy'],
    });
  });

  it('passes a read-only public policy (that is the read check)', () => {
    const verdict = evaluate(
      'no-public-write',
      inputWithPolicy([publicRead], BPA_OFF),
    );
    expect(verdict.status).toBe('pass');
  });

  it('passes a public upload policy restricted to an organization', () => {
    const verdict = evaluate(
      'no-public-write',
      inputWithPolicy(
        [
          {
            ...publicWrite,
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] },
            },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('pass');
  });

  it.each(['WRITE', 'WRITE_ACP', 'FULL_CONTROL'] as const)(
    'fails an ACL that grants %s to Everyone',
    permission => {
      const verdict = evaluate(
        'no-public-write',
        makeInput(
          withBpaOff({
            bucket: {
              acl: aclWith(ALL_USERS, permission),
              ownershipControls: ACLS_ENABLED,
            },
          }),
        ),
      );
      expect(verdict.status).toBe('fail');
      expect(verdict.evidence).toMatchObject({
        publicGrants: [{ grantee: 'AllUsers (Everyone)', permission }],
      });
    },
  );

  it('passes an ACL that grants only READ to Everyone', () => {
    const verdict = evaluate(
      'no-public-write',
      makeInput(
        withBpaOff({
          bucket: {
            acl: aclWith(ALL_USERS, 'READ'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('pass');
  });

  it('passes a public write policy neutralised by RestrictPublicBuckets', () => {
    const verdict = evaluate('no-public-write', inputWithPolicy([publicWrite]));
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/RestrictPublicBuckets neutralises it/);
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'no-public-write',
      makeInput(
        withBpaOff({
          bucket: {
            policy: callFailed('ThrottlingException', 'Rate exceeded'),
          },
        }),
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/ThrottlingException \(Rate exceeded\)/);
  });
});

describe('no-cross-account-sensitive-actions', () => {
  const grantTo = (
    principal: unknown,
    action: string | string[],
    extra: object = {},
  ) => ({
    Sid: 'Partner',
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    ...extra,
  });

  it('passes a policy that names no other account', () => {
    const verdict = evaluate('no-cross-account-sensitive-actions', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/No account other than the bucket's own/);
    expect(verdict.evidence).toMatchObject({
      bucketAccount: ACCOUNT_ID,
      trustedAccounts: [],
    });
  });

  it('passes a bucket without a policy', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      makeInput({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
    );
    expect(verdict.status).toBe('pass');
  });

  it('fails another account allowed to change the bucket policy', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([
        grantTo(
          { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` },
          's3:PutBucketPolicy',
        ),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      new RegExp(
        `account ${OTHER_ACCOUNT_ID} may s3:PutBucketPolicy \\(statement Partner\\)`,
      ),
    );
    expect(verdict.evidence).toMatchObject({
      untrustedAccounts: [
        {
          account: OTHER_ACCOUNT_ID,
          statements: ['Partner'],
          actions: ['s3:PutBucketPolicy'],
        },
      ],
    });
  });

  it('fails a role of another account allowed s3:*, listing encryption among the actions', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([
        grantTo(
          { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:role/deployer` },
          's3:*',
        ),
      ]),
    );
    expect(verdict.status).toBe('fail');
    const [finding] = verdict.evidence.untrustedAccounts as Array<{
      actions: string[];
    }>;
    expect(finding.actions).toEqual(
      expect.arrayContaining([
        's3:PutEncryptionConfiguration',
        's3:PutBucketAcl',
        's3:DeleteBucketPolicy',
      ]),
    );
  });

  it('passes the same grant when the account is trusted', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo({ AWS: OTHER_ACCOUNT_ID }, 's3:*')]),
      makeSettings({ trustedAccounts: [OTHER_ACCOUNT_ID] }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      trustedAccounts: [OTHER_ACCOUNT_ID],
    });
  });

  it('passes another account allowed only to read', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([
        grantTo({ AWS: OTHER_ACCOUNT_ID }, ['s3:GetObject', 's3:ListBucket']),
      ]),
    );
    expect(verdict.status).toBe('pass');
  });

  it('passes the bucket account itself', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo({ AWS: ACCOUNT_ID }, 's3:*')]),
    );
    expect(verdict.status).toBe('pass');
  });

  it('passes Principal "*" limited to a trusted organization, and fails it otherwise', () => {
    const input = inputWithPolicy([
      grantTo('*', 's3:PutBucketAcl', {
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      }),
    ]);
    const trusted = evaluate(
      'no-cross-account-sensitive-actions',
      input,
      makeSettings({ trustedOrganizations: ['o-a1b2c3d4e5'] }),
    );
    expect(trusted.status).toBe('pass');
    const untrusted = evaluate('no-cross-account-sensitive-actions', input);
    expect(untrusted.status).toBe('fail');
    expect(untrusted.reason).toMatch(/may s3:PutBucketAcl/);
  });

  it('fails Principal "*" allowed sensitive actions when nothing neutralises it', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo('*', 's3:PutEncryptionConfiguration')], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /any other AWS account may s3:PutEncryptionConfiguration/,
    );
    expect(verdict.evidence).toMatchObject({
      untrustedAccounts: [
        { account: 'any', actions: ['s3:PutEncryptionConfiguration'] },
      ],
    });
  });

  it('passes a public policy when RestrictPublicBuckets blocks all cross-account access to it', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo('*', 's3:PutEncryptionConfiguration')]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /RestrictPublicBuckets blocks all cross-account access/,
    );
  });

  it('ends in error when a public policy might or might not be neutralised', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo('*', 's3:PutEncryptionConfiguration')], {
        bucket: { publicAccessBlock: callFailed('AccessDenied') },
        account: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }) },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the bucket's Block Public Access settings/,
    );
    expect(verdict.evidence).toMatchObject({
      untrustedAccounts: [{ account: 'any' }],
    });
  });

  it('fails a named account even when Block Public Access cannot be read: the policy is not public', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy(
        [grantTo({ AWS: OTHER_ACCOUNT_ID }, 's3:PutBucketPolicy')],
        {
          bucket: { publicAccessBlock: callFailed('AccessDenied') },
        },
      ),
    );
    expect(verdict.status).toBe('fail');
  });

  it('fails an ACL grant of WRITE_ACP to another canonical user', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      makeInput({
        bucket: {
          ownershipControls: ACLS_ENABLED,
          acl: ok({
            ownerId: OWNER_CANONICAL_ID,
            grants: [
              {
                grantee: { type: 'CanonicalUser', id: 'other-canonical-id' },
                permission: 'WRITE_ACP',
              },
            ],
          }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /the ACL grants WRITE_ACP to canonical user other-canonical-id/,
    );
    expect(verdict.evidence).toMatchObject({
      aclGrants: [
        {
          grantee: 'canonical user other-canonical-id',
          permission: 'WRITE_ACP',
        },
      ],
    });
  });

  it('ignores ACL grants when ACLs are disabled', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      makeInput({
        bucket: {
          acl: ok({
            ownerId: OWNER_CANONICAL_ID,
            grants: [
              {
                grantee: { type: 'CanonicalUser', id: 'other' },
                permission: 'FULL_CONTROL',
              },
            ],
          }),
        },
      }),
    );
    expect(verdict.status).toBe('pass');
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/Could not read the bucket policy/);
  });

  it('ends in error when the policy cannot be parsed', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([{ Effect: 'Allow', Principal: '*', Action: 's3:*' }]),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/neither Resource nor NotResource/);
  });
});

describe('tls-only', () => {
  const denyHttp = (resource: string | string[], extra: object = {}) => ({
    Sid: 'DenyHttp',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    ...extra,
  });

  it('passes a Deny on plain HTTP for everyone, the bucket and its objects', () => {
    const verdict = evaluate('tls-only', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /denies plain-HTTP requests .* to every caller, on the bucket and its objects \(statement DenyInsecureTransport\)/,
    );
    expect(verdict.evidence).toMatchObject({
      denyingStatements: ['DenyInsecureTransport'],
      uncoveredResources: [],
    });
  });

  it('passes BoolIfExists on aws:SecureTransport', () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        denyHttp([BUCKET_ARN, OBJECTS_ARN], {
          Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    );
    expect(verdict.status).toBe('pass');
  });

  it('fails a Deny that covers the objects but not the bucket, and names the bucket', () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([denyHttp(OBJECTS_ARN)]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      new RegExp(
        `only in part: it does not cover ${BUCKET_ARN} \\(the bucket itself\\)`,
      ),
    );
    expect(verdict.evidence).toMatchObject({
      denyingStatements: ['DenyHttp'],
      uncoveredResources: [BUCKET_ARN],
    });
  });

  it('fails a Deny that covers only GetObject', () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        denyHttp([BUCKET_ARN, OBJECTS_ARN], { Action: 's3:GetObject' }),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/s3:PutObject/);
    expect(verdict.evidence.uncoveredActions).not.toContain('s3:GetObject');
  });

  it("fails a Deny that spares the bucket's own account", () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        denyHttp([BUCKET_ARN, OBJECTS_ARN], {
          Principal: undefined,
          NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        }),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/a principal of the bucket's own account/);
    expect(verdict.evidence).toMatchObject({
      uncoveredCallers: ["a principal of the bucket's own account"],
    });
  });

  it('fails a policy without any TLS Deny', () => {
    const verdict = evaluate('tls-only', inputWithPolicy([publicRead]));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No statement of the bucket policy denies plain-HTTP requests/,
    );
  });

  it('fails a bucket without a policy', () => {
    const verdict = evaluate(
      'tls-only',
      makeInput({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/no bucket policy/);
    expect(verdict.evidence).toEqual({ bucketPolicy: 'none' });
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'tls-only',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/AccessDenied/);
  });

  it('ends in error when the policy cannot be parsed', () => {
    const verdict = evaluate(
      'tls-only',
      makeInput({ bucket: { policy: ok('not json') } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.evidence).toMatchObject({ bucketPolicy: 'unparsable' });
  });
});

describe('tls-minimum-version', () => {
  it('passes a Deny below TLS 1.2 and reports the bound', () => {
    const verdict = evaluate('tls-minimum-version', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/TLS older than 1.2.*DenyOutdatedTls/);
    expect(verdict.evidence).toMatchObject({ deniedBelowTlsVersion: [1.2] });
  });

  it('fails a bound that lets TLS 1.1 through', () => {
    const verdict = evaluate(
      'tls-minimum-version',
      inputWithPolicy([
        {
          ...SAFE_POLICY_STATEMENTS[1],
          Condition: { NumericLessThan: { 's3:TlsVersion': '1.1' } },
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({ deniedBelowTlsVersion: [1.1] });
  });

  it('fails a policy with only the plain-HTTP Deny', () => {
    const verdict = evaluate(
      'tls-minimum-version',
      inputWithPolicy([SAFE_POLICY_STATEMENTS[0]]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No statement of the bucket policy denies requests over TLS older than 1.2/,
    );
  });

  it('fails a TLS Deny on the objects only', () => {
    const verdict = evaluate(
      'tls-minimum-version',
      inputWithPolicy([
        { ...SAFE_POLICY_STATEMENTS[1], Resource: OBJECTS_ARN },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/the bucket itself/);
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'tls-minimum-version',
      makeInput({ bucket: { policy: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
  });
});

describe('presigned-url-age-limited', () => {
  it('passes a bound below the configured maximum and reports it', () => {
    const verdict = evaluate('presigned-url-age-limited', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      policyMaxAgeMinutes: 10,
      allowedMaxAgeMinutes: 60,
      denyingStatements: ['DenyOldSignatures'],
    });
  });

  it('fails a bound above the configured maximum and says by how much', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      inputWithPolicy([
        {
          ...SAFE_POLICY_STATEMENTS[2],
          Condition: { NumericGreaterThan: { 's3:signatureAge': '7200000' } },
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /bound of 120 minutes is above the allowed 60/,
    );
    expect(verdict.evidence).toMatchObject({
      policyMaxAgeMinutes: 120,
      allowedMaxAgeMinutes: 60,
    });
  });

  it('follows the configured maximum', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      makeInput(),
      makeSettings({ presignedUrlMaxAgeMinutes: 5 }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/10 minutes is above the allowed 5/);
  });

  it('fails a policy without a signature-age Deny', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      inputWithPolicy([SAFE_POLICY_STATEMENTS[0]]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No statement .* denies requests signed longer ago/,
    );
  });

  it('fails a bucket without a policy', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      makeInput({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
    );
    expect(verdict.status).toBe('fail');
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
  });
});

describe('private-network-only', () => {
  const denyOutside = (key: string, value: string | string[]) => ({
    Sid: 'DenyOutsideVpc',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    Condition: { StringNotEquals: { [key]: value } },
  });

  it('passes a Deny for requests that do not come through the VPC endpoint', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([
        ...SAFE_POLICY_STATEMENTS,
        denyOutside('aws:SourceVpce', 'vpce-1a2b3c4d'),
      ]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/do not come through vpce-1a2b3c4d/);
    expect(verdict.evidence).toMatchObject({
      vpcEndpoints: ['vpce-1a2b3c4d'],
      denyingStatements: ['DenyOutsideVpc'],
      acceptedThrough: 'through VPC endpoint vpce-1a2b3c4d',
    });
  });

  it('passes a Deny keyed on the VPC', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([denyOutside('aws:SourceVpc', ['vpc-1', 'vpc-2'])]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({ vpcs: ['vpc-1', 'vpc-2'] });
  });

  it('fails the safe default policy, which says nothing about networks', () => {
    const verdict = evaluate('private-network-only', makeInput());
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /no condition on aws:SourceVpce or aws:SourceVpc/,
    );
  });

  it('fails a VPC endpoint named only in an Allow: nothing denies the rest', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([
        {
          ...publicRead,
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/does not deny requests from outside them/);
  });

  it('fails a Deny that covers only the objects', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([
        { ...denyOutside('aws:SourceVpce', 'vpce-1'), Resource: OBJECTS_ARN },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      notDeniedFromInternet: expect.arrayContaining(['s3:ListBucket']),
    });
  });

  it('fails a policy that locks out its own VPC endpoint too', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([
        denyOutside('aws:SourceVpce', 'vpce-1'),
        {
          Sid: 'DenyAll',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [BUCKET_ARN, OBJECTS_ARN],
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /denies every request, even through the VPC endpoints/,
    );
  });

  it('fails a bucket without a policy', () => {
    const verdict = evaluate(
      'private-network-only',
      makeInput({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/no bucket policy/);
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'private-network-only',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/Could not read the bucket policy/);
  });
});

describe('every policy check', () => {
  const ids = Object.keys(policyCheckEvaluators) as CheckId[];

  it.each(ids)('%s gives one sentence and never throws on odd input', id => {
    const odd = makeInput({
      bucket: {
        policy: ok(JSON.stringify({ Statement: [] })),
        acl: absent('NoSuchAcl'),
      },
    });
    const verdict = evaluate(id, odd);
    expect(['pass', 'fail', 'error', 'not-applicable']).toContain(
      verdict.status,
    );
    expect(verdict.reason).toMatch(/^[A-Z].*\.$/);
  });

  it('covers the policy checks of the catalog', () => {
    expect(ids.sort()).toEqual(
      [
        'no-cross-account-sensitive-actions',
        'no-public-read',
        'no-public-write',
        'presigned-url-age-limited',
        'private-network-only',
        'tls-minimum-version',
        'tls-only',
      ].sort(),
    );
  });

  it('never puts the policy document in evidence', () => {
    const input = inputWithPolicy(
      [publicRead, ...SAFE_POLICY_STATEMENTS],
      BPA_OFF,
    );
    for (const id of ids) {
      const evidence = JSON.stringify(evaluate(id, input).evidence);
      expect(evidence).not.toContain('"Statement"');
      expect(evidence).not.toContain(`${BUCKET}/*`);
    }
  });
});
