/**
 * The `events` part (issue 17, DESIGN §16): a backend process with the events backend and its
 * AWS SQS module (servingBackend.ts, BENCH_BACKEND_EVENTS=1) and BENCH_EVENTS_BUCKETS bucket
 * docs, all assessed first, against the simulator in its own process. Then bucket changes
 * at a steady rate, sent to the simulator as the AWS SDK sends them (PutBucketVersioning and
 * PutPublicAccessBlock toggles on random buckets): the simulator puts each one's CloudTrail
 * envelope on its SQS queue, the SQS module publishes it on the s3 plugin's topic, the plugin
 * re-assesses the bucket. Per change: the time from the write's response to the REST API
 * showing a verdict that reflects it, the AWS calls the re-assessments made, and the changes
 * never reflected within the deadline.
 *
 * Then `replicas`: a full refresh of the same buckets (every shard task triggered by hand)
 * with that one backend process, and again with a second backend process on the same
 * PostgreSQL database.
 */
/* eslint-disable no-console */
import {
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { BENCH_ACCOUNTS, benchBuckets } from './scenario';
import { ServingEnv, ServingSetupFigures, startServingEnv } from './serving';
import { percentile } from './stats';

export interface EventsFigures {
  buckets: number;
  database: ServingEnv['database'];
  simulatorLatencyMs: number;
  minutes: number;
  changesPerMinute: number;
  /** Bucket writes the simulator answered with success (each one a change to reflect). */
  changes: number;
  /** Changes whose verdict the REST API showed within the deadline. */
  reflected: number;
  /** From the write's response to the REST API showing the verdict (polled every 250 ms). */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** AWS calls the simulator answered during the run, bucket writes and SQS left out, per change. */
  callsPerChange: number;
  /** The same calls by operation. */
  callsByOperation: Record<string, number>;
  /** Changes not reflected within `deadlineSec` of the write. */
  lost: number;
  deadlineSec: number;
  /** Verdicts newer than a write that did not show it (seen while waiting; 0 expected). */
  mismatches: number;
  /** Bucket writes the simulator refused or that failed (not counted as changes). */
  writeErrors: number;
  /** SQS calls of the events module during the run (long polls and deletes). */
  sqsCalls: number;
  setup: ServingSetupFigures;
}

export interface ReplicasFigures {
  buckets: number;
  shards: number;
  /** Trigger of every shard task to every bucket showing a newer verdict: one process. */
  oneSec: number;
  /** The same with two backend processes on the same PostgreSQL database. */
  twoSec: number;
  /** oneSec / twoSec. */
  ratio: number;
  /** Shard runs each process logged during the two-process refresh. */
  shardRunsByProcess: number[];
  /** S3 calls per bucket of each refresh (to see nothing was assessed twice). */
  s3CallsPerBucket: { one: number; two: number };
  cores: number;
  note: string;
}

export interface EventsPartFigures {
  events: EventsFigures;
  replicas?: ReplicasFigures;
  rows: Array<{ figure: string; value: string; target: string; ok?: boolean }>;
}

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  return value ? Number(value) : fallback;
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

interface Change {
  index: number;
  bucket: string;
  eventName: string;
  /** The check whose verdict shows the change, and whether it must now fail. */
  checkId: string;
  expectFailing: boolean;
  writeAt: number;
  reflectedAt?: number;
  mismatch?: boolean;
}

interface ListItem {
  bucket: string;
  checkedAt?: string;
  failingChecks: Array<{ id: string }>;
}

const LIST_NEWEST = '/api/s3/v1/buckets?orderBy=checkedAt&order=desc&limit=100';

/**
 * Calls that are not the posture engine's (which only reads): the bench's own bucket writes
 * and the SQS module's calls.
 */
function isForeignCall(operation: string): boolean {
  return operation.startsWith('sqs:') || /^s3:(Put|Delete)/.test(operation);
}

async function measureChanges(
  env: ServingEnv,
  options: {
    buckets: number;
    minutes: number;
    perMinute: number;
    deadlineMs: number;
    log: (line: string) => void;
  },
) {
  const { log } = options;
  const buckets = benchBuckets(options.buckets);
  // What scenario.ts gives each bucket; the bench then keeps track of its own writes.
  const versioningOn = buckets.map((_, i) => i % 2 === 0);
  const blockOn = buckets.map((_, i) => i % 5 !== 4);
  const clients = new Map<string, S3Client>();
  const clientFor = (accountId: string, region: string) => {
    const key = `${accountId}/${region}`;
    let client = clients.get(key);
    if (!client) {
      const account = BENCH_ACCOUNTS.find(a => a.accountId === accountId)!;
      client = new S3Client({
        endpoint: env.simulatorUrl,
        forcePathStyle: true,
        region,
        credentials: {
          accessKeyId: account.accessKeyId,
          secretAccessKey: 'simulated',
        },
      });
      clients.set(key, client);
    }
    return client;
  };

  const changes: Change[] = [];
  const pending = new Set<Change>();
  const busy = new Set<number>();
  let writeErrors = 0;

  const change = async (k: number) => {
    // A bucket with a change still to be seen is left alone, so every change is judged
    // on its own.
    let index: number;
    do {
      index = Math.floor(Math.random() * buckets.length);
    } while (busy.has(index));
    busy.add(index);
    const bucket = buckets[index];
    const client = clientFor(bucket.accountId, bucket.region);
    const versioning = k % 2 === 0;
    try {
      let c: Omit<Change, 'writeAt'>;
      if (versioning) {
        const on = !versioningOn[index];
        await client.send(
          new PutBucketVersioningCommand({
            Bucket: bucket.name,
            VersioningConfiguration: { Status: on ? 'Enabled' : 'Suspended' },
          }),
        );
        versioningOn[index] = on;
        c = {
          index,
          bucket: bucket.name,
          eventName: 'PutBucketVersioning',
          checkId: 'versioning-enabled',
          expectFailing: !on,
        };
      } else {
        const on = !blockOn[index];
        await client.send(
          new PutPublicAccessBlockCommand({
            Bucket: bucket.name,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: on,
              IgnorePublicAcls: on,
              BlockPublicPolicy: on,
              RestrictPublicBuckets: on,
            },
          }),
        );
        blockOn[index] = on;
        c = {
          index,
          bucket: bucket.name,
          eventName: 'PutBucketPublicAccessBlock',
          checkId: 'bucket-public-access-block',
          expectFailing: !on,
        };
      }
      const recorded: Change = { ...c, writeAt: Date.now() };
      changes.push(recorded);
      pending.add(recorded);
    } catch (e) {
      writeErrors++;
      busy.delete(index);
      log(`events: write to ${bucket.name} failed: ${e}`);
    }
  };

  // Polls the newest verdicts; a change is reflected once its bucket shows a verdict
  // assessed after the write's response whose check agrees with the write.
  let polling = true;
  let mismatches = 0;
  const poller = (async () => {
    while (polling) {
      const started = Date.now();
      try {
        const { items } = (await env.api(LIST_NEWEST)) as {
          items: ListItem[];
        };
        const now = Date.now();
        const byBucket = new Map(items.map(i => [i.bucket, i]));
        for (const c of pending) {
          const item = byBucket.get(c.bucket);
          if (item?.checkedAt && Date.parse(item.checkedAt) >= c.writeAt) {
            const failing = item.failingChecks.some(f => f.id === c.checkId);
            if (failing === c.expectFailing) {
              c.reflectedAt = now;
              pending.delete(c);
              busy.delete(c.index);
              continue;
            } else if (!c.mismatch) {
              c.mismatch = true;
              mismatches++;
            }
          }
          if (now - c.writeAt > options.deadlineMs) {
            pending.delete(c);
            busy.delete(c.index);
          }
        }
      } catch (e) {
        log(`events: polling the verdicts failed: ${e}`);
      }
      await sleep(Math.max(0, 250 - (Date.now() - started)));
    }
  })();

  const total = Math.round(options.minutes * options.perMinute);
  const intervalMs = 60_000 / options.perMinute;
  // Resets the simulator's counts: only what follows is counted.
  await env.simulatorStats();
  const t0 = Date.now();
  const inFlight: Array<Promise<void>> = [];
  for (let k = 0; k < total; k++) {
    const due = t0 + k * intervalMs;
    await sleep(Math.max(0, due - Date.now()));
    inFlight.push(change(k));
    if ((k + 1) % options.perMinute === 0) {
      const done = changes.filter(c => c.reflectedAt).length;
      log(
        `events: ${k + 1} of ${total} changes sent, ${done} reflected, ${pending.size} pending`,
      );
    }
  }
  await Promise.all(inFlight);
  // Every change gets its deadline.
  while (pending.size > 0) await sleep(250);
  polling = false;
  await poller;
  // Re-assessments end well before their verdict shows; the counts are complete here.
  const stats = await env.simulatorStats();
  for (const client of clients.values()) client.destroy();

  const callsByOperation: Record<string, number> = {};
  let calls = 0;
  let sqsCalls = 0;
  for (const [operation, n] of Object.entries(stats.byOperation)) {
    if (operation.startsWith('sqs:')) sqsCalls += n;
    if (isForeignCall(operation)) continue;
    callsByOperation[operation] = n;
    calls += n;
  }
  const latencies = changes
    .filter(c => c.reflectedAt !== undefined)
    .map(c => c.reflectedAt! - c.writeAt)
    .sort((a, b) => a - b);
  return {
    changes: changes.length,
    reflected: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    maxMs: latencies[latencies.length - 1] ?? NaN,
    callsPerChange: changes.length > 0 ? calls / changes.length : NaN,
    callsByOperation,
    lost: changes.length - latencies.length,
    mismatches,
    writeErrors,
    sqsCalls,
  };
}

