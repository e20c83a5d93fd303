import { applicationCheckEvaluators } from './applicationChecks';
import {
  SAFE_POLICY_STATEMENTS,
  absent,
  callFailed,
  evaluate,
  inputWithPolicy,
  makeInput,
  makeSettings,
  ok,
} from './testInput';
import { CheckEvaluator } from '../types';
import { CorsRule } from '@s3-posture/plugin-s3-node';

function evaluateCors(cors: Parameters<typeof makeInput>[0]) {
  const evaluator: CheckEvaluator =
    applicationCheckEvaluators['cors-restricted'];
  return evaluator(makeInput(cors), makeSettings());
}

function rule(partial: Partial<CorsRule>): CorsRule {
  return {
    allowedOrigins: ['https://shop.example.com'],
    allowedMethods: ['GET'],
    allowedHeaders: [],
    exposeHeaders: [],
    ...partial,
  };
}

describe('cors-restricted', () => {
  it('passes when the bucket has no CORS configuration', () => {
    const verdict = evaluateCors({
      bucket: { cors: absent('NoSuchCORSConfiguration') },
    });
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /no CORS configuration.*cannot call it cross-origin/,
    );
    expect(verdict.evidence).toEqual({
      cors: 'not configured',
      awsCode: 'NoSuchCORSConfiguration',
    });
  });

  it('passes when rules name their origins, even with write methods and all headers', () => {
    const verdict = evaluateCors({
      bucket: {
        cors: ok({
          rules: [
            rule({ allowedMethods: ['PUT', 'POST'], allowedHeaders: ['*'] }),
            rule({
              allowedOrigins: ['https://*.example.com'],
              allowedMethods: ['DELETE'],
            }),
          ],
        }),
      },
    });
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/None of the 2 CORS rules/);
    expect(verdict.evidence).toEqual({
      ruleCount: 2,
      rules: [
        {
          allowedOrigins: ['https://shop.example.com'],
          allowedMethods: ['PUT', 'POST'],
        },
        {
          allowedOrigins: ['https://*.example.com'],
          allowedMethods: ['DELETE'],
        },
      ],
    });
  });

  it('passes when any origin may only read, without wildcard headers', () => {
    const verdict = evaluateCors({
      bucket: {
        cors: ok({
          rules: [
            rule({
              allowedOrigins: ['*'],
              allowedMethods: ['GET', 'HEAD'],
              allowedHeaders: ['Authorization'],
            }),
          ],
        }),
      },
    });
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/None of the 1 CORS rules/);
    expect(verdict.evidence).toMatchObject({ ruleCount: 1 });
  });

  it('fails when any origin may write, and names the methods', () => {
    const verdict = evaluateCors({
      bucket: {
        cors: ok({
          rules: [
            rule({}),
            rule({
              allowedOrigins: ['*'],
              allowedMethods: ['GET', 'put', 'DELETE'],
            }),
          ],
        }),
      },
    });
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /rule 2 allows any origin with write methods put, DELETE/,
    );
    expect(verdict.evidence).toEqual({
      ruleCount: 2,
      offendingRules: [
        {
          rule: 2,
          allowedOrigins: ['*'],
          allowedMethods: ['GET', 'put', 'DELETE'],
          allowedHeaders: [],
          problems: ['write methods put, DELETE'],
        },
      ],
    });
  });

  it('fails when a wildcard origin allows all headers', () => {
    const verdict = evaluateCors({
      bucket: {
        cors: ok({
          rules: [
            rule({
              allowedOrigins: ['https://*'],
              allowedMethods: ['GET'],
              allowedHeaders: ['*'],
            }),
          ],
        }),
      },
    });
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /rule 1 allows any origin with all headers \(\*\)/,
    );
    expect(verdict.evidence).toMatchObject({
      offendingRules: [
        {
          rule: 1,
          allowedOrigins: ['https://*'],
          problems: ['all headers (*)'],
        },
      ],
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluateCors({ bucket: { cors: callFailed() } });
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read .*s3:GetBucketCORS.*AccessDenied/,
    );
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});

describe('presigned-url-age-limited', () => {
  it('passes a bound below the configured maximum and reports it', () => {
    const verdict = evaluate('presigned-url-age-limited', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      policyMaxAgeMinutes: 10,
      allowedMaxAgeMinutes: 60,
      denyingStatements: ['DenyOldSignatures'],
    });
  });

  it('fails a bound above the configured maximum and says by how much', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      inputWithPolicy([
        {
          ...SAFE_POLICY_STATEMENTS[2],
          Condition: { NumericGreaterThan: { 's3:signatureAge': '7200000' } },
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /bound of 120 minutes is above the allowed 60/,
    );
    expect(verdict.evidence).toMatchObject({
      policyMaxAgeMinutes: 120,
      allowedMaxAgeMinutes: 60,
    });
  });

  it('follows the configured maximum', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      makeInput(),
      makeSettings({ presignedUrlMaxAgeMinutes: 5 }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/10 minutes is above the allowed 5/);
  });

  it('fails a policy without a signature-age Deny', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      inputWithPolicy([SAFE_POLICY_STATEMENTS[0]]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No statement .* denies requests signed longer ago/,
    );
  });

  it('fails a bucket without a policy', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      makeInput({ bucket: { policy: absent('NoSuchBucketPolicy') } }),
    );
    expect(verdict.status).toBe('fail');
  });

  it('ends in error when the policy cannot be read', () => {
    const verdict = evaluate(
      'presigned-url-age-limited',
      makeInput({ bucket: { policy: callFailed('AccessDenied') } }),
    );
    expect(verdict.status).toBe('error');
  });
});
