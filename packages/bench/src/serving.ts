/**
 * Serving (DESIGN §12, issue 7 part 4): a real backend in its own process (servingBackend.ts)
 * with 5,000 generated bucket docs in the catalog, assessed against the simulator (also its
 * own process, 0 ms latency), then loaded with autocannon from this process: the service-page
 * summary of a 50-bucket service and the browse page's first list page.
 */
import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { BENCH_ACCOUNTS } from './scenario';
import {
  SERVICE,
  SERVICE_BUCKETS,
  SERVICE_REF,
  ServingWorld,
  writeReplicaConfig,
  writeServingWorld,
} from './servingData';
import { SeededFigures, seedBuckets } from './servingLarge';
import { median } from './stats';
import knexFactory from 'knex';

export interface ServingEnvOptions {
  buckets: number;
  backendPort: number;
  appPort: number;
  accessCacheSeconds?: number;
  /** PostgreSQL server URL; undefined: SQLite in memory. */
  postgresUrl?: string;
  cpuProfDir?: string;
  log: (line: string) => void;
  /** Simulator latency before every response; default 0. */
  simLatencyMs?: number;
  /**
   * Install the events backend and its SQS module, polling the simulator's queue (the
   * `events` part); default false, as the serving part always ran.
   */
  events?: boolean;
  /** `s3.posture.refreshShards`; undefined leaves the product's default. */
  refreshShards?: number;
  /** Name of the backend's log file under node_modules/.cache/bench; default serving-backend. */
  logName?: string;
  /**
   * Bucket docs in the catalog; default `buckets`. With 0 (the inventory part) nothing is
   * awaited after start: no docs to ingest, no first assessment.
   */
  docs?: number;
  /** Simulated accounts the buckets are spread over; default both. */
  simAccounts?: number;
  /** `s3.aws.concurrency` and `accountConcurrency`; undefined leaves the product's default. */
  awsConcurrency?: number;
}

/** What the simulator answered since the last ask (simulatorWorker.ts). */
export interface SimulatorStats {
  total: number;
  errors: Record<string, number>;
  byOperation: Record<string, number>;
  cpuMs: number;
}

export interface ServingSetupFigures {
  buckets: number;
  /** Backend start to every bucket doc in the catalog with its relations. */
  catalogReadySec: number;
  /** Buckets the discover task's first run (5 s after start) assessed. */
  assessedBeforeTrigger: number;
  /** The discover task run by hand, to the last verdict: assesses every other bucket. */
  assessSec: number;
  assessBucketsPerSec: number;
  statuses: Record<string, number>;
}

