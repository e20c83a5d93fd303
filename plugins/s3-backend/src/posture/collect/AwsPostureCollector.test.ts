import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { exampleScenarioPath } from '@internal/aws-simulator';
import {
  EXAMPLE_AWS_CONFIG,
  s3Requests,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { AwsPostureCollector } from './AwsPostureCollector';

/** Bucket and documented account of every example doc. */
function exampleDocs(): Array<{ bucket: string; account?: string }> {
  const dir = path.resolve(exampleScenarioPath(), '../buckets');
  return readdirSync(dir)
    .filter(f => f.endsWith('.md'))
    .map(f => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      return {
        bucket: /Arn:\s*arn:aws:s3:::(\S+)/.exec(text)![1],
        account: /Account:\s*'(\d{12})'/.exec(text)?.[1],
      };
    });
}

describe('AwsPostureCollector over the example company', () => {
  const aws = useSimulatedAws();

  it('locates and collects every documented bucket and its account without an error', async () => {
    const collector = AwsPostureCollector.fromConfig(
      new ConfigReader({
        ...EXAMPLE_AWS_CONFIG,
        s3: { endpoint: 'http://aws.local:4566' },
      }),
      { logger: mockServices.logger.mock() },
    );
    // product-reviews-production's doc outlived its bucket (the missing-bucket case).
    const docs = exampleDocs().filter(
      d => d.bucket !== 'securecart-product-reviews-production',
    );
    expect(docs).toHaveLength(13);

    const perBucket: Record<string, number> = {};
    for (const doc of docs) {
      const location = await collector.locate(doc.bucket, doc.account);
      aws.stats.reset();
      const snapshot = await collector.collectBucket({
        bucket: doc.bucket,
        partition: 'aws',
        ...location,
      });
      perBucket[doc.bucket] = s3Requests(aws.stats.byOperation);
      const errors = Object.entries(snapshot).filter(
        ([, v]) => (v as { status?: string })?.status === 'error',
      );
      expect({ bucket: doc.bucket, errors }).toEqual({
        bucket: doc.bucket,
        errors: [],
      });
    }
    // 16 settings per bucket, less the calls whose answer is implied (impliedSettings:
    // the ACL under BucketOwnerEnforced, replication and object lock where versioning was
    // never enabled), plus GetBucketLocation of each replication destination the locator
    // has not seen yet.
    expect(Math.max(...Object.values(perBucket))).toBeLessThanOrEqual(17);
    expect(perBucket['securecart-orders-production']).toBe(15);
    expect(perBucket['securecart-backups-production']).toBe(16);
    // Over the 13 example buckets (16 each, plus destinations, with every call made).
    expect(Object.values(perBucket).reduce((a, b) => a + b, 0)).toBe(188);

    for (const account of ['111122223333', '444455556666']) {
      aws.stats.reset();
      const snapshot = await collector.collectAccount(account);
      expect(snapshot.authorization.status).toBe('ok');
      expect(snapshot.credentials.status).toBe('ok');
      expect(aws.stats.total).toBe(4);
    }
  });
});
