/**
 * The inventory run (issue 16, "Bad input and scale"): one simulated account holding
 * BENCH_INVENTORY_BUCKETS (10,000) buckets and no doc for any of them, served to a real
 * backend (servingBackend.ts, the same production wiring as the serving part) on PostgreSQL.
 * The benchmark starts the inventory's scheduled task by hand and measures the listing
 * (ListBuckets pages, the time until every bucket has its undocumented row), then starts
 * the discover task, which gives new buckets their first assessment, and measures the
 * assessment of every undocumented bucket (buckets per second, AWS calls per bucket); the
 * backend's memory throughout (RSS sampled from /proc, and the kernel's high-water mark).
 */
import { readFileSync } from 'node:fs';
import { BENCH_ACCOUNTS } from './scenario';
import { ServingEnv, startServingEnv } from './serving';

export interface InventoryFigures {
  buckets: number;
  accountId: string;
  latencyMs: number;
  concurrency: number;
  database: ServingEnv['database'];
  /** The scheduled task the benchmark triggered. */
  taskId: string;
  /** The inventory task's trigger to every bucket listed with its undocumented row. */
  listSec: number;
  /** The discover task's trigger (right after the listing) to the last verdict. */
  assessSec: number;
  /** Undocumented buckets assessed per second (over `assessSec`). */
  bucketsPerSec: number;
  listBucketsCalls: number;
  getBucketLocationCalls: number;
  /** Every AWS call the simulator answered during the run, per bucket. */
  callsPerBucket: number;
  s3CallsPerBucket: number;
  byOperation: Record<string, number>;
  simulatorErrors: Record<string, number>;
  /** Buckets left `unknown` (not assessed) at the end. */
  unassessed: number;
  statuses: Record<string, number>;
  /** Backend RSS before the trigger, the highest sampled during the run, at its end. */
  startRssMb: number;
  peakRssMb: number;
  endRssMb: number;
  /** The kernel's peak RSS of the backend process (VmHWM), its start-up included. */
  kernelPeakRssMb: number;
  /** RSS sampled every second of the run, for the "memory stays flat" question. */
  rssSamplesMb: number[];
}

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  return value ? Number(value) : fallback;
}

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

