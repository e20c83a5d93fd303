/*
 * tls-only, tls-minimum-version and private-network-only (network): Deny statements of the
 * bucket policy proven to cover every request of a kind.
 */
import {
  ACCOUNT_ID,
  BPA_OFF,
  BUCKET_ARN,
  OBJECTS_ARN,
  SAFE_POLICY_STATEMENTS,
  absent,
  callFailed,
  evaluate,
  inputWithPolicy,
  makeInput,
  ok,
  publicRead,
} from './testInput';

describe('tls-only', () => {
  const denyHttp = (resource: string | string[], extra: object = {}) => ({
    Sid: 'DenyHttp',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    ...extra,
  });

  it('passes a Deny on plain HTTP for everyone, the bucket and its objects', () => {
    const verdict = evaluate('tls-only', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /denies plain-HTTP requests .* to every caller, on the bucket and its objects \(statement DenyInsecureTransport\)/,
    );
    expect(verdict.evidence).toMatchObject({
      denyingStatements: ['DenyInsecureTransport'],
      uncoveredOnBucket: [],
      uncoveredOnObjects: [],
      exemptions: [],
    });
  });

  it('passes BoolIfExists on aws:SecureTransport', () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        denyHttp([BUCKET_ARN, OBJECTS_ARN], {
          Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    );
    expect(verdict.status).toBe('pass');
  });

  it('fails a Deny that covers the objects but not the bucket, and names the bucket', () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([denyHttp(OBJECTS_ARN)]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      new RegExp(
        `only in part: it does not cover ${BUCKET_ARN} \\(the bucket itself\\)`,
      ),
    );
    expect(verdict.evidence).toMatchObject({
      denyingStatements: ['DenyHttp'],
      uncoveredOnObjects: [],
    });
    expect(verdict.evidence.uncoveredOnBucket).toContain('s3:ListBucket');
  });

  it('fails a Deny that covers only GetObject', () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        denyHttp([BUCKET_ARN, OBJECTS_ARN], { Action: 's3:GetObject' }),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/s3:PutObject/);
    expect(verdict.evidence.uncoveredOnObjects).not.toContain('s3:GetObject');
  });

  it("fails a Deny that spares the bucket's own account", () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        denyHttp([BUCKET_ARN, OBJECTS_ARN], {
          Principal: undefined,
          NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        }),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      new RegExp(`spares arn:aws:iam::${ACCOUNT_ID}:root \\(NotPrincipal\\)`),
    );
    expect(verdict.evidence).toMatchObject({
      exemptions: [{ statement: 'DenyHttp' }],
    });
  });

  it('fails a policy without any TLS Deny', () => {
    const verdict = evaluate('tls-only', inputWithPolicy([publicRead]));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No statement of the bucket policy denies plain-HTTP requests/,
    );
  });

  it('fails a bucket without a policy', () => {
    const verdict = evaluate(
      'tls-only',
      makeInput({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/no bucket policy/);
    expect(verdict.evidence).toEqual({ bucketPolicy: 'none' });
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'tls-only',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/AccessDenied/);
  });

  it('fails a policy that cannot be parsed: nothing in it can be relied on to deny', () => {
    const verdict = evaluate(
      'tls-only',
      makeInput({ bucket: { policy: ok('not json') } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/malformed/);
    expect(verdict.evidence).toMatchObject({ bucketPolicy: 'unparsable' });
  });
});

describe('tls-minimum-version', () => {
  it('passes a Deny below TLS 1.2 and reports the bound', () => {
    const verdict = evaluate('tls-minimum-version', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/TLS older than 1.2.*DenyOutdatedTls/);
    expect(verdict.evidence).toMatchObject({ deniedBelowTlsVersion: [1.2] });
  });

  it('fails a bound that lets TLS 1.1 through', () => {
    const verdict = evaluate(
      'tls-minimum-version',
      inputWithPolicy([
        {
          ...SAFE_POLICY_STATEMENTS[1],
          Condition: { NumericLessThan: { 's3:TlsVersion': '1.1' } },
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({ deniedBelowTlsVersion: [1.1] });
  });

  it('fails a policy with only the plain-HTTP Deny', () => {
    const verdict = evaluate(
      'tls-minimum-version',
      inputWithPolicy([SAFE_POLICY_STATEMENTS[0]]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No statement of the bucket policy denies requests over TLS older than 1.2/,
    );
  });

  it('fails a TLS Deny on the objects only', () => {
    const verdict = evaluate(
      'tls-minimum-version',
      inputWithPolicy([
        { ...SAFE_POLICY_STATEMENTS[1], Resource: OBJECTS_ARN },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/the bucket itself/);
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'tls-minimum-version',
      makeInput({ bucket: { policy: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
  });
});

describe('private-network-only', () => {
  const denyOutside = (key: string, value: string | string[]) => ({
    Sid: 'DenyOutsideVpc',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    Condition: { StringNotEquals: { [key]: value } },
  });

  it('passes a Deny for requests that do not come through the VPC endpoint', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([
        ...SAFE_POLICY_STATEMENTS,
        denyOutside('aws:SourceVpce', 'vpce-1a2b3c4d'),
      ]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/do not come through vpce-1a2b3c4d/);
    expect(verdict.evidence).toMatchObject({
      networks: ['vpce-1a2b3c4d'],
      denyingStatements: ['DenyOutsideVpc'],
    });
  });

  it('passes a Deny keyed on the VPC', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([denyOutside('aws:SourceVpc', ['vpc-1', 'vpc-2'])]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({ networks: ['vpc-1', 'vpc-2'] });
  });

  it('fails the safe default policy, which says nothing about networks', () => {
    const verdict = evaluate('private-network-only', makeInput());
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No Deny of the bucket policy is limited to fixed aws:SourceVpce or aws:SourceVpc values/,
    );
  });

  it('fails a VPC endpoint named only in an Allow: nothing denies the rest', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([
        {
          ...publicRead,
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/No Deny of the bucket policy is limited/);
  });

  it('fails a Deny that covers only the objects', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([
        { ...denyOutside('aws:SourceVpce', 'vpce-1'), Resource: OBJECTS_ARN },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /does not deny every request from outside them: it does not cover .*\(the bucket itself\)/,
    );
    expect(verdict.evidence).toMatchObject({
      uncoveredOnBucket: expect.arrayContaining(['s3:ListBucket']),
    });
  });

  it('fails a policy that locks out its own VPC endpoint too', () => {
    const verdict = evaluate(
      'private-network-only',
      inputWithPolicy([
        denyOutside('aws:SourceVpce', 'vpce-1'),
        {
          Sid: 'DenyAll',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [BUCKET_ARN, OBJECTS_ARN],
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /denies every request, even through vpce-1 \(statement DenyAll\)/,
    );
  });

  it('fails a bucket without a policy', () => {
    const verdict = evaluate(
      'private-network-only',
      makeInput({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/no bucket policy/);
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'private-network-only',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/Could not read the bucket policy/);
  });
});

describe('a pass holds for every request (audit cases)', () => {
  const denyHttp = {
    Sid: 'DenyHttp',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [BUCKET_ARN, OBJECTS_ARN],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };

  // A key named __proto__ used to vanish into the object prototype, leaving a Deny
  // that looked unconditional. It is a key like any other that no request carries
  // (it has no service prefix), so a Deny that needs it denies nothing.
  it('fails tls-only when the Deny also needs a key named __proto__', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          ...denyHttp,
          Condition: {
            Bool: { 'aws:SecureTransport': 'false' },
            StringEquals: { __proto__: 'x' },
          },
        },
      ],
    }).replace('"StringEquals":{}', '"StringEquals":{"__proto__":"x"}');
    expect(policy).toContain('"__proto__":"x"');
    const verdict = evaluate(
      'tls-only',
      makeInput({ bucket: { policy: ok(policy) } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No statement of the bucket policy denies plain-HTTP requests/,
    );
  });

  // Security Hub S3.5 / the S3 guide's "aws:SecureTransport" example: the Deny must
  // cover every principal. A carve-out leaves plain HTTP open to the spared callers.
  it.each([
    [
      'aws:PrincipalArn',
      {
        ArnNotLike: {
          'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_ID}:role/admin`,
        },
      },
    ],
    ['aws:SourceVpce', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }],
  ])('fails tls-only with a %s carve-out and names it', (key, carveOut) => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        {
          ...denyHttp,
          Condition: { ...denyHttp.Condition, ...carveOut },
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toContain(key);
    expect(verdict.evidence).toMatchObject({
      exemptions: [expect.objectContaining({ statement: 'DenyHttp' })],
    });
  });

  it('passes tls-only split over two Deny statements, one for the bucket and one for its objects', () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        { ...denyHttp, Sid: 'Bucket', Resource: BUCKET_ARN },
        { ...denyHttp, Sid: 'Objects', Resource: OBJECTS_ARN },
      ]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      denyingStatements: ['Bucket', 'Objects'],
    });
  });

  it('fails tls-only when the Deny has a prefix only, not every object', () => {
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([
        { ...denyHttp, Resource: [BUCKET_ARN, `${BUCKET_ARN}/data/*`] },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/its objects/);
  });

  it('passes tls-minimum-version only when both TLS 1.0 and 1.1 are denied', () => {
    const deny = (bound: string) =>
      inputWithPolicy([
        {
          Sid: 'OldTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [BUCKET_ARN, OBJECTS_ARN],
          Condition: { NumericLessThan: { 's3:TlsVersion': bound } },
        },
      ]);
    expect(evaluate('tls-minimum-version', deny('1.2')).status).toBe('pass');
    expect(evaluate('tls-minimum-version', deny('1.1')).status).toBe('fail');
  });

  // IAM reference, "AWS JSON policy elements: Principal": wildcards only as the whole
  // value "*"; AWS refuses to store such a policy.
  it.each([[{ AWS: 'arn:aws:iam::*:root' }], [{ CanonicalUser: '*' }]])(
    'calls a policy with the principal %j malformed: enforcing checks fail, public checks error',
    principal => {
      const input = inputWithPolicy(
        [{ ...publicRead, Principal: principal }, ...SAFE_POLICY_STATEMENTS],
        BPA_OFF,
      );
      const tls = evaluate('tls-only', input);
      expect(tls.status).toBe('fail');
      expect(tls.reason).toMatch(
        /malformed.*Statement "PublicRead"\.Principal/,
      );
      expect(evaluate('no-public-read', input).status).toBe('error');
    },
  );

  it('calls a statement without Action malformed, naming it', () => {
    const { Action: _, ...noAction } = publicRead;
    const verdict = evaluate(
      'tls-only',
      inputWithPolicy([noAction, ...SAFE_POLICY_STATEMENTS]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Statement "PublicRead" has neither Action nor NotAction/,
    );
  });
});
