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
import { join, resolve } from 'node:path';
import {
  SERVICE,
  SERVICE_BUCKETS,
  SERVICE_REF,
  ServingWorld,
  writeServingWorld,
} from './servingData';
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
  /** The backend's `s3.posture.accessCacheSeconds`. */
  accessCacheSeconds: number;
  backendLog: string;
  /** Runs `fn`, with the backend's CPU profiled into `<cpuProfDir>/<name>.cpuprofile` if asked. */
  profiled<T>(name: string, fn: () => Promise<T>): Promise<T>;
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
        BENCH_SIM_LATENCY_MS: '0',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(simulator);
    const simulatorUrl = await new Promise<string>((resolve, reject) => {
      simulator.on('message', (m: { type: string; url: string }) => {
        if (m.type === 'ready') resolve(m.url);
      });
      simulator.once('exit', code =>
        reject(new Error(`simulator exited with ${code}`)),
      );
    });

    const world = writeServingWorld({
      dir: join(tmpdir(), `bench-serving-${process.pid}`),
      buckets,
      simulatorUrl,
      backendPort: options.backendPort,
      appPort: options.appPort,
      accessCacheSeconds: options.accessCacheSeconds,
      postgres,
    });
    worldDir = world.dir;
    const logDir = resolve(__dirname, '../../../node_modules/.cache/bench');
    mkdirSync(logDir, { recursive: true });
    const backendLog = join(logDir, 'serving-backend.log');
    const logFd = openSync(backendLog, 'w');
    log(`serving: backend on ${world.backendUrl}, log in ${backendLog}`);
    const started = performance.now();
    const backend = fork(
      join(__dirname, 'servingBackend.js'),
      ['--config', world.configPath],
      {
        // backend-defaults looks for the repository's root package.json from here.
        cwd: resolve(__dirname, '..'),
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', logFd, logFd, 'ipc'],
      },
    );
    children.push(backend);
    let exited: string | undefined;
    backend.once('exit', code => {
      exited = `backend exited with ${code}; see ${backendLog}`;
    });

    const api = async (path: string, init?: RequestInit) => {
      if (exited) throw new ExitedError(exited);
      const res = await fetch(
        `http://127.0.0.1:${options.backendPort}${path}`,
        {
          ...init,
          headers: { authorization: `Bearer ${world.token}` },
        },
      );
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return res.status === 200 && init?.method !== 'POST' ? res.json() : {};
    };

    await waitFor('the backend to start', 180_000, 250, async () =>
      (await api('/api/s3/health')).status === 'ok' ? true : undefined,
    );
    log(
      `serving: backend up after ${((performance.now() - started) / 1000).toFixed(1)} s; waiting for the catalog to ingest ${buckets} docs…`,
    );
    await waitFor('the catalog to ingest the docs', 900_000, 1000, async () => {
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
    });
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
    await waitFor('the first discovery to finish', 600_000, 1000, discoverIdle);
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
      // The product's default when not set.
      accessCacheSeconds: options.accessCacheSeconds ?? 10,
      backendLog,
      profiled,
      setup: {
        buckets,
        catalogReadySec,
        assessedBeforeTrigger: assessedBefore,
        assessSec,
        assessBucketsPerSec: (buckets - assessedBefore) / assessSec,
        statuses: newest.statusCounts,
      },
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
      },
      (err, result) => {
        if (err) {
          reject(err);
          return;
        }
        const bad = result.non2xx + result.errors + result.timeouts;
        if (bad > 0 || (result['2xx'] === 0 && !warmup)) {
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

async function benchEndpoint(
  env: ServingEnv,
  name: string,
  path: string,
  options: {
    connections: number;
    durationSec: number;
    warmupSec: number;
    runs: number;
  },
  log: (line: string) => void,
): Promise<EndpointFigures> {
  const url = `http://127.0.0.1:${new URL(env.backendUrl).port}${path}`;
  await load(url, env.token, options.connections, options.warmupSec, true);
  const runs: LoadRun[] = [];
  for (let r = 0; r < options.runs; r++) {
    const run = await env.profiled(`${name}-${r + 1}`, () =>
      load(url, env.token, options.connections, options.durationSec),
    );
    log(
      `serving: ${path} run ${r + 1}/${options.runs}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(1)} ms, p95 ${run.p95Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms`,
    );
    runs.push(run);
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

/** The paths the benchmark loads, as the portal asks for them. */
export const SERVING_PATHS = {
  summary: `/api/s3/v1/entities/default/component/${SERVICE}/summary`,
  // The browse page's first request: worst scores first, 25 a page.
  list: '/api/s3/v1/buckets?orderBy=score&order=asc&offset=0&limit=25',
  // A search plus an account filter, as typed into the browse page.
  listFiltered:
    '/api/s3/v1/buckets?q=payments&account=210000000002&orderBy=score&order=asc&offset=0&limit=25',
};

/** Checks the answers are the ones a user would expect, then loads each path. */
export async function benchServing(
  env: ServingEnv,
  options: {
    connections: number;
    durationSec: number;
    warmupSec: number;
    runs: number;
  },
  log: (line: string) => void,
): Promise<ServingFigures> {
  const get = async (path: string) => {
    const res = await fetch(
      `http://127.0.0.1:${new URL(env.backendUrl).port}${path}`,
      { headers: { authorization: `Bearer ${env.token}` } },
    );
    if (!res.ok) throw new Error(`serving: ${path}: HTTP ${res.status}`);
    return res.json();
  };
  const summary = await get(SERVING_PATHS.summary);
  if (
    summary.entityRef !== SERVICE_REF ||
    summary.bucketCount !== SERVICE_BUCKETS
  ) {
    throw new Error(
      `serving: the summary of ${SERVICE_REF} shows ${summary.bucketCount} buckets, not ${SERVICE_BUCKETS}`,
    );
  }
  const list = await get(SERVING_PATHS.list);
  if (list.totalCount !== env.setup.buckets || list.items.length !== 25) {
    throw new Error(
      `serving: the list shows ${list.items.length} of ${list.totalCount} buckets, not 25 of ${env.setup.buckets}`,
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
    throw new Error('serving: the filtered list does not match its filters');
  }

  return {
    setup: env.setup,
    accessCacheSeconds: env.accessCacheSeconds,
    database: env.database,
    connections: options.connections,
    durationSec: options.durationSec,
    runs: options.runs,
    summary: await benchEndpoint(
      env,
      'summary',
      SERVING_PATHS.summary,
      options,
      log,
    ),
    list: await benchEndpoint(env, 'list', SERVING_PATHS.list, options, log),
    listFiltered: await benchEndpoint(
      env,
      'listFiltered',
      SERVING_PATHS.listFiltered,
      options,
      log,
    ),
  };
}
