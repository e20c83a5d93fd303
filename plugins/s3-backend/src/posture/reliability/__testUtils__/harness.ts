import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  RunningAwsSimulator,
  exampleScenarioPath,
  loadScenario,
  startAwsSimulator,
} from '@internal/aws-simulator';
import {
  CheckResult,
  computeScore,
  computeStatus,
  countChecks,
  failingChecks,
} from '@s3-posture/plugin-s3-common';
import { ChildProcess, fork } from 'child_process';
import { randomBytes } from 'crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import knexFactory, { Knex } from 'knex';
import { join, resolve } from 'path';
import { exampleBackendConfig } from '@internal/test-utils';
import { bucketIdentityOf } from '../../service/bucketIdentity';

/** PostgreSQL for these tests; CI sets it (TOOLCHAIN.md). */
export const POSTGRES_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

/** The example docs of existing buckets (see exampleCatalog) hold this many buckets. */
export const EXAMPLE_BUCKETS = 13;

/**
 * The example catalog these backends load: every example doc whose bucket exists in the
 * simulated accounts (a doc for a missing bucket has no verdict to refresh: inventory.test.ts
 * and staleWhileFailing.test.ts cover it). `s3.inventory` is off: these tests count the
 * documented buckets' assessments (the inventory's are inventory.test.ts's).
 */
export function exampleCatalog() {
  const base = exampleBackendConfig();
  const existing = new Set(
    loadScenario(exampleScenarioPath()).buckets.map(b => b.name),
  );
  const dir = resolve(exampleScenarioPath(), '../buckets');
  const docs = readdirSync(dir)
    .filter(f => f.endsWith('.md'))
    .filter(f => {
      const arn = /Arn:\s*arn:aws:s3:::(\S+)/.exec(
        readFileSync(join(dir, f), 'utf8'),
      );
      return arn !== null && existing.has(arn[1]);
    })
    .map(f => ({ type: 'file', target: join(dir, f) }));
  return {
    catalog: {
      ...base.catalog,
      locations: [
        ...base.catalog.locations.filter(l => !l.target.includes('/buckets/')),
        ...docs,
      ],
    },
    inventory: { enabled: false },
  };
}

export const USER = mockCredentials.user.header();

