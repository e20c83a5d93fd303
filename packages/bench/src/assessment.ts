/**
 * Assessment of generated buckets against the simulator at a fixed per-call latency. The
 * simulator and each assessment run in their own processes (see simulatorWorker and
 * assessWorker); this module forks them and turns their reports into figures.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { AssessWorkerResult } from './assessWorker';
import { median } from './stats';

interface SimulatorStats {
  type: 'stats';
  total: number;
  errors: Record<string, number>;
  byOperation: Record<string, number>;
  cpuMs: number;
}

export interface AssessmentFigures {
  buckets: number;
  latencyMs: number;
  concurrency: number;
  runs: number;
  /** Processes that shared the buckets (1 unless BENCH_ASSESS_PROCESSES). */
  processes: number;
  bucketsPerSec: number;
  callsPerBucket: number;
  s3CallsPerBucket: number;
  iamCallsPerBucket: number;
  stsCallsPerBucket: number;
  cpuMsPerBucket: number;
  cpuUtilisation: number;
  simulatorCpuMsPerBucket: number;
  boundBucketsPerSec: number;
  boundRatio: number;
  failed: number;
  firstFailure?: string;
  errors: Record<string, number>;
  callsByOperation: Record<string, number>;
  statuses: Record<string, number>;
  failingChecks: Record<string, number>;
  runsBucketsPerSec: number[];
  peakRssMb: number;
  runsPeakRssMb: number[];
  kernelMaxRssMb: number;
  startRssMb: number;
  /** The same S3 calls made straight through the SDK, nothing else (sdkFloorWorker). */
  sdkFloor?: SdkFloorFigures;
}

export interface SdkFloorFigures {
  /** The S3 operations made once per bucket, as the assessment made them. */
  operations: string[];
  bucketsPerSec: number;
  cpuMsPerBucket: number;
  cpuMsPerCall: number;
  /** The floor's own ratio to the bound: the most a collector on the SDK reaches here. */
  boundRatio: number;
  /** Our buckets/s over the floor's, each run's pair side by side (median). */
  oursToFloor: number;
  runsBucketsPerSec: number[];
  failed: number;
  firstFailure?: string;
}

function waitFor<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`${type}: worker exited with ${code} first`));
    const onMessage = (message: { type: string }) => {
      if (message.type === type) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** One run's figures from the workers that shared it: they ran side by side. */
function combine(parts: AssessWorkerResult[]): AssessWorkerResult {
  const sum = (pick: (p: AssessWorkerResult) => number) =>
    parts.reduce((total, p) => total + pick(p), 0);
  const merge = (pick: (p: AssessWorkerResult) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const p of parts) {
      for (const [k, n] of Object.entries(pick(p))) out[k] = (out[k] ?? 0) + n;
    }
    return out;
  };
  return {
    type: 'result',
    buckets: sum(p => p.buckets),
    assessed: sum(p => p.assessed),
    failed: sum(p => p.failed),
    firstFailure: parts.find(p => p.firstFailure)?.firstFailure,
    wallMs: Math.max(...parts.map(p => p.wallMs)),
    cpuMs: sum(p => p.cpuMs),
    // Separate processes: their memory adds up.
    peakRssMb: sum(p => p.peakRssMb),
    maxRssMb: sum(p => p.maxRssMb),
    baselineRssMb: sum(p => p.baselineRssMb),
    statuses: merge(p => p.statuses),
    failingChecks: merge(p => p.failingChecks),
  };
}

