/*
 * The access checks on the account's IAM principals: iam-least-privilege (wildcard grants
 * reaching the bucket), iam-keys-rotated and iam-unused-credentials (access keys of the
 * users that reach it).
 */
import { PostureInput } from '@s3-posture/plugin-s3-node';
import { principalsThatReachBucket } from './iamReach';
import {
  ACCOUNT_ID,
  ADMINISTRATOR_ACCESS,
  BUCKET,
  BUCKET_ARN,
  GUIDANCE_USER_POLICY,
  OBJECTS_ARN,
  SAFE_POLICY_STATEMENTS,
  attachedPolicy,
  callFailed,
  credential,
  daysAgo,
  evaluate,
  iamGroup,
  iamRole,
  iamUser,
  makeInput,
  makeSettings,
  ok,
  policyJson,
  readOtherBucket,
  unparsablePolicy,
  withIam,
} from './testInput';

describe('iam-least-privilege', () => {
  describe('with a bucket policy that lets only one principal in', () => {
    const wildcardUser = iamUser('backup-operator', [
      attachedPolicy('arn:aws:iam::aws:policy/AmazonS3FullAccess', {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
      }),
    ]);
    const onlyPayments = {
      Sid: 'OnlyThePaymentsRole',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [BUCKET_ARN, OBJECTS_ARN],
      Condition: {
        ArnNotEquals: {
          'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_ID}:role/payments`,
        },
      },
    };
    const input = (policy: PostureInput['bucket']['policy']) => ({
      ...withIam({ users: [wildcardUser] }),
      bucket: { ...withIam({}).bucket, policy },
    });

    it('passes: the wildcard grant is denied by the bucket policy and shown as such', () => {
      const verdict = evaluate(
        'iam-least-privilege',
        input(ok(policyJson(...SAFE_POLICY_STATEMENTS, onlyPayments))),
      );
      expect(verdict.status).toBe('pass');
      expect(verdict.reason).toMatch(
        /1 wildcard grant is denied by the bucket policy/,
      );
      expect(verdict.evidence).toMatchObject({
        wildcardGrants: [],
        deniedByBucketPolicy: [
          expect.objectContaining({ principal: 'user backup-operator' }),
        ],
      });
    });

    it('fails when the Deny spares the wildcard principal', () => {
      const sparing = {
        ...onlyPayments,
        Condition: {
          ArnNotEquals: {
            'aws:PrincipalArn': [
              `arn:aws:iam::${ACCOUNT_ID}:role/payments`,
              `arn:aws:iam::${ACCOUNT_ID}:user/backup-operator`,
            ],
          },
        },
      };
      const verdict = evaluate(
        'iam-least-privilege',
        input(ok(policyJson(...SAFE_POLICY_STATEMENTS, sparing))),
      );
      expect(verdict.status).toBe('fail');
    });

    it('is an error, not a pass or a fail, when the bucket policy cannot be read', () => {
      const verdict = evaluate(
        'iam-least-privilege',
        input(callFailed('AccessDenied', 'denied')),
      );
      expect(verdict.status).toBe('error');
      expect(verdict.reason).toMatch(
        /and the bucket policy could not be read: AccessDenied \(denied\); that policy could block it/,
      );
    });

    it('no longer counts the denied user among those who reach the bucket', () => {
      const reach = principalsThatReachBucket(
        { users: [wildcardUser], groups: [], roles: [] },
        input(ok(policyJson(...SAFE_POLICY_STATEMENTS, onlyPayments))),
        makeSettings(),
      );
      expect(reach).toEqual([]);
    });
  });

  it('passes an account without principals', () => {
    const verdict = evaluate('iam-least-privilege', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /No IAM user, group or role is allowed s3:\* or \* .* \(0 examined\)/,
    );
    expect(verdict.evidence).toEqual({
      wildcardGrants: [],
      principalsExamined: 0,
    });
  });

  it('passes grants scoped to this bucket, even s3:* on its own ARNs', () => {
    const verdict = evaluate(
      'iam-least-privilege',
      withIam({
        users: [iamUser(BUCKET, [GUIDANCE_USER_POLICY])],
        roles: [
          iamRole('bucket-admin', [
            attachedPolicy('own-bucket', {
              Effect: 'Allow',
              Action: 's3:*',
              Resource: [BUCKET_ARN, OBJECTS_ARN],
            }),
          ]),
        ],
      }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({ principalsExamined: 2 });
  });

  it('fails a role with AdministratorAccess and names it', () => {
    const verdict = evaluate(
      'iam-least-privilege',
      withIam({ roles: [iamRole('admin', [ADMINISTRATOR_ACCESS])] }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /1 IAM policy allows s3:\* or \* on this bucket through a wildcard Resource, e\.g\. role admin via arn:aws:iam::aws:policy\/AdministratorAccess \(statement #0\)/,
    );
    expect(verdict.evidence).toMatchObject({
      wildcardGrants: [
        {
          principal: 'role admin',
          policy: 'arn:aws:iam::aws:policy/AdministratorAccess',
          statements: ['#0'],
        },
      ],
    });
  });

  it.each([
    ['arn:aws:s3:::*'],
    ['arn:aws:s3:::orders-*'],
    ['arn:aws:s3:::orders-production*'],
    // Reaches only some objects of this bucket: every key is considered, not a sample.
    ['arn:aws:s3:::orders-*/private/*'],
    ['arn:aws:s3:::*/reports/2026-??.csv'],
  ])('fails s3:* on %s', resource => {
    const verdict = evaluate(
      'iam-least-privilege',
      withIam({
        users: [
          iamUser('ci', [
            attachedPolicy('ci-s3', {
              Sid: 'AllS3',
              Effect: 'Allow',
              Action: 's3:*',
              Resource: resource,
            }),
          ]),
        ],
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      wildcardGrants: [
        { principal: 'user ci', policy: 'ci-s3', statements: ['AllS3'] },
      ],
    });
  });

  it('fails a group policy and a NotAction that spares S3', () => {
    const verdict = evaluate(
      'iam-least-privilege',
      withIam({
        groups: [
          iamGroup('developers', [
            attachedPolicy('power-user', {
              Sid: 'PowerUser',
              Effect: 'Allow',
              NotAction: ['iam:*', 'organizations:*'],
              Resource: '*',
            }),
          ]),
        ],
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      wildcardGrants: [
        { principal: 'group developers', statements: ['PowerUser'] },
      ],
    });
  });

  it.each([
    [
      'narrower actions on *',
      { Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
    ],
    [
      's3:* on another bucket pattern',
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::invoices-*' },
    ],
    ['a Deny of s3:* on *', { Effect: 'Deny', Action: 's3:*', Resource: '*' }],
    [
      'a NotAction that excludes S3',
      { Effect: 'Allow', NotAction: 's3:*', Resource: '*' },
    ],
  ])('passes %s', (_, statement) => {
    const verdict = evaluate(
      'iam-least-privilege',
      withIam({ roles: [iamRole('app', [attachedPolicy('p', statement)])] }),
    );
    expect(verdict.status).toBe('pass');
  });

  it('ends in error when the IAM details cannot be read', () => {
    const verdict = evaluate(
      'iam-least-privilege',
      makeInput({ account: { authorization: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the account's IAM users, groups and roles \(iam:GetAccountAuthorizationDetails\): AccessDenied/,
    );
  });

  it('ends in error when a policy cannot be parsed and nothing else fails', () => {
    const verdict = evaluate(
      'iam-least-privilege',
      withIam({ users: [iamUser('odd', [unparsablePolicy])] }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /policy broken of user odd could not be evaluated/,
    );
    expect(verdict.evidence).toMatchObject({
      unparsablePolicies: ['user odd: broken'],
    });
  });

  it('still fails on a definite finding when another policy cannot be parsed', () => {
    const verdict = evaluate(
      'iam-least-privilege',
      withIam({
        users: [iamUser('odd', [unparsablePolicy])],
        roles: [iamRole('admin', [ADMINISTRATOR_ACCESS])],
      }),
    );
    expect(verdict.status).toBe('fail');
  });
});

describe('iam-keys-rotated', () => {
  const reader = (name: string) => iamUser(name, [GUIDANCE_USER_POLICY]);

  it('passes when no user can reach the bucket, and says so', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam(
        {
          users: [iamUser('elsewhere', [readOtherBucket])],
          roles: [iamRole('admin', [ADMINISTRATOR_ACCESS])],
        },
        [
          credential('elsewhere', [
            { active: true, lastRotated: daysAgo(400) },
          ]),
        ],
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/No IAM user can reach this bucket/);
    expect(verdict.evidence).toMatchObject({
      usersReachingBucket: [],
      findings: [],
    });
  });

  // Reach is decided for every key: an identity Deny on a few keys does not hide the
  // rest (the sampling reach tried exactly these two keys and saw no reach).
  it('counts a user whose Deny covers only some objects as reaching the bucket', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam(
        {
          users: [
            iamUser('partly-denied', [
              attachedPolicy('read-but-two', {
                Sid: 'ReadAll',
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: `${BUCKET_ARN}/*`,
              }),
              attachedPolicy('deny-two', {
                Sid: 'DenyTwo',
                Effect: 'Deny',
                Action: 's3:GetObject',
                Resource: [`${BUCKET_ARN}/any-object`, `${BUCKET_ARN}/x`],
              }),
            ]),
          ],
        },
        [
          credential('partly-denied', [
            { active: true, lastRotated: daysAgo(400) },
          ]),
        ],
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      usersReachingBucket: ['partly-denied'],
    });
  });

  it('passes keys rotated within the limit', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam({ users: [reader('app')] }, [
        credential('app', [{ active: true, lastRotated: daysAgo(30) }]),
      ]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /All 1 active access keys of the 1 IAM users .* at most 90 days old/,
    );
    expect(verdict.evidence).toMatchObject({
      usersReachingBucket: ['app'],
      limitDays: 90,
    });
  });

  it('fails an active key older than the limit and names the user and key', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam({ users: [reader('app')] }, [
        credential('app', [
          { active: true, lastRotated: daysAgo(10) },
          { active: true, lastRotated: daysAgo(200), lastUsed: daysAgo(1) },
        ]),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /1 active access key of users that can reach this bucket is older than 90 days: user app key 2 \(200 days old\)/,
    );
    expect(verdict.evidence).toMatchObject({
      findings: [{ user: 'app', key: 2, days: 200, lastRotated: daysAgo(200) }],
    });
  });

  it('counts users who reach the bucket through a group', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam(
        {
          users: [iamUser('grouped', [], ['writers'])],
          groups: [
            iamGroup('writers', [
              attachedPolicy('w', {
                Effect: 'Allow',
                Action: 's3:PutObject',
                Resource: OBJECTS_ARN,
              }),
            ]),
          ],
        },
        [credential('grouped', [{ active: true, lastRotated: daysAgo(91) }])],
      ),
    );
    expect(verdict.status).toBe('fail');
  });

  it('ignores inactive keys', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam({ users: [reader('app')] }, [
        credential('app', [{ active: false, lastRotated: daysAgo(500) }]),
      ]),
    );
    expect(verdict.status).toBe('pass');
  });

  it('follows the configured limit', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam({ users: [reader('app')] }, [
        credential('app', [{ active: true, lastRotated: daysAgo(40) }]),
      ]),
      makeSettings({ accessKeyMaxAgeDays: 30 }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/older than 30 days/);
  });

  it('ends in error when the credential report cannot be read', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      makeInput({
        account: {
          credentials: callFailed(
            'ReportInProgress',
            'Report is being generated',
          ),
        },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the IAM credential report \(iam:GetCredentialReport\): ReportInProgress/,
    );
  });

  it('ends in error when the IAM details cannot be read', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      makeInput({ account: { authorization: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
  });

  it('ends in error when a user with an old key may or may not reach the bucket', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam({ users: [iamUser('odd', [unparsablePolicy])] }, [
        credential('odd', [{ active: true, lastRotated: daysAgo(300) }]),
      ]),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /whether user odd can reach the bucket: policy broken of user odd could not be evaluated/,
    );
  });

  it('names the AWS error when the bucket policy that could deny a user cannot be read', () => {
    const input = withIam({ users: [reader('old-key')] }, [
      credential('old-key', [{ active: true, lastRotated: daysAgo(300) }]),
    ]);
    input.bucket.policy = callFailed('AccessDenied', 'Access Denied');
    const verdict = evaluate('iam-keys-rotated', input);
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toBe(
      'Could not decide: whether user old-key can reach the bucket: the bucket policy could not be read: AccessDenied (Access Denied).',
    );
  });

  it('ends in error when a user who reaches the bucket is missing from the credential report', () => {
    const verdict = evaluate(
      'iam-keys-rotated',
      withIam({ users: [reader('new-user')] }, []),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/no row for user new-user/);
  });
});

describe('iam-unused-credentials', () => {
  const reader = (name: string) => iamUser(name, [GUIDANCE_USER_POLICY]);

  it('passes keys used recently', () => {
    const verdict = evaluate(
      'iam-unused-credentials',
      withIam({ users: [reader('app')] }, [
        credential('app', [
          { active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(2) },
        ]),
      ]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/were used within 45 days/);
  });

  it('fails a key last used long ago', () => {
    const verdict = evaluate(
      'iam-unused-credentials',
      withIam({ users: [reader('app')] }, [
        credential('app', [
          { active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(60) },
        ]),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /not been used for over 45 days: user app key 1 \(last used 60 days ago\)/,
    );
    expect(verdict.evidence).toMatchObject({
      findings: [{ user: 'app', key: 1, days: 60 }],
    });
  });

  it('counts a never-used key from its creation', () => {
    const old = evaluate(
      'iam-unused-credentials',
      withIam({ users: [reader('app')] }, [
        credential('app', [{ active: true, lastRotated: daysAgo(50) }]),
      ]),
    );
    expect(old.status).toBe('fail');
    expect(old.reason).toMatch(/never used in 50 days/);
    const fresh = evaluate(
      'iam-unused-credentials',
      withIam({ users: [reader('app')] }, [
        credential('app', [{ active: true, lastRotated: daysAgo(10) }]),
      ]),
    );
    expect(fresh.status).toBe('pass');
  });

  it('passes when no user can reach the bucket', () => {
    const verdict = evaluate('iam-unused-credentials', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/No IAM user can reach this bucket/);
  });

  it('ends in error when a key has no date at all', () => {
    const verdict = evaluate(
      'iam-unused-credentials',
      withIam({ users: [reader('app')] }, [
        credential('app', [{ active: true }]),
      ]),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /access key 1 of user app has no usable date/,
    );
  });

  it('ends in error when the credential report cannot be read', () => {
    const verdict = evaluate(
      'iam-unused-credentials',
      makeInput({ account: { credentials: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
  });
});
