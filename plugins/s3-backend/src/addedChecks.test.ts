import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  BucketListResponse,
  BucketPosture,
  CheckCatalogResponse,
  computeScore,
} from '@s3-posture/plugin-s3-common';
import {
  S3PostureCheck,
  s3PostureChecksExtensionPoint,
} from '@s3-posture/plugin-s3-node';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import request from 'supertest';
import s3Plugin from '.';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

jest.setTimeout(120_000);

useSimulatedAws({ allowLoopback: true });

/** A house rule as an adopter writes one: the bucket names its data classification. */
const classified: S3PostureCheck = {
  id: 'data-classification-tag',
  title: 'Bucket names its data classification',
  description: 'Passes when the bucket has a data-classification tag.',
  remediation: 'Tag the bucket with `data-classification`.',
  category: 'house',
  severity: 'high',
  profiles: ['strict'],
  reads: ['tagging'],
  evaluate: ({ bucket }) => {
    if (bucket.tagging.status === 'error')
      return { status: 'error', reason: bucket.tagging.message };
    const value =
      bucket.tagging.status === 'ok'
        ? bucket.tagging.value['data-classification']
        : undefined;
    return value
      ? { status: 'pass', reason: `Classified ${value}.` }
      : { status: 'fail', reason: 'No data-classification tag.' };
  },
};

const broken: S3PostureCheck = {
  ...classified,
  id: 'broken-rule',
  title: 'A rule whose code throws',
  severity: 'low',
  evaluate: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
};

function checksModule(...checks: S3PostureCheck[]) {
  return createBackendModule({
    pluginId: 's3',
    moduleId: 'test-checks',
    register(reg) {
      reg.registerInit({
        deps: { extension: s3PostureChecksExtensionPoint },
        async init({ extension }) {
          extension.addChecks(...checks);
        },
      });
    },
  });
}

function config(posture: Record<string, unknown> = {}) {
  return mockServices.rootConfig.factory({
    data: exampleBackendConfig({
      s3: { catalog: { ownerDefaultKind: 'user' }, posture },
    }),
  });
}

describe('checks added by a backend module', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const user = mockCredentials.user.header();
  const get = (path: string) =>
    request(backend.server).get(`/api/s3${path}`).set('Authorization', user);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        checksModule(classified, broken),
        // aws-foundational leaves both out; config enables them, one at a new severity.
        config({
          checks: {
            'data-classification-tag': { enabled: true },
            'broken-rule': { enabled: true, severity: 'medium' },
          },
        }),
      ],
    });
    const server = backend.server;
    const refresh = (name: string) =>
      // The catalog ingests the example docs in the background.
      eventually(async () => {
        const res = await request(server)
          .post(`/api/s3/v1/buckets/default/${name}/refresh`)
          .set('Authorization', user);
        return res.status === 200 ? true : undefined;
      }, `a refresh of ${name}`);
    await refresh('transaction-logs-production-bucket');
    await refresh('users-bucket');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('serves them in the check catalog, active, marked custom and in their profiles', async () => {
    const body: CheckCatalogResponse = (await get('/v1/checks')).body;
    const added = body.checks.filter(c => c.custom);
    expect(added).toEqual([
      expect.objectContaining({
        id: 'data-classification-tag',
        title: 'Bucket names its data classification',
        category: 'house',
        severity: 'high',
        active: true,
      }),
      expect.objectContaining({
        id: 'broken-rule',
        severity: 'medium',
        active: true,
      }),
    ]);
    expect(body.checks.filter(c => !c.custom)).toHaveLength(30);
    const strict = body.profiles.find(p => p.id === 'strict')!;
    expect(strict.checks.slice(-2)).toEqual([
      'data-classification-tag',
      'broken-rule',
    ]);
    const foundational = body.profiles.find(p => p.id === 'aws-foundational')!;
    expect(foundational.checks).not.toContain('data-classification-tag');
  });

  it('judges, counts and scores them like built-in checks', async () => {
    const logs: BucketPosture = (
      await get('/v1/buckets/default/transaction-logs-production-bucket')
    ).body;
    const users: BucketPosture = (await get('/v1/buckets/default/users-bucket'))
      .body;
    expect(logs.checks.find(c => c.id === 'data-classification-tag')).toEqual(
      expect.objectContaining({
        status: 'pass',
        reason: 'Classified pci-dss.',
        severity: 'high',
        remediation: 'Tag the bucket with `data-classification`.',
      }),
    );
    expect(users.checks.find(c => c.id === 'data-classification-tag')).toEqual(
      expect.objectContaining({
        status: 'fail',
        reason: 'No data-classification tag.',
      }),
    );
    // The score weighs it at its severity: without it the score is higher.
    expect(users.score).toBe(computeScore(users.checks));
    expect(users.score).toBeLessThan(
      computeScore(
        users.checks.filter(c => c.id !== 'data-classification-tag'),
      )!,
    );
    const counted = users.counts.pass + users.counts.fail + users.counts.error;
    expect(counted + users.counts.notApplicable).toBe(users.checks.length);

    const list: BucketListResponse = (await get('/v1/buckets?q=users')).body;
    const row = list.items.find(i => i.entityRef?.endsWith('/users-bucket'))!;
    expect(row.failingChecks).toContainEqual({
      id: 'data-classification-tag',
      title: 'Bucket names its data classification',
      severity: 'high',
    });
  });

  it('turns a throwing evaluator into an error verdict and judges everything else', async () => {
    const logs: BucketPosture = (
      await get('/v1/buckets/default/transaction-logs-production-bucket')
    ).body;
    expect(logs.checks.find(c => c.id === 'broken-rule')).toEqual(
      expect.objectContaining({
        status: 'error',
        reason:
          "Internal error while evaluating: Cannot read properties of undefined (reading 'x')",
      }),
    );
    expect(logs.stale).toBe(false);
    expect(logs.checks.filter(c => c.status === 'error')).toHaveLength(1);
  });
});

describe('checks a backend cannot start with', () => {
  const start = (
    posture: Record<string, unknown>,
    ...checks: S3PostureCheck[]
  ) =>
    startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        checksModule(...checks),
        config(posture),
      ],
    });

  it('refuses an added check with the id of a built-in one, naming it', async () => {
    await expect(
      start({}, { ...classified, id: 'no-public-read' }),
    ).rejects.toThrow(
      'S3 posture check "no-public-read" added by a backend module has the id of a built-in check; give it another id',
    );
  });

  it('refuses two added checks with one id', async () => {
    await expect(start({}, classified, classified)).rejects.toThrow(
      'S3 posture check "data-classification-tag" was added twice by backend modules',
    );
  });

  it('refuses a malformed check, saying what is wrong', async () => {
    await expect(
      start(
        {},
        {
          ...classified,
          severity: 'urgent' as any,
          profiles: ['everything' as any],
          reads: ['tags' as any],
        },
      ),
    ).rejects.toThrow(
      'S3 posture check "data-classification-tag" added by a backend module is malformed: severity "urgent" is not one of critical, high, medium, low, info; profile "everything" is not one of aws-foundational, strict, house-rules; reads: "tags" is not a bucket setting',
    );
  });

  it('refuses config for a check nobody added', async () => {
    await expect(
      start({ checks: { 'cost-center-tag': { enabled: true } } }),
    ).rejects.toThrow(
      's3.posture.checks.cost-center-tag: no check has this id',
    );
  });
});
