import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { exampleScenarioPath, loadScenario } from '@internal/aws-simulator';
import { CheckResult, resolveActiveChecks } from '@s3-posture/plugin-s3-common';
import { AwsClients } from '../aws/AwsClients';
import { AwsPostureCollector } from '../collect/AwsPostureCollector';
import { BucketLocation } from '../collect/locate';
import { EXAMPLE_AWS_CONFIG } from './simulatedAws';
import { evaluatePosture } from '../evaluate/evaluatePosture';
import { DEFAULT_EVALUATION_SETTINGS } from '../evaluate/types';
import { AccountSnapshot } from '@s3-posture/plugin-s3-node';

/** One example bucket doc: its bucket and the account it names, if any. */
export interface ExampleDoc {
  bucket: string;
  account?: string;
}

/**
 * Bucket and documented account of every doc in examples/buckets whose bucket is in the
 * simulated AWS (one doc outlived its bucket: the inventory's missing-bucket case).
 */
export function exampleDocs(): ExampleDoc[] {
  const dir = path.resolve(exampleScenarioPath(), '../buckets');
  const inAws = new Set(
    loadScenario(exampleScenarioPath()).buckets.map(b => b.name),
  );
  return readdirSync(dir)
    .filter(f => f.endsWith('.md'))
    .sort()
    .map(f => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      return {
        bucket: /Arn:\s*arn:aws:s3:::(\S+)/.exec(text)![1],
        account: /Account:\s*'(\d{12})'/.exec(text)?.[1],
      };
    })
    .filter(doc => inAws.has(doc.bucket));
}

/**
 * What one refresh made of one bucket, as the posture service would store it: verdicts, or a
 * failure (the service then keeps the last verdicts, marked stale, with this as lastError).
 */
export type Outcome =
  | { bucket: string; checks: CheckResult[] }
  | { bucket: string; failure: string };

/** Every check, house rules included, so that every collected call matters to some check. */
const ACTIVE_CHECKS = resolveActiveChecks('strict');

/** One moment for every assessment of a test file, so key ages never differ between runs. */
const NOW = new Date();

/**
 * The AWS side of the posture service (locate, collect bucket, collect account once per
 * account, evaluate) over the example docs, with fresh clients so that no retry state or
 * cache carries over from an earlier run.
 */
export class ExampleAssessor {
  constructor(
    private readonly awsConfig: {
      maxAttempts?: number;
      requestTimeoutMs?: number;
    } = {},
    private readonly credentials: object = EXAMPLE_AWS_CONFIG,
  ) {}

  collector(): AwsPostureCollector {
    const clients = AwsClients.fromConfig(
      new ConfigReader({ ...this.credentials, s3: { aws: this.awsConfig } }),
      { logger: mockServices.logger.mock() },
    );
    // IAM's credential report takes a poll to generate; no need to wait seconds for it here.
    return new AwsPostureCollector(clients, {
      accountOptions: { credentialReportPollMs: 20, now: () => NOW },
      // Every call made: what each denied or failing call does to the verdicts is tested.
      readImplied: true,
    });
  }

  /** Where each doc's bucket is, as the first refresh finds it. */
  async locateAll(docs: ExampleDoc[]): Promise<Map<string, BucketLocation>> {
    const collector = this.collector();
    const located = await Promise.all(
      docs.map(d => collector.locate(d.bucket, d.account)),
    );
    collector.clients.destroy();
    return new Map(docs.map((d, i) => [d.bucket, located[i]]));
  }

  /**
   * A refresh of every doc's bucket in parallel, from known locations (the service's locator
   * caches them after the first refresh). `region` overrides every located region.
   */
  async assessAll(
    docs: ExampleDoc[],
    locations: Map<string, BucketLocation>,
    options: { region?: string } = {},
  ): Promise<Outcome[]> {
    const collector = this.collector();
    const accounts = new Map<string, Promise<AccountSnapshot>>();
    try {
      return await Promise.all(
        docs.map(async (doc): Promise<Outcome> => {
          const { accountId, region } = locations.get(doc.bucket)!;
          try {
            let account = accounts.get(accountId);
            if (!account) {
              account = collector.collectAccount(accountId);
              accounts.set(accountId, account);
            }
            const [bucket, accountSnapshot] = await Promise.all([
              collector.collectBucket({
                bucket: doc.bucket,
                partition: 'aws',
                accountId,
                region: options.region ?? region,
              }),
              account,
            ]);
            const checks = evaluatePosture(
              {
                bucket,
                account: accountSnapshot,
                doc: {
                  documentedAccountId: doc.account,
                  owners: [{ ref: 'group:default/platform', exists: true }],
                },
              },
              ACTIVE_CHECKS,
              { ...DEFAULT_EVALUATION_SETTINGS, now: NOW },
            );
            return { bucket: doc.bucket, checks };
          } catch (e) {
            return { bucket: doc.bucket, failure: `${e.name}: ${e.message}` };
          }
        }),
      );
    } finally {
      collector.clients.destroy();
    }
  }
}

