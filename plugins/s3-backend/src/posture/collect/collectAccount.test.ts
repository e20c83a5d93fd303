import { HttpResponse, http } from 'msw';
import {
  PRODUCTION,
  STAGING,
  testClients,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { accessCheckEvaluators } from '../evaluate/checks/accessChecks';
import { CheckEvaluator } from '../evaluate/types';
import { makeInput, makeSettings } from '../evaluate/checks/testInput';
import { AccountSnapshot, IamPrincipal } from '@s3-posture/plugin-s3-node';
import { collectAccount } from './collectAccount';

const DAY = 86_400_000;

function ok<T>(c: { status: string; value?: T }): T {
  expect(c.status).toBe('ok');
  return c.value as T;
}

function principal(list: IamPrincipal[], name: string): IamPrincipal {
  const found = list.find(p => p.name === name);
  expect(found).toBeDefined();
  return found!;
}

describe('collectAccount (real SDK against the simulator)', () => {
  const aws = useSimulatedAws();

  it('reads account-level BPA, IAM authorization and the credential report', async () => {
    const snapshot: AccountSnapshot = await collectAccount(
      testClients(),
      PRODUCTION,
    );
    expect(snapshot.accountId).toBe(PRODUCTION);
    expect(snapshot.publicAccessBlock).toEqual({
      status: 'ok',
      value: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
    });

    const { users, groups, roles } = ok(snapshot.authorization);
    const backups = principal(users, 'securecart-backups-production');
    expect(backups).toMatchObject({
      type: 'user',
      arn: 'arn:aws:iam::111122223333:user/securecart-backups-production',
      groups: [],
    });
    expect(backups.policies.map(p => p.name)).toEqual(['backups-full-access']);
    expect(JSON.parse(backups.policies[0].document).Statement[0]).toMatchObject(
      {
        Effect: 'Allow',
        Action: 's3:*',
      },
    );
    const orders = principal(users, 'securecart-orders-production');
    expect(orders.policies[0].name).toBe('orders-read-write');
    expect(
      JSON.parse(orders.policies[0].document).Statement[0].Resource,
    ).toContain('arn:aws:s3:::securecart-orders-production/*');
    expect(principal(users, 'jchen').groups).toEqual(['data-engineers']);
    expect(principal(groups, 'data-engineers').policies[0].name).toBe(
      'read-analytics-exports',
    );
    expect(principal(roles, 'securecart-payments-break-glass').type).toBe(
      'role',
    );

    const credentials = ok(snapshot.credentials);
    const row = (user: string) => credentials.find(c => c.user === user)!;
    expect(row('securecart-backups-production').passwordEnabled).toBe(true);
    expect(row('securecart-orders-production').passwordEnabled).toBe(false);
    const stale = row('securecart-product-images-production').accessKeys;
    expect(stale).toHaveLength(1);
    expect(stale[0].active).toBe(true);
    const age = Date.now() - new Date(stale[0].lastRotated!).getTime();
    expect(Math.round(age / DAY)).toBe(400);
    expect(
      Math.round((Date.now() - new Date(stale[0].lastUsed!).getTime()) / DAY),
    ).toBe(60);
    expect(
      row('securecart-public-datasets-production').accessKeys.map(
        k => k.active,
      ),
    ).toEqual([true, false]);
    expect(row('jchen').accessKeys).toEqual([]);
    expect(row('<root_account>')).toMatchObject({
      passwordEnabled: false,
      accessKeys: [],
    });
  });

  it('makes 1 S3 Control and 3 IAM calls per account', async () => {
    await collectAccount(testClients(), PRODUCTION);
    expect(aws.stats.byOperation).toEqual({
      's3control:GetPublicAccessBlock': 1,
      'iam:GetAccountAuthorizationDetails': 1,
      'iam:GenerateCredentialReport': 1,
      'iam:GetCredentialReport': 1,
    });
  });

  it('reads every page of the authorization details', async () => {
    aws.setKnobs({ iamPageSize: 3 });
    const paged = ok(
      (await collectAccount(testClients(), PRODUCTION)).authorization,
    );
    expect(
      aws.stats.byOperation['iam:GetAccountAuthorizationDetails'],
    ).toBeGreaterThan(5);
    aws.setKnobs({ iamPageSize: 100 });
    const whole = ok(
      (await collectAccount(testClients(), PRODUCTION)).authorization,
    );
    expect(paged).toEqual(whole);
  });

  it('reports account-level BPA that was never configured as absent', async () => {
    const snapshot = await collectAccount(testClients(), STAGING);
    expect(snapshot.publicAccessBlock).toEqual({
      status: 'absent',
      code: 'NoSuchPublicAccessBlockConfiguration',
    });
    expect(ok(snapshot.authorization).users.map(u => u.name)).toContain(
      'securecart-orders-staging',
    );
  });

  it('keeps the other parts when one call is denied', async () => {
    aws.setKnobs({ accessDenied: ['iam:GetCredentialReport'] });
    const snapshot = await collectAccount(testClients(), PRODUCTION);
    expect(snapshot.credentials).toMatchObject({
      status: 'error',
      code: 'AccessDenied',
    });
    expect(snapshot.authorization.status).toBe('ok');
    expect(snapshot.publicAccessBlock.status).toBe('ok');
  });

  it('retries IAM throttling', async () => {
    aws.setKnobs({
      failNext: [
        {
          operation: 'iam:GetAccountAuthorizationDetails',
          fault: 'Throttling',
          times: 1,
        },
      ],
    });
    const snapshot = await collectAccount(testClients(), PRODUCTION);
    expect(snapshot.authorization.status).toBe('ok');
    expect(aws.stats.errors.Throttling).toBe(1);
  }, 30_000);

  it('assumes a role into an account configured by roleName (STS AssumeRole)', async () => {
    const clients = testClients({
      aws: {
        mainAccount: {
          accessKeyId: 'AKIASECURECARTPROD01',
          secretAccessKey: 'simulated',
        },
        accounts: [
          {
            accountId: STAGING,
            roleName: 'backstage-s3-posture',
            externalId: 'securecart-backstage',
          },
        ],
      },
    });
    const snapshot = await collectAccount(clients, STAGING);
    expect(ok(snapshot.authorization).users.map(u => u.name)).toContain(
      'securecart-orders-staging',
    );
    expect(aws.stats.byOperation['sts:AssumeRole']).toBe(1);
  });

  it('uses the s3.endpoint override for S3 Control and IAM', async () => {
    const clients = testClients({ s3: { endpoint: 'http://aws.local:4566' } });
    const snapshot = await collectAccount(clients, PRODUCTION);
    expect(snapshot.publicAccessBlock.status).toBe('ok');
    expect(snapshot.authorization.status).toBe('ok');
    expect(snapshot.credentials.status).toBe('ok');
  });

  it('resolves attached AWS managed policies to their default version, URL-decoded', async () => {
    const snapshot = await collectAccount(testClients(), STAGING);
    const { users } = ok(snapshot.authorization);
    const exporter = principal(users, 'securecart-analytics-exports-staging');
    expect(exporter.policies.map(p => p.name)).toEqual([
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    ]);
    expect(JSON.parse(exporter.policies[0].document).Statement[0]).toEqual({
      Effect: 'Allow',
      Action: ['s3:*', 's3-object-lambda:*'],
      Resource: '*',
    });
  });

  describe('S3 Control missing on an S3-compatible server (s3.endpoint)', () => {
    const ENDPOINT = 'http://aws.local:4566';
    const PATH = '/v20180820/configuration/publicAccessBlock';
    const xml = (status: number, code: string, extra = '') =>
      new HttpResponse(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message></Message>${extra}<RequestId>tx0001</RequestId></Error>`,
        { status, headers: { 'Content-Type': 'application/xml' } },
      );
    /** Any host: AWS's `<account>.s3-control.<region>.amazonaws.com` or the endpoint. */
    const answerS3Control = (answer: () => Response) =>
      aws.server.use(
        http.get(
          ({ request }) => new URL(request.url).pathname === PATH,
          answer,
        ),
      );
    // Widened to the engine's signature, as the engine calls it.
    const accountCheckEvaluator: CheckEvaluator =
      accessCheckEvaluators['account-public-access-block'];
    const accountCheck = (snapshot: AccountSnapshot) =>
      accountCheckEvaluator(makeInput({ account: snapshot }), makeSettings());

    it.each([
      [
        'Ceph RGW: NoSuchBucket for the bucket "v20180820"',
        () => xml(404, 'NoSuchBucket', '<BucketName>v20180820</BucketName>'),
      ],
      ['405 without a body', () => new HttpResponse(null, { status: 405 })],
      ['405 MethodNotAllowed', () => xml(405, 'MethodNotAllowed')],
      ['501 NotImplemented', () => xml(501, 'NotImplemented')],
      ['404 without a body', () => new HttpResponse(null, { status: 404 })],
    ])(
      '%s: no account-level settings, and the account check is not applicable',
      async (_server, answer) => {
        answerS3Control(answer);
        const snapshot = await collectAccount(
          testClients({ s3: { endpoint: ENDPOINT, aws: { maxAttempts: 1 } } }),
          PRODUCTION,
        );
        expect(snapshot.publicAccessBlock).toEqual({
          status: 'absent',
          code: 'AccountLevelSettingsUnsupported',
        });
        // The other account parts are read as before.
        expect(snapshot.authorization.status).toBe('ok');
        const verdict = accountCheck(snapshot);
        expect(verdict.status).toBe('not-applicable');
        expect(verdict.reason).toBe(
          'The configured S3 endpoint has no account-level Block Public Access (it does not implement the S3 Control API), so the bucket-level Block Public Access settings decide.',
        );
      },
    );

    it('keeps AccessDenied from the endpoint an error', async () => {
      answerS3Control(() => xml(403, 'AccessDenied'));
      const snapshot = await collectAccount(
        testClients({ s3: { endpoint: ENDPOINT } }),
        PRODUCTION,
      );
      expect(snapshot.publicAccessBlock).toMatchObject({
        status: 'error',
        code: 'AccessDenied',
      });
      const verdict = accountCheck(snapshot);
      expect(verdict.status).toBe('error');
      expect(verdict.reason).toMatch(
        /^Could not read the account's Block Public Access settings \(s3:GetAccountPublicAccessBlock\): AccessDenied/,
      );
    });

    it.each([
      ['AccessDenied', () => xml(403, 'AccessDenied')],
      ['NoSuchBucket', () => xml(404, 'NoSuchBucket')],
      ['NotImplemented', () => xml(501, 'NotImplemented')],
    ])(
      'on AWS itself (no endpoint) %s stays an error',
      async (code, answer) => {
        answerS3Control(answer);
        const snapshot = await collectAccount(
          testClients({ s3: { aws: { maxAttempts: 1 } } }),
          PRODUCTION,
        );
        expect(snapshot.publicAccessBlock).toMatchObject({
          status: 'error',
          code,
        });
        const verdict = accountCheck(snapshot);
        expect(verdict.status).toBe('error');
        expect(verdict.reason).toMatch(
          new RegExp(`s3:GetAccountPublicAccessBlock\\): ${code}`),
        );
      },
    );
  });
});
