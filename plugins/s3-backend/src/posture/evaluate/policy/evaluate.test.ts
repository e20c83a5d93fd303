import { evaluateIdentityPolicies, evaluateResourcePolicy } from './evaluate';
import { parsePolicy } from './parsePolicy';
import { Policy, RequestContext, RequestPrincipal } from './types';

const BUCKET = 'arn:aws:s3:::orders';
const OBJECT = 'arn:aws:s3:::orders/reports/2026.csv';
const anonymous: RequestPrincipal = { type: 'anonymous' };
const ownRole: RequestPrincipal = {
  type: 'account',
  accountId: '123456789012',
  arn: 'arn:aws:iam::123456789012:role/app',
};
const stranger: RequestPrincipal = {
  type: 'account',
  accountId: '444455556666',
  arn: 'arn:aws:iam::444455556666:user/mallory',
};

function policy(...statements: object[]): Policy {
  const result = parsePolicy(
    JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  );
  if (!result.ok) throw new Error(result.error);
  return result.policy;
}

function request(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    principal: anonymous,
    action: 's3:GetObject',
    resource: OBJECT,
    context: { 'aws:SecureTransport': 'true', 'aws:SourceIp': '198.51.100.7' },
    ...overrides,
  };
}

const publicRead = {
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::orders/*',
};

describe('evaluateResourcePolicy', () => {
  it('allows what an Allow statement covers and names it', () => {
    expect(evaluateResourcePolicy(policy(publicRead), request())).toEqual({
      decision: 'allow',
      statements: ['PublicRead'],
    });
  });

  it('denies implicitly what no statement covers', () => {
    expect(
      evaluateResourcePolicy(
        policy(publicRead),
        request({ action: 's3:PutObject' }),
      ),
    ).toEqual({ decision: 'implicit-deny', statements: [] });
    expect(
      evaluateResourcePolicy(policy(publicRead), request({ resource: BUCKET }))
        .decision,
    ).toBe('implicit-deny');
  });

  it('lets an explicit Deny win over an Allow', () => {
    const denyHttp = {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    const both = policy(publicRead, denyHttp);
    expect(
      evaluateResourcePolicy(
        both,
        request({ context: { 'aws:SecureTransport': 'false' } }),
      ),
    ).toEqual({ decision: 'explicit-deny', statements: ['#1'] });
    expect(evaluateResourcePolicy(both, request()).decision).toBe('allow');
  });

  it('names every statement that decided', () => {
    const twice = policy(publicRead, { ...publicRead, Sid: 'AlsoPublic' });
    expect(evaluateResourcePolicy(twice, request()).statements).toEqual([
      'PublicRead',
      'AlsoPublic',
    ]);
  });

  it('matches wildcard actions and resources', () => {
    const broad = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:Get*',
      Resource: 'arn:aws:s3:::ord*',
    });
    expect(
      evaluateResourcePolicy(broad, request({ action: 's3:GetObjectAcl' }))
        .decision,
    ).toBe('allow');
    expect(
      evaluateResourcePolicy(
        broad,
        request({ resource: BUCKET, action: 's3:GetBucketAcl' }),
      ).decision,
    ).toBe('allow');
    expect(
      evaluateResourcePolicy(broad, request({ action: 's3:PutObject' }))
        .decision,
    ).toBe('implicit-deny');
  });

  it('takes actions case-insensitively and resources case-sensitively', () => {
    const statement = {
      ...publicRead,
      Action: 'S3:GETOBJECT',
      Resource: 'arn:aws:s3:::orders/Reports/*',
    };
    expect(evaluateResourcePolicy(policy(statement), request()).decision).toBe(
      'implicit-deny',
    );
    expect(
      evaluateResourcePolicy(
        policy(statement),
        request({ resource: 'arn:aws:s3:::orders/Reports/x' }),
      ).decision,
    ).toBe('allow');
  });

  it('applies NotAction to every action but those listed', () => {
    const allButDelete = policy({
      Effect: 'Allow',
      Principal: '*',
      NotAction: 's3:Delete*',
      Resource: '*',
    });
    expect(
      evaluateResourcePolicy(allButDelete, request({ action: 's3:PutObject' }))
        .decision,
    ).toBe('allow');
    expect(
      evaluateResourcePolicy(
        allButDelete,
        request({ action: 's3:DeleteObject' }),
      ).decision,
    ).toBe('implicit-deny');
  });

  it('applies NotResource to every resource but those listed', () => {
    const allButSecret = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      NotResource: 'arn:aws:s3:::orders/secret/*',
    });
    expect(evaluateResourcePolicy(allButSecret, request()).decision).toBe(
      'allow',
    );
    expect(
      evaluateResourcePolicy(
        allButSecret,
        request({ resource: 'arn:aws:s3:::orders/secret/k' }),
      ).decision,
    ).toBe('implicit-deny');
  });

  it('applies NotPrincipal to everyone but those listed', () => {
    const denyAllButOwner = policy(publicRead, {
      Sid: 'OnlyOwner',
      Effect: 'Deny',
      NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 's3:*',
      Resource: [BUCKET, `${BUCKET}/*`],
    });
    expect(evaluateResourcePolicy(denyAllButOwner, request())).toEqual({
      decision: 'explicit-deny',
      statements: ['OnlyOwner'],
    });
    expect(
      evaluateResourcePolicy(denyAllButOwner, request({ principal: stranger }))
        .decision,
    ).toBe('explicit-deny');
    expect(
      evaluateResourcePolicy(denyAllButOwner, request({ principal: ownRole }))
        .decision,
    ).toBe('allow');
  });

  it('lets an account principal cover all principals of that account', () => {
    const grant = policy({ ...publicRead, Principal: { AWS: '444455556666' } });
    expect(
      evaluateResourcePolicy(grant, request({ principal: stranger })).decision,
    ).toBe('allow');
    expect(
      evaluateResourcePolicy(grant, request({ principal: ownRole })).decision,
    ).toBe('implicit-deny');
    expect(evaluateResourcePolicy(grant, request()).decision).toBe(
      'implicit-deny',
    );
  });

  it('allows a service principal only the service', () => {
    const logs = policy({
      ...publicRead,
      Action: 's3:PutObject',
      Principal: { Service: 'logging.s3.amazonaws.com' },
    });
    expect(
      evaluateResourcePolicy(
        logs,
        request({
          action: 's3:PutObject',
          principal: { type: 'service', service: 'logging.s3.amazonaws.com' },
        }),
      ).decision,
    ).toBe('allow');
    expect(
      evaluateResourcePolicy(logs, request({ action: 's3:PutObject' }))
        .decision,
    ).toBe('implicit-deny');
  });

  it('ignores statements that name no principal (not valid in a bucket policy)', () => {
    const noPrincipal = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
    });
    expect(evaluateResourcePolicy(noPrincipal, request()).decision).toBe(
      'implicit-deny',
    );
  });

  it('judges conditions against the request', () => {
    const vpceOnly = policy({
      ...publicRead,
      Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } },
    });
    expect(evaluateResourcePolicy(vpceOnly, request()).decision).toBe(
      'implicit-deny',
    );
    expect(
      evaluateResourcePolicy(
        vpceOnly,
        request({ context: { 'aws:SourceVpce': 'vpce-2' } }),
      ).decision,
    ).toBe('allow');
  });

  it('honours BoolIfExists on SecureTransport when the key is missing', () => {
    const denyUnlessTls = policy(publicRead, {
      Sid: 'DenyHttp',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `${BUCKET}/*`,
      Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    });
    expect(
      evaluateResourcePolicy(denyUnlessTls, request({ context: {} })).decision,
    ).toBe('explicit-deny');
    expect(evaluateResourcePolicy(denyUnlessTls, request()).decision).toBe(
      'allow',
    );
  });

  describe('with caller-controlled keys', () => {
    const sseOnly = policy({
      ...publicRead,
      Condition: {
        StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      },
    });
    const options = {
      callerControlsKey: (key: string) => key.startsWith('s3:x-amz'),
    };

    it('takes an Allow condition on such a key as met, and reports the key', () => {
      expect(evaluateResourcePolicy(sseOnly, request())).toEqual({
        decision: 'implicit-deny',
        statements: [],
      });
      expect(evaluateResourcePolicy(sseOnly, request(), options)).toEqual({
        decision: 'allow',
        statements: ['PublicRead'],
        assumedKeys: ['s3:x-amz-server-side-encryption'],
      });
    });

    it('takes a Deny condition on such a key as not met', () => {
      const denyUnencrypted = policy(
        { ...publicRead, Action: 's3:PutObject' },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: `${BUCKET}/*`,
          Condition: {
            StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
          },
        },
      );
      const put = request({ action: 's3:PutObject' });
      expect(evaluateResourcePolicy(denyUnencrypted, put).decision).toBe(
        'explicit-deny',
      );
      expect(
        evaluateResourcePolicy(denyUnencrypted, put, options).decision,
      ).toBe('allow');
    });
  });
});

describe('evaluateIdentityPolicies', () => {
  const readOrders = policy({
    Sid: 'ReadOrders',
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:ListBucket'],
    Resource: [BUCKET, `${BUCKET}/*`],
  });
  const noDeletes = policy({
    Sid: 'NoDeletes',
    Effect: 'Deny',
    Action: 's3:Delete*',
    Resource: '*',
  });
  const everything = policy({
    Sid: 'Admin',
    Effect: 'Allow',
    Action: '*',
    Resource: '*',
  });

  it('allows what any of the policies allows', () => {
    const { principal, ...withoutPrincipal } = request();
    expect(principal).toBeDefined();
    expect(
      evaluateIdentityPolicies([noDeletes, readOrders], withoutPrincipal),
    ).toEqual({
      decision: 'allow',
      statements: ['ReadOrders'],
    });
  });

  it('lets a Deny in one policy beat an Allow in another', () => {
    expect(
      evaluateIdentityPolicies([everything, noDeletes], {
        action: 's3:DeleteObject',
        resource: OBJECT,
        context: {},
      }),
    ).toEqual({ decision: 'explicit-deny', statements: ['NoDeletes'] });
  });

  it('denies implicitly when nothing allows', () => {
    expect(
      evaluateIdentityPolicies([readOrders], {
        action: 's3:PutObject',
        resource: OBJECT,
        context: {},
      }).decision,
    ).toBe('implicit-deny');
    expect(
      evaluateIdentityPolicies([], {
        action: 's3:GetObject',
        resource: OBJECT,
        context: {},
      }).decision,
    ).toBe('implicit-deny');
  });

  it('ignores any principal in the request', () => {
    const withPrincipal = {
      ...request(),
      principal: stranger,
    } as RequestContext;
    expect(evaluateIdentityPolicies([readOrders], withPrincipal).decision).toBe(
      'allow',
    );
  });
});
