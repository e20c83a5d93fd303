import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  LoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import { exampleBackendConfig } from '@internal/test-utils';
import request from 'supertest';
import s3Plugin from '../..';
import { useSimulatedAws } from '../__testUtils__/simulatedAws';
import { refreshShardTaskIds, shardOf } from '../service/refreshShards';
import {
  EXAMPLE_BUCKETS,
  exampleCatalog,
  POSTGRES_URL,
  TestDatabase,
  createPostgresDatabase,
  taskRow,
  waitFor,
} from './__testUtils__/harness';

/*
 * Issue 17 / DESIGN §16: the full refresh, split into shards run as separate global
 * scheduler tasks, is shared by several backend replicas on one PostgreSQL database. Two
 * test backends in this process, each with Backstage's real database and scheduler
 * services (task locks in that database), against one simulated AWS account: both take a
 * share, and every bucket is assessed exactly once per period.
 */

jest.setTimeout(300_000);

const SHARDS = 4;
/** Full refresh period, in seconds. */
const PERIOD = 15;
/** Periods watched. */
const PERIODS = 3;
const DISCOVER = 's3-posture-discover';
const TASKS = refreshShardTaskIds(SHARDS);

const aws = useSimulatedAws({ allowLoopback: true });

/** Log lines of each backend instance. */
const logs: Record<string, Array<{ at: number; message: string }>> = {};
function instanceLogger(name: string): LoggerService {
  const lines = (logs[name] = [] as Array<{ at: number; message: string }>);
  const log = (message: string) => {
    lines.push({ at: Date.now(), message });
  };
  const logger: LoggerService = {
    error: log,
    warn: log,
    info: log,
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

/** The shard runs an instance logged since `from`. */
function shardRuns(name: string, from: number) {
  return logs[name].flatMap(line => {
    const m =
      /^Refresh shard (\d+) of (\d+) .*: (\d+) assessed, (\d+) could not be assessed, in (\d+) ms/.exec(
        line.message,
      );
    return m && line.at >= from
      ? [
          {
            instance: name,
            shard: Number(m[1]) - 1,
            assessed: Number(m[3]),
            failed: Number(m[4]),
            end: line.at,
          },
        ]
      : [];
  });
}

if (!POSTGRES_URL) {
  // eslint-disable-next-line no-console
  console.warn(
    'The sharded refresh test needs PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (CI does)',
  );
}

(POSTGRES_URL ? describe : describe.skip)(
  'the full refresh in shards, shared by two backends on one PostgreSQL database',
  () => {
    let db: TestDatabase;
    const backends: Array<Awaited<ReturnType<typeof startTestBackend>>> = [];
    const user = mockCredentials.user.header();

    const history = async () => {
      const rows: Array<{ entity_ref: string; checked_at: string | Date }> =
        await db.s3('s3_posture_history').orderBy(['entity_ref', 'checked_at']);
      const byRef = new Map<string, number[]>();
      for (const row of rows) {
        const list = byRef.get(row.entity_ref) ?? [];
        list.push(new Date(row.checked_at).getTime());
        byRef.set(row.entity_ref, list);
      }
      return byRef;
    };
    /** Runs `what` at a moment no shard is running, before and after. */
    const whileIdle = <T>(what: () => Promise<T>) =>
      waitFor(async () => {
        const busy = async () =>
          (await Promise.all(TASKS.map(id => taskRow(db.s3, id)))).some(
            row => row?.current_run_ticket,
          );
        if (await busy()) return undefined;
        const value = await what();
        return (await busy()) ? undefined : value;
      }, 'a moment when no shard runs');

    beforeAll(async () => {
      db = await createPostgresDatabase(POSTGRES_URL!);
      aws.setKnobs({ latencyMs: 20 });
      for (const name of ['replica-a', 'replica-b']) {
        // One after the other: on an empty database, backends starting at the same moment
        // race for the catalog's migration lock.
        backends.push(
          await startTestBackend({
            features: [
              catalogPlugin,
              catalogModuleS3BucketDocs,
              s3Plugin,
              schedulerServiceFactory,
              createServiceFactory({
                service: coreServices.rootLogger,
                deps: {},
                factory: () => instanceLogger(name),
              }),
              mockServices.rootConfig.factory({
                data: exampleBackendConfig({
                  backend: { database: db.backendDatabase },
                  catalog: exampleCatalog().catalog,
                  s3: {
                    inventory: exampleCatalog().inventory,
                    catalog: { ownerDefaultKind: 'user' },
                    posture: {
                      refreshShards: SHARDS,
                      refreshConcurrency: 2,
                      schedule: {
                        frequency: { seconds: PERIOD },
                        timeout: { seconds: 60 },
                        initialDelay: { seconds: 1 },
                      },
                    },
                  },
                }),
              }),
              mockServices.httpAuth.factory({
                defaultCredentials: mockCredentials.none(),
              }),
            ],
          }),
        );
      }
      await waitFor(
        async () => {
          const counts = await Promise.all(
            backends.map(
              async b =>
                (
                  await request(b.server)
                    .get(
                      '/api/catalog/entities?filter=kind=resource,spec.type=s3-bucket',
                    )
                    .set('Authorization', user)
                ).body.length,
            ),
          );
          return counts.every(n => n === EXAMPLE_BUCKETS) || undefined;
        },
        'the example bucket entities in both catalogs',
        120_000,
        500,
      );
      // First assessments run every minute; have the scheduler run them now.
      await waitFor(
        async () =>
          (
            await request(backends[0].server)
              .post(`/api/s3/.backstage/scheduler/v1/tasks/${DISCOVER}/trigger`)
              .set('Authorization', user)
          ).status === 200 || undefined,
        'the discover task to be free',
      );
      await waitFor(
        async () =>
          (await db.s3('s3_bucket_posture').whereNotNull('checked_at'))
            .length === EXAMPLE_BUCKETS || undefined,
        'every bucket assessed once',
        60_000,
        250,
      );
      // A shard run due while those first assessments were finishing leaves out the buckets
      // assessed in the last tenth of a period: some, all or none of its own. The window the
      // test watches opens once every shard has run after them, so each run in it is a full
      // period after the previous one and must assess all its buckets.
      const assessedAt = Date.now();
      await waitFor(
        async () => {
          const ran = new Set(
            ['replica-a', 'replica-b'].flatMap(name =>
              shardRuns(name, assessedAt).map(run => run.shard),
            ),
          );
          return ran.size === SHARDS || undefined;
        },
        'every shard to run after the first assessments',
        2 * PERIOD * 1000,
        250,
      );
    });

    afterAll(async () => {
      for (const backend of backends) await backend.stop();
      await db?.drop();
    });

    it(`both take a share, and each bucket is assessed once per period, for ${PERIODS} periods`, async () => {
      const start = await whileIdle(async () => ({
        at: Date.now(),
        history: await history(),
      }));
      await new Promise(r => setTimeout(r, PERIODS * PERIOD * 1000));
      const end = await whileIdle(async () => ({
        at: Date.now(),
        history: await history(),
      }));
      const runs = ['replica-a', 'replica-b']
        .flatMap(name => shardRuns(name, start.at))
        .filter(run => run.end <= end.at);

      // Both replicas take part.
      const byInstance = (name: string) =>
        runs.filter(r => r.instance === name).length;
      // eslint-disable-next-line no-console
      console.info(
        `shard runs: replica-a ${byInstance('replica-a')}, replica-b ${byInstance('replica-b')}; ${JSON.stringify(
          runs.map(r => `${r.instance}:${r.shard + 1}:${r.assessed}`),
        )}`,
      );
      expect(byInstance('replica-a')).toBeGreaterThan(0);
      expect(byInstance('replica-b')).toBeGreaterThan(0);

      // Each shard ran once per period (no period skipped, none run twice) ...
      const refs = [...end.history.keys()];
      expect(refs).toHaveLength(EXAMPLE_BUCKETS);
      for (let shard = 0; shard < SHARDS; shard++) {
        const ofShard = runs.filter(r => r.shard === shard);
        const members = refs.filter(ref => shardOf(ref, SHARDS) === shard);
        expect(ofShard.length).toBeGreaterThanOrEqual(PERIODS - 1);
        expect(ofShard.length).toBeLessThanOrEqual(PERIODS + 1);
        // ... assessing exactly its own buckets, each once: every member gained one
        // history entry per run of its shard, so no other shard (and no other replica)
        // assessed it too.
        for (const run of ofShard) {
          expect([run.assessed, run.failed]).toEqual([members.length, 0]);
        }
        for (const ref of members) {
          const added =
            end.history.get(ref)!.length -
            (start.history.get(ref)?.length ?? 0);
          expect({ ref, added }).toEqual({ ref, added: ofShard.length });
        }
      }
      // Never twice within a period: consecutive assessments of a bucket are a period apart
      // (less the scheduler's poll jitter).
      for (const ref of refs) {
        const times = end.history
          .get(ref)!
          .slice(start.history.get(ref)?.length ?? 0);
        for (let k = 1; k < times.length; k++) {
          expect(times[k] - times[k - 1]).toBeGreaterThan(PERIOD * 500);
        }
      }
    });
  },
);
