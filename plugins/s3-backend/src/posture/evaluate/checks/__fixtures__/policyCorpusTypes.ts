/**
 * Shared types and building blocks of the bucket-policy corpus (issue 14): policies taken
 * from AWS documentation, each with the verdicts AWS's own semantics give the checks that
 * read the bucket policy. The corpus is data; `policyCorpus.test.ts` runs it.
 */

/** The checks whose verdict a corpus case can state. */
export const CORPUS_CHECKS = [
  'no-public-read',
  'no-public-write',
  'no-cross-account-sensitive-actions',
  'tls-only',
  'tls-minimum-version',
  'presigned-url-age-limited',
] as const;

export type CorpusCheckId = (typeof CORPUS_CHECKS)[number];

export type CorpusStatus = 'pass' | 'fail' | 'error';

/** One acceptable status, or a set of them (e.g. a malformed policy: `fail` or `error`). */
export type CorpusExpectation = CorpusStatus | readonly CorpusStatus[];

export interface PolicyCase {
  /** Unique, stable, names the source family (`bpa-…`, `tls-…`, …). */
  id: string;
  /** The AWS page whose text decides the expectations. */
  source: string;
  title: string;
  /** One line: which sentence of the source decides the verdicts. */
  why: string;
  /** The bucket policy document (serialised with JSON.stringify for the check). */
  policy: object;
  /** The bucket the policy is attached to; default `orders-production`. */
  bucket?: string;
  /** The account that owns the bucket; default `123456789012`. */
  accountId?: string;
  /** Checks not named here are not asserted for this case. */
  expect: Partial<Record<CorpusCheckId, CorpusExpectation>>;
}

// ------------------------------------------------------------------ sources

export const SRC = {
  meaningOfPublic:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
  bucketPolicyExamples:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html',
  vpcEndpointExamples:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
  s3ConditionKeyExamples:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html',
  tlsVersionExample:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-tls-version',
  presignedUrls:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html#PresignedUrlUploadObject-LimitCapabilities',
  sigV4Keys:
    'https://docs.aws.amazon.com/AmazonS3/latest/API/bucket-policy-s3-sigv4-conditions.html',
  presignedGuardrails:
    'https://docs.aws.amazon.com/prescriptive-guidance/latest/presigned-url-best-practices/additional-guardrails.html',
  conditionOperators:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  conditionElement:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html',
  multiValueConditions:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html',
  globalKeys:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  evaluationLogic:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow',
  variables:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  version:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
  principal:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  notPrincipal:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
  action:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
  notAction:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
  resource:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards',
  notResource:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
  grammar:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html#policies-grammar-notes',
  securityHubS3:
    'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html',
  configSslRequestsOnly:
    'https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html',
  knowledgeCenterTls:
    'https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule',
  accessAnalyzerS3:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html#access-analyzer-s3',
  accessAnalyzerConcepts:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html',
} as const;

/** A global condition key's section of the IAM reference. */
export function globalKey(anchor: string): string {
  return `${SRC.globalKeys}#condition-keys-${anchor}`;
}

/** A section of the IAM condition operator reference. */
export function operatorDoc(anchor: string): string {
  return `${SRC.conditionOperators}#${anchor}`;
}

// ------------------------------------------------------------------ policy pieces

export const BUCKET_NAME = 'orders-production';
export const OWN_ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '444455556666';
export const THIRD_ACCOUNT = '111122223333';
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET_NAME}`;
export const OBJECTS_ARN = `${BUCKET_ARN}/*`;
export const BUCKET_AND_OBJECTS = [BUCKET_ARN, OBJECTS_ARN];
/** The canonical user id the test input gives the bucket owner (and the IAM docs use). */
export const OWNER_CANONICAL_USER =
  '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
export const OTHER_CANONICAL_USER =
  'be31aa0a12a1f6c87e1b3f5c6e9d0b5a4e1b2c3d4e5f60718293a4b5c6d7e8f9';
export const KMS_KEY_ARN = `arn:aws:kms:eu-north-1:${OWN_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** A policy document, language version 2012-10-17. */
export function doc(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

/** A policy document in the 2008-10-17 language (no policy variables). */
export function doc2008(...statements: object[]): object {
  return { Version: '2008-10-17', Statement: statements };
}

/** The AWS-recommended Deny of plain HTTP (S3 user guide, Security Hub S3.5). */
export const DENY_HTTP = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: BUCKET_AND_OBJECTS,
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

/** Deny of TLS older than 1.2 (S3 user guide, condition key example 8, widened to s3:*). */
export const DENY_OLD_TLS = {
  Sid: 'DenyOutdatedTls',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: BUCKET_AND_OBJECTS,
  Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
};

/** Deny of signatures older than 10 minutes (S3 user guide, presigned URLs). */
export const DENY_OLD_SIGNATURES = {
  Sid: 'DenyOldSignatures',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: BUCKET_AND_OBJECTS,
  Condition: { NumericGreaterThan: { 's3:signatureAge': '600000' } },
};

/** The three guard rails; with them the coverage checks pass. */
export const GUARDS = [DENY_HTTP, DENY_OLD_TLS, DENY_OLD_SIGNATURES];

// ------------------------------------------------------------------ expectation bundles

/** Either status is acceptable: the policy is malformed or cannot be decided; never pass. */
export const FAIL_OR_ERROR = ['fail', 'error'] as const;

/** No Deny of the kinds the coverage checks look for. */
export const NO_GUARD_EXPECTATIONS = {
  'tls-only': 'fail',
  'tls-minimum-version': 'fail',
  'presigned-url-age-limited': 'fail',
} as const;

/** The three guard rails are present and complete. */
export const GUARD_EXPECTATIONS = {
  'tls-only': 'pass',
  'tls-minimum-version': 'pass',
  'presigned-url-age-limited': 'pass',
} as const;

/** Every check a malformed policy touches: fail or error, never pass. */
export const MALFORMED_EXPECTATIONS = {
  'no-public-read': FAIL_OR_ERROR,
  'no-public-write': FAIL_OR_ERROR,
  'no-cross-account-sensitive-actions': FAIL_OR_ERROR,
  'tls-only': FAIL_OR_ERROR,
  'tls-minimum-version': FAIL_OR_ERROR,
  'presigned-url-age-limited': FAIL_OR_ERROR,
} as const;

/** The policy grants nothing to the public and nothing sensitive to other accounts. */
export const PRIVATE_EXPECTATIONS = {
  'no-public-read': 'pass',
  'no-public-write': 'pass',
  'no-cross-account-sensitive-actions': 'pass',
} as const;
