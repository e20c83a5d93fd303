import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PostureStatus } from '@s3-posture/plugin-s3-common';
import {
  EXAMPLE_AWS_CONFIG,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { AwsPostureCollector } from '../collect';
import { readS3Config } from '../config';
import { DatabasePostureStore } from '../store/DatabasePostureStore';
import { PostureService } from './PostureService';
import { Assessment, BucketQuery } from './types';

/*
 * The browse list at scale (issue 16): pages and counts are kept for accessCacheSeconds and
 * only until this instance stores a change, so a verdict stored here shows at once and one
 * stored by another instance within that time; every count of a page (total, per status,
 * documented or not) follows from one grouped count over the other filters.
 */

jest.setTimeout(60_000);

useSimulatedAws();
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ACCOUNT = '111122223333';

function assessment(
  bucket: string,
  status: PostureStatus,
  score: number,
  checkedAt: string,
): Assessment {
  return {
    identity: {
      entityRef: `resource:default/${bucket}`,
      documented: true,
      bucket,
      arn: `arn:aws:s3:::${bucket}`,
      owners: ['group:default/team-a'],
    },
    accountId: ACCOUNT,
    region: 'eu-north-1',
    profile: 'aws-foundational',
    status,
    score,
    counts: {
      pass: 1,
      fail: status === 'compliant' ? 0 : 1,
      error: 0,
      notApplicable: 0,
    },
    checks: [],
    snapshot: {},
    checkedAt,
  };
}

describe.each(databases.eachSupportedId())(
  'PostureService.listBuckets on %p',
  databaseId => {
    async function setup(accessCacheSeconds: number) {
      const database = mockServices.database({
        knex: await databases.init(databaseId),
      });
      const store = await DatabasePostureStore.create({
        database,
        historyLimit: 10,
      });
      // Another backend instance on the same database.
      const other = await DatabasePostureStore.create({
        database,
        historyLimit: 10,
      });
      const config = new ConfigReader({
        ...EXAMPLE_AWS_CONFIG,
        s3: { posture: { accessCacheSeconds } },
      });
      const logger = mockServices.logger.mock();
      const service = new PostureService({
        store,
        collector: AwsPostureCollector.fromConfig(config, { logger }),
        catalog: catalogServiceMock(),
        auth: mockServices.auth(),
        logger,
        config: readS3Config(config).posture,
      });
      await store.upsertIdentities(
        ['orders', 'images', 'logs'].map(bucket => ({
          entityRef: `resource:default/${bucket}`,
          documented: true,
          bucket,
          arn: `arn:aws:s3:::${bucket}`,
          accountId: ACCOUNT,
          owners: ['group:default/team-a'],
        })),
        'aws-foundational',
      );
      return { service, store, other };
    }

    const byScore: BucketQuery = { orderBy: 'score', order: 'asc', limit: 25 };
    const names = (page: { items: Array<{ bucket: string }> }) =>
      page.items.map(i => i.bucket);

    it('shows a verdict stored on this instance at once, one stored by another instance within accessCacheSeconds', async () => {
      const { service, store, other } = await setup(1);
      expect((await service.listBuckets(byScore)).statusCounts.unknown).toBe(3);

      await other.saveAssessment(
        assessment('images', 'non-compliant', 40, '2026-12-07T08:00:00.000Z'),
      );
      const cached = await service.listBuckets(byScore);
      expect(cached.statusCounts.unknown).toBe(3);
      expect(cached.items.every(i => i.status === 'unknown')).toBe(true);

      await new Promise(r => setTimeout(r, 1100));
      const later = await service.listBuckets(byScore);
      expect(later.statusCounts).toEqual({
        compliant: 0,
        'at-risk': 0,
        'non-compliant': 1,
        unknown: 2,
      });
      expect(names(later)[0]).toBe('images');

      await store.saveAssessment(
        assessment('logs', 'compliant', 100, '2026-12-07T08:01:00.000Z'),
      );
      const now = await service.listBuckets(byScore);
      expect(now.statusCounts.compliant).toBe(1);
      // Unassessed buckets (no score) last, whichever the order.
      expect(names(now)).toEqual(['images', 'logs', 'orders']);
      expect(
        names(await service.listBuckets({ ...byScore, order: 'desc' })),
      ).toEqual(['logs', 'images', 'orders']);
    });

    it('reads the database every time with accessCacheSeconds 0', async () => {
      const { service, other } = await setup(0);
      expect((await service.listBuckets(byScore)).totalCount).toBe(3);
      await other.saveAssessment(
        assessment('orders', 'at-risk', 70, '2026-12-07T08:00:00.000Z'),
      );
      expect((await service.listBuckets(byScore)).statusCounts['at-risk']).toBe(
        1,
      );
    });

    it('counts per status and documented or not over the other filters, whatever page or filter is asked', async () => {
      const { service, store } = await setup(10);
      await store.saveAssessment(
        assessment('images', 'non-compliant', 40, '2026-12-07T08:00:00.000Z'),
      );
      await store.saveAssessment(
        assessment('logs', 'compliant', 100, '2026-12-07T08:00:00.000Z'),
      );
      await store.upsertInventory(
        ACCOUNT,
        [
          {
            inventoryRef: `aws:${ACCOUNT}/stray-images`,
            bucket: 'stray-images',
          },
          { inventoryRef: `aws:${ACCOUNT}/stray-logs`, bucket: 'stray-logs' },
        ],
        '2026-12-07T08:00:00.000Z',
        'aws-foundational',
      );
      const all = { ...byScore, inventory: true };

      const first = await service.listBuckets(all);
      expect(first.totalCount).toBe(5);
      expect(first.statusCounts).toEqual({
        compliant: 1,
        'at-risk': 0,
        'non-compliant': 1,
        unknown: 3,
      });
      expect(first.documentedCounts).toEqual({
        documented: 3,
        undocumented: 2,
      });

      // A status filter narrows the total and the documented counts, not the status counts.
      const unknown = await service.listBuckets({
        ...all,
        status: ['unknown'],
      });
      expect(unknown.totalCount).toBe(3);
      expect(unknown.statusCounts).toEqual(first.statusCounts);
      expect(unknown.documentedCounts).toEqual({
        documented: 1,
        undocumented: 2,
      });
      expect(unknown.items.map(i => i.entityRef)).toEqual([
        `aws:${ACCOUNT}/stray-images`,
        `aws:${ACCOUNT}/stray-logs`,
        'resource:default/orders',
      ]);

      // The documented filter narrows the total and the status counts, not its own.
      const undocumented = await service.listBuckets({
        ...all,
        documented: false,
      });
      expect(undocumented.totalCount).toBe(2);
      expect(undocumented.statusCounts.unknown).toBe(2);
      expect(undocumented.statusCounts.compliant).toBe(0);
      expect(undocumented.documentedCounts).toEqual(first.documentedCounts);

      // A search is another set of filters: counted afresh.
      const searched = await service.listBuckets({ ...all, q: 'images' });
      expect(searched.totalCount).toBe(2);
      expect(searched.documentedCounts).toEqual({
        documented: 1,
        undocumented: 1,
      });

      // A second page, from the same counts.
      const second = await service.listBuckets({ ...all, offset: 4, limit: 2 });
      expect(second.totalCount).toBe(5);
      expect(second.items).toHaveLength(1);

      // Without s3.inventory.read the undocumented ones are neither listed nor counted.
      const documentedOnly = await service.listBuckets(byScore);
      expect(documentedOnly.totalCount).toBe(3);
      expect(documentedOnly.documentedCounts).toEqual({
        documented: 3,
        undocumented: 0,
      });
      expect(documentedOnly.statusCounts.unknown).toBe(1);
    });
  },
);
