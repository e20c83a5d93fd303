import {
  PRODUCTION,
  STAGING,
  testClients,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { BucketLocateError, BucketLocator } from './locate';

const USERS_BUCKET =
  'textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39';

async function locateError(
  promise: Promise<unknown>,
): Promise<BucketLocateError> {
  try {
    await promise;
  } catch (e) {
    return e as BucketLocateError;
  }
  throw new Error('expected locate to fail');
}

describe('BucketLocator (real SDK against the simulator)', () => {
  const aws = useSimulatedAws();

  it("takes the account from the doc and the region from the account's ListBuckets, one listing for all its buckets", async () => {
    const locator = new BucketLocator(testClients());
    await expect(
      locator.locate('securecart-orders-production', PRODUCTION),
    ).resolves.toEqual({
      accountId: PRODUCTION,
      region: 'eu-north-1',
    });
    await locator.locate('securecart-invoices-production', PRODUCTION);
    expect(aws.stats.byOperation).toEqual({ 's3:ListBuckets': 1 });
  });

  it('takes the region from GetBucketLocation when the account may not list its buckets', async () => {
    aws.setKnobs({
      accessDenied: [{ operation: 's3:ListBuckets', account: PRODUCTION }],
    });
    const locator = new BucketLocator(testClients());
    await expect(
      locator.locate('securecart-orders-production', PRODUCTION),
    ).resolves.toEqual({
      accountId: PRODUCTION,
      region: 'eu-north-1',
    });
    expect(aws.stats.byOperation).toMatchObject({ 's3:GetBucketLocation': 1 });
  });

  it('finds the account of a bucket whose doc names none, by listing the accounts', async () => {
    const locator = new BucketLocator(testClients());
    await expect(locator.locate(USERS_BUCKET)).resolves.toEqual({
      accountId: PRODUCTION,
      region: 'us-west-2',
    });
    await expect(locator.locate('marketing-assets-2019')).resolves.toEqual({
      accountId: STAGING,
      region: 'us-east-1',
    });
    // One listing per account, shared by both searches.
    expect(aws.stats.byOperation['s3:ListBuckets']).toBe(2);
  });

  it('maps the legacy GetBucketLocation answers: empty is us-east-1, EU is eu-west-1', async () => {
    const locator = new BucketLocator(testClients());
    await expect(
      locator.regionOf('marketing-assets-2019', STAGING),
    ).resolves.toBe('us-east-1');
    await expect(
      locator.regionOf(
        'securecart-transaction-logs-replica-production',
        PRODUCTION,
      ),
    ).resolves.toBe('eu-west-1');
    await expect(
      locator.regionOf('marketing-assets-2019', STAGING),
    ).resolves.toBe('us-east-1');
    expect(aws.stats.byOperation['s3:GetBucketLocation']).toBe(2);
  });

  it('finds the real account when the doc names the wrong one', async () => {
    const locator = new BucketLocator(testClients());
    await expect(
      locator.locate('securecart-orders-staging', PRODUCTION),
    ).resolves.toEqual({
      accountId: STAGING,
      region: 'eu-north-1',
    });
  });

  it('falls back to HeadBucket where ListBuckets is denied', async () => {
    aws.setKnobs({ accessDenied: ['s3:ListBuckets'] });
    const locator = new BucketLocator(testClients());
    await expect(
      locator.locate('securecart-analytics-exports-staging'),
    ).resolves.toEqual({
      accountId: STAGING,
      region: 'eu-north-1',
    });
    expect(aws.stats.byOperation['s3:HeadBucket']).toBeGreaterThanOrEqual(2);
  });

  it('reports a deleted bucket as NoSuchBucket, with or without an account', async () => {
    const locator = new BucketLocator(testClients());
    const withAccount = await locateError(
      locator.locate('securecart-deleted-production', PRODUCTION),
    );
    expect(withAccount).toBeInstanceOf(BucketLocateError);
    expect(withAccount).toMatchObject({
      code: 'NoSuchBucket',
      name: 'NoSuchBucket',
      message: 'Bucket securecart-deleted-production does not exist',
    });
    const withoutAccount = await locateError(
      locator.locate('securecart-deleted-production'),
    );
    expect(withoutAccount).toMatchObject({ code: 'NoSuchBucket' });
  });

  it('says so when the bucket exists but in no configured account', async () => {
    const clients = testClients({
      aws: {
        accounts: [
          {
            accountId: STAGING,
            accessKeyId: 'AKIASECURECARTSTAG01',
            secretAccessKey: 'simulated',
          },
        ],
      },
    });
    const error = await locateError(
      new BucketLocator(clients).locate('securecart-orders-production'),
    );
    expect(error).toMatchObject({
      code: 'BucketNotInConfiguredAccounts',
      message: `Bucket securecart-orders-production is not in any configured AWS account (searched: ${STAGING})`,
    });
  });

  it('finds a bucket created since its account was listed, listing again at most every 30 s', async () => {
    let now = 0;
    const listings = () => aws.stats.byOperation['s3:ListBuckets'] ?? 0;
    const locator = new BucketLocator(testClients(), { now: () => now });
    aws.setKnobs({ deletedBuckets: [USERS_BUCKET] });
    expect(await locateError(locator.locate(USERS_BUCKET))).toMatchObject({
      code: 'NoSuchBucket',
    });
    expect(listings()).toBe(2);
    // Created (again) a second later: the listings cached a second ago do not name it yet.
    now = 1000;
    aws.setKnobs({ deletedBuckets: [] });
    await expect(locator.locate(USERS_BUCKET)).resolves.toEqual({
      accountId: PRODUCTION,
      region: 'us-west-2',
    });
    expect(listings()).toBe(4);

    // A bucket that really is in no configured account does not list them every time.
    const staging = new BucketLocator(
      testClients({
        aws: {
          accounts: [
            {
              accountId: STAGING,
              accessKeyId: 'AKIASECURECARTSTAG01',
              secretAccessKey: 'simulated',
            },
          ],
        },
      }),
      { now: () => now },
    );
    const elsewhere = async () =>
      (await locateError(staging.locate('securecart-orders-production'))).code;
    const before = listings();
    expect(await elsewhere()).toBe('BucketNotInConfiguredAccounts');
    expect(listings() - before).toBe(1);
    now = 10_000; // listed before this search: listed again, once
    expect(await elsewhere()).toBe('BucketNotInConfiguredAccounts');
    expect(listings() - before).toBe(2);
    now = 20_000; // listed again 10 s ago: not again
    expect(await elsewhere()).toBe('BucketNotInConfiguredAccounts');
    expect(listings() - before).toBe(2);
    now = 40_000;
    expect(await elsewhere()).toBe('BucketNotInConfiguredAccounts');
    expect(listings() - before).toBe(3);
  });

  it('searches the main account too, found with STS GetCallerIdentity', async () => {
    const clients = testClients({
      aws: {
        mainAccount: {
          accessKeyId: 'AKIASECURECARTSTAG01',
          secretAccessKey: 'simulated',
        },
        accounts: [],
      },
    });
    await expect(
      new BucketLocator(clients).locate('marketing-assets-2019'),
    ).resolves.toEqual({
      accountId: STAGING,
      region: 'us-east-1',
    });
    expect(aws.stats.byOperation['sts:GetCallerIdentity']).toBe(1);
  });

  it('reports AccessDenied when the named account may not be read and no other has it', async () => {
    aws.setKnobs({
      accessDenied: [
        { operation: 's3:GetBucketLocation', account: PRODUCTION },
        { operation: 's3:ListBuckets', account: PRODUCTION },
        { operation: 's3:ListBuckets', account: STAGING },
        { operation: 's3:HeadBucket', account: STAGING },
      ],
    });
    const error = await locateError(
      new BucketLocator(testClients()).locate(
        'securecart-invoices-production',
        PRODUCTION,
      ),
    );
    expect(error.code).toBe('AccessDenied');
    expect(error.message).toContain('the account its doc names');
  });

  it('rejects an invalid bucket name without calling AWS', async () => {
    const error = await locateError(
      new BucketLocator(testClients()).locate('Bad_Name'),
    );
    expect(error.code).toBe('InvalidBucketName');
    expect(aws.stats.total).toBe(0);
  });

  it('lists again once the listing is older than its time to live', async () => {
    let now = 0;
    const locator = new BucketLocator(testClients(), {
      listingTtlMs: 1000,
      now: () => now,
    });
    await locator.locate(USERS_BUCKET);
    now = 500;
    await locator.locate('securecart-backups-production');
    expect(aws.stats.byOperation['s3:ListBuckets']).toBe(2);
    now = 1500;
    await locator.locate('securecart-access-logs-production');
    expect(aws.stats.byOperation['s3:ListBuckets']).toBe(4);
  });
});
