import { dataCheckEvaluators } from './dataChecks';
import {
  KMS_KEY_ARN,
  absent,
  callFailed,
  makeInput,
  makeSettings,
  ok,
} from './testInput';
import { CheckEvaluator } from '../types';
import { PostureInput } from '@s3-posture/plugin-s3-node';

function evaluate(id: keyof typeof dataCheckEvaluators, input: PostureInput) {
  // Widened to the engine's signature: the settings argument is part of the contract.
  const evaluator: CheckEvaluator = dataCheckEvaluators[id];
  return evaluator(input, makeSettings());
}

const sseS3 = makeInput({
  bucket: { encryption: ok({ rules: [{ sseAlgorithm: 'AES256' }] }) },
});
const notConfigured = makeInput({
  bucket: {
    encryption: absent('ServerSideEncryptionConfigurationNotFoundError'),
  },
});
const unreadable = makeInput({ bucket: { encryption: callFailed() } });

describe('default-encryption', () => {
  it('passes with SSE-S3', () => {
    const verdict = evaluate('default-encryption', sseS3);
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/SSE-S3 \(AES256\)/);
    expect(verdict.evidence).toEqual({
      sseAlgorithm: 'AES256',
      bucketKeyEnabled: false,
    });
  });

  it('passes with DSSE-KMS', () => {
    const verdict = evaluate(
      'default-encryption',
      makeInput({
        bucket: {
          encryption: ok({
            rules: [
              { sseAlgorithm: 'aws:kms:dsse', kmsMasterKeyId: KMS_KEY_ARN },
            ],
          }),
        },
      }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/DSSE-KMS/);
    expect(verdict.evidence).toEqual({
      sseAlgorithm: 'aws:kms:dsse',
      kmsMasterKeyId: KMS_KEY_ARN,
      bucketKeyEnabled: false,
    });
  });

  it('fails, not errors, when no default encryption is configured', () => {
    const verdict = evaluate('default-encryption', notConfigured);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /no default encryption \(ServerSideEncryptionConfigurationNotFoundError\)/,
    );
    expect(verdict.evidence).toEqual({
      encryption: 'not configured',
      awsCode: 'ServerSideEncryptionConfigurationNotFoundError',
    });
  });

  it('fails on an algorithm it does not know', () => {
    const verdict = evaluate(
      'default-encryption',
      makeInput({
        bucket: { encryption: ok({ rules: [{ sseAlgorithm: 'rot13' }] }) },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/rot13, which is neither AES256 nor KMS/);
    expect(verdict.evidence).toEqual({ sseAlgorithms: ['rot13'] });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate('default-encryption', unreadable);
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /s3:GetEncryptionConfiguration.*AccessDenied/,
    );
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});

describe('kms-encryption', () => {
  it('passes with SSE-KMS and shows key and bucket key', () => {
    const verdict = evaluate('kms-encryption', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/SSE-KMS \(aws:kms\) with key arn:aws:kms:/);
    expect(verdict.evidence).toEqual({
      sseAlgorithm: 'aws:kms',
      kmsMasterKeyId: KMS_KEY_ARN,
      bucketKeyEnabled: true,
    });
  });

  it('passes with the AWS managed key when the rule names no key', () => {
    const verdict = evaluate(
      'kms-encryption',
      makeInput({
        bucket: { encryption: ok({ rules: [{ sseAlgorithm: 'aws:kms' }] }) },
      }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/aws\/s3/);
    expect(verdict.evidence).toEqual({
      sseAlgorithm: 'aws:kms',
      kmsMasterKeyId: 'aws/s3 (AWS managed key)',
      bucketKeyEnabled: false,
    });
  });

  it('fails with SSE-S3', () => {
    const verdict = evaluate('kms-encryption', sseS3);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/SSE-S3 \(AES256\), not KMS/);
    expect(verdict.evidence).toEqual({ sseAlgorithms: ['AES256'] });
  });

  it('fails when no default encryption is configured', () => {
    const verdict = evaluate('kms-encryption', notConfigured);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/no default encryption/);
    expect(verdict.evidence).toEqual({
      encryption: 'not configured',
      awsCode: 'ServerSideEncryptionConfigurationNotFoundError',
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate('kms-encryption', unreadable);
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/default encryption.*AccessDenied/);
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});
