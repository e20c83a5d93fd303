/**
 * The AWS SDK's share of an assessment, measured alone: the same S3 calls per bucket that the
 * assessment just made (BENCH_FLOOR_OPS, taken from the simulator's count by operation), made
 * straight through the product's AwsClients (same S3Client settings, same concurrency limits)
 * with nothing else: no locating, mapping, evaluation or serialising. Its buckets/s is the most
 * any collector built on the SDK could reach in one thread on this machine, so the assessment's
 * ratio to the bound can be read against it. Runs in its own process, like assessWorker, and
 * sends the same `{ type: 'result' }`.
 * Env: BENCH_SIM_URL, BENCH_SIM_BUCKETS, BENCH_CONCURRENCY, BENCH_FLOOR_OPS (`GetBucketAcl,…`).
 */
import * as s3 from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import { AwsClients } from '../../../plugins/s3-backend/src/posture/aws/AwsClients';
import type { AssessWorkerResult } from './assessWorker';
import { benchBuckets } from './scenario';
import {
  readyThenGo,
  measureRun,
  silentLogger,
  simulatedAccountsConfig,
} from './workerKit';

type CommandClass = new (input: {
  Bucket: string;
  ExpectedBucketOwner: string;
}) => Parameters<s3.S3Client['send']>[0];

function commandOf(operation: string): CommandClass {
  const command = (s3 as Record<string, unknown>)[`${operation}Command`];
  if (typeof command !== 'function') {
    throw new Error(`sdk floor: no ${operation}Command in @aws-sdk/client-s3`);
  }
  return command as CommandClass;
}

async function main() {
  const url = process.env.BENCH_SIM_URL!;
  const count = Number(process.env.BENCH_SIM_BUCKETS ?? 2000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
  const operations = (process.env.BENCH_FLOOR_OPS ?? '')
    .split(',')
    .filter(Boolean);
  if (operations.length === 0) throw new Error('sdk floor: no BENCH_FLOOR_OPS');
  const commands = operations.map(commandOf);

  const clients = AwsClients.fromConfig(
    new ConfigReader({
      aws: {
        accounts: simulatedAccountsConfig(),
      },
      s3: {
        endpoint: url,
        aws: { concurrency, accountConcurrency: concurrency },
      },
    }),
    { logger: silentLogger },
  );
  const buckets = benchBuckets(count);

  // Started by the benchmark like assessWorker: ready first, then every call on `go`.
  await readyThenGo();

  const stop = measureRun();
  let failed = 0;
  let firstFailure: string | undefined;
  await Promise.all(
    buckets.map(async b => {
      const client = clients.s3(b.accountId, b.region);
      const input = { Bucket: b.name, ExpectedBucketOwner: b.accountId };
      await Promise.all(
        commands.map(Command =>
          clients
            .call(b.accountId, () => client.send(new Command(input)))
            .catch(e => {
              // A setting that is not configured answers 404, as for the assessment.
              if (e?.$metadata?.httpStatusCode === 404) return;
              failed++;
              firstFailure ??= `${b.name}: ${e?.name}: ${e?.message}`;
            }),
        ),
      );
    }),
  );
  const measured = stop();
  clients.destroy();

  const result: AssessWorkerResult = {
    type: 'result',
    buckets: buckets.length,
    assessed: buckets.length,
    failed,
    firstFailure,
    ...measured,
    statuses: {},
    failingChecks: {},
  };
  process.send!(result, () => process.exit(0));
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
