/**
 * Peer comparison: our full posture assessment of the generated buckets against Roadie's S3
 * bucket provider (`AWSS3BucketProvider` from @roadiehq/catalog-backend-module-aws), which
 * only lists the buckets and reads their tags. One simulator process serves both; each run
 * forks our assessment (assessWorker) and the peer (peerWorker, one process per account,
 * started together) one after the other, alternating which goes first, so machine noise
 * hits both sides of a run alike.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { AssessWorkerResult } from './assessWorker';
import type { PeerWorkerResult } from './peerWorker';
import { BENCH_ACCOUNTS } from './scenario';
import { median } from './stats';

interface SimulatorStats {
  type: 'stats';
  total: number;
  errors: Record<string, number>;
  byOperation: Record<string, number>;
  cpuMs: number;
}

export interface PeerFigures {
  buckets: number;
  latencyMs: number;
  /** Our buckets in flight; the peer reads one bucket's tags at a time. */
  concurrency: number;
  runs: number;
  /** The region in the peer's provider config (and its SDK clients). */
  peerRegion: string;
  /** Wall time of our full assessment (median). */
  oursSec: number;
  /** Wall time of the peer's ingestion, both accounts' providers running at once (median). */
  peerSec: number;
  /** peerSec / oursSec: above 1 means ours is faster. */
  ratio: number;
  runsOursSec: number[];
  runsPeerSec: number[];
  runsRatio: number[];
  oursFailed: number;
  /** Entities the peer applied, and how many carry their bucket's tags as labels. */
  peerEntities: number;
  peerEntitiesWithTags: number;
  /** Buckets whose tags the peer could not read: they are in another region than its own. */
  peerTagsLostToRegion: number;
  oursCallsPerBucket: number;
  peerCallsPerBucket: number;
  peerCallsByOperation: Record<string, number>;
  peerErrors: Record<string, number>;
  oursCpuMsPerBucket: number;
  peerCpuMsPerBucket: number;
  peerPeakRssMb: number;
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

async function askStats(simulator: ChildProcess): Promise<SimulatorStats> {
  const answer = waitFor<SimulatorStats>(simulator, 'stats');
  simulator.send({ type: 'stats' });
  return answer;
}

function exited(child: ChildProcess): Promise<unknown> {
  return child.exitCode === null
    ? new Promise(resolve => child.once('exit', resolve))
    : Promise.resolve();
}

