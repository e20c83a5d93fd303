import { RunningAwsSimulator } from '@internal/aws-simulator';
import { BucketListResponse } from '@s3-posture/plugin-s3-common';
import {
  BackendProcess,
  EXAMPLE_BUCKETS,
  POSTGRES_URL,
  StoredBucket,
  backendConfig,
  TestDatabase,
  createPostgresDatabase,
  createSqliteDatabase,
  ownersByRef,
  readStore,
  startSimulator,
  storedTime,
  taskRow,
  waitFor,
} from './__testUtils__/harness';

/*
 * Issue 8: stop the backend mid-refresh and start it again — nothing stored is lost or
 * half-written. Real backend processes on a fresh PostgreSQL database (and on SQLite files,
 * which outlive the process unlike Backstage's default in-memory SQLite), against the
 * simulated AWS account on a loopback port, slowed down so that a refresh takes seconds:
 * one is killed with SIGKILL in the middle of the scheduled refresh, one is stopped with
 * backend.stop() in the middle of it, and each time a new process takes over the database.
 *
 * Which assessment wrote a verdict is visible in it: during each refresh the simulated
 * account denies one more call, so that refresh's verdicts carry one check in `error`.
 */

jest.setTimeout(180_000);

const REFRESH = 's3-posture-refresh';
const DISCOVER = 's3-posture-discover';
const TASK_TIMEOUT_SECONDS = 20;

/** Which refresh wrote this verdict (see the knobs set before each refresh). */
function generation(bucket: StoredBucket): number {
  const errored = (id: string) =>
    bucket.checks.find(c => c.id === id)?.status === 'error';
  if (errored('server-access-logging')) return 3;
  if (errored('versioning-enabled')) return 2;
  return 1;
}

if (!POSTGRES_URL) {
  // eslint-disable-next-line no-console
  console.warn(
    'Restart tests on PostgreSQL skipped: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (CI does)',
  );
}

const DATABASES: Array<[string, () => Promise<TestDatabase>]> = [
  ['SQLite files', createSqliteDatabase],
  ...(POSTGRES_URL
    ? [
        ['PostgreSQL', () => createPostgresDatabase(POSTGRES_URL!)] as [
          string,
          () => Promise<TestDatabase>,
        ],
      ]
    : []),
];