/** The running world: simulator and backend processes, and what they answer on. */
export interface ServingEnv extends ServingWorld {
  setup: ServingSetupFigures;
  /** Where the backend keeps its data. */
  database: 'SQLite in memory' | 'PostgreSQL';
  /** The PostgreSQL server and the prefix of the backend's databases, when on PostgreSQL. */
  postgres?: { url: string; prefix: string };
  /** The backend's `s3.posture.accessCacheSeconds`. */
  accessCacheSeconds: number;
  backendLog: string;
  /** Runs `fn`, with the backend's CPU profiled into `<cpuProfDir>/<name>.cpuprofile` if asked. */
  profiled<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** The simulator's request counts since the last call (the first: since start). */
  simulatorStats(): Promise<SimulatorStats>;
  /** The simulator's SQS queue of CloudTrail envelopes. */
  queueUrl: string;
  /** The backend's process id (its memory is read from /proc). */
  backendPid: number;
  simulatorUrl: string;
  /** GET (or POST) on the backend with the load token; the JSON answer. */
  api(path: string, init?: RequestInit): Promise<any>;
  /**
   * Starts another backend process on the same database (PostgreSQL only) listening on
   * `port`, and resolves once it answers; the returned function stops it.
   */
  startReplica(port: number): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

/** Drops the databases the backend made (one per plugin, named with the prefix). */
async function dropDatabases(postgres: { url: string; prefix: string }) {
  const db = knexFactory({ client: 'pg', connection: postgres.url });
  try {
    const names: string[] = await db('pg_database')
      .where('datname', 'like', `${postgres.prefix}%`)
      .pluck('datname');
    for (const name of names) {
      await db.raw('DROP DATABASE ?? WITH (FORCE)', [name]);
    }
  } finally {
    await db.destroy();
  }
}

/**
 * fetch, but a GET whose kept-alive socket the backend closed while this process was
 * blocked (the app build runs synchronously) is sent once more.
 */
function benchFetch(url: string, init?: RequestInit): Promise<Response> {
  return fetch(url, init).catch(e => {
    if (init?.method === 'POST' || e?.cause?.code !== 'UND_ERR_SOCKET') throw e;
    return fetch(url, init);
  });
}

/** A process that ended: waiting for it is pointless. */
class ExitedError extends Error {}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  intervalMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      if (e instanceof ExitedError) throw e;
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `serving: timed out waiting for ${what}${last ? ` (${last})` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  return new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * Starts the simulator and the backend, waits until the catalog holds every doc, then
 * runs the s3 plugin's discover task (first assessments) and waits for the last verdict.
 */
export async function startServingEnv(
  options: ServingEnvOptions,
): Promise<ServingEnv> {
  const { buckets, log } = options;
  const children: ChildProcess[] = [];
  // Should this process end abruptly, take the simulator and the backend with it.
  const killAll = () => children.forEach(child => child.kill('SIGKILL'));
  process.once('exit', killAll);
  let worldDir: string | undefined;
  const postgres = options.postgresUrl
    ? { url: options.postgresUrl, prefix: `bench_${process.pid}_` }
    : undefined;
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    process.off('exit', killAll);
    if (worldDir) rmSync(worldDir, { recursive: true, force: true });
    if (postgres) await dropDatabases(postgres);
  };
  try {
    const simulator = fork(join(__dirname, 'simulatorWorker.js'), [], {
      env: {
        ...process.env,
        BENCH_SIM_BUCKETS: String(buckets),
        BENCH_SIM_LATENCY_MS: String(options.simLatencyMs ?? 0),
        ...(options.simAccounts
          ? { BENCH_SIM_ACCOUNTS: String(options.simAccounts) }
          : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(simulator);
    const { simulatorUrl, queueUrl } = await new Promise<{
      simulatorUrl: string;
      queueUrl: string;
    }>((resolve, reject) => {
      simulator.on(
        'message',
        (m: { type: string; url: string; queueUrl: string }) => {
          if (m.type === 'ready')
            resolve({ simulatorUrl: m.url, queueUrl: m.queueUrl });
        },
      );
      simulator.once('exit', code =>
        reject(new Error(`simulator exited with ${code}`)),
      );
    });

    const world = writeServingWorld({
      dir: join(tmpdir(), `bench-serving-${process.pid}`),
      buckets: options.docs ?? buckets,
      simulatorUrl,
      backendPort: options.backendPort,
      awsConcurrency: options.awsConcurrency,
      appPort: options.appPort,
      accessCacheSeconds: options.accessCacheSeconds,
      postgres,
      events: options.events
        ? { queueUrl, endpoint: simulatorUrl, region: 'eu-north-1' }
        : undefined,
      refreshShards: options.refreshShards,
    });
    worldDir = world.dir;
    const logDir = resolvePath(__dirname, '../../../node_modules/.cache/bench');
    mkdirSync(logDir, { recursive: true });
    const logName = options.logName ?? 'serving-backend';
    const backendLog = join(logDir, `${logName}.log`);
    log(`serving: backend on ${world.backendUrl}, log in ${backendLog}`);
    const started = performance.now();
    const forkBackend = (configPath: string, logPath: string) => {
      const logFd = openSync(logPath, 'w');
      return fork(
        join(__dirname, 'servingBackend.js'),
        ['--config', configPath],
        {
          // backend-defaults looks for the repository's root package.json from here.
          cwd: resolvePath(__dirname, '..'),
          env: {
            ...process.env,
            NODE_ENV: 'production',
            ...(options.events
              ? {
                  BENCH_BACKEND_EVENTS: '1',
                  // The SQS module's client takes the default credential chain; the
                  // simulator's queue does not check them, the SDK wants some to sign.
                  AWS_ACCESS_KEY_ID: BENCH_ACCOUNTS[0].accessKeyId,
                  AWS_SECRET_ACCESS_KEY: 'simulated',
                }
              : {}),
          },
          stdio: ['ignore', logFd, logFd, 'ipc'],
        },
      );
    };
    const backend = forkBackend(world.configPath, backendLog);
    children.push(backend);
    let exited: string | undefined;
    backend.once('exit', code => {
      exited = `backend exited with ${code}; see ${backendLog}`;
    });

    const apiOn = async (port: number, path: string, init?: RequestInit) => {
      if (exited) throw new ExitedError(exited);
      const res = await benchFetch(`http://127.0.0.1:${port}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${world.token}` },
      });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return res.status === 200 && init?.method !== 'POST' ? res.json() : {};
    };
    const api = (path: string, init?: RequestInit) =>
      apiOn(options.backendPort, path, init);

    await waitFor('the backend to start', 180_000, 250, async () =>
      (await api('/api/s3/health')).status === 'ok' ? true : undefined,
    );
    log(
      `serving: backend up after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // The catalog ingests every doc, then the discover task assesses every bucket.
    const firstAssessment = async (): Promise<ServingSetupFigures> => {
      log(`serving: waiting for the catalog to ingest ${buckets} docs…`);
      await waitFor(
        'the catalog to ingest the docs',
        900_000,
        1000,
        async () => {
          const { totalItems } = await api(
            '/api/catalog/entities/by-query?filter=kind=resource,spec.type=s3-bucket&limit=1&fields=metadata.name',
          );
          if (totalItems !== buckets) return undefined;
          const service = await api(
            `/api/catalog/entities/by-name/component/default/${SERVICE}`,
          );
          const dependsOn = (service.relations ?? []).filter(
            (r: { type: string }) => r.type === 'dependsOn',
          ).length;
          return dependsOn === SERVICE_BUCKETS ? true : undefined;
        },
      );
      const catalogReadySec = (performance.now() - started) / 1000;
      log(
        `serving: catalog ready after ${catalogReadySec.toFixed(1)} s; first assessments against the simulator…`,
      );

      // New buckets are the discover task's: it runs a few seconds after start (when the
      // catalog holds few docs yet), then every `discoveryFrequencyMinutes`. Once the first
      // run is over, start it again by hand, as an operator would, and time it.
      const scheduler = '/api/s3/.backstage/scheduler/v1/tasks';
      const discoverIdle = async () => {
        const { tasks } = await api(scheduler);
        const discover = tasks.find(
          (t: { taskId: string }) => t.taskId === 's3-posture-discover',
        );
        return discover?.taskState?.status === 'running' ? undefined : true;
      };
      await waitFor(
        'the first discovery to finish',
        600_000,
        1000,
        discoverIdle,
      );
      const list = '/api/s3/v1/buckets?orderBy=checkedAt&limit=1';
      const before = await api(list);
      const assessedBefore = before.totalCount - before.statusCounts.unknown;
      const triggeredAt = Date.now();
      await api(`${scheduler}/s3-posture-discover/trigger`, { method: 'POST' });
      const newest = await waitFor(
        'the discover task to assess every bucket',
        1_800_000,
        2000,
        async () => {
          // Never-assessed buckets sort last either way.
          const last = await api(`${list}&order=asc&offset=${buckets - 1}`);
          if (last.totalCount !== buckets || !last.items[0]?.checkedAt) {
            return undefined;
          }
          const { items, statusCounts } = await api(`${list}&order=desc`);
          return { at: Date.parse(items[0].checkedAt), statusCounts };
        },
      );
      const assessSec = (newest.at - triggeredAt) / 1000;
      log(
        `serving: ${buckets - assessedBefore} buckets assessed in ${assessSec.toFixed(1)} s (${JSON.stringify(newest.statusCounts)})`,
      );
      return {
        buckets,
        catalogReadySec,
        assessedBeforeTrigger: assessedBefore,
        assessSec,
        assessBucketsPerSec: (buckets - assessedBefore) / assessSec,
        statuses: newest.statusCounts,
      };
    };
    const setup: ServingSetupFigures =
      options.docs === 0
        ? {
            buckets: 0,
            catalogReadySec: 0,
            assessedBeforeTrigger: 0,
            assessSec: 0,
            assessBucketsPerSec: 0,
            statuses: {},
          }
        : await firstAssessment();
    const profiler = async (action: 'start' | 'stop', path: string) => {
      const done = new Promise<void>(ok => {
        const onMessage = (m: { type: string; action: string }) => {
          if (m.type === 'cpu-profile' && m.action === action) {
            backend.off('message', onMessage);
            ok();
          }
        };
        backend.on('message', onMessage);
      });
      backend.send({ type: 'cpu-profile', action, path });
      await done;
    };
    const profiled = async <T>(name: string, fn: () => Promise<T>) => {
      if (!options.cpuProfDir) return fn();
      mkdirSync(options.cpuProfDir, { recursive: true });
      const path = join(options.cpuProfDir, `${name}.cpuprofile`);
      await profiler('start', path);
      try {
        return await fn();
      } finally {
        await profiler('stop', path);
        log(`serving: CPU profile of the backend in ${path}`);
      }
    };
    return {
      ...world,
      database: postgres ? 'PostgreSQL' : 'SQLite in memory',
      postgres,
      // The product's default when not set.
      accessCacheSeconds: options.accessCacheSeconds ?? 10,
      backendLog,
      profiled,
      queueUrl,
      simulatorUrl,
      api,
      simulatorStats: () => {
        const answer = new Promise<SimulatorStats>(ok => {
          const onMessage = (m: SimulatorStats & { type: string }) => {
            if (m.type !== 'stats') return;
            simulator.off('message', onMessage);
            const { type: _type, ...stats } = m;
            ok(stats);
          };
          simulator.on('message', onMessage);
        });
        simulator.send({ type: 'stats' });
        return answer;
      },
      startReplica: async (port: number) => {
        if (!postgres) {
          throw new Error('serving: replicas need PostgreSQL');
        }
        const configPath = writeReplicaConfig(world, port);
        const replicaLog = join(logDir, `${logName}-replica-${port}.log`);
        log(`serving: replica backend on port ${port}, log in ${replicaLog}`);
        const replica = forkBackend(configPath, replicaLog);
        children.push(replica);
        let replicaExited: string | undefined;
        replica.once('exit', code => {
          replicaExited = `replica exited with ${code}; see ${replicaLog}`;
        });
        await waitFor('the replica to start', 180_000, 250, async () => {
          if (replicaExited) throw new ExitedError(replicaExited);
          return (await apiOn(port, '/api/s3/health')).status === 'ok'
            ? true
            : undefined;
        });
        return async () => {
          await stopChild(replica);
          children.splice(children.indexOf(replica), 1);
        };
      },
      setup,
      backendPid: backend.pid!,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

export interface EndpointFigures {
  path: string;
  connections: number;
  durationSec: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  runsRps: number[];
  runsP95Ms: number[];
}

/** Other list pages than the first, each under the same load. */
export interface ListPagesFigures {
  /** `status=non-compliant`: a click on a status count. */
  status: EndpointFigures;
  /** `q=orders` alone: a search. */
  search: EndpointFigures;
  /**
   * Every request one of the first 100 pages of the whole list at random (score order):
   * each caller's page is mostly one no answer kept in memory serves.
   */
  paged: EndpointFigures;
  /** `documented=false`; absent where the API does not know it (before the inventory). */
  undocumented?: EndpointFigures;
}

/** The list at 50,000 buckets: `serving.list`'s fields for the first page, and the others. */
export interface LargeListFigures extends EndpointFigures {
  buckets: number;
  seed: SeededFigures;
  /** The search plus account filter of `listFiltered`. */
  filtered: EndpointFigures;
  pages: ListPagesFigures;
}

export interface ServingFigures {
  setup: ServingSetupFigures;
  /** `s3.posture.accessCacheSeconds` of the backend (10 when the product default). */
  accessCacheSeconds: number;
  database: ServingEnv['database'];
  connections: number;
  durationSec: number;
  runs: number;
  summary: EndpointFigures;
  list: EndpointFigures;
  listFiltered: EndpointFigures;
  listPages: ListPagesFigures;
  /** At `BENCH_SERVE_LARGE` buckets (PostgreSQL only). */
  listLarge?: LargeListFigures;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

interface LoadRun {
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
}

/**
 * One autocannon run; throws unless every response was a 2xx (and, unless a warm-up, at
 * least one came back: requests still under way when the time is up are not counted).
 */
function load(
  url: string,
  token: string,
  connections: number,
  durationSec: number,
  warmup = false,
  nextPath?: () => string,
): Promise<LoadRun> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationSec,
        headers: { authorization: `Bearer ${token}` },
        timeout: 120,
        ...(nextPath
          ? {
              requests: [
                {
                  setupRequest: (request: autocannon.Request) => ({
                    ...request,
                    path: nextPath(),
                  }),
                },
              ],
            }
          : {}),
      },
      (err, result) => {
        if (err) {
          reject(err);
          return;
        }
        const bad = result.non2xx + result.errors + result.timeouts;
        if (bad === 0 && result['2xx'] === 0 && !warmup) {
          // Not one answer within the run: every request took longer (latencies infinite,
          // null in the JSON).
          resolve({
            rps: 0,
            p50Ms: Infinity,
            p95Ms: Infinity,
            p99Ms: Infinity,
            maxMs: Infinity,
            requests: 0,
          });
          return;
        }
        if (bad > 0) {
          reject(
            new Error(
              `serving: ${url}: ${result['2xx']} 2xx, ${result.non2xx} other statuses, ${result.errors} errors, ${result.timeouts} timeouts`,
            ),
          );
          return;
        }
        const elapsedSec =
          (result.finish.getTime() - result.start.getTime()) / 1000;
        latencies.sort((a, b) => a - b);
        resolve({
          rps: result['2xx'] / elapsedSec,
          p50Ms: percentile(latencies, 50),
          p95Ms: percentile(latencies, 95),
          p99Ms: percentile(latencies, 99),
          maxMs: latencies[latencies.length - 1],
          requests: result['2xx'],
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
}

interface LoadOptions {
  connections: number;
  durationSec: number;
  warmupSec: number;
  runs: number;
}

/**
 * Loads one path (or, with `nextPath`, a new path from it for every request; `path` then
 * describes them) for the warm-up and the runs; medians of the runs.
 */
async function benchEndpoint(
  env: ServingEnv,
  name: string,
  path: string,
  options: LoadOptions,
  log: (line: string) => void,
  nextPath?: () => string,
): Promise<EndpointFigures> {
  const url = `http://127.0.0.1:${new URL(env.backendUrl).port}${nextPath ? '/' : path}`;
  await load(
    url,
    env.token,
    options.connections,
    options.warmupSec,
    true,
    nextPath,
  );
  const timed = () =>
    load(
      url,
      env.token,
      options.connections,
      options.durationSec,
      false,
      nextPath,
    );
  const describe = (run: LoadRun) =>
    `${run.rps.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(1)} ms, p95 ${run.p95Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms`;
  const runs: LoadRun[] = [];
  for (let r = 0; r < options.runs; r++) {
    const run = await timed();
    log(`serving: ${path} run ${r + 1}/${options.runs}: ${describe(run)}`);
    runs.push(run);
  }
  // BENCH_SERVE_CPU_PROF: one more run, profiled and not counted (the profiler slows it).
  const only = process.env.BENCH_SERVE_CPU_PROF_MATCH;
  if (
    process.env.BENCH_SERVE_CPU_PROF &&
    (!only || new RegExp(only).test(name))
  ) {
    const run = await env.profiled(name, timed);
    log(`serving: ${path} profiled run (not counted): ${describe(run)}`);
  }
  const m = (pick: (r: LoadRun) => number) => median(runs.map(pick));
  return {
    path,
    connections: options.connections,
    durationSec: options.durationSec,
    rps: m(r => r.rps),
    p50Ms: m(r => r.p50Ms),
    p95Ms: m(r => r.p95Ms),
    p99Ms: m(r => r.p99Ms),
    maxMs: Math.max(...runs.map(r => r.maxMs)),
    requests: runs.reduce((s, r) => s + r.requests, 0),
    runsRps: runs.map(r => r.rps),
    runsP95Ms: runs.map(r => r.p95Ms),
  };
}

