import { RunningAwsSimulator } from '@internal/aws-simulator';
import { BucketPosture } from '@s3-posture/plugin-s3-common';
import {
  BackendProcess,
  EXAMPLE_BUCKETS,
  POSTGRES_URL,
  StoredBucket,
  backendConfig,
  createPostgresDatabase,
  ownersByRef,
  readStore,
  startSimulator,
  taskRow,
  waitFor,
} from './__testUtils__/harness';
import { PRODUCTION, STAGING } from '../__testUtils__/simulatedAws';

/*
 * Issue 8 / DESIGN §13: several backend instances on one PostgreSQL database — one refresh
 * at a time, no lost or duplicated results. Two backend processes share a fresh database,
 * each with Backstage's scheduler (its task locks live in that database) and a refresh due
 * every few seconds, against one simulated AWS account that counts every request.
 *
 * Not run on SQLite: Backstage's SQLite is in memory and per process by default, so
 * instances cannot share it; several instances need PostgreSQL (or MySQL).
 */

jest.setTimeout(300_000);

const REFRESH = 's3-posture-refresh';
const DISCOVER = 's3-posture-discover';
/** Full refresh period, in seconds. */
const PERIOD = 8;
/** Periods watched. */
const PERIODS = 5;

if (!POSTGRES_URL) {
  // eslint-disable-next-line no-console
  console.warn(
    'Several-instances tests need PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (CI does)',
  );
}

