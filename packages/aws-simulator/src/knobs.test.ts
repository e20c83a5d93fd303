import { STAGING, simulator } from './testUtils';

const BUCKET = 'securecart-orders-production';

describe('knobs', () => {
  it('denies chosen operations, optionally for one bucket only', async () => {
    const { s3, setKnobs } = simulator({
      accessDenied: [{ operation: 'GetBucketPolicy', bucket: BUCKET }],
    });
    expect((await s3(`/${BUCKET}?policy`)).status).toBe(403);
    expect((await s3(`/${BUCKET}?acl`)).status).toBe(200);
    expect((await s3('/securecart-invoices-production?policy')).status).toBe(
      200,
    );

    setKnobs({ accessDenied: ['iam:GetAccountAuthorizationDetails'] });
    expect((await s3(`/${BUCKET}?policy`)).status).toBe(200);
  });

  it("denies one account's ListBuckets, leaving the other account and its buckets alone", async () => {
    const { s3 } = simulator({
      accessDenied: [
        { operation: 's3:ListBuckets', account: STAGING.accountId },
      ],
    });
    const denied = await s3('/', { accessKeyId: STAGING.accessKeyId });
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('<Code>AccessDenied</Code>');
    const staging = await s3('/securecart-orders-staging?acl', {
      accessKeyId: STAGING.accessKeyId,
    });
    expect(staging.status).toBe(200);
    const production = await s3('/');
    expect(production.status).toBe(200);
    expect(await production.text()).toContain(`<Name>${BUCKET}</Name>`);
  });

  it('answers IAM AccessDenied in the Query error envelope', async () => {
    const { query } = simulator({
      accessDenied: ['GetAccountAuthorizationDetails'],
    });
    const response = await query('iam', {
      Action: 'GetAccountAuthorizationDetails',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(
      /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: arn:aws:iam::111122223333:user\/backstage-posture-reader is not authorized to perform: iam:GetAccountAuthorizationDetails/,
    );
  });

  it('throttles with 503 SlowDown and fails with 500 InternalError at the chosen rates', async () => {
    const { s3, setKnobs, stats } = simulator({ throttleRate: 1 });
    const throttled = await s3(`/${BUCKET}?acl`);
    expect(throttled.status).toBe(503);
    expect(await throttled.text()).toContain('<Code>SlowDown</Code>');

    setKnobs({ throttleRate: 0, serverErrorRate: 1 });
    const failed = await s3(`/${BUCKET}?acl`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toContain('<Code>InternalError</Code>');
    expect(stats.errors).toEqual({ SlowDown: 1, InternalError: 1 });
  });

  it('throttles IAM with the Query API code', async () => {
    const { query } = simulator({ throttleRate: 1 });
    const response = await query('iam', { Action: 'GenerateCredentialReport' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      '<Code>Throttling</Code><Message>Rate exceeded</Message>',
    );
  });

  it('draws the same faults from the same seed', async () => {
    const statuses = async (seed: number) => {
      const { s3 } = simulator({
        throttleRate: 0.3,
        serverErrorRate: 0.2,
        seed,
      });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) {
        out.push((await s3(`/${BUCKET}?acl`)).status);
      }
      return out;
    };
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(await statuses(8)).not.toEqual(first);
    expect(first).toEqual(expect.arrayContaining([200, 503, 500]));
  });

  it('fails the next matching requests as scripted', async () => {
    const { s3 } = simulator({
      failNext: [
        { operation: 's3:GetBucketCors', fault: 'Throttling', times: 2 },
      ],
    });
    expect((await s3(`/${BUCKET}?acl`)).status).toBe(200);
    expect(
      (await s3('/securecart-product-images-production?cors')).status,
    ).toBe(503);
    expect(
      (await s3('/securecart-product-images-production?cors')).status,
    ).toBe(503);
    expect(
      (await s3('/securecart-product-images-production?cors')).status,
    ).toBe(200);
  });

  it('delays every response by the configured latency', async () => {
    const { s3 } = simulator({ latencyMs: 60 });
    const start = Date.now();
    await Promise.all([s3(`/${BUCKET}?acl`), s3(`/${BUCKET}?cors`)]);
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(55);
    expect(elapsed).toBeLessThan(1000);
  });

  it('counts requests per operation, bucket and account', async () => {
    const { s3, stats } = simulator();
    await s3(`/${BUCKET}?acl`);
    await s3(`/${BUCKET}?acl`);
    await s3(`/${BUCKET}?policy`);
    expect(stats.byOperation).toEqual({
      's3:GetBucketAcl': 2,
      's3:GetBucketPolicy': 1,
    });
    expect(stats.byBucket[BUCKET]).toEqual({
      's3:GetBucketAcl': 2,
      's3:GetBucketPolicy': 1,
    });
    expect(stats.bucketTotal(BUCKET)).toBe(3);
    expect(stats.byAccount['111122223333']['s3:GetBucketAcl']).toBe(2);
    expect(stats.total).toBe(3);
    stats.reset();
    expect(stats.total).toBe(0);
  });
});
