import { Check } from '@backstage-community/plugin-tech-insights-common';
import {
  S3_POSTURE_RETRIEVER_ID,
  S3_POSTURE_ROLLUP_RETRIEVER_ID,
} from './factRetrievers';

/**
 * One condition of a ready-made check: a fact compared with a value.
 *
 * @public
 */
export interface S3CheckCondition {
  fact: string;
  operator: 'equal' | 'notEqual' | 'lessThanInclusive' | 'greaterThanInclusive';
  value: boolean | number | string;
}

/**
 * A ready-made check for the JSON rules engine
 * (`@backstage-community/plugin-tech-insights-backend-module-jsonfc`). The same shape as
 * that module's `TechInsightJsonRuleCheck`, so the list can be handed to
 * `new JsonRulesEngineFactCheckerFactory({ checks: s3TechInsightsChecks, ... })`.
 *
 * @public
 */
export interface S3TechInsightsCheck extends Check {
  type: 'json-rules-engine';
  rule: { conditions: { all: S3CheckCondition[] } };
}

const onBuckets = [S3_POSTURE_RETRIEVER_ID];
const isTrue = (fact: string): S3CheckCondition => ({
  fact,
  operator: 'equal',
  value: true,
});

/**
 * Ready-made Tech Insights checks on the S3 posture facts, for the JSON rules engine.
 *
 * Bucket checks run on `Resource` entities of type `s3-bucket`; "All buckets compliant" runs
 * on components, systems, groups and users. A check whose fact is absent for an entity (the check
 * did not apply, could not be decided, or is not in the active profile) is skipped by the
 * engine rather than failed. The portal's `app-config.yaml` carries the same checks under
 * `techInsights.factChecker.checks`, for adopters who configure checks there.
 *
 * @public
 */
export const s3TechInsightsChecks: S3TechInsightsCheck[] = [
  {
    id: 's3-no-public-buckets',
    type: 'json-rules-engine',
    name: 'No public S3 buckets',
    description:
      'Neither the bucket policy nor the ACL lets anonymous or any-AWS-user principals read, list or write the bucket, once Block Public Access is applied.',
    factIds: onBuckets,
    rule: {
      conditions: {
        all: [isTrue('s3Check_noPublicRead'), isTrue('s3Check_noPublicWrite')],
      },
    },
  },
  {
    id: 's3-tls-enforced',
    type: 'json-rules-engine',
    name: 'S3 TLS enforced',
    description:
      'The bucket policy denies every request to the bucket and its objects made without TLS (aws:SecureTransport false).',
    factIds: onBuckets,
    rule: { conditions: { all: [isTrue('s3Check_tlsOnly')] } },
  },
  {
    id: 's3-kms-encryption',
    type: 'json-rules-engine',
    name: 'S3 encryption with KMS',
    description:
      'Default encryption uses AWS KMS (SSE-KMS or DSSE-KMS), so reading needs the key too and every key use is logged.',
    factIds: onBuckets,
    rule: { conditions: { all: [isTrue('s3Check_kmsEncryption')] } },
  },
  {
    id: 's3-versioning-on',
    type: 'json-rules-engine',
    name: 'S3 versioning on',
    description:
      'Versioning is enabled, so overwritten and deleted objects can be recovered.',
    factIds: onBuckets,
    rule: { conditions: { all: [isTrue('s3Check_versioningEnabled')] } },
  },
  {
    id: 's3-no-critical-findings',
    type: 'json-rules-engine',
    name: 'No critical S3 findings',
    description: 'No check of critical severity fails on the bucket.',
    factIds: onBuckets,
    rule: {
      conditions: {
        all: [{ fact: 's3FailingCritical', operator: 'equal', value: 0 }],
      },
    },
  },
  {
    id: 's3-all-buckets-compliant',
    type: 'json-rules-engine',
    name: 'All buckets compliant',
    description:
      'Every S3 bucket of the service, system, group or user is compliant (passes when it has none).',
    factIds: [S3_POSTURE_ROLLUP_RETRIEVER_ID],
    rule: { conditions: { all: [isTrue('s3AllBucketsCompliant')] } },
  },
];
