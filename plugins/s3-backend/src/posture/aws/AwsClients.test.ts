import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsClients } from './AwsClients';

const logger = mockServices.logger.mock();

function staticCredentials(): AwsCredentialsManager & {
  asked: Array<string | undefined>;
} {
  const asked: Array<string | undefined> = [];
  return {
    asked,
    getCredentialProvider: async opts => {
      asked.push(opts?.accountId);
      return {
        accountId: opts?.accountId,
        sdkCredentialProvider: async () => ({
          accessKeyId: `AKIA${opts?.accountId ?? 'MAIN'}`,
          secretAccessKey: 'simulated',
        }),
      };
    },
  };
}

function clientsWith(settings = {}, configured = ['111122223333']) {
  const credentials = staticCredentials();
  const clients = new AwsClients({
    credentials,
    accounts: { configured, anyAccount: false, mainAccount: false },
    settings,
    logger,
  });
  return { clients, credentials };
}

describe('AwsClients', () => {
  it('creates each client once per account and region', () => {
    const { clients } = clientsWith();
    expect(clients.s3('111122223333', 'eu-north-1')).toBe(
      clients.s3('111122223333', 'eu-north-1'),
    );
    expect(clients.s3('111122223333', 'eu-west-1')).not.toBe(
      clients.s3('111122223333', 'eu-north-1'),
    );
    expect(clients.iam('111122223333')).toBe(clients.iam('111122223333'));
    expect(clients.s3Control('111122223333')).toBe(
      clients.s3Control('111122223333'),
    );
    clients.forgetS3('111122223333', 'eu-west-1');
    expect(clients.s3('111122223333', 'eu-west-1')).toBe(
      clients.s3('111122223333', 'eu-west-1'),
    );
  });

  it('configures adaptive retries, attempts, timeouts and region redirects', async () => {
    const { clients } = clientsWith({ maxAttempts: 4, requestTimeoutMs: 1234 });
    const s3 = clients.s3('111122223333', 'eu-north-1');
    expect(await s3.config.region()).toBe('eu-north-1');
    expect(await s3.config.maxAttempts()).toBe(4);
    expect(((await s3.config.retryStrategy()) as { mode?: string }).mode).toBe(
      'adaptive',
    );
    expect(s3.config.followRegionRedirects).toBe(true);
    expect(s3.config.forcePathStyle).toBe(false);
    expect(await clients.iam('111122223333').config.region()).toBe('us-east-1');
  });

  it('applies the endpoint override to S3, S3 Control, IAM and STS', async () => {
    const { clients } = clientsWith({
      endpoint: 'http://localhost:4566',
      forcePathStyle: true,
    });
    const s3 = clients.s3('111122223333', 'eu-north-1');
    expect(s3.config.forcePathStyle).toBe(true);
    const s3Endpoint = await s3.config.endpoint!();
    expect(s3Endpoint.hostname).toBe('localhost');
    expect(s3Endpoint.port).toBe(4566);
    const iamEndpoint = await clients.iam('111122223333').config.endpoint!();
    expect(iamEndpoint.hostname).toBe('localhost');
    const stsEndpoint = await clients.sts('111122223333').config.endpoint!();
    expect(stsEndpoint.port).toBe(4566);
    const control = clients.s3Control('111122223333');
    expect(control.config.disableHostPrefix).toBe(true);
    // The pinned endpoint ignores the account id S3 Control's rules would put in the host.
    const resolved = control.config.endpointProvider({
      AccountId: '111122223333',
    } as never);
    expect(resolved.url.href).toBe('http://localhost:4566/');
  });

  it('asks for credentials by account id, once per account', async () => {
    const { clients, credentials } = clientsWith();
    const s3 = clients.s3('111122223333', 'eu-north-1');
    const iam = clients.iam('111122223333');
    const [a, b] = await Promise.all([
      s3.config.credentials(),
      iam.config.credentials(),
    ]);
    expect(a.accessKeyId).toBe('AKIA111122223333');
    expect(b.accessKeyId).toBe('AKIA111122223333');
    expect(credentials.asked).toEqual(['111122223333']);
  });

  it('refuses an account without credentials, without asking the manager', async () => {
    const { clients, credentials } = clientsWith();
    await expect(
      clients.s3('999988887777', 'eu-north-1').config.credentials(),
    ).rejects.toMatchObject({ name: 'AccountNotConfigured' });
    expect(credentials.asked).toEqual([]);
  });

  it('keeps calls within the global and the per-account limits', async () => {
    const { clients } = clientsWith({ concurrency: 3, accountConcurrency: 2 });
    const inFlight: Record<string, number> = { all: 0 };
    const peak: Record<string, number> = { all: 0 };
    const task = (account: string) =>
      clients.call(account, async () => {
        inFlight.all++;
        inFlight[account] = (inFlight[account] ?? 0) + 1;
        peak.all = Math.max(peak.all, inFlight.all);
        peak[account] = Math.max(peak[account] ?? 0, inFlight[account]);
        await new Promise(resolve => setTimeout(resolve, 5));
        inFlight.all--;
        inFlight[account]--;
      });
    await Promise.all([
      ...Array.from({ length: 10 }, () => task('111122223333')),
      ...Array.from({ length: 10 }, () => task('444455556666')),
    ]);
    expect(peak).toEqual({ all: 3, '111122223333': 2, '444455556666': 2 });
  });

  it('reads the standard aws.* config', async () => {
    const clients = AwsClients.fromConfig(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: '111122223333',
              accessKeyId: 'AKIASECURECARTPROD01',
              secretAccessKey: 's',
            },
          ],
        },
        s3: { aws: { concurrency: 7 } },
      }),
      { logger },
    );
    expect(clients.settings.concurrency).toBe(7);
    await expect(clients.searchableAccountIds()).resolves.toEqual([
      '111122223333',
    ]);
    const identity = await clients
      .s3('111122223333', 'eu-north-1')
      .config.credentials();
    expect(identity.accessKeyId).toBe('AKIASECURECARTPROD01');
  });

  it('retries a failed lookup of the main account on later use, with a doubling wait', async () => {
    let failures = 2;
    let lookups = 0;
    const credentials: AwsCredentialsManager = {
      getCredentialProvider: async opts => {
        if (!opts?.accountId) {
          lookups++;
          if (failures-- > 0) throw new Error('STS is having a moment');
        }
        return {
          accountId: opts?.accountId ?? '444455556666',
          sdkCredentialProvider: async () => ({
            accessKeyId: 'AKIAMAIN',
            secretAccessKey: 'simulated',
          }),
        };
      },
    };
    let now = 1_000_000;
    const clients = new AwsClients({
      credentials,
      accounts: {
        configured: ['111122223333'],
        anyAccount: false,
        mainAccount: true,
      },
      logger,
      now: () => now,
    });
    // The first lookup fails: the main account is not searched ...
    expect(await clients.searchableAccountIds()).toEqual(['111122223333']);
    expect(lookups).toBe(1);
    // ... nor asked for again before the wait (5 s) is over.
    now += 4_000;
    expect(await clients.searchableAccountIds()).toEqual(['111122223333']);
    expect(lookups).toBe(1);
    // After it, one more try, which fails too: the next wait is 10 s.
    now += 1_000;
    expect(await clients.searchableAccountIds()).toEqual(['111122223333']);
    expect(lookups).toBe(2);
    now += 9_000;
    await clients.searchableAccountIds();
    expect(lookups).toBe(2);
    // Then the lookup succeeds, and is kept.
    now += 1_000;
    expect(await clients.searchableAccountIds()).toEqual([
      '111122223333',
      '444455556666',
    ]);
    now += 3_600_000;
    expect(await clients.searchableAccountIds()).toContain('444455556666');
    expect(lookups).toBe(3);
  });
});
