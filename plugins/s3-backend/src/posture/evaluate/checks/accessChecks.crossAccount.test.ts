/*
 * no-cross-account-sensitive-actions (access): other accounts that may change the bucket's
 * permissions or encryption, through the bucket policy or the ACL (Security Hub S3.6).
 */
import {
  ACCOUNT_ID,
  ACLS_ENABLED,
  ALL_BLOCK_PUBLIC_ACCESS_OFF,
  BPA_OFF,
  BUCKET_ARN,
  OBJECTS_ARN,
  OTHER_ACCOUNT_ID,
  OWNER_CANONICAL_ID,
  absent,
  callFailed,
  evaluate,
  inputWithPolicy,
  makeInput,
  makeSettings,
  ok,
} from './testInput';

describe('no-cross-account-sensitive-actions', () => {
  const grantTo = (
    principal: unknown,
    action: string | string[],
    extra: object = {},
  ) => ({
    Sid: 'Partner',
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    ...extra,
  });

  it('passes a policy that names no other account', () => {
    const verdict = evaluate('no-cross-account-sensitive-actions', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/No account other than the bucket's own/);
    expect(verdict.evidence).toMatchObject({
      bucketAccount: ACCOUNT_ID,
      trustedAccounts: [],
    });
  });

  it('passes a bucket without a policy', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      makeInput({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
    );
    expect(verdict.status).toBe('pass');
  });

  it('fails another account allowed to change the bucket policy', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([
        grantTo(
          { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` },
          's3:PutBucketPolicy',
        ),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      new RegExp(
        `account ${OTHER_ACCOUNT_ID} may s3:PutBucketPolicy \\(statement Partner\\)`,
      ),
    );
    expect(verdict.evidence).toMatchObject({
      untrustedGrants: [
        {
          grantees: [`account ${OTHER_ACCOUNT_ID}`],
          statement: 'Partner',
          actions: ['s3:PutBucketPolicy'],
        },
      ],
    });
  });

  it('fails a role of another account allowed s3:*, listing encryption among the actions', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([
        grantTo(
          { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:role/deployer` },
          's3:*',
        ),
      ]),
    );
    expect(verdict.status).toBe('fail');
    const [finding] = verdict.evidence.untrustedGrants as Array<{
      actions: string[];
    }>;
    expect(finding.actions).toEqual(
      expect.arrayContaining([
        's3:PutEncryptionConfiguration',
        's3:PutBucketAcl',
        's3:DeleteBucketPolicy',
      ]),
    );
  });

  it('passes the same grant when the account is trusted', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo({ AWS: OTHER_ACCOUNT_ID }, 's3:*')]),
      makeSettings({ trustedAccounts: [OTHER_ACCOUNT_ID] }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      trustedAccounts: [OTHER_ACCOUNT_ID],
    });
  });

  it('passes another account allowed only to read', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([
        grantTo({ AWS: OTHER_ACCOUNT_ID }, ['s3:GetObject', 's3:ListBucket']),
      ]),
    );
    expect(verdict.status).toBe('pass');
  });

  it('passes the bucket account itself', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo({ AWS: ACCOUNT_ID }, 's3:*')]),
    );
    expect(verdict.status).toBe('pass');
  });

  it('passes Principal "*" limited to a trusted organization, and fails it otherwise', () => {
    const input = inputWithPolicy([
      grantTo('*', 's3:PutBucketAcl', {
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      }),
    ]);
    const trusted = evaluate(
      'no-cross-account-sensitive-actions',
      input,
      makeSettings({ trustedOrganizations: ['o-a1b2c3d4e5'] }),
    );
    expect(trusted.status).toBe('pass');
    const untrusted = evaluate('no-cross-account-sensitive-actions', input);
    expect(untrusted.status).toBe('fail');
    expect(untrusted.reason).toMatch(/may s3:PutBucketAcl/);
  });

  it('fails Principal "*" allowed sensitive actions when nothing neutralises it', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo('*', 's3:PutEncryptionConfiguration')], BPA_OFF),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /any other AWS account may s3:PutEncryptionConfiguration/,
    );
    expect(verdict.evidence).toMatchObject({
      untrustedGrants: [
        {
          grantees: ['any other AWS account'],
          actions: ['s3:PutEncryptionConfiguration'],
        },
      ],
    });
  });

  it('passes a public policy when RestrictPublicBuckets blocks all cross-account access to it', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo('*', 's3:PutEncryptionConfiguration')]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /RestrictPublicBuckets blocks all cross-account access/,
    );
  });

  it('ends in error when a public policy might or might not be neutralised', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([grantTo('*', 's3:PutEncryptionConfiguration')], {
        bucket: { publicAccessBlock: callFailed('AccessDenied') },
        account: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }) },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read the bucket's Block Public Access settings/,
    );
    expect(verdict.evidence).toMatchObject({
      untrustedGrants: [
        expect.objectContaining({ grantees: ['any other AWS account'] }),
      ],
    });
  });

  it('fails a named account even when Block Public Access cannot be read: the policy is not public', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy(
        [grantTo({ AWS: OTHER_ACCOUNT_ID }, 's3:PutBucketPolicy')],
        {
          bucket: { publicAccessBlock: callFailed('AccessDenied') },
        },
      ),
    );
    expect(verdict.status).toBe('fail');
  });

  it('fails an ACL grant of WRITE_ACP to another canonical user', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      makeInput({
        bucket: {
          ownershipControls: ACLS_ENABLED,
          acl: ok({
            ownerId: OWNER_CANONICAL_ID,
            grants: [
              {
                grantee: { type: 'CanonicalUser', id: 'other-canonical-id' },
                permission: 'WRITE_ACP',
              },
            ],
          }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /the ACL grants WRITE_ACP to canonical user other-canonical-id/,
    );
    expect(verdict.evidence).toMatchObject({
      aclGrants: [
        {
          grantee: 'canonical user other-canonical-id',
          permission: 'WRITE_ACP',
        },
      ],
    });
  });

  it('ignores ACL grants when ACLs are disabled', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      makeInput({
        bucket: {
          acl: ok({
            ownerId: OWNER_CANONICAL_ID,
            grants: [
              {
                grantee: { type: 'CanonicalUser', id: 'other' },
                permission: 'FULL_CONTROL',
              },
            ],
          }),
        },
      }),
    );
    expect(verdict.status).toBe('pass');
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/Could not read the bucket policy/);
  });

  it('ends in error when the policy cannot be parsed', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([{ Effect: 'Allow', Principal: '*', Action: 's3:*' }]),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/neither Resource nor NotResource/);
  });
});

