import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_ARN,
  S3_BUCKET_RESOURCE_TYPE,
} from '@s3-posture/plugin-s3-common';
import { PostureInput } from '@s3-posture/plugin-s3-node';
import { exampleDocs } from '../__testUtils__/assessExamples';
import {
  EXAMPLE_AWS_CONFIG,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { AwsPostureCollector } from '../collect';
import { readS3Config } from '../config';
import { DatabasePostureStore } from '../store/DatabasePostureStore';
import { PostureService } from './PostureService';

/*
 * Issue 17: an AWS change event re-reads only what it can have changed. The rest of the
 * bucket comes from its stored snapshot (JSON), and the whole bucket is evaluated again:
 * the verdicts are those of a full read. Where the stored snapshot cannot be trusted, the
 * bucket is read in full.
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws();
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const docs = exampleDocs();

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
const refOf = (doc: { bucket: string }) =>
  `resource:default/${doc.bucket.slice(0, 63)}`;

async function createServices() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabasePostureStore.create({
    database: mockServices.database({ knex }),
    historyLimit: 10,
  });
  const catalog = catalogServiceMock({ entities: docs.map(bucketEntity) });
  const serviceFor = (profile?: string) => {
    const config = new ConfigReader({
      ...EXAMPLE_AWS_CONFIG,
      s3: { posture: { refreshConcurrency: 4, ...(profile && { profile }) } },
    });
    const logger = mockServices.logger.mock();
    return new PostureService({
      store,
      collector: AwsPostureCollector.fromConfig(config, { logger }),
      catalog,
      auth: mockServices.auth(),
      logger,
      config: readS3Config(config).posture,
    });
  };
  return { store, service: serviceFor(), serviceFor };
}

/** S3 calls on each example bucket so far. */
const bucketCalls = () =>
  docs.map(d =>
    Object.entries(aws.stats.byBucket[d.bucket] ?? {})
      .filter(([op]) => op.startsWith('s3:'))
      .reduce((n, [, c]) => n + c, 0),
  );
const verdicts = (r?: { checks: Array<{ id: string; status: string }> }) =>
  r?.checks.map(c => ({ ...c }));

describe('re-assessment after a change event', () => {
  it('account-level: no bucket call, and every example bucket keeps the verdicts of a full read (stored snapshots are JSON-safe)', async () => {
    const { store, service } = await createServices();
    const refs = docs.map(refOf);
    await service.refresh(refs);
    const full = await Promise.all(refs.map(r => store.get(r)));
    expect(full.every(r => r && !r.stale)).toBe(true);
    const calls = bucketCalls();
    const accountReads = () =>
      Object.values(aws.stats.byAccount).reduce(
        (n, ops) => n + (ops['iam:GetAccountAuthorizationDetails'] ?? 0),
        0,
      );
    const before = accountReads();

    const accounts = new Map();
    const result = await service.refresh(refs, {
      accounts,
      reread: { settings: [], account: true },
    });
    expect(result.failed).toBe(full.filter(r => r?.lastError).length);
    expect(bucketCalls()).toEqual(calls);
    // Each account's data read once, for all its buckets.
    expect(accounts.size).toBeGreaterThan(1);
    expect(accountReads() - before).toBe(accounts.size);
    const again = await Promise.all(refs.map(r => store.get(r)));
    expect(again.map(verdicts)).toEqual(full.map(verdicts));
    expect(
      again.map(
        r => Date.parse(r!.checkedAt!) > Date.parse(full[0]!.checkedAt!),
      ),
    ).toEqual(refs.map(() => true));
  });

  it('bucket-level: reads only the changed settings the active checks need, and evaluates the whole bucket', async () => {
    const { store, service } = await createServices();
    const doc = docs[0];
    await service.refresh([refOf(doc)]);
    const first = await store.get(refOf(doc));
    const total = aws.stats.total;
    const ops = { ...aws.stats.byBucket[doc.bucket] };
    await service.refresh([refOf(doc)], {
      reread: { settings: ['policy', 'policyStatus'], account: false },
    });
    const after = aws.stats.byBucket[doc.bucket];
    const changed = Object.keys(after).filter(
      op => after[op] !== (ops[op] ?? 0),
    );
    expect(changed.sort()).toEqual([
      's3:GetBucketPolicy',
      's3:GetBucketPolicyStatus',
    ]);
    expect(aws.stats.total - total).toBe(2);
    const second = await store.get(refOf(doc));
    expect(verdicts(second)).toEqual(verdicts(first));
    const snapshot = second!.snapshot as PostureInput;
    expect(snapshot.bucket.versioning).toEqual(
      (first!.snapshot as PostureInput).bucket.versioning,
    );
  });

  it('reads the bucket in full when its stored snapshot is missing, stale, of another profile or lacks a setting', async () => {
    const { store, service, serviceFor } = await createServices();
    const [a, b, c, d] = docs;
    const policyReads = (doc: { bucket: string }) =>
      aws.stats.byBucket[doc.bucket]?.['s3:GetBucketPolicy'] ?? 0;
    const fullReadAfterVersioningEvent = async (
      doc: { bucket: string },
      svc = service,
    ) => {
      const reads = policyReads(doc);
      await svc.refresh([refOf(doc)], {
        reread: { settings: ['versioning'], account: false },
      });
      return policyReads(doc) - reads;
    };

    // Never assessed: no snapshot.
    expect(await fullReadAfterVersioningEvent(a)).toBe(1);
    // Now it has one: versioning only.
    expect(await fullReadAfterVersioningEvent(a)).toBe(0);

    // Stale: the last assessment failed.
    await service.refresh([refOf(b)]);
    await store.markFailed(
      refOf(b),
      { code: 'Throttling', message: 'slow down' },
      new Date().toISOString(),
    );
    expect(await fullReadAfterVersioningEvent(b)).toBe(1);

    // Stored under another profile.
    await service.refresh([refOf(c)]);
    expect(await fullReadAfterVersioningEvent(c, serviceFor('strict'))).toBe(1);

    // A setting the active checks read is missing from the stored snapshot.
    await service.refresh([refOf(d)]);
    const stored = await store.get(refOf(d));
    const input = stored!.snapshot as PostureInput;
    const { policy: _dropped, ...bucket } = input.bucket;
    await store.saveAssessment({
      identity: {
        entityRef: refOf(d),
        documented: true,
        bucket: d.bucket,
        arn: `arn:aws:s3:::${d.bucket}`,
        accountId: d.account,
        owners: stored!.owners,
      },
      accountId: stored!.accountId!,
      region: stored!.region!,
      profile: stored!.profile,
      status: stored!.status,
      score: stored!.score,
      counts: stored!.counts,
      checks: stored!.checks,
      snapshot: { ...input, bucket },
      checkedAt: new Date().toISOString(),
    });
    expect(await fullReadAfterVersioningEvent(d)).toBe(1);
  });
});
