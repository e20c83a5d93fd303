/** What the benchmark's forked workers share: quiet logging, simulated accounts, start and RSS. */
import { LoggerService } from '@backstage/backend-plugin-api';
import { BENCH_ACCOUNTS } from './scenario';

export const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** `aws.accounts` for the simulated accounts: their static keys. */
export function simulatedAccountsConfig() {
  return BENCH_ACCOUNTS.map(a => ({
    accountId: a.accountId,
    accessKeyId: a.accessKeyId,
    secretAccessKey: 'simulated',
  }));
}

/** Tells the benchmark this worker is ready, and resolves on its `go`. */
export async function readyThenGo(): Promise<void> {
  const go = new Promise<void>(resolve =>
    process.on(
      'message',
      (m: { type: string }) => m.type === 'go' && resolve(),
    ),
  );
  process.send!({ type: 'ready' });
  await go;
}

/** Samples the process's RSS every 50 ms until stopped; MB. */
export function sampleRss(): () => {
  peakRssMb: number;
  baselineRssMb: number;
} {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { peakRssMb: peak / 2 ** 20, baselineRssMb: baseline / 2 ** 20 };
  };
}