describe('a pass holds for every request (audit cases)', () => {
  // Security Hub S3.6: other accounts however the policy reaches them.
  it.each([
    [
      'aws:PrincipalAccount',
      { StringEquals: { 'aws:PrincipalAccount': OTHER_ACCOUNT_ID } },
    ],
    [
      'aws:PrincipalArn',
      {
        ArnEquals: {
          'aws:PrincipalArn': `arn:aws:iam::${OTHER_ACCOUNT_ID}:role/deployer`,
        },
      },
    ],
    [
      'aws:SourceAccount',
      { StringEquals: { 'aws:SourceAccount': OTHER_ACCOUNT_ID } },
    ],
  ])(
    'fails cross-account when Principal "*" reaches another account through %s',
    (_, condition) => {
      const verdict = evaluate(
        'no-cross-account-sensitive-actions',
        inputWithPolicy(
          [
            {
              Sid: 'ThroughCondition',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:PutBucketPolicy',
              Resource: BUCKET_ARN,
              Condition: condition,
            },
          ],
          BPA_OFF,
        ),
      );
      expect(verdict.status).toBe('fail');
      expect(verdict.reason).toContain(`account ${OTHER_ACCOUNT_ID}`);
    },
  );

  it('passes cross-account when the condition names only the bucket account', () => {
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy(
        [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:PutBucketPolicy',
            Resource: BUCKET_ARN,
            Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_ID } },
          },
        ],
        BPA_OFF,
      ),
    );
    expect(verdict.status).toBe('pass');
  });

  it('fails cross-account for a CanonicalUser principal that is not the owner', () => {
    const other = 'b'.repeat(64);
    const verdict = evaluate(
      'no-cross-account-sensitive-actions',
      inputWithPolicy([
        {
          Sid: 'Canonical',
          Effect: 'Allow',
          Principal: { CanonicalUser: other },
          Action: 's3:PutBucketAcl',
          Resource: BUCKET_ARN,
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain(`canonical user ${other}`);
  });
});
