import {
  SchedulerService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesModule from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { CHECK_IDS } from '@s3-posture/plugin-s3-common';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import request from 'supertest';
import { parse } from 'yaml';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
// The facts come from the real s3 plugin, so this end-to-end test runs it beside the module.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import s3Plugin from '@s3-posture/plugin-s3-backend';
import {
  EXAMPLES,
  eventually,
  exampleBackendConfig,
  useSimulatedAws,
} from '@internal/test-utils';
import techInsightsModuleS3Posture, {
  S3_POSTURE_RETRIEVER_ID,
  S3_POSTURE_ROLLUP_RETRIEVER_ID,
  checkFactName,
} from '.';

const root = resolve(EXAMPLES, '..');
/** The portal's own Tech Insights config: retriever schedules and the ready-made checks. */
const portalTechInsights = parse(
  readFileSync(resolve(root, 'app-config.yaml'), 'utf8'),
).techInsights;
jest.setTimeout(120_000);

// The simulated AWS account; requests to the test backend on loopback pass through.
useSimulatedAws({ allowLoopback: true });

// The test backend's scheduler never fires cron tasks; this module hands the test the
// scheduler of the tech-insights plugin so it can run a retriever now and wait for it.
let scheduler: SchedulerService;
const schedulerHandle = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'test-scheduler-handle',
  register(env) {
    env.registerInit({
      deps: { s: coreServices.scheduler },
      async init({ s }) {
        scheduler = s;
      },
    });
  },
});

