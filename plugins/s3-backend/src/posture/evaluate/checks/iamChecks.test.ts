import { CheckId } from '@s3-posture/plugin-s3-common';
import { IamAuthorization, IamCredential, PostureInput } from '../../snapshot';
import { EvaluationSettings, Verdict } from '../types';
import { iamCheckEvaluators, principalsThatReachBucket } from './iamChecks';
import {
  ACCOUNT_ID,
  BUCKET,
  BUCKET_ARN,
  OBJECTS_ARN,
  attachedPolicy,
  callFailed,
  credential,
  daysAgo,
  iamGroup,
  iamRole,
  iamUser,
  makeInput,
  makeSettings,
  ok,
  policyJson,
  SAFE_POLICY_STATEMENTS,
} from './testInput';

function evaluate(
  id: CheckId,
  input: PostureInput,
  settings: EvaluationSettings = makeSettings(),
): Verdict {
  const evaluator = iamCheckEvaluators[id];
  if (!evaluator) throw new Error(`no evaluator for ${id}`);
  return evaluator(input, settings);
}

function withIam(
  authorization: Partial<IamAuthorization>,
  credentials: IamCredential[] = [],
): PostureInput {
  return makeInput({
    account: {
      authorization: ok({ users: [], groups: [], roles: [], ...authorization }),
      credentials: ok(credentials),
    },
  });
}

/** The inline policy the house guidance prescribes for a bucket's user (seeds/004). */
const GUIDANCE_USER_POLICY = attachedPolicy('bucket-access', {
  Sid: 'VisualEditor0',
  Effect: 'Allow',
  Action: [
    's3:ListBucketMultipartUploads',
    's3:GetObjectRetention',
    's3:DeleteObjectVersion',
    's3:RestoreObject',
    's3:ListBucket',
    's3:ListMultipartUploadParts',
    's3:PutObject',
    's3:GetObjectAcl',
    's3:GetObject',
    's3:PutObjectRetention',
    's3:PutObjectVersionAcl',
    's3:GetObjectVersionAcl',
    's3:DeleteObject',
    's3:PutObjectAcl',
    's3:GetObjectVersion',
  ],
  Resource: [BUCKET_ARN, OBJECTS_ARN],
});

const ADMINISTRATOR_ACCESS = attachedPolicy(
  'arn:aws:iam::aws:policy/AdministratorAccess',
  { Effect: 'Allow', Action: '*', Resource: '*' },
);

const readOtherBucket = attachedPolicy('other-bucket', {
  Sid: 'OtherBucket',
  Effect: 'Allow',
  Action: 's3:*',
  Resource: [
    'arn:aws:s3:::invoices-production',
    'arn:aws:s3:::invoices-production/*',
  ],
});

const unparsable = { name: 'broken', document: '{"Statement": [' };