(POSTGRES_URL ? describe : describe.skip)(
  'two backend instances on one PostgreSQL database',
  () => {
    let db: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let simulator: RunningAwsSimulator;
    const backends: BackendProcess[] = [];
    let owners: Map<string, string[]>;

    const store = async () => {
      const state = await readStore(db.s3, owners);
      expect(state.problems).toEqual([]);
      return state.buckets;
    };
    /** Full refreshes (AWS account reads) counted by the simulator, per account. */
    const accountReads = (account: string) =>
      simulator.stats.byAccount[account]?.[
        'iam:GetAccountAuthorizationDetails'
      ] ?? 0;
    const historyCounts = (buckets: StoredBucket[]) =>
      Object.fromEntries(buckets.map(b => [b.entityRef, b.history.length]));

    /**
     * Reads `what` while no refresh runs: the refresh task is idle before and after, and
     * no run ended in between.
     */
    const whileIdle = <T>(what: () => Promise<T>) =>
      waitFor(async () => {
        const before = await taskRow(db.s3, REFRESH);
        if (before?.current_run_ticket) return undefined;
        const value = await what();
        const after = await taskRow(db.s3, REFRESH);
        const same =
          !after?.current_run_ticket &&
          String(after?.last_run_ended_at) ===
            String(before?.last_run_ended_at);
        return same ? value : undefined;
      }, 'a moment between two refreshes');

    beforeAll(async () => {
      db = await createPostgresDatabase(POSTGRES_URL!);
      simulator = await startSimulator();
      const config = backendConfig({
        database: db.backendDatabase,
        simulator,
        posture: {
          schedule: {
            frequency: { seconds: PERIOD },
            timeout: { seconds: 60 },
            initialDelay: { seconds: 1 },
          },
          refreshConcurrency: 4,
          // One task for the whole refresh: these tests are about its lock (the shards are
          // refreshShards.test.ts's).
          refreshShards: 1,
        },
      });
      // One after the other: on an empty database, instances starting at the same moment
      // race for the migration lock of Backstage's catalog, and the loser fails to start.
      backends.push(await BackendProcess.start('instance-a', config));
      backends.push(await BackendProcess.start('instance-b', config));
      owners = await waitFor(async () => {
        const [a, b] = await Promise.all(backends.map(x => x.bucketEntities()));
        const found = ownersByRef(a);
        return found.size === EXAMPLE_BUCKETS && b.length === EXAMPLE_BUCKETS
          ? found
          : undefined;
      }, 'the example bucket entities in both catalogs');
      // First assessments run every minute; have the scheduler run them now.
      await waitFor(
        async () =>
          (await backends[0].triggerTask(DISCOVER)) === 200 || undefined,
        'the discover task to be free',
      );
      await waitFor(async () => {
        // Not `every` alone: on an empty store it is vacuously true.
        const { buckets } = await readStore(db.s3, owners);
        const assessed = buckets.filter(b => b.checkedAt).length;
        return assessed === EXAMPLE_BUCKETS || undefined;
      }, 'every bucket assessed once');
    });

    afterAll(async () => {
      for (const backend of backends) {
        backend.saveLogs();
        if (backend.running) await backend.kill();
      }
      await simulator?.stop();
      await db?.drop();
    });

    it(`runs each period's refresh once across both instances, for ${PERIODS} periods`, async () => {
      const start = await whileIdle(async () => ({
        history: historyCounts(await store()),
        production: accountReads(PRODUCTION),
        staging: accountReads(STAGING),
        logged: backends.map(b => b.refreshRuns().length),
      }));
      await new Promise(r => setTimeout(r, PERIODS * PERIOD * 1000));
      const end = await whileIdle(async () => ({
        buckets: await store(),
        production: accountReads(PRODUCTION),
        staging: accountReads(STAGING),
        runs: backends.map((b, i) => b.refreshRuns().slice(start.logged[i])),
      }));

      // Each full refresh reads each account once, stores one history entry per bucket,
      // and the backend that ran it logs it: the three counts agree (none lost, none
      // duplicated) ...
      const runs = end.runs
        .flatMap((list, instance) => list.map(run => ({ ...run, instance })))
        .sort((a, b) => a.start - b.start);
      expect(runs.map(r => [r.assessed, r.failed])).toEqual(
        runs.map(() => [EXAMPLE_BUCKETS, 0]),
      );
      expect(end.production - start.production).toBe(runs.length);
      expect(end.staging - start.staging).toBe(runs.length);
      expect(
        end.buckets.map(b => b.history.length - start.history[b.entityRef]),
      ).toEqual(end.buckets.map(() => runs.length));
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.length).toBeLessThanOrEqual(PERIODS + 1);

      // ... one run at a time, whichever instance runs it: each starts after the previous
      // one ended (its log line; 250 ms for the pipe) ...
      for (let k = 1; k < runs.length; k++) {
        expect(runs[k].start).toBeGreaterThan(runs[k - 1].end - 250);
      }
      // ... and so the k-th new history entry of every bucket comes from the k-th run: all
      // of them before any (k+1)-th entry ...
      const entries = (k: number) =>
        end.buckets.map(b =>
          Date.parse(b.history[start.history[b.entityRef] + k].checkedAt),
        );
      for (let k = 1; k < runs.length; k++) {
        expect(Math.min(...entries(k))).toBeGreaterThan(
          Math.max(...entries(k - 1)),
        );
      }
      // ... and no period skipped: a run starts at most one scheduler poll (5 s, or the
      // period if shorter) and some slack after it was due, i.e. one period after the
      // previous start, or at the previous end if that ran longer.
      const poll = Math.min(5, PERIOD) * 1000;
      for (let k = 1; k < runs.length; k++) {
        const due = Math.max(
          runs[k - 1].start + PERIOD * 1000,
          runs[k - 1].end,
        );
        expect(runs[k].start - due).toBeLessThan(poll + 3000);
      }
    });

    it('a manual refresh of one bucket on both instances at once writes each assessment once', async () => {
      const names = ['users-bucket', 'orders-production-bucket'];
      const bucketOf = async (name: string) =>
        (
          (await (
            await backends[0].fetch(`/api/s3/v1/buckets/default/${name}`)
          ).json()) as BucketPosture
        ).bucket;
      const buckets = await Promise.all(names.map(bucketOf));
      /** Assessments made of each bucket: each reads the bucket policy once. */
      const policyReads = () =>
        buckets.map(
          b => simulator.stats.byBucket[b]?.['s3:GetBucketPolicy'] ?? 0,
        );
      const historyOf = async () => {
        const stored = await store();
        return names.map(
          n =>
            stored.find(b => b.entityRef === `resource:default/${n}`)!.history
              .length,
        );
      };

      const before = await whileIdle(async () => ({
        reads: policyReads(),
        history: await historyOf(),
      }));
      const rounds = 3;
      const responses: Response[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const name of names) {
          responses.push(
            ...(await Promise.all(
              backends.map(b =>
                b.fetch(`/api/s3/v1/buckets/default/${name}/refresh`, {
                  method: 'POST',
                }),
              ),
            )),
          );
        }
      }
      expect(responses.map(r => r.status)).toEqual(responses.map(() => 200));
      const after = await whileIdle(async () => ({
        reads: policyReads(),
        history: await historyOf(),
      }));
      // Every assessment (manual, and any scheduled one in between) stored exactly once.
      const assessments = after.reads.map((n, i) => n - before.reads[i]);
      expect(after.history.map((n, i) => n - before.history[i])).toEqual(
        assessments,
      );
      for (const made of assessments) {
        expect(made).toBeGreaterThanOrEqual(2 * rounds);
      }
      // The latest verdict is the newest assessment (store() checks it against the history).
      await store();
    });
  },
);
