import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_ARN,
  S3_BUCKET_RESOURCE_TYPE,
} from '@s3-posture/plugin-s3-common';
import { exampleDocs } from '../__testUtils__/assessExamples';
import {
  EXAMPLE_AWS_CONFIG,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { AwsPostureCollector } from '../collect';
import { readS3Config } from '../config';
import { DatabasePostureStore } from '../store/DatabasePostureStore';
import { PostureService } from './PostureService';
import { skipRecentMs } from './refreshShards';
import { stringifyEntityRef } from '@backstage/catalog-model';

const SIX_HOURS = { frequency: { hours: 6 }, timeout: { hours: 1 } };

/*
 * The two scheduled tasks and a stopping backend (DESIGN §4, §13): the discover task makes
 * the first assessment of new buckets, the full refresh re-assesses the others, and the two
 * never assess one bucket at once; a stopping backend ends its refresh cleanly.
 */

jest.setTimeout(60_000);

const aws = useSimulatedAws();
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const docs = exampleDocs().slice(0, 4);

function bucketEntity(doc: { bucket: string; account?: string }): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: doc.bucket.slice(0, 63),
      namespace: 'default',
      annotations: {
        [ANNOTATION_AWS_ARN]: `arn:aws:s3:::${doc.bucket}`,
        ...(doc.account ? { [ANNOTATION_AWS_ACCOUNT_ID]: doc.account } : {}),
      },
    },
    spec: { type: S3_BUCKET_RESOURCE_TYPE, owner: 'group:default/team-a' },
  };
}

async function createService(
  catalog = catalogServiceMock({ entities: docs.map(bucketEntity) }),
) {
  const config = new ConfigReader({
    ...EXAMPLE_AWS_CONFIG,
    s3: { posture: { refreshConcurrency: 2 } },
  });
  const logger = mockServices.logger.mock();
  const store = await DatabasePostureStore.create({
    database: mockServices.database({
      knex: await databases.init('SQLITE_3'),
    }),
    historyLimit: 10,
  });
  const service = new PostureService({
    store,
    collector: AwsPostureCollector.fromConfig(config, { logger }),
    catalog,
    auth: mockServices.auth(),
    logger,
    config: readS3Config(config).posture,
  });
  const history = async () =>
    Promise.all(
      (await store.listRefs()).map(
        async r => (await store.history(r.entityRef, 10)).length,
      ),
    );
  /** Assessments made per bucket: each reads the bucket policy once. */
  const policyReads = () =>
    docs.map(d => aws.stats.byBucket[d.bucket]?.['s3:GetBucketPolicy'] ?? 0);
  return { service, store, history, policyReads };
}

