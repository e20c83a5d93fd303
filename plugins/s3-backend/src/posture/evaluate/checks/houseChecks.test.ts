import { houseCheckEvaluators } from './houseChecks';
import {
  ACCOUNT_ID,
  ADMINISTRATOR_ACCESS,
  BUCKET,
  GUIDANCE_USER_POLICY,
  attachedPolicy,
  callFailed,
  credential,
  daysAgo,
  iamGroup,
  iamUser,
  makeInput,
  makeSettings,
  ok,
  unparsablePolicy,
  withIam,
} from './testInput';
import { CheckEvaluator, EvaluationSettings } from '../types';
import { PostureInput } from '@s3-posture/plugin-s3-node';

function evaluate(
  id: keyof typeof houseCheckEvaluators,
  input: PostureInput,
  settings: Partial<EvaluationSettings> = {},
) {
  // Widened to the engine's signature: the settings argument is part of the contract.
  const evaluator: CheckEvaluator = houseCheckEvaluators[id];
  return evaluator(input, makeSettings(settings));
}

function houseRules(rules: Partial<EvaluationSettings['houseRules']>) {
  return {
    houseRules: { ...makeSettings().houseRules, ...rules },
  };
}

describe('naming-convention', () => {
  it('passes with the default pattern', () => {
    const verdict = evaluate('naming-convention', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/orders-production matches/);
    expect(verdict.evidence).toEqual({
      bucket: BUCKET,
      namingPattern: '^[a-z0-9][a-z0-9-]*-(production|staging)$',
    });
  });

  it('fails with a name outside the convention', () => {
    const verdict = evaluate(
      'naming-convention',
      makeInput({ bucket: { bucket: 'orders-prod' } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /orders-prod does not match.*s3.posture.houseRules.namingPattern/,
    );
    expect(verdict.evidence).toMatchObject({ bucket: 'orders-prod' });
  });

  it('matches the whole name even when the pattern has no anchors', () => {
    const verdict = evaluate(
      'naming-convention',
      makeInput({ bucket: { bucket: 'old-orders-production-copy' } }),
      houseRules({ namingPattern: '[a-z-]+-production' }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/does not match/);
    expect(verdict.evidence).toEqual({
      bucket: 'old-orders-production-copy',
      namingPattern: '[a-z-]+-production',
    });
  });

  it.each(['(unclosed', 'a)(b'])(
    'is an error naming the config key for the invalid pattern %s',
    namingPattern => {
      const verdict = evaluate(
        'naming-convention',
        makeInput(),
        houseRules({ namingPattern }),
      );
      expect(verdict.status).toBe('error');
      expect(verdict.reason).toMatch(
        /s3\.posture\.houseRules\.namingPattern is not a valid regular expression/,
      );
      expect(verdict.evidence).toEqual({
        namingPattern,
        errorCode: 'InvalidNamingPattern',
      });
    },
  );
});

describe('approved-region', () => {
  it('passes in an allowed region', () => {
    const verdict = evaluate('approved-region', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/eu-north-1, an approved region/);
    expect(verdict.evidence).toEqual({
      region: 'eu-north-1',
      allowedRegions: ['eu-north-1'],
    });
  });

  it('fails elsewhere and lists the allowed regions', () => {
    const verdict = evaluate(
      'approved-region',
      makeInput({ bucket: { region: 'us-east-1' } }),
      houseRules({ allowedRegions: ['eu-north-1', 'eu-west-1'] }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /us-east-1, which is not in s3.posture.houseRules.allowedRegions \(eu-north-1, eu-west-1\)/,
    );
    expect(verdict.evidence).toEqual({
      region: 'us-east-1',
      allowedRegions: ['eu-north-1', 'eu-west-1'],
    });
  });

  it('is not applicable when no regions are configured', () => {
    const verdict = evaluate(
      'approved-region',
      makeInput(),
      houseRules({ allowedRegions: [] }),
    );
    expect(verdict.status).toBe('not-applicable');
    expect(verdict.reason).toMatch(/No approved regions are configured/);
    expect(verdict.evidence).toEqual({
      region: 'eu-north-1',
      allowedRegions: [],
    });
  });
});

describe('documented-owner', () => {
  it('passes when the owner exists and the account matches', () => {
    const verdict = evaluate('documented-owner', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /Owner group:default\/orders-team is in the catalog and the doc's account 123456789012 holds the bucket/,
    );
    expect(verdict.evidence).toEqual({
      owners: ['group:default/orders-team'],
      missingOwners: [],
      documentedAccountId: ACCOUNT_ID,
      bucketAccountId: ACCOUNT_ID,
    });
  });

  it('passes when the doc names no account', () => {
    const verdict = evaluate(
      'documented-owner',
      makeInput({
        doc: {
          documentedAccountId: undefined,
          owners: [
            { ref: 'group:default/a', exists: true },
            { ref: 'user:default/b', exists: true },
          ],
        },
      }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /All 2 owners are in the catalog; the doc names no account/,
    );
    expect(verdict.evidence).toMatchObject({ documentedAccountId: null });
  });

  it('fails and lists the owners missing from the catalog', () => {
    const verdict = evaluate(
      'documented-owner',
      makeInput({
        doc: {
          owners: [
            { ref: 'group:default/orders-team', exists: true },
            { ref: 'group:default/gone', exists: false },
          ],
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Owner group:default\/gone is not in the catalog/,
    );
    expect(verdict.evidence).toEqual({
      owners: ['group:default/orders-team', 'group:default/gone'],
      missingOwners: ['group:default/gone'],
      documentedAccountId: ACCOUNT_ID,
      bucketAccountId: ACCOUNT_ID,
    });
  });

  it('fails when the doc names another account, and reports both problems', () => {
    const verdict = evaluate(
      'documented-owner',
      makeInput({
        doc: {
          documentedAccountId: '210987654321',
          owners: [{ ref: 'group:default/gone', exists: false }],
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /not in the catalog, and the doc names account 210987654321 but the bucket is in account 123456789012/,
    );
    expect(verdict.evidence).toEqual({
      owners: ['group:default/gone'],
      missingOwners: ['group:default/gone'],
      documentedAccountId: '210987654321',
      bucketAccountId: ACCOUNT_ID,
    });
  });

  it('fails when the doc names no owner', () => {
    const verdict = evaluate(
      'documented-owner',
      makeInput({ doc: { owners: [] } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/The doc names no owner/);
    expect(verdict.evidence).toMatchObject({ owners: [], missingOwners: [] });
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
        { users: [iamUser(BUCKET, [GUIDANCE_USER_POLICY, unparsablePolicy])] },
        [credential(BUCKET)],
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.evidence).toMatchObject({ unparsablePolicies: ['broken'] });
  });
});
