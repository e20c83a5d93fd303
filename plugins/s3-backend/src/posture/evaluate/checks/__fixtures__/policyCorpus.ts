/**
 * The bucket-policy corpus of issue 14: at least 300 cases taken from AWS documentation,
 * each with its source and the verdicts AWS's own semantics give. Split by source:
 *
 * - policyCorpus.meaningOfPublic.ts — S3 Block Public Access, "The meaning of public"
 * - policyCorpus.conditionKeys.ts — IAM global condition keys, condition operators, Access Analyzer
 * - policyCorpus.bucketPolicyExamples.ts — the S3 user guide's bucket policy examples
 * - policyCorpus.transport.ts — aws:SecureTransport, s3:TlsVersion, s3:signatureAge
 * - policyCorpus.iamLanguage.ts — evaluation logic, Action/Resource, variables, grammar
 * - policyCorpus.crossAccount.ts — Security Hub S3.6, IAM Access Analyzer
 */
import { BUCKET_POLICY_EXAMPLE_CASES } from './policyCorpus.bucketPolicyExamples';
import { CONDITION_KEY_CASES } from './policyCorpus.conditionKeys';
import { CROSS_ACCOUNT_CASES } from './policyCorpus.crossAccount';
import { IAM_LANGUAGE_CASES } from './policyCorpus.iamLanguage';
import { MEANING_OF_PUBLIC_CASES } from './policyCorpus.meaningOfPublic';
import { TRANSPORT_CASES } from './policyCorpus.transport';
import { PolicyCase } from './policyCorpusTypes';

export * from './policyCorpusTypes';

/** Every case, grouped by the family of sources it comes from. */
export const POLICY_CORPUS_BY_SOURCE: Readonly<Record<string, PolicyCase[]>> = {
  'S3 Block Public Access: the meaning of public': MEANING_OF_PUBLIC_CASES,
  'IAM condition keys and operators, Access Analyzer': CONDITION_KEY_CASES,
  'S3 bucket policy examples': BUCKET_POLICY_EXAMPLE_CASES,
  'TLS, TLS version and signature age': TRANSPORT_CASES,
  'IAM policy language': IAM_LANGUAGE_CASES,
  'Cross-account (Security Hub S3.6, Access Analyzer)': CROSS_ACCOUNT_CASES,
};

export const POLICY_CORPUS: PolicyCase[] = Object.values(
  POLICY_CORPUS_BY_SOURCE,
).flat();