/** Shard runs the backend logged in `path` so far. */
function shardRuns(path: string): number {
  return (readFileSync(path, 'utf8').match(/Refresh shard \d+ of \d+/g) ?? [])
    .length;
}

/**
 * Triggers every shard task of the full refresh (through the backend's scheduler API) and
 * waits until every bucket shows a verdict assessed after the trigger.
 */
async function fullRefresh(
  env: ServingEnv,
  buckets: number,
  log: (line: string) => void,
): Promise<{ sec: number; s3Calls: number; shards: number }> {
  const scheduler = '/api/s3/.backstage/scheduler/v1/tasks';
  const { tasks } = (await env.api(scheduler)) as {
    tasks: Array<{ taskId: string }>;
  };
  const ids = tasks
    .map(t => t.taskId)
    .filter(id => id.startsWith('s3-posture-refresh'));
  await env.simulatorStats();
  const triggeredAt = Date.now();
  for (const id of ids) {
    try {
      await env.api(`${scheduler}/${id}/trigger`, { method: 'POST' });
    } catch (e) {
      // 409: the shard is running already (it was triggered, or handed over, meanwhile).
      if (!String(e).includes('HTTP 409')) throw e;
    }
  }
  const deadline = triggeredAt + 1_800_000;
  const oldest = '/api/s3/v1/buckets?orderBy=checkedAt&order=asc&limit=1';
  for (;;) {
    const page = await env.api(oldest);
    const at = page.items[0]?.checkedAt;
    if (page.totalCount === buckets && at && Date.parse(at) >= triggeredAt) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error('events: the full refresh did not end in 30 minutes');
    }
    await sleep(250);
  }
  const sec = (Date.now() - triggeredAt) / 1000;
  const stats = await env.simulatorStats();
  const s3Calls = Object.entries(stats.byOperation)
    .filter(([op]) => op.startsWith('s3:') || op.startsWith('s3control:'))
    .reduce((sum, [, n]) => sum + n, 0);
  log(
    `replicas: full refresh (${ids.length} shard tasks) of ${buckets} buckets in ${sec.toFixed(1)} s, ${(s3Calls / buckets).toFixed(2)} S3 calls per bucket`,
  );
  return { sec, s3Calls, shards: ids.length };
}