const LIST = '/api/s3/v1/buckets';
const PAGE = 'orderBy=score&order=asc&limit=25';

/** The paths the benchmark loads, as the portal asks for them. */
export const SERVING_PATHS = {
  summary: `/api/s3/v1/entities/default/component/${SERVICE}/summary`,
  // The browse page's first request: worst scores first, 25 a page.
  list: `${LIST}?orderBy=score&order=asc&offset=0&limit=25`,
  // A search plus an account filter, as typed into the browse page.
  listFiltered: `${LIST}?q=payments&account=210000000002&orderBy=score&order=asc&offset=0&limit=25`,
  listStatus: `${LIST}?status=non-compliant&${PAGE}&offset=0`,
  listSearch: `${LIST}?q=orders&${PAGE}&offset=0`,
  listUndocumented: `${LIST}?documented=false&${PAGE}&offset=0`,
  /** `<n>` stands for a random offset: one of the first 100 pages. */
  listPaged: `${LIST}?${PAGE}&offset=<n>`,
};

type Get = (path: string) => Promise<any>;

function getter(env: ServingEnv): Get {
  return async (path: string) => {
    const res = await benchFetch(
      `http://127.0.0.1:${new URL(env.backendUrl).port}${path}`,
      { headers: { authorization: `Bearer ${env.token}` } },
    );
    if (!res.ok) throw new Error(`serving: ${path}: HTTP ${res.status}`);
    return res.json();
  };
}