export async function benchInventory(
  log: (line: string) => void,
): Promise<InventoryFigures> {
  const buckets = envNumber('BENCH_INVENTORY_BUCKETS', 10_000);
  const latencyMs = envNumber('BENCH_LATENCY_MS', 25);
  const concurrency = envNumber('BENCH_CONCURRENCY', 32);
  const accountId = BENCH_ACCOUNTS[0].accountId;
  log(
    `inventory: ${buckets} buckets in account ${accountId}, no docs; simulator at ${latencyMs} ms, concurrency ${concurrency}…`,
  );
  const env = await startServingEnv({
    buckets,
    docs: 0,
    simAccounts: 1,
    simLatencyMs: latencyMs,
    awsConcurrency: concurrency,
    backendPort: envNumber('BENCH_SERVE_PORT', 7217),
    appPort: envNumber('BENCH_APP_PORT', 3217),
    postgresUrl:
      process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432',
    logName: 'inventory-backend',
    log,
  });
  try {
    const scheduler = '/api/s3/.backstage/scheduler/v1/tasks';
    const { tasks } = await env.api(scheduler);
    const task = (tasks as Array<{ taskId: string }>).find(t =>
      /inventory/.test(t.taskId),
    );
    if (!task) {
      throw new Error(
        `inventory: no inventory task among ${tasks.map((t: { taskId: string }) => t.taskId).join(', ')}`,
      );
    }
    // Wait for whatever the backend's start-up ran, so that the run starts from nothing.
    const idle = async () => {
      const all = (await env.api(scheduler)).tasks as Array<{
        taskState?: { status?: string };
      }>;
      return all.some(t => t.taskState?.status === 'running')
        ? undefined
        : true;
    };
    await waitUntil(600_000, idle);
    const list = '/api/s3/v1/buckets?documented=false&limit=1';
    const before = await env.api(list);
    if (before.totalCount !== 0) {
      log(
        `inventory: ${before.totalCount} undocumented buckets already listed at start-up; listing again`,
      );
    }
    await env.simulatorStats(); // resets the simulator's counters
    const startRssMb = memoryOf(env.backendPid).rssMb;
    let peakRssMb = startRssMb;
    const rssSamplesMb: number[] = [];
    const sampler = setInterval(() => {
      const { rssMb } = memoryOf(env.backendPid);
      peakRssMb = Math.max(peakRssMb, rssMb);
      rssSamplesMb.push(Math.round(rssMb));
    }, 1000);
    const started = performance.now();
    const taskStatus = async (id: string) =>
      (
        (await env.api(scheduler)).tasks as Array<{
          taskId: string;
          taskState?: { status?: string };
        }>
      ).find(t => t.taskId === id)?.taskState?.status;
    let listSec: number;
    let assessStarted: number;
    let answer: any;
    try {
      await env.api(`${scheduler}/${task.taskId}/trigger`, { method: 'POST' });
      // The listing: until the inventory task is done and every bucket has its row.
      await waitUntil(3_600_000, async () => {
        if ((await taskStatus(task.taskId)) === 'running') return undefined;
        const page = await env.api(list);
        return page.totalCount >= buckets ? true : undefined;
      });
      listSec = (performance.now() - started) / 1000;
      log(`inventory: ${buckets} buckets listed in ${listSec.toFixed(1)} s`);
      // New undocumented buckets get their first assessment from the discover task (as new
      // docs do); started by hand, as the serving part does, unless already under way.
      assessStarted = performance.now();
      if ((await taskStatus('s3-posture-discover')) !== 'running') {
        await env.api(`${scheduler}/s3-posture-discover/trigger`, {
          method: 'POST',
        });
      }
      let seenRunning = false;
      answer = await waitUntil(
        3_600_000,
        async () => {
          const page = await env.api(list);
          if (page.statusCounts.unknown === 0) return page;
          // A discover run that ended (its timeout) before the last bucket: start another.
          const running =
            (await taskStatus('s3-posture-discover')) === 'running';
          if (running) seenRunning = true;
          else if (seenRunning) {
            seenRunning = false;
            log(
              `inventory: discover run over with ${page.statusCounts.unknown} buckets left; starting it again`,
            );
            await env.api(`${scheduler}/s3-posture-discover/trigger`, {
              method: 'POST',
            });
          }
          return undefined;
        },
        2000,
      );
    } finally {
      clearInterval(sampler);
    }
    // The last verdict's time, not the poll's.
    const newest = await env.api(
      '/api/s3/v1/buckets?documented=false&limit=1&orderBy=checkedAt&order=desc',
    );
    const assessSec =
      (Date.parse(newest.items[0].checkedAt) -
        (Date.now() - (performance.now() - assessStarted))) /
      1000;
    const sim = await env.simulatorStats();
    const memory = memoryOf(env.backendPid);
    const s3Calls = Object.entries(sim.byOperation)
      .filter(([op]) => /^s3(control)?:/i.test(op))
      .reduce((sum, [, n]) => sum + n, 0);
    const op = (name: string) =>
      Object.entries(sim.byOperation)
        .filter(([key]) => key === name || key.endsWith(`:${name}`))
        .reduce((sum, [, n]) => sum + n, 0);
    return {
      buckets,
      accountId,
      latencyMs,
      concurrency,
      database: env.database,
      taskId: task.taskId,
      listSec,
      assessSec,
      bucketsPerSec: buckets / assessSec,
      listBucketsCalls: op('ListBuckets'),
      getBucketLocationCalls: op('GetBucketLocation'),
      callsPerBucket: sim.total / buckets,
      s3CallsPerBucket: s3Calls / buckets,
      byOperation: sim.byOperation,
      simulatorErrors: sim.errors,
      unassessed: answer.statusCounts.unknown,
      statuses: answer.statusCounts,
      startRssMb,
      peakRssMb,
      endRssMb: memory.rssMb,
      kernelPeakRssMb: memory.hwmMb,
      rssSamplesMb,
    };
  } finally {
    await env.stop();
  }
}

async function waitUntil<T>(
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('inventory: timed out');
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