export async function benchEvents(): Promise<EventsPartFigures> {
  const buckets = envNumber('BENCH_EVENTS_BUCKETS', 2000);
  const minutes = envNumber('BENCH_EVENTS_MINUTES', 5);
  const perMinute = envNumber('BENCH_EVENTS_PER_MINUTE', 100);
  const latencyMs = envNumber('BENCH_LATENCY_MS', 25);
  const deadlineSec = envNumber('BENCH_EVENTS_DEADLINE_SEC', 60);
  const sqlite = process.env.BENCH_EVENTS_DATABASE === 'sqlite';
  const replicasWanted = !sqlite && process.env.BENCH_EVENTS_REPLICAS !== '0';
  const log = (line: string) => console.error(`bench: ${line}`);
  log(
    `events: ${buckets} bucket docs, backend with the events backend and its SQS module, simulator at ${latencyMs} ms…`,
  );
  const env = await startServingEnv({
    buckets,
    backendPort: envNumber('BENCH_EVENTS_PORT', 7227),
    appPort: envNumber('BENCH_APP_PORT', 3227),
    postgresUrl: sqlite
      ? undefined
      : (process.env.BENCH_POSTGRES_URL ??
        'postgresql://postgres@127.0.0.1:5432'),
    simLatencyMs: latencyMs,
    events: true,
    refreshShards: process.env.BENCH_REFRESH_SHARDS
      ? Number(process.env.BENCH_REFRESH_SHARDS)
      : undefined,
    logName: 'events-backend',
    log,
  });
  try {
    log(
      `events: ${perMinute} changes a minute for ${minutes} min through the simulator's SQS queue…`,
    );
    const m = await measureChanges(env, {
      buckets,
      minutes,
      perMinute,
      deadlineMs: deadlineSec * 1000,
      log,
    });
    const events: EventsFigures = {
      buckets,
      database: env.database,
      simulatorLatencyMs: latencyMs,
      minutes,
      changesPerMinute: perMinute,
      deadlineSec,
      setup: env.setup,
      ...m,
    };
    log(
      `events: ${m.changes} changes, ${m.reflected} reflected (p50 ${m.p50Ms} ms, p95 ${m.p95Ms} ms, max ${m.maxMs} ms), ${m.lost} lost, ${m.callsPerChange.toFixed(2)} AWS calls per change ${JSON.stringify(m.callsByOperation)}`,
    );
    const rows: EventsPartFigures['rows'] = [
      {
        figure: `events setup: first assessment of ${buckets - env.setup.assessedBeforeTrigger} buckets (${env.database})`,
        value: `${fmt(env.setup.assessSec)} s`,
        target: `(simulator at ${latencyMs} ms)`,
      },
      {
        figure: `events: changes (${perMinute}/min for ${minutes} min, ${buckets} buckets)`,
        value: String(m.changes),
        target: `(${m.writeErrors} writes failed)`,
      },
      {
        figure: 'events: change to verdict p50',
        value: `${fmt(m.p50Ms / 1000, 2)} s`,
        target: '',
      },
      {
        figure: 'events: change to verdict p95',
        value: `${fmt(m.p95Ms / 1000, 2)} s`,
        target: '≤ 10 s',
        ok: m.p95Ms <= 10_000,
      },
      {
        figure: 'events: change to verdict max',
        value: `${fmt(m.maxMs / 1000, 2)} s`,
        target: '',
      },
      {
        figure: 'events: AWS calls per change',
        value: fmt(m.callsPerChange, 2),
        target: '≤ 2',
        ok: m.callsPerChange <= 2,
      },
      {
        figure: `events: changes lost (not shown within ${deadlineSec} s)`,
        value: String(m.lost),
        target: '0',
        ok: m.lost === 0,
      },
    ];
    let replicas: ReplicasFigures | undefined;
    if (replicasWanted) {
      log(
        `replicas: full refresh of ${buckets} buckets with one backend process…`,
      );
      const one = await fullRefresh(env, buckets, log);
      const replicaPort = envNumber('BENCH_EVENTS_REPLICA_PORT', 7228);
      const replicaLog = env.backendLog.replace(
        /\.log$/,
        `-replica-${replicaPort}.log`,
      );
      const stopReplica = await env.startReplica(replicaPort);
      try {
        // Let the replica's first discovery (5 s after start) pass.
        await sleep(10_000);
        const mainBefore = shardRuns(env.backendLog);
        log('replicas: the same with two backend processes…');
        const two = await fullRefresh(env, buckets, log);
        const shardRunsByProcess = [
          shardRuns(env.backendLog) - mainBefore,
          shardRuns(replicaLog),
        ];
        replicas = {
          buckets,
          shards: one.shards,
          oneSec: one.sec,
          twoSec: two.sec,
          ratio: one.sec / two.sec,
          shardRunsByProcess,
          s3CallsPerBucket: {
            one: one.s3Calls / buckets,
            two: two.s3Calls / buckets,
          },
          cores: cpus().length,
          note: `the simulator (and PostgreSQL) run on the same ${cpus().length} cores as the backend processes`,
        };
      } finally {
        await stopReplica();
      }
      rows.push(
        {
          figure: `replicas: full refresh, 1 process (${buckets} buckets)`,
          value: `${fmt(replicas.oneSec)} s`,
          target: `(${fmt(replicas.s3CallsPerBucket.one, 2)} S3 calls/bucket)`,
        },
        {
          figure: `replicas: full refresh, 2 processes on PostgreSQL`,
          value: `${fmt(replicas.twoSec)} s`,
          target: `(shard runs ${replicas.shardRunsByProcess.join(' + ')}; ${fmt(replicas.s3CallsPerBucket.two, 2)} S3 calls/bucket)`,
        },
        {
          figure: 'replicas: ratio 1 process / 2 processes',
          value: `${fmt(replicas.ratio, 2)}×`,
          target: `(simulator on the same ${cpus().length} cores)`,
        },
      );
    }
    return { events, replicas, rows };
  } finally {
    await env.stop();
  }
}
