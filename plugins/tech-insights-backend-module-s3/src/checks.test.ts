import { TechInsightJsonRuleCheck } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { EXAMPLES } from '@internal/test-utils';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';
import { s3TechInsightsChecks } from './checks';
import {
  S3_POSTURE_FACT_SCHEMA,
  S3_POSTURE_RETRIEVER_ID,
  S3_ROLLUP_FACT_SCHEMA,
  S3_POSTURE_ROLLUP_RETRIEVER_ID,
} from './factRetrievers';

describe('s3TechInsightsChecks', () => {
  it('is a list of JSON-rules checks the jsonfc module accepts', () => {
    // Compiles only while the shape matches the module's own check type.
    const checks: TechInsightJsonRuleCheck[] = s3TechInsightsChecks;
    expect(checks.map(c => c.name)).toEqual([
      'No public S3 buckets',
      'S3 TLS enforced',
      'S3 encryption with KMS',
      'S3 versioning on',
      'No critical S3 findings',
      'All buckets compliant',
    ]);
    expect(new Set(checks.map(c => c.type))).toEqual(
      new Set(['json-rules-engine']),
    );
  });

  it('only uses facts its retrievers declare', () => {
    const schemas: Record<string, object> = {
      [S3_POSTURE_RETRIEVER_ID]: S3_POSTURE_FACT_SCHEMA,
      [S3_POSTURE_ROLLUP_RETRIEVER_ID]: S3_ROLLUP_FACT_SCHEMA,
    };
    for (const check of s3TechInsightsChecks) {
      const declared = check.factIds.flatMap(id => Object.keys(schemas[id]));
      for (const condition of check.rule.conditions.all) {
        expect(declared).toContain(condition.fact);
      }
    }
  });

  it('matches the checks in the portal app-config.yaml', () => {
    const config = parse(
      readFileSync(resolve(EXAMPLES, '../app-config.yaml'), 'utf8'),
    );
    const fromYaml = Object.entries(
      config.techInsights.factChecker.checks as Record<string, object>,
    ).map(([id, check]) => ({ id, ...check }));
    expect(fromYaml).toEqual(s3TechInsightsChecks);
  });
});