/** A fresh PostgreSQL database for one test file, dropped at the end. */
export async function createPostgresDatabase(
  url: string,
): Promise<TestDatabase> {
  const name = `s3_reliability_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw(`CREATE DATABASE ${name}`);
  const parsed = new URL(url);
  const connection = {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: name,
  };
  // The backends put each plugin in its own schema of this database; `s3` is ours.
  const s3 = knexFactory({
    client: 'pg',
    connection,
    searchPath: ['s3'],
  });
  return {
    backendDatabase: {
      client: 'pg',
      connection,
      pluginDivisionMode: 'schema',
    },
    s3,
    async drop() {
      await s3.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** Shared by the test databases: where backends find them, and the s3 plugin's tables. */
export interface TestDatabase {
  /** `backend.database` of every backend that uses this database. */
  backendDatabase: object;
  /** The s3 plugin's tables, read directly. */
  s3: Knex;
  drop(): Promise<void>;
}

/**
 * SQLite files in a fresh directory, one per plugin, which outlive the process. (Backstage's
 * default SQLite is in memory: a restart starts from nothing, and instances share nothing.)
 */
export async function createSqliteDatabase(): Promise<TestDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 's3-reliability-'));
  const s3 = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(directory, 's3.sqlite') },
    useNullAsDefault: true,
  });
  return {
    backendDatabase: { client: 'better-sqlite3', connection: { directory } },
    s3,
    async drop() {
      await s3.destroy();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A time the scheduler stored: a Date (PostgreSQL) or a UTC `YYYY-MM-DD hh:mm:ss` (SQLite). */
export function storedTime(value: Date | string): number {
  return typeof value === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(value)
    ? Date.parse(`${value.replace(' ', 'T')}Z`)
    : new Date(value).getTime();
}

/** The simulated AWS account on a loopback port, shared by every backend process. */
export function startSimulator(): Promise<RunningAwsSimulator> {
  return startAwsSimulator({ scenario: exampleScenarioPath() });
}

/** Config of a backend process: the example catalog, our database, the simulator. */
export function backendConfig(options: {
  database: object;
  simulator: RunningAwsSimulator;
  posture: Record<string, unknown>;
}) {
  const base = exampleBackendConfig();
  const { catalog, inventory } = exampleCatalog();
  return {
    ...base,
    catalog,
    backend: { database: options.database },
    s3: {
      ...base.s3,
      inventory,
      endpoint: options.simulator.url,
      forcePathStyle: true,
      posture: options.posture,
    },
  };
}

type Message = { type?: string; port?: number; message?: string };

/**
 * A Backstage backend in a child process (./backendProcess.ts): killed with SIGKILL the
 * way a crashed pod dies, or stopped with backend.stop() the way a rolling deploy stops it.
 */
export class BackendProcess {
  /** Info-level log lines the backend printed, in order. */
  readonly logs: string[] = [];
  /** When each log line arrived here (ms since epoch). */
  private readonly logTimes: number[] = [];
  private exited: Promise<void>;

  static async start(name: string, config: object): Promise<BackendProcess> {
    const child = fork(resolve(__dirname, 'backendProcess.ts'), [], {
      execArgv: [
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
      env: {
        ...process.env,
        // Not `test`: Backstage's scheduler janitor (which frees the locks of dead task
        // runs) only runs outside tests, and these tests are about production behaviour.
        NODE_ENV: 'production',
        S3_RELIABILITY_CONFIG: JSON.stringify(config),
        S3_RELIABILITY_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const backend = new BackendProcess(name, child);
    const port = await new Promise<number>((ready, failed) => {
      child.on('message', (m: Message) => {
        if (m.type === 'ready') ready(m.port!);
        if (m.type === 'error') failed(new Error(`${name}: ${m.message}`));
      });
      child.once('exit', code =>
        failed(
          new Error(
            `${name} exited with ${code} before it was ready:\n${backend.logs.join('\n')}`,
          ),
        ),
      );
    });
    backend.url = `http://127.0.0.1:${port}`;
    return backend;
  }

  url = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        this.logs.push(line);
        this.logTimes.push(Date.now());
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise(done => child.once('exit', () => done()));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** With S3_RELIABILITY_LOG_DIR set, writes this backend's log there (for debugging). */
  saveLogs(): void {
    const dir = process.env.S3_RELIABILITY_LOG_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(resolve(dir, `${this.name}.log`), this.logs.join('\n'));
    }
  }

  /** The process dies at once: no shutdown hooks, no unfinished writes flushed. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** backend.stop(), then the process exits. */
  async stop(): Promise<void> {
    this.child.send({ type: 'stop' });
    await this.exited;
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      ...init,
      headers: { Authorization: USER, ...init.headers },
    });
  }

  /** Asks Backstage's scheduler to run a task now, on whichever instance claims it. */
  async triggerTask(id: string): Promise<number> {
    const res = await this.fetch(
      `/api/s3/.backstage/scheduler/v1/tasks/${id}/trigger`,
      { method: 'POST' },
    );
    return res.status;
  }

  /** The bucket entities in this backend's catalog, as the posture engine reads them. */
  async bucketEntities(): Promise<Entity[]> {
    const res = await this.fetch(
      '/api/catalog/entities?filter=kind=resource,spec.type=s3-bucket',
    );
    return (await res.json()) as Entity[];
  }

  /**
   * The refresh runs this process finished, from its "Assessed N S3 buckets in T ms" lines:
   * counts, and when each ran (the line's arrival, less the duration it reports).
   */
  refreshRuns(): Array<{
    assessed: number;
    failed: number;
    start: number;
    end: number;
  }> {
    return this.logs.flatMap((line, i) => {
      const m = /Assessed (\d+) S3 buckets in (\d+) ms, (\d+) could not/.exec(
        line,
      );
      return m
        ? [
            {
              assessed: Number(m[1]),
              failed: Number(m[3]),
              start: this.logTimes[i] - Number(m[2]),
              end: this.logTimes[i],
            },
          ]
        : [];
    });
  }
}

export interface StoredBucket {
  entityRef: string;
  checkedAt?: string;
  status: string;
  score?: number;
  stale: boolean;
  lastError?: string;
  checks: CheckResult[];
  owners: string[];
  history: Array<{ checkedAt: string; status: string; score?: number }>;
}

const scoreOf = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);

/**
 * Reads every stored bucket straight from the plugin's tables and lists each way a row
 * disagrees with itself: counts, score, status or failing counts that do not follow from
 * the stored checks, a latest verdict that is not the newest history entry, history without
 * a verdict, a bucket without owners or with owners other than the catalog's, a bucket of
 * the catalog without a row.
 */
