import s3Plugin, { isS3BucketEntity } from '.';

describe('s3 frontend plugin', () => {
  it('is the plugin with id s3', () => {
    expect(s3Plugin.id).toBe('s3');
  });

  it('recognises bucket entities from the catalog module', () => {
    expect(
      isS3BucketEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'users-bucket' },
        spec: { type: 's3-bucket', owner: 'group:default/team-a' },
      }),
    ).toBe(true);
    expect(
      isS3BucketEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'orders-db' },
        spec: { type: 'database', owner: 'group:default/team-a' },
      }),
    ).toBe(false);
  });
});