describe('principalsThatReachBucket', () => {
  it('finds users through their own and their groups’ policies, and roles', () => {
    const authorization: IamAuthorization = {
      users: [
        iamUser('direct', [GUIDANCE_USER_POLICY]),
        iamUser('via-group', [], ['readers']),
        iamUser('elsewhere', [readOtherBucket]),
      ],
      groups: [
        iamGroup('readers', [
          attachedPolicy('read', {
            Sid: 'Read',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: OBJECTS_ARN,
          }),
        ]),
      ],
      roles: [
        iamRole('admin', [ADMINISTRATOR_ACCESS]),
        iamRole('lambda-basic'),
      ],
    };
    expect(
      principalsThatReachBucket(authorization, makeInput(), makeSettings()),
    ).toEqual([
      {
        type: 'user',
        name: 'direct',
        reach: 'yes',
        statements: ['VisualEditor0'],
      },
      { type: 'user', name: 'via-group', reach: 'yes', statements: ['Read'] },
      { type: 'role', name: 'admin', reach: 'yes', statements: ['#0'] },
    ]);
  });

  it('does not count a principal whose every S3 request on the bucket is denied', () => {
    const authorization: IamAuthorization = {
      users: [
        iamUser('fenced', [
          ADMINISTRATOR_ACCESS,
          attachedPolicy('fence', {
            Effect: 'Deny',
            Action: 's3:*',
            Resource: [BUCKET_ARN, OBJECTS_ARN],
          }),
        ]),
      ],
      groups: [],
      roles: [],
    };
    expect(
      principalsThatReachBucket(authorization, makeInput(), makeSettings()),
    ).toEqual([]);
  });

  it('counts a grant on a prefix of the bucket', () => {
    const authorization: IamAuthorization = {
      users: [
        iamUser('uploader', [
          attachedPolicy('uploads', {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: `${BUCKET_ARN}/uploads/*`,
          }),
        ]),
      ],
      groups: [],
      roles: [],
    };
    expect(
      principalsThatReachBucket(authorization, makeInput(), makeSettings()),
    ).toHaveLength(1);
  });

  it('marks a principal with an unparsable policy as unknown', () => {
    const authorization: IamAuthorization = {
      users: [iamUser('odd', [unparsable])],
      groups: [],
      roles: [],
    };
    expect(
      principalsThatReachBucket(authorization, makeInput(), makeSettings()),
    ).toEqual([
      { type: 'user', name: 'odd', reach: 'unknown', statements: [] },
    ]);
  });
});

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
      withIam({ users: [iamUser('odd', [unparsable])] }),
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
        users: [iamUser('odd', [unparsable])],
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
      withIam({ users: [iamUser('odd', [unparsable])] }, [
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

describe('dedicated-iam-user', () => {
  it('passes a programmatic user named like the bucket whose policy reaches only it', () => {
    const verdict = evaluate(
      'dedicated-iam-user',
      withIam({ users: [iamUser(BUCKET, [GUIDANCE_USER_POLICY])] }, [
        credential(BUCKET, [{ active: true, lastRotated: daysAgo(5) }], false),
      ]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /IAM user orders-production exists, has programmatic access only, and its policies reach this bucket and nothing else/,
    );
    expect(verdict.evidence).toEqual({
      user: BUCKET,
      passwordEnabled: false,
      policies: ['bucket-access'],
      reachesBucket: 'yes',
      statementsBeyondBucket: [],
    });
  });

  it('fails when no such user exists and says to create one', () => {
    const verdict = evaluate(
      'dedicated-iam-user',
      withIam({ users: [iamUser('someone-else', [GUIDANCE_USER_POLICY])] }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No IAM user named "orders-production" exists; create one/,
    );
    expect(verdict.evidence).toEqual({ expectedUserName: BUCKET });
  });

  it('fails a user with a console password', () => {
    const verdict = evaluate(
      'dedicated-iam-user',
      withIam({ users: [iamUser(BUCKET, [GUIDANCE_USER_POLICY])] }, [
        credential(BUCKET, [], true),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/has a console password/);
    expect(verdict.evidence).toMatchObject({ passwordEnabled: true });
  });

  it.each([
    ['*', '*'],
    ['another bucket', 'arn:aws:s3:::invoices-production/*'],
    ['a bucket-name wildcard', 'arn:aws:s3:::orders-production*'],
  ])('fails a policy that reaches %s', (_, resource) => {
    const verdict = evaluate(
      'dedicated-iam-user',
      withIam(
        {
          users: [
            iamUser(BUCKET, [
              GUIDANCE_USER_POLICY,
              attachedPolicy('extra', {
                Sid: 'Extra',
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: resource,
              }),
            ]),
          ],
        },
        [credential(BUCKET)],
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /its policies reach beyond this bucket \(extra, statement Extra/,
    );
    expect(verdict.evidence).toMatchObject({
      statementsBeyondBucket: [
        { policy: 'extra', statement: 'Extra', resources: [resource] },
      ],
    });
  });

  it('fails a group policy that reaches beyond the bucket', () => {
    const verdict = evaluate(
      'dedicated-iam-user',
      withIam(
        {
          users: [iamUser(BUCKET, [GUIDANCE_USER_POLICY], ['admins'])],
          groups: [iamGroup('admins', [ADMINISTRATOR_ACCESS])],
        },
        [credential(BUCKET)],
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/AdministratorAccess \(group admins\)/);
  });

  it('fails a user without access to the bucket', () => {
    const verdict = evaluate(
      'dedicated-iam-user',
      withIam({ users: [iamUser(BUCKET)] }, [credential(BUCKET)]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /no policy of it grants access to this bucket/,
    );
  });

  it('ends in error when the credential report cannot be read', () => {
    const input = makeInput({
      account: {
        authorization: ok({
          users: [iamUser(BUCKET, [GUIDANCE_USER_POLICY])],
          groups: [],
          roles: [],
        }),
        credentials: callFailed('AccessDenied'),
      },
    });
    const verdict = evaluate('dedicated-iam-user', input);
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/IAM credential report/);
  });

  it('ends in error when the IAM details cannot be read', () => {
    const verdict = evaluate(
      'dedicated-iam-user',
      makeInput({ account: { authorization: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
  });

  it('ends in error when the user is not yet in the credential report', () => {
    const verdict = evaluate(
      'dedicated-iam-user',
      withIam({ users: [iamUser(BUCKET, [GUIDANCE_USER_POLICY])] }, []),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/no row for IAM user orders-production/);
  });

  it('ends in error when one of its policies cannot be parsed', () => {
    const verdict = evaluate(
      'dedicated-iam-user',
      withIam(
        { users: [iamUser(BUCKET, [GUIDANCE_USER_POLICY, unparsable])] },
        [credential(BUCKET)],
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.evidence).toMatchObject({ unparsablePolicies: ['broken'] });
  });
});