/** The environment the peer's backend runs in: only the SDK's own variables point it here. */
function peerEnv(
  url: string,
  buckets: number,
  account: (typeof BENCH_ACCOUNTS)[number],
  region: string,
): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')),
  );
  return {
    ...env,
    BENCH_SIM_BUCKETS: String(buckets),
    BENCH_PEER_ACCOUNT: account.accountId,
    BENCH_PEER_REGION: region,
    // The provider has no endpoint option; the SDK honours AWS_ENDPOINT_URL for every
    // service (S3 and STS here). On an IP endpoint the SDK addresses S3 path-style.
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: account.accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'simulated',
    AWS_REGION: region,
    // No shared config files or instance metadata: nothing may leave the machine.
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function runOurs(
  url: string,
  buckets: number,
  concurrency: number,
): Promise<AssessWorkerResult> {
  const worker = fork(join(__dirname, 'assessWorker.js'), [], {
    env: {
      ...process.env,
      BENCH_SIM_URL: url,
      BENCH_SIM_BUCKETS: String(buckets),
      BENCH_CONCURRENCY: String(concurrency),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = await waitFor<AssessWorkerResult>(worker, 'result');
  await exited(worker);
  return result;
}

async function runPeer(
  url: string,
  buckets: number,
  region: string,
): Promise<PeerWorkerResult[]> {
  const workers = BENCH_ACCOUNTS.map(account =>
    fork(join(__dirname, 'peerWorker.js'), [], {
      env: peerEnv(url, buckets, account, region),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  // Both providers start together, as two scheduled providers in one catalog would.
  await Promise.all(workers.map(w => waitFor(w, 'ready')));
  const results = Promise.all(
    workers.map(w => waitFor<PeerWorkerResult>(w, 'result')),
  );
  workers.forEach(w => w.send({ type: 'go' }));
  const done = await results;
  await Promise.all(workers.map(exited));
  return done;
}

export async function benchPeer(options: {
  buckets: number;
  latencyMs: number;
  concurrency: number;
  runs: number;
  region: string;
}): Promise<PeerFigures> {
  const { buckets, latencyMs, concurrency, runs, region } = options;
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
    const perRun: Array<{
      ours: AssessWorkerResult;
      oursSim: SimulatorStats;
      peer: PeerWorkerResult[];
      peerSim: SimulatorStats;
    }> = [];
    for (let r = 0; r < runs; r++) {
      await askStats(simulator); // resets the counters
      const sides = {} as {
        ours: AssessWorkerResult;
        oursSim: SimulatorStats;
        peer: PeerWorkerResult[];
        peerSim: SimulatorStats;
      };
      const doOurs = async () => {
        sides.ours = await runOurs(url, buckets, concurrency);
        sides.oursSim = await askStats(simulator);
      };
      const doPeer = async () => {
        sides.peer = await runPeer(url, buckets, region);
        sides.peerSim = await askStats(simulator);
      };
      // Alternate which side goes first, so neither always meets a cold simulator.
      for (const side of r % 2 === 0 ? [doOurs, doPeer] : [doPeer, doOurs]) {
        await side();
      }
      perRun.push(sides);
      if (process.env.BENCH_VERBOSE) {
        // eslint-disable-next-line no-console
        console.error(
          `peer run ${r + 1}/${runs}: ours ${(sides.ours.wallMs / 1000).toFixed(1)} s, peer ${(peerWallMs(sides.peer) / 1000).toFixed(1)} s`,
        );
      }
    }

    const problems = perRun.flatMap(({ ours, peer, peerSim }, r) => {
      const sum = (pick: (x: PeerWorkerResult) => number) =>
        peer.reduce((s, x) => s + pick(x), 0);
      const tagging = peerSim.byOperation['s3:GetBucketTagging'] ?? 0;
      return [
        // Ours must assess every bucket too, or its time would flatter it.
        ours.failed > 0
          ? `ours failed ${ours.failed} buckets (${ours.firstFailure})`
          : [],
        ...peer.flatMap(x => (x.error ? [`${x.accountId}: ${x.error}`] : [])),
        sum(x => x.entities) !== buckets || sum(x => x.missing) !== 0
          ? `${sum(x => x.entities)} entities for ${buckets} buckets (${sum(x => x.missing)} buckets missing)`
          : [],
        tagging !== buckets
          ? `${tagging} tag reads for ${buckets} buckets`
          : [],
        sum(x => x.inRegionWithoutTags) > 0
          ? `${sum(x => x.inRegionWithoutTags)} of ${sum(x => x.inRegion)} buckets in ${region} without their tags`
          : [],
      ]
        .flat()
        .map(p => `run ${r + 1}: ${p}`);
    });
    if (problems.length > 0) {
      throw new Error(`peer comparison is not valid:\n${problems.join('\n')}`);
    }

    const oursSecs = perRun.map(x => x.ours.wallMs / 1000);
    const peerSecs = perRun.map(x => peerWallMs(x.peer) / 1000);
    const oursSec = median(oursSecs);
    const peerSec = median(peerSecs);
    const last = perRun[perRun.length - 1];
    const sumPeer = (pick: (x: PeerWorkerResult) => number) =>
      last.peer.reduce((s, x) => s + pick(x), 0);
    return {
      buckets,
      latencyMs,
      concurrency,
      runs,
      peerRegion: region,
      oursSec,
      peerSec,
      ratio: peerSec / oursSec,
      runsOursSec: oursSecs,
      runsPeerSec: peerSecs,
      runsRatio: perRun.map((_, r) => peerSecs[r] / oursSecs[r]),
      oursFailed: Math.max(...perRun.map(x => x.ours.failed)),
      peerEntities: sumPeer(x => x.entities),
      peerEntitiesWithTags: sumPeer(x => x.withTags),
      peerTagsLostToRegion: sumPeer(x => x.buckets - x.withTags),
      oursCallsPerBucket: median(perRun.map(x => x.oursSim.total / buckets)),
      peerCallsPerBucket: median(perRun.map(x => x.peerSim.total / buckets)),
      peerCallsByOperation: last.peerSim.byOperation,
      peerErrors: last.peerSim.errors,
      oursCpuMsPerBucket: median(perRun.map(x => x.ours.cpuMs / buckets)),
      peerCpuMsPerBucket: median(
        perRun.map(x => x.peer.reduce((s, p) => s + p.cpuMs, 0) / buckets),
      ),
      peerPeakRssMb: median(
        perRun.map(x => Math.max(...x.peer.map(p => p.peakRssMb))),
      ),
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

/** From the first provider's start to the last one's end. */
function peerWallMs(peer: PeerWorkerResult[]): number {
  return (
    Math.max(...peer.map(p => p.endMs)) - Math.min(...peer.map(p => p.startMs))
  );
}
