/**
 * One assessment of every generated bucket, in a fresh process (forked by the benchmark) so
 * its CPU time and peak RSS belong to the assessment alone. Drives the real collector and
 * evaluator the way PostureService does: locate (account known from the doc), collectBucket,
 * collectAccount once per account (shared), evaluatePosture with the configured profile;
 * only the bucket settings that profile's checks read are collected.
 * Env: BENCH_SIM_URL, BENCH_SIM_BUCKETS, BENCH_CONCURRENCY, BENCH_ALL_SETTINGS; BENCH_SLICE
 * (`i/n`: only every n-th bucket from the i-th) and BENCH_WAIT_FOR_GO (send `ready`, start on
 * `go`) when several workers share the buckets. Sends one `{ type: 'result' }`.
 */
import { ConfigReader } from '@backstage/config';
import {
  computeScore,
  computeStatus,
  countChecks,
  resolveActiveChecks,
} from '@s3-posture/plugin-s3-common';
import pLimit from 'p-limit';
import { AwsPostureCollector } from '../../../plugins/s3-backend/src/posture/collect';
import { evaluatePosture } from '../../../plugins/s3-backend/src/posture/evaluate/evaluatePosture';
import { CheckCatalog } from '../../../plugins/s3-backend/src/posture/evaluate/CheckCatalog';
import { DEFAULT_EVALUATION_SETTINGS } from '../../../plugins/s3-backend/src/posture/evaluate/types';
import { AccountSnapshot } from '../../../plugins/s3-node/src';
import { benchBuckets } from './scenario';
import {
  readyThenGo,
  measureRun,
  silentLogger,
  simulatedAccountsConfig,
} from './workerKit';

export interface AssessWorkerResult {
  type: 'result';
  buckets: number;
  assessed: number;
  failed: number;
  firstFailure?: string;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  maxRssMb: number;
  baselineRssMb: number;
  statuses: Record<string, number>;
  /** Buckets failing each check (not `pass`), to show the mix the scenario produces. */
  failingChecks: Record<string, number>;
}

async function main() {
  const url = process.env.BENCH_SIM_URL!;
  const count = Number(process.env.BENCH_SIM_BUCKETS ?? 2000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
  const profile = 'aws-foundational';

  const config = new ConfigReader({
    aws: {
      accounts: simulatedAccountsConfig(),
    },
    s3: {
      endpoint: url,
      aws: { concurrency, accountConcurrency: concurrency },
    },
  });
  const collector = AwsPostureCollector.fromConfig(config, {
    logger: silentLogger,
  });
  const [slice, slices] = (process.env.BENCH_SLICE ?? '0/1')
    .split('/')
    .map(Number);
  const buckets = benchBuckets(count).filter((_, i) => i % slices === slice);
  const checks = resolveActiveChecks(profile, {});
  // As PostureService: only the settings the profile's checks read are fetched.
  // BENCH_ALL_SETTINGS=1 reads all 16, as before, for comparison.
  const settings = process.env.BENCH_ALL_SETTINGS
    ? undefined
    : CheckCatalog.builtIn.settingsReadBy(checks);

  if (process.env.BENCH_WAIT_FOR_GO) await readyThenGo();

  const stop = measureRun();
  const accounts = new Map<string, Promise<AccountSnapshot>>();
  const limit = pLimit(concurrency);
  const statuses: Record<string, number> = {};
  const failingChecks: Record<string, number> = {};
  let failed = 0;
  let firstFailure: string | undefined;
  await Promise.all(
    buckets.map(b =>
      limit(async () => {
        try {
          const { accountId, region } = await collector.locate(
            b.name,
            b.accountId,
          );
          let account = accounts.get(accountId);
          if (!account) {
            account = collector.collectAccount(accountId);
            accounts.set(accountId, account);
          }
          const [bucket, accountSnapshot] = await Promise.all([
            collector.collectBucket(
              { bucket: b.name, partition: 'aws', accountId, region },
              settings,
            ),
            account,
          ]);
          const results = evaluatePosture(
            {
              bucket,
              account: accountSnapshot,
              doc: {
                documentedAccountId: b.accountId,
                owners: [{ ref: `group:default/team-${b.team}`, exists: true }],
              },
            },
            checks,
            { ...DEFAULT_EVALUATION_SETTINGS, now: new Date() },
          );
          // What PostureService computes before storing.
          const status = computeStatus(results);
          computeScore(results);
          countChecks(results);
          JSON.stringify({ results, bucket, accountSnapshot });
          statuses[status] = (statuses[status] ?? 0) + 1;
          for (const r of results) {
            if (r.status !== 'pass') {
              const key = `${r.id}:${r.status}`;
              failingChecks[key] = (failingChecks[key] ?? 0) + 1;
            }
          }
        } catch (e) {
          failed++;
          firstFailure ??= `${b.name}: ${e.name}: ${e.message}`;
        }
      }),
    ),
  );
  const measured = stop();

  const result: AssessWorkerResult = {
    type: 'result',
    buckets: buckets.length,
    assessed: buckets.length - failed,
    failed,
    firstFailure,
    ...measured,
    statuses,
    failingChecks,
  };
  process.send!(result, () => process.exit(0));
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
