import { PRODUCTION, simulator } from './testUtils';

const BUCKET = 'securecart-orders-production';

describe('fault knobs for the reliability tests', () => {
  it('delays only the slow operations, optionally of one bucket', async () => {
    const { s3 } = simulator({
      slowOperations: [
        { operation: 'GetBucketLogging', bucket: BUCKET, latencyMs: 300 },
      ],
    });
    const order: string[] = [];
    const track = (name: string, response: Promise<Response>) =>
      response.then(r => order.push(`${name}:${r.status}`));
    // The slow call is sent first and still answers last.
    await Promise.all([
      track('logging', s3(`/${BUCKET}?logging`)),
      track('acl', s3(`/${BUCKET}?acl`)),
      track('other', s3('/securecart-invoices-production?logging')),
    ]);
    expect(order).toHaveLength(3);
    expect(order[2]).toBe('logging:200');
  });

  it('answers NoSuchBucket for a deleted bucket and leaves it out of ListBuckets', async () => {
    const { s3, setKnobs } = simulator();
    const names = async () =>
      [...(await (await s3('/')).text()).matchAll(/<Name>([^<]+)<\/Name>/g)]
        .map(m => m[1])
        .filter(n => n === BUCKET);
    expect(await names()).toEqual([BUCKET]);

    setKnobs({ deletedBuckets: [BUCKET] });
    const acl = await s3(`/${BUCKET}?acl`);
    expect(acl.status).toBe(404);
    expect(await acl.text()).toContain('<Code>NoSuchBucket</Code>');
    expect((await s3(`/${BUCKET}?location`)).status).toBe(404);
    expect((await s3(`/${BUCKET}`, { method: 'HEAD' })).status).toBe(404);
    expect(await names()).toEqual([]);
    expect((await s3('/securecart-invoices-production?acl')).status).toBe(200);

    setKnobs({ deletedBuckets: [] });
    expect((await s3(`/${BUCKET}?acl`)).status).toBe(200);
  });

  it('hands out role sessions of the configured lifetime', async () => {
    const { query } = simulator({ sessionDurationSeconds: 60 });
    const before = Date.now();
    const response = await query('sts', {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::444455556666:role/backstage-s3-posture',
      RoleSessionName: 'backstage',
      ExternalId: 'securecart-backstage',
      DurationSeconds: '3600',
    });
    expect(response.status).toBe(200);
    const expiration = Date.parse(
      /<Expiration>([^<]+)<\/Expiration>/.exec(await response.text())![1],
    );
    expect(expiration - before).toBeGreaterThanOrEqual(59_000);
    expect(expiration - before).toBeLessThanOrEqual(61_000);
  });

  it('denies AssumeRole through the accessDenied knob', async () => {
    const { query } = simulator({ accessDenied: ['sts:AssumeRole'] });
    const response = await query(
      'sts',
      {
        Action: 'AssumeRole',
        RoleArn: 'arn:aws:iam::444455556666:role/backstage-s3-posture',
        RoleSessionName: 'backstage',
        ExternalId: 'securecart-backstage',
      },
      PRODUCTION.accessKeyId,
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });
});
