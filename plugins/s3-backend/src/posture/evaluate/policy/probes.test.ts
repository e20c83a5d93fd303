import { cidrContains, parseCidr } from './ipAddress';
import { parsePolicy } from './parsePolicy';
import {
  DEFAULT_PUBLIC_IPV4,
  DEFAULT_PUBLIC_IPV6,
  accountCaller,
  accountsNamedIn,
  anonymousCaller,
  conditionValues,
  fromInternet,
  objectKeyCandidates,
  probes,
  sourceIpCandidates,
  throughVpcEndpoint,
  unrelatedAccountId,
} from './probes';
import { Policy } from './types';

function policy(...statements: object[]): Policy {
  const result = parsePolicy(JSON.stringify({ Statement: statements }));
  if (!result.ok) throw new Error(result.error);
  return result.policy;
}

const allowFrom = (...cidrs: string[]) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::b/*',
  Condition: { IpAddress: { 'aws:SourceIp': cidrs } },
});

describe('probes', () => {
  const environment = {
    partition: 'aws',
    bucketAccountId: '123456789012',
    now: new Date('2026-06-01T00:00:00Z'),
  };

  it('gives each caller and origin the condition keys AWS would set', () => {
    const [probe] = probes(
      [anonymousCaller()],
      [fromInternet('198.51.100.7')],
      environment,
      {
        'aws:SecureTransport': 'false',
      },
    );
    expect(probe).toEqual({
      caller: 'an anonymous caller',
      origin: 'from the internet (198.51.100.7)',
      principal: { type: 'anonymous' },
      context: {
        'aws:PrincipalType': 'Anonymous',
        'aws:SourceIp': '198.51.100.7',
        'aws:SecureTransport': 'false',
        'aws:CurrentTime': '2026-06-01T00:00:00.000Z',
        'aws:EpochTime': '1780272000',
        'aws:ResourceAccount': '123456789012',
        's3:ResourceAccount': '123456789012',
      },
    });
  });

  it('describes an account caller with its identity keys', () => {
    const caller = accountCaller({
      label: 'x',
      accountId: '444455556666',
      partition: 'aws',
      orgId: 'o-abc',
    });
    expect(caller.principal).toEqual({
      type: 'account',
      accountId: '444455556666',
      arn: 'arn:aws:iam::444455556666:role/posture-probe',
      orgId: 'o-abc',
    });
    expect(caller.context).toMatchObject({
      'aws:PrincipalAccount': '444455556666',
      'aws:PrincipalOrgID': 'o-abc',
      's3:authType': 'REST-HEADER',
    });
  });

  it('sends VPC endpoint requests without aws:SourceIp', () => {
    expect(throughVpcEndpoint('vpce-1', 'vpc-1').context).toEqual({
      'aws:SourceVpce': 'vpce-1',
      'aws:SourceVpc': 'vpc-1',
      'aws:VpcSourceIp': '10.0.0.7',
    });
  });
});

describe('sourceIpCandidates', () => {
  it('tries a default IPv4 and IPv6 address when the policy names no range', () => {
    expect(sourceIpCandidates(policy(allowFrom()))).toEqual([
      DEFAULT_PUBLIC_IPV4,
      DEFAULT_PUBLIC_IPV6,
    ]);
  });

  it('keeps every candidate out of narrow ranges', () => {
    const narrow = ['198.51.100.0/24', '2001:db8::/48'];
    const candidates = sourceIpCandidates(policy(allowFrom(...narrow)));
    const blocks = narrow.map(cidr => parseCidr(cidr)!);
    expect(
      candidates.some(ip => blocks.some(block => cidrContains(block, ip))),
    ).toBe(false);
  });

  it('tries an address inside each broad range', () => {
    const candidates = sourceIpCandidates(
      policy(allowFrom('0.0.0.0/1', '10.0.0.0/8')),
    );
    expect(
      candidates.some(ip => cidrContains(parseCidr('0.0.0.0/1')!, ip)),
    ).toBe(true);
    expect(
      candidates.some(ip => cidrContains(parseCidr('10.0.0.0/8')!, ip)),
    ).toBe(true);
  });
});

describe('objectKeyCandidates', () => {
  it('adds a key inside each prefix the policy grants on', () => {
    const keys = objectKeyCandidates(
      [
        policy({
          ...allowFrom(),
          Resource: [
            'arn:aws:s3:::b/public/*',
            'arn:aws:s3:::other/x/*',
            'arn:aws:s3:::*/shared/?',
          ],
        }),
      ],
      'b',
    );
    expect(keys).toEqual(['any-object', 'public/x', 'shared/x']);
  });
});

describe('policy facts', () => {
  const facts = policy({
    Effect: 'Allow',
    Principal: { AWS: ['arn:aws:iam::444455556666:root', '777788889999'] },
    Action: 's3:GetObject',
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceVpce': 'vpce-1' },
      StringLike: { 'AWS:SOURCEVPCE': ['vpce-2*'] },
    },
  });

  it('finds the accounts a policy names', () => {
    expect([...accountsNamedIn(facts)].sort()).toEqual([
      '444455556666',
      '777788889999',
    ]);
  });

  it('finds the values a key is given, in any operator and letter case', () => {
    expect(conditionValues(facts, 'aws:SourceVpce')).toEqual([
      'vpce-1',
      'vpce-2*',
    ]);
  });

  it('picks an account id nobody uses', () => {
    expect(unrelatedAccountId(['123456789012'])).toBe('999999999999');
    expect(unrelatedAccountId(['999999999999', '999999999998'])).toBe(
      '999999999997',
    );
  });
});
