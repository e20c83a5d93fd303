import { parsePolicy } from './parsePolicy';
import { findPublicAccess } from './publicAccess';
import { s3BucketPolicyActions } from './s3Actions';
import { Policy } from './types';

function policy(...statements: object[]): Policy {
  const result = parsePolicy(JSON.stringify({ Statement: statements }));
  if (!result.ok) throw new Error(result.error);
  return result.policy;
}

const environment = {
  partition: 'aws',
  bucketAccountId: '123456789012',
  now: new Date('2026-06-01T00:00:00Z'),
};
const read = () => s3BucketPolicyActions('Read', 'List');
const findRead = (p: Policy) =>
  findPublicAccess(p, { bucket: 'b', actions: read(), environment });

const publicGet = {
  Sid: 'PublicGet',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::b/*',
};

describe('findPublicAccess', () => {
  it('finds an unconditional grant to everyone', () => {
    const access = findRead(policy(publicGet));
    expect(access.allowingStatements).toEqual(['PublicGet']);
    expect(access.actions).toEqual(['s3:GetObject']);
    expect(access.callers).toEqual([
      'an anonymous caller',
      'any AWS user of another account',
    ]);
    expect(access.callerChosenKeys).toEqual([]);
  });

  it.each([
    [
      'a narrow source IP range',
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    ],
    [
      'a single address',
      { IpAddress: { 'aws:SourceIp': ['203.0.113.7/32', '2001:db8::7'] } },
    ],
    ['a VPC endpoint', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c' } }],
    ['a VPC', { StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c' } }],
    ['an organization', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }],
    [
      'an account',
      { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
    ],
    [
      'a source account',
      { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    ],
    [
      'a source ARN',
      {
        ArnLike: {
          'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1',
        },
      },
    ],
  ])('does not count a grant restricted to %s as public', (_, condition) => {
    expect(
      findRead(policy({ ...publicGet, Condition: condition })).allowed,
    ).toEqual([]);
  });

  it.each([
    ['a /8 range', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }],
    ['half the internet', { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } }],
    [
      'everything but one range',
      { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    ],
    ['any VPC endpoint', { StringLike: { 'aws:SourceVpce': 'vpce-*' } }],
    ['any organization', { StringLike: { 'aws:PrincipalOrgID': '*' } }],
    [
      'an encryption header',
      { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    ],
  ])('counts a grant restricted only to %s as public', (_, condition) => {
    expect(
      findRead(policy({ ...publicGet, Condition: condition }))
        .allowingStatements,
    ).toEqual(['PublicGet']);
  });

  it('names the condition keys the caller only has to send', () => {
    const access = findRead(
      policy({
        ...publicGet,
        Condition: {
          StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        },
      }),
    );
    expect(access.callerChosenKeys).toEqual([
      's3:x-amz-server-side-encryption',
    ]);
  });

  it('finds a grant on a prefix only', () => {
    const access = findRead(
      policy({ ...publicGet, Resource: 'arn:aws:s3:::b/public/*' }),
    );
    expect(access.allowed.map(request => request.resource)).toContain(
      'arn:aws:s3:::b/public/x',
    );
  });

  it('respects a Deny that a caller cannot step around', () => {
    const access = findRead(
      policy(publicGet, {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
      }),
    );
    expect(access.allowed).toEqual([]);
  });

  it('ignores a Deny the caller avoids by using HTTPS', () => {
    const access = findRead(
      policy(publicGet, {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(access.allowingStatements).toEqual(['PublicGet']);
  });

  it('does not count grants to named accounts', () => {
    const access = findRead(
      policy({
        ...publicGet,
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      }),
    );
    expect(access.allowed).toEqual([]);
  });

  it('counts {"AWS": "*"} like "*"', () => {
    expect(
      findRead(policy({ ...publicGet, Principal: { AWS: '*' } })).allowed
        .length,
    ).toBeGreaterThan(0);
  });
});