/** Whether the API filters by `documented` (the inventory); a 400 before it. */
async function knowsDocumented(env: ServingEnv): Promise<boolean> {
  const res = await benchFetch(
    `http://127.0.0.1:${new URL(env.backendUrl).port}${LIST}?documented=false&limit=1`,
    { headers: { authorization: `Bearer ${env.token}` } },
  );
  if (res.status === 400) return false;
  if (!res.ok) throw new Error(`serving: documented=false: HTTP ${res.status}`);
  return true;
}

/**
 * Checks each list path answers what a user would expect of `total` buckets, then loads
 * the first page, the search plus account, and the other pages.
 */
async function benchListPaths(
  env: ServingEnv,
  total: number,
  name: string,
  options: LoadOptions,
  log: (line: string) => void,
): Promise<{
  list: EndpointFigures;
  listFiltered: EndpointFigures;
  pages: ListPagesFigures;
}> {
  const get = getter(env);
  const fail = (what: string) => {
    throw new Error(`serving: ${name} (${total}): ${what}`);
  };
  const list = await get(SERVING_PATHS.list);
  if (list.totalCount !== total || list.items.length !== 25) {
    fail(
      `the list shows ${list.items.length} of ${list.totalCount} buckets, not 25 of ${total}`,
    );
  }
  const filtered = await get(SERVING_PATHS.listFiltered);
  if (
    filtered.totalCount === 0 ||
    filtered.items.some(
      (b: { accountId: string; bucket: string }) =>
        b.accountId !== '210000000002' || !b.bucket.includes('payments'),
    )
  ) {
    fail('the filtered list does not match its filters');
  }
  const status = await get(SERVING_PATHS.listStatus);
  if (
    status.totalCount !== list.statusCounts['non-compliant'] ||
    status.totalCount === 0 ||
    status.items.some((b: { status: string }) => b.status !== 'non-compliant')
  ) {
    fail('the status page does not match the status count');
  }
  const search = await get(SERVING_PATHS.listSearch);
  if (
    search.totalCount === 0 ||
    search.items.some(
      (b: { bucket: string; entityRef?: string; title?: string }) =>
        ![b.bucket, b.entityRef ?? '', b.title ?? ''].some(text =>
          text.toLowerCase().includes('orders'),
        ),
    )
  ) {
    fail('the searched page does not match the search');
  }
  const undocumented = (await knowsDocumented(env))
    ? await get(SERVING_PATHS.listUndocumented)
    : undefined;
  if (
    undocumented &&
    (undocumented.totalCount !== list.documentedCounts?.undocumented ||
      undocumented.items.some(
        (b: { documented: boolean; inventoryRef?: string }) =>
          b.documented !== false || !b.inventoryRef,
      ))
  ) {
    fail('the documented=false page does not match the undocumented count');
  }
  const lastPage = Math.floor((total - 1) / 25);
  // Pages a user flips through: one of the first 100 (2,500 buckets), each equally likely.
  const randomPage = () =>
    SERVING_PATHS.listPaged.replace(
      '<n>',
      String(25 * Math.floor(Math.random() * Math.min(100, lastPage + 1))),
    );
  const last = await get(
    SERVING_PATHS.listPaged.replace('<n>', String(25 * lastPage)),
  );
  if (last.items.length !== total - 25 * lastPage) {
    fail(`the last page shows ${last.items.length} buckets`);
  }
  const bench = (label: string, path: string, next?: () => string) =>
    benchEndpoint(env, `${name}-${label}`, path, options, log, next);
  return {
    list: await bench('list', SERVING_PATHS.list),
    listFiltered: await bench('filtered', SERVING_PATHS.listFiltered),
    pages: {
      status: await bench('status', SERVING_PATHS.listStatus),
      search: await bench('search', SERVING_PATHS.listSearch),
      paged: await bench('paged', SERVING_PATHS.listPaged, randomPage),
      ...(undocumented
        ? {
            undocumented: await bench(
              'undocumented',
              SERVING_PATHS.listUndocumented,
            ),
          }
        : {}),
    },
  };
}

