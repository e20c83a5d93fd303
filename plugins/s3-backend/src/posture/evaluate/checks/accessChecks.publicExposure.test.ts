/*
 * no-public-read and no-public-write (access): S3's definition of public for the bucket
 * policy, public ACL grants, and Block Public Access as S3 applies it.
 */
import {
  ACLS_ENABLED,
  ALL_BLOCK_PUBLIC_ACCESS_OFF,
  ALL_BLOCK_PUBLIC_ACCESS_ON,
  ALL_USERS,
  AUTHENTICATED_USERS,
  BPA_OFF,
  BUCKET_ARN,
  OBJECTS_ARN,
  OTHER_ACCOUNT_ID,
  SAFE_POLICY_STATEMENTS,
  absent,
  aclWith,
  callFailed,
  evaluate,
  inputWithPolicy,
  makeInput,
  ok,
  publicRead,
  publicWrite,
  withBpaOff,
} from './testInput';

/** The example policy of the "Protecting Amazon S3 Data" guidance (seeds/001). */
const GUIDANCE_SSE_KMS_EXAMPLE = {
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS_ARN,
  Condition: {
    StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
  },
};

describe('no-public-read', () => {
  it('passes a private bucket and shows the effective Block Public Access', () => {
    const verdict = evaluate('no-public-read', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /Neither the bucket policy nor the ACL grants public read/,
    );
    expect(verdict.evidence).toMatchObject({
      effectiveBlockPublicAccess: {
        restrictPublicBuckets: { effective: true, bucket: true, account: true },
        ignorePublicAcls: { effective: true, bucket: true, account: true },
      },
      bucketPolicy: 'present',
      objectOwnership: 'BucketOwnerEnforced',
      awsPolicyStatus: { isPublic: false },
    });
  });

  it('passes a bucket without a bucket policy', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({ bucketPolicy: 'none' });
  });

  it('fails a policy that lets anyone GetObject, naming the statement', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([publicRead], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Anyone can read this bucket: the bucket policy is public: statement PublicRead allows s3:GetObject to anyone/,
    );
    expect(verdict.evidence).toMatchObject({
      publicStatements: [
        {
          statement: 'PublicRead',
          grantee: 'anyone',
          actions: ['s3:GetObject'],
        },
      ],
      effectiveBlockPublicAccess: {
        restrictPublicBuckets: { effective: false },
      },
    });
  });

  it('treats {"AWS": "*"} like "*"', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([{ ...publicRead, Principal: { AWS: '*' } }], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
  });

  it('fails public listing too', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            Sid: 'PublicList',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:ListBucket',
            Resource: BUCKET_ARN,
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      publicStatements: [
        expect.objectContaining({ actions: ['s3:ListBucket'] }),
      ],
    });
  });

  it('fails the guidance example: its encryption condition is a header any caller can send', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([GUIDANCE_SSE_KMS_EXAMPLE], {
        ...BPA_OFF,
        bucket: {
          ...BPA_OFF.bucket,
          policyStatus: ok({ isPublic: true }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/statement #0 allows s3:GetObject/);
    expect(verdict.evidence).toMatchObject({
      publicStatements: [expect.objectContaining({ statement: '#0' })],
      awsPolicyStatus: { isPublic: true },
    });
  });

  it.each([
    ['a VPC endpoint', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }],
    [
      'a list of VPC endpoints',
      { StringEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d', 'vpce-5e6f'] } },
    ],
    ['one address (/32)', { IpAddress: { 'aws:SourceIp': '203.0.113.7/32' } }],
    [
      'a list of narrow ranges',
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/48'] } },
    ],
    [
      'an organization',
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    ],
  ])('passes Principal "*" restricted to %s', (_, condition) => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([{ ...publicRead, Condition: condition }], BPA_OFF),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).not.toHaveProperty('publicStatements');
    expect(verdict.evidence).toMatchObject({
      limitedStatements: [expect.objectContaining({ statement: 'PublicRead' })],
    });
  });

  // "The meaning of public": aws:SourceIp values broader than /8 (IPv4) or /32 (IPv6)
  // are public, RFC 1918 private ranges excepted.
  it.each([['10.0.0.0/8'], ['3.0.0.0/8'], ['fd00::/8'], ['2001:db8::/32']])(
    'passes Principal "*" limited to aws:SourceIp %s (not broader than AWS\'s limit, or private)',
    block => {
      const verdict = evaluate(
        'no-public-read',
        inputWithPolicy(
          [
            {
              ...publicRead,
              Condition: { IpAddress: { 'aws:SourceIp': block } },
            },
          ],
          BPA_OFF,
        ),
      );
      expect(verdict.status).toBe('pass');
    },
  );

  it('fails when one value of a list is broader than /8', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            ...publicRead,
            Condition: {
              IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '12.0.0.0/7'] },
            },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('fail');
  });

  it('fails an Allow with NotPrincipal: everyone but the named account is allowed', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            Sid: 'AllButOne',
            Effect: 'Allow',
            NotPrincipal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` },
            Action: 's3:GetObject',
            Resource: OBJECTS_ARN,
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      publicStatements: [expect.objectContaining({ statement: 'AllButOne' })],
    });
  });

  it('passes when a Deny outside the VPC endpoint overrides the public Allow', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          publicRead,
          {
            Sid: 'DenyOutsideVpce',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [BUCKET_ARN, OBJECTS_ARN],
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' },
            },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('pass');
  });

  it('still fails when the only Deny is one the caller avoids by using HTTPS', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([publicRead, ...SAFE_POLICY_STATEMENTS], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
  });

  it.each([
    [
      'the bucket',
      {
        bucket: {
          publicAccessBlock: ok({
            ...ALL_BLOCK_PUBLIC_ACCESS_OFF,
            restrictPublicBuckets: true,
          }),
        },
      },
    ],
    [
      'the account',
      {
        account: {
          publicAccessBlock: ok({
            ...ALL_BLOCK_PUBLIC_ACCESS_OFF,
            restrictPublicBuckets: true,
          }),
        },
      },
    ],
  ])(
    'passes a public policy neutralised by RestrictPublicBuckets on %s',
    (_, level) => {
      const verdict = evaluate(
        'no-public-read',
        inputWithPolicy([publicRead], withBpaOff(level)),
      );
      expect(verdict.status).toBe('pass');
      expect(verdict.reason).toMatch(
        /would be public \(statement PublicRead\), but RestrictPublicBuckets neutralises it/,
      );
      expect(verdict.evidence).toMatchObject({
        publicStatements: [
          expect.objectContaining({ statement: 'PublicRead' }),
        ],
        effectiveBlockPublicAccess: {
          restrictPublicBuckets: { effective: true },
        },
      });
    },
  );

  it('fails an ACL that grants READ to Everyone', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            acl: aclWith(ALL_USERS, 'READ'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /the ACL grants READ to AllUsers \(Everyone\)/,
    );
    expect(verdict.evidence).toMatchObject({
      publicGrants: [{ grantee: 'AllUsers (Everyone)', permission: 'READ' }],
      objectOwnership: 'ObjectWriter',
    });
  });

  it('fails an ACL that grants FULL_CONTROL to any AWS user', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            acl: aclWith(AUTHENTICATED_USERS, 'FULL_CONTROL'),
            ownershipControls: absent('OwnershipControlsNotFoundError'),
          },
        }),
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/FULL_CONTROL to AuthenticatedUsers/);
  });

  // "The meaning of public": an ACL is public if it grants any permission to AllUsers
  // or AuthenticatedUsers. READ_ACP lets anyone read the ACL itself.
  it('fails an ACL that grants only READ_ACP to Everyone', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            acl: aclWith(ALL_USERS, 'READ_ACP'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/READ_ACP to AllUsers/);
  });

  it.each([
    [
      'bucket',
      {
        bucket: {
          publicAccessBlock: ok({
            ...ALL_BLOCK_PUBLIC_ACCESS_OFF,
            ignorePublicAcls: true,
          }),
        },
      },
    ],
    [
      'account',
      {
        account: {
          publicAccessBlock: ok({
            ...ALL_BLOCK_PUBLIC_ACCESS_OFF,
            ignorePublicAcls: true,
          }),
        },
      },
    ],
  ])(
    'passes a public ACL when IgnorePublicAcls is on at the %s level',
    (_, level) => {
      const overrides = withBpaOff(level);
      const verdict = evaluate(
        'no-public-read',
        makeInput({
          ...overrides,
          bucket: {
            ...overrides.bucket,
            acl: aclWith(ALL_USERS, 'READ'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      );
      expect(verdict.status).toBe('pass');
      expect(verdict.reason).toMatch(/IgnorePublicAcls neutralises them/);
      expect(verdict.evidence).toMatchObject({
        effectiveBlockPublicAccess: { ignorePublicAcls: { effective: true } },
      });
    },
  );

  it('passes a public grant in the ACL when ACLs are disabled (BucketOwnerEnforced)', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(withBpaOff({ bucket: { acl: aclWith(ALL_USERS, 'READ') } })),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/ACLs are disabled/);
    expect(verdict.evidence).toMatchObject({
      objectOwnership: 'BucketOwnerEnforced',
    });
  });

  it('ends in error when the policy cannot be read and nothing neutralises it', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(withBpaOff({ bucket: { policy: callFailed('AccessDenied') } })),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the bucket policy \(s3:GetBucketPolicy\): AccessDenied/,
    );
    expect(verdict.evidence).toMatchObject({
      errorCode: 'AccessDenied',
      bucketPolicy: 'unreadable',
    });
  });

  it('passes an unreadable policy when RestrictPublicBuckets neutralises whatever it says', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /could not be judged, but RestrictPublicBuckets/,
    );
  });

  it('fails on a public ACL even when the policy cannot be read', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            policy: callFailed('AccessDenied'),
            acl: aclWith(ALL_USERS, 'READ'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/ACL grants READ/);
  });

  it('ends in error on a policy it cannot parse', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(withBpaOff({ bucket: { policy: ok('{"Statement": [') } })),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /could not be evaluated: The policy is not valid JSON/,
    );
    expect(verdict.evidence).toMatchObject({ bucketPolicy: 'unparsable' });
  });

  it('ends in error on an unknown condition operator rather than guessing', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            ...publicRead,
            Condition: { StringSortOf: { 'aws:SourceVpce': 'vpce-1' } },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/condition operator "StringSortOf"/);
  });

  it('ends in error when Block Public Access cannot be read and the policy is public', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([publicRead], {
        bucket: { publicAccessBlock: callFailed('AccessDenied') },
        account: {
          publicAccessBlock: absent('NoSuchPublicAccessBlockConfiguration'),
        },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the bucket's Block Public Access settings/,
    );
    expect(verdict.evidence).toMatchObject({
      publicStatements: [expect.objectContaining({ statement: 'PublicRead' })],
      effectiveBlockPublicAccess: {
        restrictPublicBuckets: {
          bucket: 'unreadable (AccessDenied)',
          account: false,
        },
      },
    });
  });

  it('passes a public policy when the account flag neutralises it, though the bucket flags are unreadable', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy([publicRead], {
        bucket: { publicAccessBlock: callFailed('AccessDenied') },
        account: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_ON }) },
      }),
    );
    expect(verdict.status).toBe('pass');
  });

  it('ends in error when the ACL cannot be read and ACLs are enabled', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: {
            acl: callFailed('AccessDenied'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the bucket ACL \(s3:GetBucketAcl\)/,
    );
  });

  it('judges the ACL as read when Object Ownership cannot be read', () => {
    const verdict = evaluate(
      'no-public-read',
      makeInput(
        withBpaOff({
          bucket: { ownershipControls: callFailed('AccessDenied') },
        }),
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      objectOwnership: 'unreadable (AccessDenied)',
    });
  });

  // "The meaning of public": wildcards in a restricting key are not fixed values.
  it('fails Principal "*" limited by a wildcard aws:SourceVpce, as AWS does', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            ...publicRead,
            Condition: { StringLike: { 'aws:SourceVpce': 'vpce-1*' } },
          },
        ],
        withBpaOff({ bucket: { policyStatus: ok({ isPublic: true }) } }),
      ),
    );
    expect(verdict.status).toBe('fail');
  });

  it("never passes when AWS's IsPublic says public and no statement is found public", () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [
          {
            ...publicRead,
            Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
          },
        ],
        withBpaOff({ bucket: { policyStatus: ok({ isPublic: true }) } }),
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/AWS reports the bucket policy as public/);
    expect(verdict.evidence).toMatchObject({
      awsPolicyStatus: { isPublic: true },
      awsPolicyStatusDisagrees: true,
    });
  });

  it('passes read when the IsPublic comes from write actions only', () => {
    const verdict = evaluate(
      'no-public-read',
      inputWithPolicy(
        [publicWrite],
        withBpaOff({ bucket: { policyStatus: ok({ isPublic: true }) } }),
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).not.toHaveProperty('awsPolicyStatusDisagrees');
  });
});

describe('no-public-write', () => {
  it('passes a private bucket', () => {
    const verdict = evaluate('no-public-write', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/grants public write access/);
  });

  it('fails a policy that lets anyone PutObject and DeleteObject', () => {
    const verdict = evaluate(
      'no-public-write',
      inputWithPolicy([publicWrite], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Anyone can write to this bucket: .*s3:PutObject, s3:DeleteObject/,
    );
    expect(verdict.evidence).toMatchObject({
      publicStatements: [
        expect.objectContaining({
          statement: 'PublicWrite',
          actions: ['s3:PutObject', 's3:DeleteObject'],
        }),
      ],
    });
  });

  it('fails a policy that lets anyone change the bucket policy', () => {
    const verdict = evaluate(
      'no-public-write',
      inputWithPolicy(
        [
          {
            Sid: 'Oops',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:PutBucketPolicy',
            Resource: BUCKET_ARN,
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({
      publicStatements: [
        expect.objectContaining({ actions: ['s3:PutBucketPolicy'] }),
      ],
    });
  });

  it('passes a read-only public policy (that is the read check)', () => {
    const verdict = evaluate(
      'no-public-write',
      inputWithPolicy([publicRead], BPA_OFF),
    );
    expect(verdict.status).toBe('pass');
  });

  it('passes a public upload policy restricted to an organization', () => {
    const verdict = evaluate(
      'no-public-write',
      inputWithPolicy(
        [
          {
            ...publicWrite,
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] },
            },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('pass');
  });

  it.each(['WRITE', 'WRITE_ACP', 'FULL_CONTROL'] as const)(
    'fails an ACL that grants %s to Everyone',
    permission => {
      const verdict = evaluate(
        'no-public-write',
        makeInput(
          withBpaOff({
            bucket: {
              acl: aclWith(ALL_USERS, permission),
              ownershipControls: ACLS_ENABLED,
            },
          }),
        ),
      );
      expect(verdict.status).toBe('fail');
      expect(verdict.evidence).toMatchObject({
        publicGrants: [{ grantee: 'AllUsers (Everyone)', permission }],
      });
    },
  );

  it('passes an ACL that grants only READ to Everyone', () => {
    const verdict = evaluate(
      'no-public-write',
      makeInput(
        withBpaOff({
          bucket: {
            acl: aclWith(ALL_USERS, 'READ'),
            ownershipControls: ACLS_ENABLED,
          },
        }),
      ),
    );
    expect(verdict.status).toBe('pass');
  });

  it('passes a public write policy neutralised by RestrictPublicBuckets', () => {
    const verdict = evaluate('no-public-write', inputWithPolicy([publicWrite]));
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/RestrictPublicBuckets neutralises it/);
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'no-public-write',
      makeInput(
        withBpaOff({
          bucket: {
            policy: callFailed('ThrottlingException', 'Rate exceeded'),
          },
        }),
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/ThrottlingException \(Rate exceeded\)/);
  });
});
