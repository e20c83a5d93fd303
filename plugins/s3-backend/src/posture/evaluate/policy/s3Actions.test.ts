import {
  byImportance,
  s3ActionCatalog,
  s3Actions,
  s3BucketPolicyActions,
} from './s3Actions';

describe('s3Actions', () => {
  it('lists every S3 action with its service prefix', () => {
    const all = s3Actions();
    expect(all.length).toBeGreaterThan(100);
    expect(all).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:ListBucket']),
    );
    expect(all.every(action => action.startsWith('s3:'))).toBe(true);
  });

  it.each([
    ['Read', 's3:GetObject', 's3:PutObject'],
    ['List', 's3:ListBucket', 's3:GetObject'],
    ['Write', 's3:DeleteObject', 's3:GetObject'],
    ['Permissions management', 's3:PutBucketPolicy', 's3:PutObject'],
    ['Tagging', 's3:PutObjectTagging', 's3:PutObject'],
  ] as const)(
    'filters the %s level (has %s, not %s)',
    (level, included, excluded) => {
      const actions = s3Actions(level);
      expect(actions).toContain(included);
      expect(actions).not.toContain(excluded);
    },
  );

  it('counts actions with several levels in each of them', () => {
    // IAM lists PutBucketAcl as "Permissions management, Write".
    expect(s3Actions('Write')).toContain('s3:PutBucketAcl');
    expect(s3Actions('Permissions management')).toContain('s3:PutBucketAcl');
  });

  it('reads the data once', () => {
    expect(s3ActionCatalog()).toBe(s3ActionCatalog());
  });
});

describe('s3BucketPolicyActions', () => {
  it('keeps the actions on buckets and objects, with their resource kinds', () => {
    const read = s3BucketPolicyActions('Read');
    expect(
      read.find(info => info.action === 's3:GetObject')?.resourceKinds,
    ).toEqual(['object']);
    expect(
      read.find(info => info.action === 's3:GetBucketAcl')?.resourceKinds,
    ).toEqual(['bucket']);
    // Storage Lens and account-level actions are not a bucket policy's business.
    expect(read.map(info => info.action)).not.toContain(
      's3:GetStorageLensConfiguration',
    );
    expect(
      s3BucketPolicyActions('List').map(info => info.action),
    ).not.toContain('s3:ListAllMyBuckets');
  });

  it('joins several levels', () => {
    const actions = s3BucketPolicyActions('Read', 'List').map(
      info => info.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:ListBucket']),
    );
  });
});

describe('byImportance', () => {
  it('puts the well-known actions first, then the rest alphabetically', () => {
    expect(
      byImportance([
        's3:GetBucketAbac',
        's3:PutObject',
        's3:AbortMultipartUpload',
        's3:GetObject',
      ]),
    ).toEqual([
      's3:GetObject',
      's3:PutObject',
      's3:AbortMultipartUpload',
      's3:GetBucketAbac',
    ]);
  });
});
