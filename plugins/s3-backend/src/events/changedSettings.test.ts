import { BUCKET_WRITE_EVENTS } from './envelope';
import { settingsChangedBy } from './changedSettings';

describe('settingsChangedBy', () => {
  it('names what each bucket write can change; a burst reads the union', () => {
    expect(settingsChangedBy(['PutBucketVersioning'])).toEqual(['versioning']);
    expect(settingsChangedBy(['PutBucketPolicy', 'PutBucketAcl'])).toEqual([
      'policy',
      'policyStatus',
      'acl',
    ]);
    expect(
      settingsChangedBy(['PutObjectLockConfiguration', 'PutBucketVersioning']),
    ).toEqual(['objectLock', 'versioning']);
  });

  it('reads the whole bucket after CreateBucket, DeleteBucket or a call it does not know', () => {
    expect(settingsChangedBy(['CreateBucket'])).toBeUndefined();
    expect(settingsChangedBy(['PutBucketAcl', 'DeleteBucket'])).toBeUndefined();
    expect(settingsChangedBy(['PutBucketWebsite'])).toBeUndefined();
    expect(settingsChangedBy(['toString'])).toBeUndefined();
  });

  it('maps every listed bucket write but CreateBucket and DeleteBucket, to at most 2 reads', () => {
    const counts = BUCKET_WRITE_EVENTS.map(
      name => [name, settingsChangedBy([name])?.length] as const,
    );
    expect(counts.filter(([, n]) => n === undefined)).toEqual([
      ['CreateBucket', undefined],
      ['DeleteBucket', undefined],
    ]);
    expect(
      counts.filter(([, n]) => n !== undefined && (n < 1 || n > 2)),
    ).toEqual([]);
  });
});
