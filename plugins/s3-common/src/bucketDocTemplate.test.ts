import { parseBucketDoc } from './bucketDoc';
import { bucketDocToEntity } from './bucketEntity';
import { bucketDocTemplate, guessBucketLifecycle } from './bucketDocTemplate';

const ordersProduction = {
  bucket: 'securecart-orders-production',
  arn: 'arn:aws:s3:::securecart-orders-production',
  accountId: '111122223333',
  region: 'eu-west-1',
  suggestedOwners: ['group:default/team-checkout', 'user:default/dboyne'],
  suggestedService: 'component:default/order-service',
};

function parsed(text: string) {
  const result = parseBucketDoc(text);
  if (result.kind !== 'doc') {
    throw new Error(`expected a doc, got ${JSON.stringify(result)}`);
  }
  return result.doc;
}

describe('bucketDocTemplate', () => {
  it('writes a doc the catalog ingests, pre-filled from AWS and the suggestions', () => {
    const doc = parsed(bucketDocTemplate(ordersProduction));
    expect(doc).toMatchObject({
      name: 'SecurecartOrdersProduction',
      entityName: 'securecart-orders-production',
      arn: 'arn:aws:s3:::securecart-orders-production',
      bucket: 'securecart-orders-production',
      accountId: '111122223333',
      owners: ['group:default/team-checkout', 'user:default/dboyne'],
      service: 'component:default/order-service',
      lifecycle: 'production',
      tags: ['eu-west-1'],
    });
    const entity = bucketDocToEntity(doc);
    expect(entity.spec).toMatchObject({
      owner: 'group:default/team-checkout',
      dependencyOf: ['component:default/order-service'],
      lifecycle: 'production',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'amazonaws.com/account-id': '111122223333',
      's3.backstage.io/bucket-name': 'securecart-orders-production',
    });
  });

  it('round-trips every kind of bucket name S3 allows', () => {
    const buckets = [
      'abc',
      '1e10',
      'true',
      'logs.2024.archive',
      'a-b-c.d',
      'x1y2z3-staging',
      'my.bucket-production',
      `${'a'.repeat(30)}-${'b'.repeat(32)}`,
      '000000000000',
    ];
    for (const bucket of buckets) {
      const doc = parsed(
        bucketDocTemplate({
          bucket,
          arn: `arn:aws:s3:::${bucket}`,
          accountId: '012345678901',
          region: 'us-east-1',
          suggestedOwners: ['group:default/team-a'],
        }),
      );
      expect(doc.bucket).toBe(bucket);
      expect(doc.accountId).toBe('012345678901');
      expect(doc.entityName.length).toBeGreaterThan(0);
      expect(doc.entityName.length).toBeLessThanOrEqual(63);
    }
  });

  it('keeps the partition of the ARN it is given', () => {
    const doc = parsed(
      bucketDocTemplate({
        ...ordersProduction,
        arn: 'arn:aws-cn:s3:::securecart-orders-production',
      }),
    );
    expect(doc.partition).toBe('aws-cn');
  });

  it('leaves obvious placeholders, which the catalog refuses, when nothing is suggested', () => {
    const text = bucketDocTemplate({
      bucket: 'legacy-uploads',
      arn: 'arn:aws:s3:::legacy-uploads',
      accountId: '444455556666',
      region: 'us-east-1',
    });
    expect(text).toContain('  - <owning-team>');
    expect(text).toMatch(/# TODO: the team that owns the bucket/);
    expect(text).toMatch(/# TODO: the component that uses the bucket/);
    expect(text).toMatch(/# TODO: production, staging or experimental/);
    expect(parseBucketDoc(text)).toEqual({
      kind: 'invalid',
      errors: [
        expect.objectContaining({
          field: 'owners[0]',
          message: expect.stringContaining('<owning-team>'),
        }),
      ],
    });

    // Naming the owner is all it takes: every other placeholder is a comment.
    const doc = parsed(text.replace('  - <owning-team>', '  - team-uploads'));
    expect(doc.owners).toEqual(['team-uploads']);
    expect(doc.service).toBeUndefined();
    expect(doc.lifecycle).toBeUndefined();
    expect(doc.body).toContain('TODO: what `legacy-uploads` stores');
  });

  it('asks for the account when it is unknown, and skips a region that is not a valid tag', () => {
    const text = bucketDocTemplate({
      bucket: 'rgw-bucket',
      region: 'Default_Zone',
      suggestedOwners: ['group:default/team-a'],
    });
    expect(text).toContain(
      "Account: '' # TODO: the bucket's 12-digit AWS account id",
    );
    const doc = parsed(text);
    expect(doc.arn).toBe('arn:aws:s3:::rgw-bucket');
    expect(doc.accountId).toBeUndefined();
    expect(doc.tags).toBeUndefined();
  });
});

describe('guessBucketLifecycle', () => {
  it('reads a -production or -staging suffix, nothing else', () => {
    expect(guessBucketLifecycle('securecart-orders-production')).toBe(
      'production',
    );
    expect(guessBucketLifecycle('securecart-orders-staging')).toBe('staging');
    expect(guessBucketLifecycle('production-orders')).toBeUndefined();
    expect(guessBucketLifecycle('securecart-orders-prod')).toBeUndefined();
  });
});