export async function benchAssessment(options: {
  buckets: number;
  latencyMs: number;
  concurrency: number;
  runs: number;
  cpuProfDir?: string;
  /** Assessing processes sharing the buckets (default 1, as the backend does). */
  processes?: number;
  /** After each run, the same S3 calls through the SDK alone (sdkFloorWorker). */
  sdkFloor?: boolean;
}): Promise<AssessmentFigures> {
  const { buckets, latencyMs, concurrency, runs } = options;
  const processes = options.processes ?? 1;
  const simulator = fork(join(__dirname, 'simulatorWorker.js'), [], {
    env: {
      ...process.env,
      BENCH_SIM_BUCKETS: String(buckets),
      BENCH_SIM_LATENCY_MS: String(latencyMs),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { url } = await waitFor<{ url: string }>(simulator, 'ready');
    /** One run of a worker script over every bucket, with the simulator's counts for it. */
    const runOnce = async (
      script: string,
      env: Record<string, string>,
      workerCount: number,
      cpuProf: boolean,
    ) => {
      const simBefore = await askStats(simulator); // resets the counters
      // With several processes each takes a slice of the buckets and of the concurrency, and
      // all start together: what spreading the work over more cores would give.
      const workers = Array.from({ length: workerCount }, (_, i) =>
        fork(join(__dirname, script), [], {
          env: {
            ...process.env,
            BENCH_SIM_URL: url,
            BENCH_SIM_BUCKETS: String(buckets),
            BENCH_CONCURRENCY: String(Math.ceil(concurrency / workerCount)),
            BENCH_SLICE: `${i}/${workerCount}`,
            BENCH_WAIT_FOR_GO: '1',
            ...env,
          },
          execArgv: cpuProf
            ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`]
            : [],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
      // Listened for now: a worker that finishes first may exit before the others answer.
      const exits = workers.map(
        w => new Promise(resolve => w.once('exit', resolve)),
      );
      await Promise.all(workers.map(w => waitFor(w, 'ready')));
      const answers = workers.map(w =>
        waitFor<AssessWorkerResult>(w, 'result'),
      );
      workers.forEach(w => w.send({ type: 'go' }));
      const run = combine(await Promise.all(answers));
      await Promise.all(exits);
      const sim = await askStats(simulator);
      sim.cpuMs -= simBefore.cpuMs;
      return { run, sim };
    };

    const results: Array<{ run: AssessWorkerResult; sim: SimulatorStats }> = [];
    const floors: AssessWorkerResult[] = [];
    let floorOperations: string[] = [];
    for (let r = 0; r < runs; r++) {
      const ours = await runOnce(
        'assessWorker.js',
        {},
        processes,
        Boolean(options.cpuProfDir) && r === 0,
      );
      results.push(ours);
      const { run, sim } = ours;
      if (process.env.BENCH_VERBOSE) {
        // eslint-disable-next-line no-console
        console.error(
          `assess run ${r + 1}/${runs}: ${(run.buckets / (run.wallMs / 1000)).toFixed(1)} buckets/s, ${sim.total} calls, cpu ${run.cpuMs.toFixed(0)} ms, peak RSS ${run.peakRssMb.toFixed(0)} MB`,
        );
      }
      if (!options.sdkFloor) continue;
      // The SDK alone, right after, on the same calls: every S3 operation made once per bucket.
      if (r === 0) {
        floorOperations = Object.entries(sim.byOperation)
          .filter(([op, n]) => op.startsWith('s3:') && n >= run.buckets)
          .map(([op]) => op.slice('s3:'.length))
          .sort();
      }
      const floor = await runOnce(
        'sdkFloorWorker.js',
        { BENCH_FLOOR_OPS: floorOperations.join(',') },
        1,
        false,
      );
      floors.push(floor.run);
      if (process.env.BENCH_VERBOSE) {
        // eslint-disable-next-line no-console
        console.error(
          `sdk floor run ${r + 1}/${runs}: ${(floor.run.buckets / (floor.run.wallMs / 1000)).toFixed(1)} buckets/s, ${floor.sim.total} calls, cpu ${floor.run.cpuMs.toFixed(0)} ms`,
        );
      }
    }

    const perRun = results.map(({ run, sim }) => {
      const ops = Object.entries(sim.byOperation);
      const sum = (prefix: string) =>
        ops
          .filter(([op]) => op.startsWith(prefix))
          .reduce((s, [, n]) => s + n, 0);
      return {
        bucketsPerSec: run.buckets / (run.wallMs / 1000),
        calls: sim.total / run.buckets,
        // S3 Control (account public access block) counts as S3, amortised over the buckets.
        s3: (sum('s3:') + sum('s3control:')) / run.buckets,
        iam: sum('iam:') / run.buckets,
        sts: sum('sts:') / run.buckets,
        cpuMsPerBucket: run.cpuMs / run.buckets,
        cpuUtilisation: run.cpuMs / run.wallMs,
        simCpuMsPerBucket: sim.cpuMs / run.buckets,
        peakRssMb: run.peakRssMb,
      };
    });
    const m = (pick: (x: (typeof perRun)[number]) => number) =>
      median(perRun.map(pick));
    const callsPerBucket = m(x => x.calls);
    const bound = concurrency / (callsPerBucket * (latencyMs / 1000));
    const bucketsPerSec = m(x => x.bucketsPerSec);
    const last = results[results.length - 1];
    const floorCalls = floorOperations.length;
    const floorRates = floors.map(f => f.buckets / (f.wallMs / 1000));
    // The floor makes only the per-bucket S3 calls: its bound counts those alone.
    const floorBound = concurrency / (floorCalls * (latencyMs / 1000));
    const floorCpuMsPerBucket = median(floors.map(f => f.cpuMs / f.buckets));
    const sdkFloor: SdkFloorFigures | undefined =
      floors.length > 0
        ? {
            operations: floorOperations,
            bucketsPerSec: median(floorRates),
            cpuMsPerBucket: floorCpuMsPerBucket,
            cpuMsPerCall: floorCpuMsPerBucket / floorCalls,
            boundRatio: median(floorRates) / floorBound,
            oursToFloor: median(
              floorRates.map((rate, i) => perRun[i].bucketsPerSec / rate),
            ),
            runsBucketsPerSec: floorRates,
            failed: Math.max(...floors.map(f => f.failed)),
            firstFailure: floors.find(f => f.firstFailure)?.firstFailure,
          }
        : undefined;
    return {
      buckets,
      latencyMs,
      concurrency,
      runs,
      processes,
      bucketsPerSec,
      callsPerBucket,
      s3CallsPerBucket: m(x => x.s3),
      iamCallsPerBucket: m(x => x.iam),
      stsCallsPerBucket: m(x => x.sts),
      cpuMsPerBucket: m(x => x.cpuMsPerBucket),
      cpuUtilisation: m(x => x.cpuUtilisation),
      simulatorCpuMsPerBucket: m(x => x.simCpuMsPerBucket),
      boundBucketsPerSec: bound,
      boundRatio: bucketsPerSec / bound,
      failed: Math.max(...results.map(x => x.run.failed)),
      firstFailure: results.find(x => x.run.firstFailure)?.run.firstFailure,
      errors: last.sim.errors,
      callsByOperation: last.sim.byOperation,
      statuses: last.run.statuses,
      failingChecks: last.run.failingChecks,
      runsBucketsPerSec: perRun.map(x => x.bucketsPerSec),
      peakRssMb: m(x => x.peakRssMb),
      runsPeakRssMb: perRun.map(x => x.peakRssMb),
      kernelMaxRssMb: median(results.map(x => x.run.maxRssMb)),
      startRssMb: median(results.map(x => x.run.baselineRssMb)),
      sdkFloor,
    };
  } finally {
    if (simulator.connected) simulator.send({ type: 'stop' });
    await new Promise(resolve => {
      const timer = setTimeout(() => {
        simulator.kill();
        resolve(undefined);
      }, 5000);
      if (simulator.exitCode !== null) resolve(undefined);
      simulator.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }
}

async function askStats(simulator: ChildProcess): Promise<SimulatorStats> {
  const answer = waitFor<SimulatorStats>(simulator, 'stats');
  simulator.send({ type: 'stats' });
  return answer;
}