describe('Tech Insights: S3 posture facts and checks through the real Tech Insights backend', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const user = mockCredentials.user.header();

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        techInsightsPlugin,
        jsonRulesModule,
        techInsightsModuleS3Posture,
        schedulerHandle,
        mockServices.rootConfig.factory({
          data: exampleBackendConfig({ techInsights: portalTechInsights }),
        }),
      ],
    });
    const buckets = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities')
        .set('Authorization', user);
      const entities = res.body as Entity[];
      const items = entities.filter(e => e.spec?.type === 's3-bucket');
      // The roll-ups need the relations of services and groups too.
      const stitched = entities
        .filter(e => e.kind === 'Component')
        .every(e => e.relations?.length);
      // All 14 example docs: proceeding with 13 left one bucket unassessed now and then.
      return items.length >= 14 && stitched ? items : undefined;
    }, 'the example bucket entities');
    for (const name of buckets.map(b => b.metadata.name)) {
      const res = await request(backend.server)
        .post(`/api/s3/v1/buckets/default/${name}/refresh`)
        .set('Authorization', user);
      if (res.status !== 200)
        throw new Error(
          `refresh of ${name}: ${res.status} ${JSON.stringify(res.body)}`,
        );
    }
    await scheduler.triggerTask(S3_POSTURE_RETRIEVER_ID);
    await scheduler.triggerTask(S3_POSTURE_ROLLUP_RETRIEVER_ID);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function facts(entity: string, retriever: string) {
    const res = await request(backend.server)
      .get('/api/tech-insights/facts/latest')
      .query({ entity, 'ids[]': retriever })
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body[retriever]?.facts as Record<string, unknown> | undefined;
  }
  const bucket = (name: string) =>
    facts(`resource:default/${name}`, S3_POSTURE_RETRIEVER_ID);
  const rollup = (ref: string) => facts(ref, S3_POSTURE_ROLLUP_RETRIEVER_ID);

  async function runChecks(ref: string) {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    const res = await request(backend.server)
      .post(`/api/tech-insights/checks/run/${namespace}/${kind}/${name}`)
      .send({})
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return Object.fromEntries(
      (res.body as Array<{ check: { id: string }; result: boolean }>).map(r => [
        r.check.id,
        r.result,
      ]),
    );
  }

  it('declares every fact in the schemas of both retrievers', async () => {
    const res = await request(backend.server)
      .get('/api/tech-insights/fact-schemas')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    // Each schema comes flat: its facts beside the retriever's id, version and filter.
    const schemas = res.body as Array<Record<string, unknown>>;
    const names = (id: string) =>
      Object.keys(schemas.find(s => s.id === id)!).filter(
        k => !['id', 'version', 'entityFilter'].includes(k),
      );
    expect(names(S3_POSTURE_RETRIEVER_ID)).toEqual([
      's3PostureScore',
      's3PostureStatus',
      's3FailingCritical',
      's3FailingHigh',
      ...CHECK_IDS.map(checkFactName),
    ]);
    expect(names(S3_POSTURE_RETRIEVER_ID)).toHaveLength(34);
    expect(names(S3_POSTURE_ROLLUP_RETRIEVER_ID).sort()).toEqual([
      's3AllBucketsCompliant',
      's3BucketCount',
      's3NonCompliantCount',
      's3WorstScore',
    ]);
  });

  it('publishes the model bucket as compliant with a score of 100', async () => {
    expect(await bucket('transaction-logs-production-bucket')).toMatchObject({
      s3PostureStatus: 'compliant',
      s3PostureScore: 100,
      s3FailingCritical: 0,
      s3FailingHigh: 0,
      s3Check_tlsOnly: true,
      s3Check_noPublicRead: true,
      s3Check_noPublicWrite: true,
      s3Check_kmsEncryption: true,
      s3Check_versioningEnabled: true,
    });
  });

  it('publishes the public staging bucket as failing its critical checks', async () => {
    const f = await bucket('product-images-staging-bucket');
    expect(f).toMatchObject({
      s3PostureStatus: 'non-compliant',
      s3Check_noPublicRead: false,
    });
    expect(f!.s3FailingCritical).toBeGreaterThanOrEqual(1);
    expect(f!.s3PostureScore).toEqual(expect.any(Number));
  });

  it('leaves out the checks that do not apply or are not in the profile', async () => {
    const f = await bucket('users-bucket');
    expect(f).toMatchObject({ s3Check_versioningEnabled: false });
    // MFA delete means nothing without versioning: not applicable, so no fact.
    expect(f).not.toHaveProperty('s3Check_mfaDeleteEnabled');
    // Not in the aws-foundational profile.
    expect(f).not.toHaveProperty('s3Check_namingConvention');
    expect(f).not.toHaveProperty('s3Check_dedicatedIamUser');
    // Only booleans for decided checks; no other kinds of value.
    const checkFacts = Object.entries(f!).filter(([k]) =>
      k.startsWith('s3Check_'),
    );
    expect(checkFacts.length).toBeGreaterThan(10);
    expect(checkFacts.every(([, v]) => typeof v === 'boolean')).toBe(true);
  });

  it('publishes no bucket facts for entities that are not buckets', async () => {
    expect(await bucket('no-such-bucket')).toBeUndefined();
    expect(
      await facts('component:default/orders-service', S3_POSTURE_RETRIEVER_ID),
    ).toBeUndefined();
  });

  it('rolls a service up to its buckets', async () => {
    const f = await rollup('component:default/orders-service');
    expect(f).toMatchObject({
      s3BucketCount: 2,
      s3NonCompliantCount: expect.any(Number),
      s3WorstScore: expect.any(Number),
      s3AllBucketsCompliant: expect.any(Boolean),
    });
    const scores = await Promise.all(
      ['orders-production-bucket', 'orders-staging-bucket'].map(
        async n => (await bucket(n))!.s3PostureScore as number,
      ),
    );
    expect(f!.s3WorstScore).toBe(Math.min(...scores));
  });

  it('counts a service without buckets as all compliant, with no worst score', async () => {
    const f = await rollup('component:default/recommendations-service');
    expect(f).toEqual({
      s3BucketCount: 0,
      s3NonCompliantCount: 0,
      s3AllBucketsCompliant: true,
    });
  });

  it('rolls up systems and groups too', async () => {
    const system = await rollup('system:default/securecart');
    expect(system!.s3BucketCount).toBeGreaterThanOrEqual(10);
    expect(system!.s3AllBucketsCompliant).toBe(false);
    const team = await rollup('group:default/team-platform');
    expect(team!.s3BucketCount).toBeGreaterThanOrEqual(2);
  });

  it('rolls up users to the buckets they own', async () => {
    // marketing-assets-2019 names user:default/rpatel among its owners.
    expect(await rollup('user:default/rpatel')).toMatchObject({
      s3BucketCount: 1,
      s3NonCompliantCount: expect.any(Number),
      s3AllBucketsCompliant: expect.any(Boolean),
    });
    const legacy = await bucket('legacy-marketing-assets-bucket');
    expect((await rollup('user:default/rpatel'))!.s3WorstScore).toBe(
      legacy!.s3PostureScore,
    );
  });

  describe('ready-made checks, run by the JSON rules engine', () => {
    it('passes every bucket check on the model bucket', async () => {
      expect(
        await runChecks('resource:default/transaction-logs-production-bucket'),
      ).toEqual({
        's3-no-public-buckets': true,
        's3-tls-enforced': true,
        's3-kms-encryption': true,
        's3-versioning-on': true,
        's3-no-critical-findings': true,
      });
    });

    it('fails "No public S3 buckets" and "No critical S3 findings" on the public staging bucket', async () => {
      expect(
        await runChecks('resource:default/product-images-staging-bucket'),
      ).toMatchObject({
        's3-no-public-buckets': false,
        's3-no-critical-findings': false,
      });
    });

    it('fails "S3 TLS enforced" where the TLS Deny misses the bucket', async () => {
      expect(
        await runChecks('resource:default/invoices-production-bucket'),
      ).toMatchObject({ 's3-tls-enforced': false, 's3-kms-encryption': true });
    });

    it('fails "S3 versioning on" and "S3 encryption with KMS" on the unversioned seed bucket', async () => {
      expect(await runChecks('resource:default/users-bucket')).toMatchObject({
        's3-versioning-on': false,
        's3-kms-encryption': false,
      });
    });

    it('passes "All buckets compliant" for a service whose buckets all comply or that has none, fails it otherwise', async () => {
      expect(await runChecks('component:default/payments-service')).toEqual({
        's3-all-buckets-compliant': true,
      });
      expect(
        await runChecks('component:default/recommendations-service'),
      ).toEqual({ 's3-all-buckets-compliant': true });
      // One non-compliant bucket of two; an at-risk bucket fails it too.
      expect(await runChecks('component:default/orders-service')).toEqual({
        's3-all-buckets-compliant': false,
      });
      expect(await runChecks('component:default/user-service')).toEqual({
        's3-all-buckets-compliant': false,
      });
    });
  });
});
