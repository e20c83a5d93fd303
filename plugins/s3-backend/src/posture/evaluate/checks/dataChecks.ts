import { EncryptionRule } from '@s3-posture/plugin-s3-node';
import { CheckEvaluators } from '../types';
import { fail, pass, undecided } from '../verdicts';
import { ENCRYPTION } from './settingNames';

/** The default-encryption algorithms that use KMS keys (SSE-KMS, DSSE-KMS). */
export const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];
const DEFAULT_ENCRYPTION_ALGORITHMS = ['AES256', ...KMS_ALGORITHMS];

const ALGORITHM_NAMES: Record<string, string> = {
  AES256: 'SSE-S3 (AES256)',
  'aws:kms': 'SSE-KMS (aws:kms)',
  'aws:kms:dsse': 'DSSE-KMS (aws:kms:dsse)',
};

function describeAlgorithm(algorithm: string): string {
  return ALGORITHM_NAMES[algorithm] ?? algorithm;
}

function ruleEvidence(rule: EncryptionRule): Record<string, unknown> {
  const evidence: Record<string, unknown> = {
    sseAlgorithm: rule.sseAlgorithm,
    bucketKeyEnabled: rule.bucketKeyEnabled ?? false,
  };
  if (KMS_ALGORITHMS.includes(rule.sseAlgorithm)) {
    // S3 uses the AWS managed key aws/s3 when a KMS rule names no key.
    evidence.kmsMasterKeyId = rule.kmsMasterKeyId ?? 'aws/s3 (AWS managed key)';
  }
  return evidence;
}

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const dataCheckEvaluators = {
  'default-encryption': ({ bucket }) => {
    const encryption = bucket.encryption;
    if (encryption.status === 'error') {
      return undecided(ENCRYPTION, encryption);
    }
    if (encryption.status === 'absent') {
      return fail(
        `The bucket has no default encryption (${encryption.code}); turn on SSE-S3 or SSE-KMS.`,
        { encryption: 'not configured', awsCode: encryption.code },
      );
    }
    const rules = encryption.value.rules ?? [];
    const rule = rules.find(r =>
      DEFAULT_ENCRYPTION_ALGORITHMS.includes(r.sseAlgorithm),
    );
    if (rule) {
      return pass(
        `Default encryption is ${describeAlgorithm(rule.sseAlgorithm)}.`,
        ruleEvidence(rule),
      );
    }
    const found = rules.map(r => r.sseAlgorithm);
    return fail(
      found.length === 0
        ? 'The default encryption configuration has no rule; turn on SSE-S3 or SSE-KMS.'
        : `Default encryption uses ${found.join(', ')}, which is neither AES256 nor KMS.`,
      { sseAlgorithms: found },
    );
  },

  'kms-encryption': ({ bucket }) => {
    const encryption = bucket.encryption;
    if (encryption.status === 'error') {
      return undecided(ENCRYPTION, encryption);
    }
    if (encryption.status === 'absent') {
      return fail(
        `The bucket has no default encryption (${encryption.code}); set it to SSE-KMS.`,
        { encryption: 'not configured', awsCode: encryption.code },
      );
    }
    const rules = encryption.value.rules ?? [];
    const kmsRule = rules.find(r => KMS_ALGORITHMS.includes(r.sseAlgorithm));
    if (kmsRule) {
      const evidence = ruleEvidence(kmsRule);
      return pass(
        `Default encryption is ${describeAlgorithm(kmsRule.sseAlgorithm)} with key ${evidence.kmsMasterKeyId}.`,
        evidence,
      );
    }
    const found = rules.map(r => r.sseAlgorithm);
    return fail(
      found.length === 0
        ? 'The default encryption configuration has no rule; set it to SSE-KMS.'
        : `Default encryption is ${found.map(describeAlgorithm).join(', ')}, not KMS; switch to SSE-KMS.`,
      { sseAlgorithms: found },
    );
  },
} satisfies CheckEvaluators;