/** Checks the answers are the ones a user would expect, then loads each path. */
export async function benchServing(
  env: ServingEnv,
  options: LoadOptions,
  log: (line: string) => void,
): Promise<ServingFigures> {
  const summary = await getter(env)(SERVING_PATHS.summary);
  if (
    summary.entityRef !== SERVICE_REF ||
    summary.bucketCount !== SERVICE_BUCKETS
  ) {
    throw new Error(
      `serving: the summary of ${SERVICE_REF} shows ${summary.bucketCount} buckets, not ${SERVICE_BUCKETS}`,
    );
  }
  const summaryFigures = await benchEndpoint(
    env,
    'summary',
    SERVING_PATHS.summary,
    options,
    log,
  );
  const lists = await benchListPaths(
    env,
    env.setup.buckets,
    'list',
    options,
    log,
  );
  return {
    setup: env.setup,
    accessCacheSeconds: env.accessCacheSeconds,
    database: env.database,
    connections: options.connections,
    durationSec: options.durationSec,
    runs: options.runs,
    summary: summaryFigures,
    list: lists.list,
    listFiltered: lists.listFiltered,
    listPages: lists.pages,
  };
}

/**
 * Grows the store to `total` buckets (servingLarge.ts) and waits until the list shows them
 * (answers kept by the backend last at most its access cache time).
 */
