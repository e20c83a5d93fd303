import * as legacy from '.';

describe('legacy frontend system exports', () => {
  it('exports the s3 plugin, its extensions, API and conditions', () => {
    expect(legacy.s3Plugin.getId()).toBe('s3');
    expect([...legacy.s3Plugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.s3.api',
    ]);
    expect(legacy.s3Plugin.routes.root).toBe(legacy.s3BucketsRouteRef);
    expect(legacy.s3Plugin.externalRoutes.browseBuckets).toMatchObject({
      optional: true,
    });
    expect(typeof legacy.S3BucketsPage).toBe('function');
    expect(typeof legacy.EntityS3PostureCard).toBe('function');
    expect(typeof legacy.EntityS3BucketContent).toBe('function');
    expect(legacy.s3ApiRef.id).toBe('plugin.s3.api');
    expect(typeof legacy.S3PostureClient).toBe('function');
  });

  it.each([
    ['Component', undefined, true],
    ['component', undefined, true],
    ['System', undefined, true],
    ['Group', undefined, true],
    ['User', undefined, true],
    ['Resource', 's3-bucket', false],
    ['API', 'openapi', false],
  ])('hasS3Buckets(%s) is %s', (kind, type, expected) => {
    expect(
      legacy.hasS3Buckets({
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata: { name: 'x' },
        spec: type ? { type } : {},
      }),
    ).toBe(expected);
  });

  it('recognises bucket entities from the catalog module', () => {
    expect(
      legacy.isS3BucketEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'users-bucket' },
        spec: { type: 's3-bucket', owner: 'group:default/team-a' },
      }),
    ).toBe(true);
    expect(
      legacy.isS3BucketEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'orders-db' },
        spec: { type: 'database', owner: 'group:default/team-a' },
      }),
    ).toBe(false);
  });
});
