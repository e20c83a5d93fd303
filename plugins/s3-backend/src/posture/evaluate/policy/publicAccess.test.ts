/**
 * S3's definition of a public bucket policy, case by case. Source for every case unless
 * noted: Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage" →
 * "The meaning of 'public'" (also the PublicAccessBlockConfiguration API reference),
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
import { parsePolicy } from './parsePolicy';
import { findPublicAccess } from './publicAccess';
import { s3BucketPolicyActions } from './s3Actions';
import { Policy } from './types';

const BUCKET = 'orders-production';
const OBJECTS = `arn:aws:s3:::${BUCKET}/*`;
const scope = {
  partition: 'aws',
  bucket: BUCKET,
  bucketAccountId: '123456789012',
};

function policy(statements: object[], version = '2012-10-17'): Policy {
  const parsed = parsePolicy(
    JSON.stringify({ Version: version, Statement: statements }),
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.policy;
}

const allow = (extra: object) => ({
  Sid: 'Grant',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS,
  ...extra,
});

function isPublic(statements: object[], version?: string): boolean {
  return (
    findPublicAccess(
      policy(statements, version),
      scope,
      s3BucketPolicyActions(),
    ).grants.length > 0
  );
}

describe('findPublicAccess', () => {
  it('names the statement, the grantee and the actions of a public grant', () => {
    const access = findPublicAccess(
      policy([allow({ Action: ['s3:GetObject', 's3:PutObject'] })]),
      scope,
      s3BucketPolicyActions('Read'),
    );
    expect(access.grants).toEqual([
      { statement: 'Grant', grantee: 'anyone', actions: ['s3:GetObject'] },
    ]);
  });

  it('calls web-identity federation public: anyone can sign in with the provider', () => {
    expect(
      isPublic([
        allow({
          Principal: { Federated: 'graph.facebook.com' },
          Action: 's3:PutObject',
          Resource: '*',
        }),
      ]),
    ).toBe(true);
  });

  // "Fixed values": values that contain no wildcard and no policy variable.
  it.each([
    ['StringLike', 'aws:SourceAccount', '*'],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:cloudtrail:*:*:trail/*'],
    ['StringLike', 'aws:SourceVpc', 'vpc-1*'],
    ['StringLike', 'aws:PrincipalAccount', '1*'],
    ['StringLike', 's3:DataAccessPointAccount', '*'],
    ['StringLike', 'aws:SourceVpce', 'vpce-?bc'],
  ])(
    'calls "*" limited by %s %s %s public: a wildcard is not a fixed value',
    (operator, key, value) => {
      expect(
        isPublic([allow({ Condition: { [operator]: { [key]: value } } })]),
      ).toBe(true);
    },
  );

  // Keys the caller controls or can arrange restrict nothing; only the listed keys count.
  it.each([
    ['StringEquals', 'aws:PrincipalType', 'User'],
    ['StringLike', 'aws:userid', 'AROA*'],
    ['StringLike', 'aws:username', '*'],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:user/*'],
    ['Bool', 'aws:MultiFactorAuthPresent', 'false'],
    ['StringEquals', 's3:authType', 'REST-QUERY-STRING'],
    ['StringEquals', 's3:signatureversion', 'AWS'],
    ['StringLike', 'aws:SourceIdentity', '*'],
    ['ForAnyValue:StringEquals', 'aws:CalledVia', 'athena.amazonaws.com'],
    ['Bool', 'aws:SecureTransport', 'false'],
    ['StringEquals', 's3:x-amz-server-side-encryption', 'aws:kms'],
    ['StringEquals', 'aws:username', 'alice'],
  ])(
    'calls {"AWS": "*"} limited by %s %s %s public',
    (operator, key, value) => {
      expect(
        isPublic([
          allow({
            Principal: { AWS: '*' },
            Condition: { [operator]: { [key]: value } },
          }),
        ]),
      ).toBe(true);
    },
  );

  it('calls an Allow "*" public when the only Deny is on HTTPS: plain HTTP stays open', () => {
    expect(
      isPublic([
        allow({}),
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: OBJECTS,
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ]),
    ).toBe(true);
  });

  it('matches objects with a Resource pattern that has no slash', () => {
    expect(isPublic([allow({ Resource: `arn:aws:s3:::${BUCKET}*.pdf` })])).toBe(
      true,
    );
    expect(isPublic([allow({ Resource: 'arn:aws:s3:::other-bucket*' })])).toBe(
      false,
    );
  });

  // IAM User Guide, "IAM policy elements: Variables and tags": variables are substituted
  // only in Version 2012-10-17; in 2008-10-17 `${...}` is literal text.
  it('reads policy variables by Version: not fixed in 2012-10-17, literal in 2008-10-17', () => {
    const statement = allow({
      Condition: {
        StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' },
      },
    });
    expect(isPublic([statement], '2012-10-17')).toBe(true);
    expect(isPublic([statement], '2008-10-17')).toBe(false);
  });

  it('calls a fixed s3:x-amz-server-side-encryption-aws-kms-key-id non-public', () => {
    expect(
      isPublic([
        allow({
          Action: 's3:PutObject',
          Condition: {
            StringEquals: {
              's3:x-amz-server-side-encryption-aws-kms-key-id':
                'arn:aws:kms:eu-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            },
          },
        }),
      ]),
    ).toBe(false);
  });

  // Service Authorization Reference, Amazon S3: S3 requests carry aws: and s3: keys only.
  it.each([['kms:CallerAccount'], ['kms:ViaService']])(
    'calls a grant conditioned on %s non-public: no S3 request carries it, so it never applies',
    key => {
      const access = findPublicAccess(
        policy([allow({ Condition: { StringEquals: { [key]: 'x' } } })]),
        scope,
        s3BucketPolicyActions(),
      );
      expect(access.grants).toEqual([]);
      expect(access.limited[0].limitedBy).toMatch(/never carry/);
    },
  );

  it('ignores IfExists and negated forms of a foreign key: they hold for every request', () => {
    expect(
      isPublic([
        allow({ Condition: { StringNotEquals: { 'kms:ViaService': 'x' } } }),
      ]),
    ).toBe(true);
    expect(
      isPublic([
        allow({
          Condition: { StringEqualsIfExists: { 'kms:ViaService': 'x' } },
        }),
      ]),
    ).toBe(true);
  });

  // "The meaning of public": aws:SourceIp values broader than /8 (IPv4) or /32 (IPv6)
  // are public, RFC 1918 private ranges excepted. Private addresses never arrive as
  // aws:SourceIp, so IPv6 unique-local (fc00::/7) is excepted alike.
  it.each([
    ['10.0.0.0/8', false],
    ['192.168.0.0/16', false],
    ['fd00::/8', false],
    ['3.0.0.0/8', false],
    ['203.0.113.0/24', false],
    ['2001:db8::/32', false],
    ['2.0.0.0/7', true],
    ['0.0.0.0/0', true],
    ['2001:db8::/31', true],
    ['::/0', true],
  ])('aws:SourceIp %s is public: %s', (block, expected) => {
    expect(
      isPublic([
        allow({ Condition: { IpAddress: { 'aws:SourceIp': block } } }),
      ]),
    ).toBe(expected);
  });

  it('does not count NotIpAddress or IfExists forms as restrictions', () => {
    expect(
      isPublic([
        allow({
          Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        }),
      ]),
    ).toBe(true);
    expect(
      isPublic([
        allow({
          Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } },
        }),
      ]),
    ).toBe(true);
  });

  it('counts aws:userid outside AROLEID:* as fixed, and the AROLEID:* pattern too', () => {
    expect(
      isPublic([
        allow({
          Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' } },
        }),
      ]),
    ).toBe(false);
    expect(
      isPublic([
        allow({ Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } } }),
      ]),
    ).toBe(false);
  });

  it('takes back a grant that a Deny leaves open only to a fixed VPC endpoint', () => {
    const access = findPublicAccess(
      policy([
        allow({}),
        {
          Sid: 'OnlyVpce',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${BUCKET}`, OBJECTS],
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
        },
      ]),
      scope,
      s3BucketPolicyActions(),
    );
    expect(access.grants).toEqual([]);
    expect(access.limited[0].limitedBy).toMatch(
      /OnlyVpce, which lets through only aws:SourceVpce vpce-1a2b3c4d/,
    );
  });

  it('keeps a grant the Deny covers only on some objects', () => {
    expect(
      isPublic([
        allow({}),
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: `arn:aws:s3:::${BUCKET}/private/*`,
        },
      ]),
    ).toBe(true);
  });

  it('takes back a grant denied to everyone but a fixed principal (NotPrincipal)', () => {
    expect(
      isPublic([
        allow({}),
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/reader' },
          Action: 's3:GetObject',
          Resource: OBJECTS,
        },
      ]),
    ).toBe(false);
  });
});