export async function growServingWorld(
  env: ServingEnv,
  total: number,
  undocumentedShare: number,
  log: (line: string) => void,
): Promise<SeededFigures> {
  if (!env.postgres) {
    throw new Error('serving: the large world needs PostgreSQL');
  }
  log(`serving: adding rows to the store up to ${total} buckets…`);
  const seed = await seedBuckets(env.postgres, total, undocumentedShare);
  log(
    `serving: ${seed.seededDocumented} documented and ${seed.seededUndocumented} undocumented rows added in ${seed.seedSec.toFixed(1)} s`,
  );
  await waitFor(
    `the list to show ${total} buckets`,
    (env.accessCacheSeconds + 30) * 1000,
    500,
    async () =>
      (await env.api(`${LIST}?limit=1`)).totalCount === total
        ? true
        : undefined,
  );
  return seed;
}

/** The list paths at the grown world's size (after growServingWorld). */
export async function benchListLarge(
  env: ServingEnv,
  seed: SeededFigures,
  options: LoadOptions,
  log: (line: string) => void,
): Promise<LargeListFigures> {
  const lists = await benchListPaths(env, seed.buckets, 'large', options, log);
  return {
    ...lists.list,
    buckets: seed.buckets,
    seed,
    filtered: lists.listFiltered,
    pages: lists.pages,
  };
}
