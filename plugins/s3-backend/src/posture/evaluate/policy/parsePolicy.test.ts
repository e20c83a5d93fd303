import { parsePolicy, statementLabel } from './parsePolicy';

function parsed(document: unknown) {
  const result = parsePolicy(JSON.stringify(document));
  if (!result.ok) throw new Error(`expected a policy, got: ${result.error}`);
  return result.policy;
}

function parseError(document: unknown): string {
  const result = parsePolicy(
    typeof document === 'string' ? document : JSON.stringify(document),
  );
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

const base = {
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::b/*',
};

describe('parsePolicy', () => {
  it('turns every string-or-list into a list', () => {
    const policy = parsed({
      Version: '2012-10-17',
      Statement: {
        Sid: 'One',
        Effect: 'Allow',
        Principal: { AWS: '123456789012', Service: ['a.amazonaws.com'] },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
      },
    });
    expect(policy.statements).toEqual([
      {
        sid: 'One',
        effect: 'Allow',
        principal: { AWS: ['123456789012'], Service: ['a.amazonaws.com'] },
        action: ['s3:GetObject'],
        resource: ['arn:aws:s3:::b/*'],
        conditions: [
          {
            operator: expect.objectContaining({ name: 'StringEquals' }),
            key: 'aws:SourceVpce',
            values: ['vpce-1'],
          },
        ],
      },
    ]);
  });

  it('keeps Principal "*" as "*" and {"AWS": "*"} as a list', () => {
    const policy = parsed({
      Statement: [
        { ...base, Principal: '*' },
        { ...base, Principal: { AWS: '*' } },
      ],
    });
    expect(policy.statements.map(s => s.principal)).toEqual([
      '*',
      { AWS: ['*'] },
    ]);
  });

  it('reads NotPrincipal, NotAction and NotResource', () => {
    const policy = parsed({
      Statement: {
        Effect: 'Deny',
        NotPrincipal: { AWS: ['arn:aws:iam::123456789012:root'] },
        NotAction: ['s3:GetObject', 's3:ListBucket'],
        NotResource: 'arn:aws:s3:::b/public/*',
      },
    });
    expect(policy.statements[0]).toEqual({
      effect: 'Deny',
      notPrincipal: { AWS: ['arn:aws:iam::123456789012:root'] },
      notAction: ['s3:GetObject', 's3:ListBucket'],
      notResource: ['arn:aws:s3:::b/public/*'],
    });
  });

  it('reads unquoted booleans and numbers as strings', () => {
    const policy = parsed({
      Statement: {
        ...base,
        Condition: {
          Bool: { 'aws:SecureTransport': false },
          NumericLessThan: { 's3:TlsVersion': 1.2 },
        },
      },
    });
    expect(
      policy.statements[0].conditions!.map(condition => [
        condition.operator.name,
        condition.key,
        condition.values,
      ]),
    ).toEqual([
      ['Bool', 'aws:SecureTransport', ['false']],
      ['NumericLessThan', 's3:TlsVersion', ['1.2']],
    ]);
  });

  it('spells operators canonically, whatever their case', () => {
    const policy = parsed({
      Statement: {
        ...base,
        Condition: {
          'forallvalues:stringequalsifexists': { 'aws:TagKeys': ['a'] },
        },
      },
    });
    expect(policy.statements[0].conditions![0].operator.name).toEqual(
      'ForAllValues:StringEqualsIfExists',
    );
  });

  it.each([
    ['malformed JSON', '{"Statement": [', /not valid JSON/],
    ['a document that is not an object', '[]', /not a JSON object/],
    ['no Statement', { Version: '2012-10-17' }, /no Statement/],
    [
      'an unknown operator',
      { Statement: { ...base, Condition: { StringSortOf: { k: 'v' } } } },
      /condition operator "StringSortOf"/,
    ],
    [
      'NullIfExists',
      { Statement: { ...base, Condition: { NullIfExists: { k: 'true' } } } },
      /"NullIfExists"/,
    ],
    [
      'a bad CIDR',
      {
        Statement: {
          ...base,
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/40' } },
        },
      },
      /not an IP address/,
    ],
    [
      'a bad number',
      {
        Statement: {
          ...base,
          Condition: { NumericLessThan: { 's3:TlsVersion': 'one' } },
        },
      },
      /not a number/,
    ],
    [
      'an Effect in the wrong case',
      { Statement: { ...base, Effect: 'allow' } },
      /Effect "allow"/,
    ],
    [
      'both Action and NotAction',
      { Statement: { ...base, NotAction: 's3:PutObject' } },
      /both Action and NotAction/,
    ],
    [
      'neither Resource nor NotResource',
      { Statement: { Effect: 'Allow', Action: 's3:*' } },
      /neither Resource nor NotResource/,
    ],
    [
      'both Principal and NotPrincipal',
      { Statement: { ...base, Principal: '*', NotPrincipal: '*' } },
      /both Principal and NotPrincipal/,
    ],
    [
      'an unknown principal type',
      { Statement: { ...base, Principal: { Aws: '*' } } },
      /unknown principal type "Aws"/,
    ],
    [
      'a Principal that is neither "*" nor an object',
      { Statement: { ...base, Principal: 'everyone' } },
      /must be "\*"/,
    ],
    [
      'a non-string action',
      { Statement: { ...base, Action: [{ a: 1 }] } },
      /Action must be a string/,
    ],
    [
      'an unknown field',
      { Statement: { ...base, Effects: 'Allow' } },
      /unknown field "Effects"/,
    ],
    [
      'a statement that is not an object',
      { Statement: ['Allow'] },
      /Statement #0 is not an object/,
    ],
  ])('reports %s', (_, document, expected) => {
    expect(parseError(document)).toMatch(expected);
  });

  it('does not quote the document in a JSON error', () => {
    expect(parseError('{"Statement": "secret-ish" oops}')).not.toMatch(
      /secret-ish/,
    );
  });

  it('names the statement by Sid in errors when it has one', () => {
    expect(
      parseError({ Statement: { ...base, Sid: 'Broken', Effect: 'Permit' } }),
    ).toMatch(/Statement "Broken"/);
  });
});

describe('statementLabel', () => {
  it('uses the Sid, or #index without one', () => {
    expect(statementLabel({ sid: 'PublicRead', effect: 'Allow' }, 3)).toBe(
      'PublicRead',
    );
    expect(statementLabel({ effect: 'Allow' }, 3)).toBe('#3');
  });
});
