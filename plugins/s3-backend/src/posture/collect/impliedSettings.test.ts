import { resolveActiveChecks } from '@s3-posture/plugin-s3-common';
import { AccountSnapshot, BucketSnapshot } from '@s3-posture/plugin-s3-node';
import { ExampleAssessor, exampleDocs } from '../__testUtils__/assessExamples';
import { useSimulatedAws } from '../__testUtils__/simulatedAws';
import { evaluatePosture } from '../evaluate/evaluatePosture';
import { DEFAULT_EVALUATION_SETTINGS } from '../evaluate/types';
import { collectBucket } from './collectBucket';

/*
 * Issue 17: the full refresh leaves out the calls whose answer it already knows. For every
 * example bucket in the simulator, through the real AWS SDK, each skipped call is shown not
 * to matter: the verdicts of every check (strict profile: all of them) are the same with
 * and without the call.
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws();
const docs = exampleDocs();
const NOW = new Date();
const ACTIVE = resolveActiveChecks('strict');

async function assessAll(skipImplied: boolean) {
  const assessor = new ExampleAssessor();
  const locations = await assessor.locateAll(docs);
  const collector = assessor.collector();
  const accounts = new Map<string, Promise<AccountSnapshot>>();
  const before = { ...aws.stats.byOperation };
  try {
    const results = await Promise.all(
      docs.map(async doc => {
        const { accountId, region } = locations.get(doc.bucket)!;
        if (!accounts.has(accountId)) {
          accounts.set(accountId, collector.collectAccount(accountId));
        }
        const bucket: BucketSnapshot = await collectBucket(
          collector.clients,
          { bucket: doc.bucket, partition: 'aws', accountId, region },
          { skipImplied },
        );
        const checks = evaluatePosture(
          {
            bucket,
            account: await accounts.get(accountId)!,
            doc: {
              documentedAccountId: doc.account,
              owners: [{ ref: 'group:default/platform', exists: true }],
            },
          },
          ACTIVE,
          { ...DEFAULT_EVALUATION_SETTINGS, now: NOW },
        );
        return {
          bucket,
          verdicts: checks.map(c => ({
            id: c.id,
            status: c.status,
            reason: c.reason,
          })),
        };
      }),
    );
    const after = { ...aws.stats.byOperation };
    const calls = (op: string) => (after[op] ?? 0) - (before[op] ?? 0);
    return { results, calls };
  } finally {
    collector.clients.destroy();
  }
}

describe('calls the full refresh leaves out', () => {
  let without: Awaited<ReturnType<typeof assessAll>>;
  let withAll: Awaited<ReturnType<typeof assessAll>>;

  beforeAll(async () => {
    withAll = await assessAll(false);
    without = await assessAll(true);
  });

  const skippedFor = (field: 'acl' | 'replication' | 'objectLock') =>
    without.results
      .map((r, i) => ({ r, i }))
      .filter(
        ({ r, i }) =>
          r.bucket[field].status === 'absent' &&
          JSON.stringify(withAll.results[i].bucket[field]) !==
            JSON.stringify(r.bucket[field]),
      );

  it.each([
    ['GetBucketAcl', 'acl', 'Object Ownership is BucketOwnerEnforced'],
    ['GetBucketReplication', 'replication', 'versioning was never enabled'],
    [
      'GetObjectLockConfiguration',
      'objectLock',
      'versioning was never enabled',
    ],
  ] as const)(
    '%s (%s) is left out when %s, and every verdict stays the same',
    (operation, field, _when) => {
      const saved =
        withAll.calls(`s3:${operation}`) - without.calls(`s3:${operation}`);
      // eslint-disable-next-line no-console
      console.info(
        `${operation}: ${withAll.calls(`s3:${operation}`)} calls with every read, ${without.calls(
          `s3:${operation}`,
        )} without the implied ones (${docs.length} buckets)`,
      );
      expect(saved).toBeGreaterThan(0);
      expect(
        without.results.filter(r => r.bucket[field].status === 'absent').length,
      ).toBeGreaterThanOrEqual(saved);
      expect(without.results.map(r => r.verdicts)).toEqual(
        withAll.results.map(r => r.verdicts),
      );
      // What was implied is what AWS answers for replication and object lock (the skipped
      // ACL is recorded as not configured, code BucketOwnerEnforced).
      expect(field === 'acl' ? [] : skippedFor(field)).toEqual([]);
    },
  );
});