/** Every S3 call collectBucket makes for a bucket (DESIGN §4), as the simulator names them. */
export const BUCKET_OPERATIONS = [
  's3:GetPublicAccessBlock',
  's3:GetBucketPolicy',
  's3:GetBucketPolicyStatus',
  's3:GetBucketAcl',
  's3:GetBucketOwnershipControls',
  's3:GetBucketEncryption',
  's3:GetBucketVersioning',
  's3:GetObjectLockConfiguration',
  's3:GetBucketLogging',
  's3:GetBucketLifecycleConfiguration',
  's3:GetBucketReplication',
  's3:GetBucketCors',
  's3:GetBucketRequestPayment',
  's3:GetBucketTagging',
  's3:GetBucketNotificationConfiguration',
  's3:ListBucketIntelligentTieringConfigurations',
] as const;

/** What a run under a fault is held to, against the fault-free baseline. */
export interface FaultRule {
  /** What every `error` reason (and every failed refresh) must name: the AWS code or timeout. */
  cause: RegExp;
  /**
   * Checks that may turn to `error` (or be decided another way: same status, another reason);
   * all others keep their baseline verdict to the word.
   */
  mayError?: readonly string[];
  /** Checks that must be `error` on every bucket. */
  mustError?: readonly string[];
  /** Buckets whose refresh must fail as a whole (last verdicts kept, stale); others must not. */
  mustFail?: readonly string[];
  /** Whether any refresh may fail as a whole (random faults that may hit every call). */
  mayFail?: boolean;
}

/** Counts of one run under a fault, and everything in it that breaks the rule. */
export interface Judgement {
  assessments: number;
  failedRefreshes: number;
  checks: number;
  errors: number;
  falseFails: number;
  violations: string[];
}

/**
 * Holds a run under a fault to its rule: every bucket finishes; each check keeps its baseline
 * verdict or is `error` with a reason naming the cause; no check fails that did not fail
 * before, and none flips between pass and fail.
 */
export function judge(
  baseline: Outcome[],
  run: Outcome[],
  rule: FaultRule,
): Judgement {
  const result: Judgement = {
    assessments: run.length,
    failedRefreshes: 0,
    checks: 0,
    errors: 0,
    falseFails: 0,
    violations: [],
  };
  const problem = (bucket: string, what: string) =>
    result.violations.push(`${bucket}: ${what}`);
  run.forEach(outcome => {
    const { bucket } = outcome;
    const base = baseline.find(b => b.bucket === bucket);
    if (!base || !('checks' in base)) {
      throw new Error(`no baseline verdicts for ${bucket}`);
    }
    const mustFail = rule.mustFail?.includes(bucket) ?? false;
    if ('failure' in outcome) {
      result.failedRefreshes += 1;
      if (!mustFail && !rule.mayFail) {
        problem(bucket, `refresh failed: ${outcome.failure}`);
      }
      if (!rule.cause.test(outcome.failure)) {
        problem(bucket, `failure does not name the cause: ${outcome.failure}`);
      }
      return;
    }
    if (mustFail) problem(bucket, 'refresh should have failed as a whole');
    outcome.checks.forEach((check, j) => {
      const before = base.checks[j];
      const { id } = check;
      result.checks += 1;
      if (check.status === 'fail' && before.status !== 'fail') {
        result.falseFails += 1;
      }
      if (check.status === 'error' && before.status !== 'error') {
        result.errors += 1;
        if (rule.mayError && !rule.mayError.includes(id)) {
          problem(bucket, `${id} turned to error: ${check.reason}`);
        }
        if (!rule.cause.test(check.reason)) {
          problem(
            bucket,
            `${id} error does not name the cause: ${check.reason}`,
          );
        }
      } else if (check.status !== before.status) {
        problem(bucket, `${id} went from ${before.status} to ${check.status}`);
      } else if (
        rule.mayError &&
        !rule.mayError.includes(id) &&
        check.reason !== before.reason
      ) {
        problem(bucket, `${id} changed its reason: ${check.reason}`);
      }
      if (rule.mustError?.includes(id) && check.status !== 'error') {
        problem(bucket, `${id} should be error, is ${check.status}`);
      }
    });
  });
  return result;
}