describe('PostureService', () => {
  it('leaves buckets under their first assessment to the discover task: each is assessed once', async () => {
    const { service, history, policyReads } = await createService();
    aws.setKnobs({ latencyMs: 100 });
    const fresh = await service.discover();
    expect(fresh).toHaveLength(docs.length);

    // The discover task's first assessment is under way when the full refresh starts: its
    // bucket calls have reached AWS (answered 100 ms later at the soonest), none is stored.
    const first = service.refresh(fresh);
    const deadline = Date.now() + 10_000;
    while (
      !aws.stats.byOperation['s3:GetBucketPolicy'] &&
      Date.now() < deadline
    ) {
      await new Promise(r => setTimeout(r, 5));
    }
    expect(await service.refreshAll()).toEqual({ assessed: 0, failed: 0 });
    expect(await first).toEqual({ assessed: docs.length, failed: 0 });
    expect(policyReads()).toEqual(docs.map(() => 1));
    expect(await history()).toEqual(docs.map(() => 1));

    // Once assessed, they are the full refresh's.
    expect(await service.refreshAll()).toEqual({
      assessed: docs.length,
      failed: 0,
    });
    expect(await service.discover()).toEqual([]);
    expect(policyReads()).toEqual(docs.map(() => 2));
    expect(await history()).toEqual(docs.map(() => 2));
  });

  it('a scheduled pass leaves out buckets assessed in the last few minutes (start-up: discover, then the first full refresh)', async () => {
    const { service, store, history, policyReads } = await createService();
    await service.refresh(await service.discover());
    expect(await history()).toEqual(docs.map(() => 1));

    // The first full refresh, seconds later: nothing to do, no second identical point.
    expect(
      await service.refreshAll({
        skipAssessedWithinMs: skipRecentMs(SIX_HOURS),
      }),
    ).toEqual({ assessed: 0, failed: 0 });
    expect(policyReads()).toEqual(docs.map(() => 1));
    expect(await history()).toEqual(docs.map(() => 1));

    // Once the window has passed, they are assessed again.
    await new Promise(r => setTimeout(r, 50));
    expect(await service.refreshAll({ skipAssessedWithinMs: 20 })).toEqual({
      assessed: docs.length,
      failed: 0,
    });
    expect(await history()).toEqual(docs.map(() => 2));
    // The history says how: the discover task's and the full refresh's are both scheduled.
    const [ref] = (await store.listRefs()).map(r => r.entityRef);
    expect((await store.history(ref, 10)).map(h => h.trigger)).toEqual([
      'scheduled',
      'scheduled',
    ]);
    await service.assessNow(
      docs.map(bucketEntity).find(e => stringifyEntityRef(e) === ref)!,
    );
    expect((await store.history(ref, 1))[0].trigger).toBe('manual');
  });

  it('the window is 5 minutes, or a tenth of a shorter refresh period', () => {
    expect(skipRecentMs(SIX_HOURS)).toBe(5 * 60_000);
    expect(
      skipRecentMs({ frequency: { cron: '0 * * * *' }, timeout: {} }),
    ).toBe(5 * 60_000);
    expect(
      skipRecentMs({ frequency: { minutes: 40 }, timeout: { minutes: 1 } }),
    ).toBe(4 * 60_000);
    expect(
      skipRecentMs({ frequency: { seconds: 10 }, timeout: { seconds: 5 } }),
    ).toBe(1_000);
    expect(
      skipRecentMs({ frequency: { trigger: 'manual' }, timeout: { hours: 1 } }),
    ).toBe(0);
  });

  it('stop() ends a refresh early: the buckets under way are stored, no further one is started', async () => {
    const { service, history } = await createService();
    aws.setKnobs({ latencyMs: 150 });
    const refs = await service.discover();
    const run = service.refresh(refs);
    // Two buckets (the concurrency) are under way once the simulator sees bucket calls.
    const deadline = Date.now() + 10_000;
    while (
      !aws.stats.byOperation['s3:GetBucketPolicy'] &&
      Date.now() < deadline
    ) {
      await new Promise(r => setTimeout(r, 10));
    }
    await service.stop();
    const requests = aws.stats.total;
    // Nothing under way any more: everything started is stored, and AWS hears no more.
    expect((await history()).sort()).toEqual([0, 0, 1, 1]);
    expect(await run).toEqual({ assessed: 2, failed: 0 });
    await new Promise(r => setTimeout(r, 500));
    expect(aws.stats.total).toBe(requests);
  });

  it('records no failure for assessments that a stop cuts short', async () => {
    // A stopping backend's catalog answers 503, as its HTTP server is closing.
    const catalog = catalogServiceMock({ entities: docs.map(bucketEntity) });
    const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
    let closing = false;
    catalog.getEntitiesByRefs = async (...args) => {
      if (closing)
        throw new Error('Request failed with 503 Service Unavailable');
      return getEntitiesByRefs(...args);
    };
    const { service, store, history } = await createService(catalog);
    aws.setKnobs({ latencyMs: 150 });
    const refs = await service.discover();
    const run = service.refresh(refs);
    // Stop as soon as the assessments under way reach AWS (locating their buckets), before
    // they ask the catalog for their owners.
    const deadline = Date.now() + 10_000;
    while (aws.stats.total === 0 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 5));
    }
    closing = true;
    await service.stop();
    const requests = aws.stats.total;
    expect(await run).toEqual({ assessed: 0, failed: 2 });
    // The collection under way ended with the assessment: AWS hears no more.
    await new Promise(r => setTimeout(r, 500));
    expect(aws.stats.total).toBe(requests);
    expect(await history()).toEqual(docs.map(() => 0));
    const stored = await store.getMany(refs);
    expect(
      stored.map(b => [b.status, b.stale, b.lastError, b.lastAttemptAt]),
    ).toEqual(refs.map(() => ['unknown', false, undefined, undefined]));
    // Never attempted, so the next discover task assesses them first thing.
    expect((await service.discover()).sort()).toEqual([...refs].sort());
  });
});
