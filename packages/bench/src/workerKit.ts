/** What the benchmark's forked workers share: quiet logging, simulated accounts, start and measuring. */
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

/** What a worker measures of its own run. */
export interface RunMeasure {
  wallMs: number;
  /** User + system CPU of the process. */
  cpuMs: number;
  /** The highest RSS sampled every 50 ms, and the RSS at the start. */
  peakRssMb: number;
  baselineRssMb: number;
  /** The kernel's own peak (ru_maxrss, KiB on Linux), start-up included. */
  maxRssMb: number;
}

/** Starts measuring the process: wall time, CPU and RSS until the returned stop is called. */
export function measureRun(): () => RunMeasure {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: peak / 2 ** 20,
      baselineRssMb: baseline / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  };
}