export async function readStore(
  s3: Knex,
  catalogOwners: Map<string, string[]>,
): Promise<{ buckets: StoredBucket[]; problems: string[] }> {
  const problems: string[] = [];
  const rows = await s3('s3_bucket_posture').orderBy('entity_ref');
  const owners = await s3('s3_bucket_owner').orderBy([
    'entity_ref',
    'owner_ref',
  ]);
  const history = await s3('s3_posture_history').orderBy([
    'entity_ref',
    'checked_at',
    'id',
  ]);
  const buckets = rows.map((row: any): StoredBucket => {
    const ref = row.entity_ref;
    const checks: CheckResult[] = JSON.parse(row.checks);
    const counts = JSON.parse(row.counts);
    const own = owners
      .filter((o: any) => o.entity_ref === ref)
      .map((o: any) => o.owner_ref as string)
      .sort();
    const past = history
      .filter((h: any) => h.entity_ref === ref)
      .map((h: any) => ({
        checkedAt: h.checked_at as string,
        status: h.status as string,
        score: scoreOf(h.score),
        counts: JSON.parse(h.counts),
      }));
    const problem = (what: string) => problems.push(`${ref}: ${what}`);
    // Undocumented buckets (the inventory) have no doc, so no owners.
    const expectedOwners = row.documented ? catalogOwners.get(ref) : [];
    if (JSON.stringify(own) !== JSON.stringify(expectedOwners)) {
      problem(
        `owners ${JSON.stringify(own)}, catalog says ${JSON.stringify(expectedOwners)}`,
      );
    }
    if (!row.checked_at) {
      if (row.status !== 'unknown' || checks.length > 0 || past.length > 0) {
        problem('never assessed, yet has verdicts or history');
      }
    } else if (row.last_error_code === 'NoSuchBucket') {
      // A doc whose bucket does not exist: no verdict, its past kept (DESIGN §15).
      if (row.status !== 'unknown' || checks.length > 0 || row.score !== null)
        problem('missing bucket with verdicts');
    } else {
      const newest = past[past.length - 1];
      if (checks.length === 0) problem('assessed without checks');
      if (JSON.stringify(counts) !== JSON.stringify(countChecks(checks)))
        problem('counts do not match the checks');
      if (row.status !== computeStatus(checks))
        problem('status does not follow from the checks');
      if (scoreOf(row.score) !== computeScore(checks))
        problem('score does not follow from the checks');
      if (
        JSON.stringify(JSON.parse(row.failing_checks)) !==
        JSON.stringify(failingChecks(checks))
      )
        problem('failing checks do not match the checks');
      if (!row.snapshot || !row.region || !row.account_id)
        problem('assessed without snapshot, region or account');
      if (
        !newest ||
        newest.checkedAt !== row.checked_at ||
        newest.status !== row.status ||
        newest.score !== scoreOf(row.score) ||
        JSON.stringify(newest.counts) !== JSON.stringify(counts)
      )
        problem('latest verdict is not the newest history entry');
    }
    return {
      entityRef: ref,
      checkedAt: row.checked_at ?? undefined,
      status: row.status,
      score: scoreOf(row.score),
      stale: Boolean(row.stale),
      lastError: row.last_error
        ? `${row.last_error_code ?? 'Error'}: ${row.last_error}`
        : undefined,
      checks,
      owners: own,
      history: past,
    };
  });
  const known = new Set(rows.map((r: any) => r.entity_ref));
  for (const ref of catalogOwners.keys()) {
    if (!known.has(ref)) problems.push(`${ref}: in the catalog, not stored`);
  }
  return { buckets, problems };
}

/** Owners of every bucket entity, the way the posture engine stores them. */
export function ownersByRef(entities: Entity[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const entity of entities) {
    const identity = bucketIdentityOf(entity);
    if (identity) {
      result.set(identity.entityRef, [...new Set(identity.owners)].sort());
    }
  }
  return result;
}

/** Polls until `read` returns a value. */
export async function waitFor<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

/** The scheduler's row for one of our tasks (Backstage's table in the plugin's schema). */
export async function taskRow(
  s3: Knex,
  id: string,
): Promise<
  | {
      current_run_ticket: string | null;
      current_run_expires_at: Date | string | null;
      next_run_start_at: Date | string | null;
      last_run_ended_at: Date | string | null;
    }
  | undefined
> {
  return s3('backstage_backend_tasks__tasks').where({ id }).first();
}
