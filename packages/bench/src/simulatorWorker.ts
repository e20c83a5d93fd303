/**
 * The simulated AWS in its own process (forked by the benchmark), so its CPU is not charged
 * to the assessing process. Messages: in `{ type: 'stats' }` → out `{ type: 'stats', ... }`
 * (then the counters reset); `{ type: 'stop' }`. Sends `{ type: 'ready', url, queueUrl }` first.
 */
import { loadScenario, startAwsSimulator } from '@internal/aws-simulator';
import { benchScenario } from './scenario';

async function main() {
  const buckets = Number(process.env.BENCH_SIM_BUCKETS ?? 2000);
  const latencyMs = Number(process.env.BENCH_SIM_LATENCY_MS ?? 25);
  // BENCH_SIM_ACCOUNTS=1: every bucket in the first account (the inventory part).
  const accounts = process.env.BENCH_SIM_ACCOUNTS
    ? Number(process.env.BENCH_SIM_ACCOUNTS)
    : undefined;
  const scenario = loadScenario(benchScenario(buckets, accounts));
  const aws = await startAwsSimulator({
    scenario,
    port: 0,
    knobs: { latencyMs },
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stats') {
      const usage = process.cpuUsage();
      process.send!({
        type: 'stats',
        total: aws.stats.total,
        errors: { ...aws.stats.errors },
        byOperation: { ...aws.stats.byOperation },
        cpuMs: (usage.user + usage.system) / 1000,
      });
      aws.stats.reset();
    } else if (message.type === 'stop') {
      aws.stop().then(() => process.exit(0));
    }
  });
  process.send!({ type: 'ready', url: aws.url, queueUrl: aws.queueUrl });
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
