import { statementsForPrincipal } from './evaluate';
import { parsePolicy } from './parsePolicy';
import { accountCaller, anonymousCaller, fromInternet, probes } from './probes';
import { s3BucketPolicyActions } from './s3Actions';
import { distinct, everyPair, simulateRequests, targetsFor } from './simulate';
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

describe('targetsFor', () => {
  it('puts bucket actions on the bucket and object actions on each key', () => {
    const actions = s3BucketPolicyActions('List').filter(info =>
      ['s3:ListBucket', 's3:ListMultipartUploadParts'].includes(info.action),
    );
    expect(targetsFor(actions, 'aws', 'b', ['k1', 'k2'])).toEqual([
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::b' },
      { action: 's3:ListMultipartUploadParts', resource: 'arn:aws:s3:::b/k1' },
      { action: 's3:ListMultipartUploadParts', resource: 'arn:aws:s3:::b/k2' },
    ]);
  });
});

describe('everyPair', () => {
  it('pairs every action with every resource', () => {
    expect(
      everyPair(['s3:GetObject', 's3:ListBucket'], ['r1', 'r2']),
    ).toHaveLength(4);
  });
});

describe('simulateRequests', () => {
  const mixed = policy(
    {
      Effect: 'Deny',
      Principal: { AWS: '444455556666' },
      Action: 's3:*',
      Resource: '*',
    },
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
    },
  );

  it('answers each probe and target, naming statements as in the whole policy', () => {
    const results = simulateRequests(
      mixed,
      probes(
        [
          anonymousCaller(),
          accountCaller({
            label: 'partner',
            accountId: '444455556666',
            partition: 'aws',
          }),
        ],
        [fromInternet('198.51.100.7')],
        environment,
      ),
      [{ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }],
    );
    expect(
      results.map(r => [r.caller, r.result.decision, r.result.statements]),
    ).toEqual([
      ['an anonymous caller', 'allow', ['PublicRead']],
      ['partner', 'explicit-deny', ['#0']],
    ]);
  });
});

describe('statementsForPrincipal', () => {
  it('keeps only the statements that name the caller, with their original names', () => {
    const relevant = statementsForPrincipal(
      policy(
        {
          Effect: 'Allow',
          Principal: { AWS: '444455556666' },
          Action: 's3:*',
          Resource: '*',
        },
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: '*',
        },
      ),
      { type: 'anonymous' },
    );
    expect(relevant.statements.map(statement => statement.sid)).toEqual(['#1']);
  });
});

describe('distinct', () => {
  it('keeps the first of each value, in order', () => {
    expect(distinct(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
  });
});