describe.each(DATABASES)(
  'restarting a backend in the middle of a refresh (%s)',
  (_name, createDatabase) => {
    let db: TestDatabase;
    let simulator: RunningAwsSimulator;
    let config: object;
    let owners: Map<string, string[]>;
    const backends: BackendProcess[] = [];

    const start = async (name: string) => {
      const backend = await BackendProcess.start(name, config);
      backends.push(backend);
      return backend;
    };
    const store = async () => {
      const state = await readStore(db.s3, owners);
      expect(state.problems).toEqual([]);
      return state.buckets;
    };
    /** Waits until `count` buckets carry this refresh's verdicts. */
    const waitForGeneration = (g: number, count: number) =>
      waitFor(async () => {
        const { buckets } = await readStore(db.s3, owners);
        const done = buckets.filter(
          b => b.checkedAt && generation(b) === g,
        ).length;
        return done >= count ? done : undefined;
      }, `${count} buckets assessed by refresh ${g}`);

    beforeAll(async () => {
      db = await createDatabase();
      simulator = await startSimulator();
      config = backendConfig({
        database: db.backendDatabase,
        simulator,
        posture: {
          // Full refreshes only when the test triggers one; first assessments run as usual.
          schedule: {
            frequency: { trigger: 'manual' },
            timeout: { seconds: TASK_TIMEOUT_SECONDS },
          },
          refreshConcurrency: 2,
          // One task for the whole refresh: these tests are about its lock (the shards are
          // refreshShards.test.ts's).
          refreshShards: 1,
        },
      });
    });

    afterAll(async () => {
      for (const backend of backends) {
        backend.saveLogs();
        if (backend.running) await backend.kill();
      }
      await simulator?.stop();
      await db?.drop();
    });

    let before: StoredBucket[];

    it('a first backend assesses every example bucket', async () => {
      const first = await start('first');
      owners = await waitFor(async () => {
        const found = ownersByRef(await first.bucketEntities());
        return found.size === EXAMPLE_BUCKETS ? found : undefined;
      }, 'the example bucket entities in the catalog');
      // First assessments run every minute; have the scheduler run them now.
      await waitFor(
        async () => (await first.triggerTask(DISCOVER)) === 200 || undefined,
        'the discover task to be free',
      );
      await waitForGeneration(1, EXAMPLE_BUCKETS);
      before = await store();
      expect(before.map(b => b.history.length)).toEqual(before.map(() => 1));
    });

    it('SIGKILL in the middle of a refresh loses nothing and leaves nothing half-written', async () => {
      const [first] = backends;
      simulator.setKnobs({
        latencyMs: 300,
        accessDenied: ['s3:GetBucketVersioning'],
      });
      expect(await first.triggerTask(REFRESH)).toBe(200);
      const done = await waitForGeneration(2, 3);
      await first.kill();
      simulator.setKnobs({ latencyMs: 0 });

      const after = await store();
      expect(after).toHaveLength(EXAMPLE_BUCKETS);
      expect(after.filter(b => b.stale || b.lastError)).toEqual([]);
      const refreshed = after.filter(b => generation(b) === 2);
      // Killed mid-refresh: some buckets have the new verdict, the others the old one.
      expect(refreshed.length).toBeGreaterThanOrEqual(done);
      expect(refreshed.length).toBeLessThan(EXAMPLE_BUCKETS);
      const old = (bucket: StoredBucket) =>
        before.find(b => b.entityRef === bucket.entityRef)!;
      // Untouched by the killed refresh: the very same verdict and history.
      const untouched = after.filter(b => generation(b) === 1);
      expect(untouched).toEqual(untouched.map(old));
      // Refreshed: the previous history and one entry for the new verdict.
      expect(refreshed.map(b => b.history)).toEqual(
        refreshed.map(b => [
          ...old(b).history,
          expect.objectContaining({ checkedAt: b.checkedAt }),
        ]),
      );
    });

    it('a backend started on the same database serves every verdict and finishes the refresh', async () => {
      // The killed run still holds Backstage's task lock until its timeout; then the
      // scheduler's janitor frees it (the next backend's janitor runs when it starts).
      const lock = await taskRow(db.s3, REFRESH);
      expect(lock?.current_run_ticket).toEqual(expect.any(String));
      const freedAt = storedTime(lock!.current_run_expires_at!);
      await new Promise(r => setTimeout(r, Math.max(0, freedAt - Date.now())));

      const second = await start('second');
      const list = await (
        await second.fetch('/api/s3/v1/buckets?limit=100')
      ).json();
      expect((list as BucketListResponse).totalCount).toBe(EXAMPLE_BUCKETS);

      // The interrupted refresh runs again on the new backend, for every bucket.
      simulator.setKnobs({ accessDenied: ['s3:GetBucketVersioning'] });
      const killedRun = await store();
      await waitFor(
        async () =>
          (await readStore(db.s3, owners)).buckets.every(
            b =>
              generation(b) === 2 &&
              b.history.length ===
                killedRun.find(k => k.entityRef === b.entityRef)!.history
                  .length +
                  1,
          ) || undefined,
        'the refresh to run again after the restart',
        TASK_TIMEOUT_SECONDS * 1000 + 30_000,
      );
      const after = await store();
      expect(after.every(b => generation(b) === 2)).toBe(true);
      // The run's summary line reaches us after its last write: wait for it, not just the rows.
      await waitFor(
        async () => second.refreshRuns().length > 0 || undefined,
        'the refresh run to report its counts',
      );
      expect(second.refreshRuns()).toEqual([
        expect.objectContaining({ assessed: EXAMPLE_BUCKETS, failed: 0 }),
      ]);
      expect((await taskRow(db.s3, REFRESH))?.current_run_ticket).toBeNull();
    });

    it('backend.stop() in the middle of a refresh loses nothing and leaves nothing half-written', async () => {
      const second = backends[1];
      const previous = await store();
      simulator.setKnobs({
        latencyMs: 300,
        accessDenied: ['s3:GetBucketLogging'],
      });
      expect(await second.triggerTask(REFRESH)).toBe(200);
      await waitForGeneration(3, 3);
      await second.stop();
      simulator.setKnobs({ latencyMs: 0 });

      const after = await store();
      // Assessments cut short by the stop record no failure: nothing turns stale.
      expect(after.filter(b => b.stale || b.lastError)).toEqual([]);
      const refreshed = after.filter(b => generation(b) === 3);
      expect(refreshed.length).toBeGreaterThanOrEqual(3);
      expect(refreshed.length).toBeLessThan(EXAMPLE_BUCKETS);
      for (const bucket of after) {
        const old = previous.find(b => b.entityRef === bucket.entityRef)!;
        expect(bucket.history.length).toBe(
          old.history.length + (generation(bucket) === 3 ? 1 : 0),
        );
        expect([2, 3]).toContain(generation(bucket));
      }
      // A graceful stop ends the run and frees the lock: the next backend need not wait.
      expect((await taskRow(db.s3, REFRESH))?.current_run_ticket).toBeNull();

      const third = await start('third');
      expect(await third.triggerTask(REFRESH)).toBe(200);
      await waitFor(
        async () =>
          (await readStore(db.s3, owners)).buckets.every(
            b => generation(b) === 3,
          ) || undefined,
        'a refresh on the third backend',
      );
      const final = await store();
      for (const bucket of final) {
        const old = after.find(b => b.entityRef === bucket.entityRef)!;
        expect(bucket.history.length).toBe(old.history.length + 1);
      }
    });
  },
);
