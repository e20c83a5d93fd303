import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { BucketPosture } from '@s3-posture/plugin-s3-common';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import { PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { HttpResponse, http } from 'msw';
import request from 'supertest';
import s3Plugin from '..';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import {
  PRODUCTION,
  STAGING,
  testClients,
  useSimulatedAws,
} from '../posture/__testUtils__/simulatedAws';
import { cloudTrailEvent } from './__testUtils__/envelopes';

/*
 * DESIGN §16 / issue 17: AWS change events, published on the events topic by the real
 * events service (as the SQS events module or the HTTP ingress publish them), re-assess
 * what they changed in the simulated account, and nothing else.
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws({ allowLoopback: true });

/** Log lines of the whole backend, with their level. */
const lines: Array<{ level: string; message: string }> = [];
function capturingLogger(): LoggerService {
  const log =
    (level: string) =>
    (message: string): void => {
      lines.push({ level, message });
    };
  const logger: LoggerService = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}
const logged = (level: string, pattern: RegExp) =>
  lines.filter(l => l.level === level && pattern.test(l.message));

/** Captures the events service, to publish as the SQS events module would. */
let events: EventsService;
const publisher = createBackendPlugin({
  pluginId: 'test-aws-events',
  register(env) {
    env.registerInit({
      deps: { events: eventsServiceRef },
      async init(deps) {
        events = deps.events;
      },
    });
  },
});

const WINDOW_MS = 600;
const publish = (eventPayload: unknown) =>
  events.publish({ topic: 'aws.s3', eventPayload });

const MODEL = {
  name: 'transaction-logs-production-bucket',
  bucket: 'securecart-transaction-logs-production',
};
const ORDERS = {
  name: 'orders-production-bucket',
  bucket: 'securecart-orders-production',
};

describe('AWS change events re-assess what they changed', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let names: string[];
  const user = mockCredentials.user.header();

  const get = (path: string) =>
    request(backend.server).get(`/api/s3${path}`).set('Authorization', user);
  const posture = async (name: string): Promise<BucketPosture> =>
    (await get(`/v1/buckets/default/${name}`)).body;
  const historyLength = async (name: string): Promise<number> =>
    (await get(`/v1/buckets/default/${name}/history`)).body.items.length;
  /** S3 calls per bucket so far. */
  const s3Calls = (bucket: string) =>
    Object.entries(aws.stats.byBucket[bucket] ?? {})
      .filter(([op]) => op.startsWith('s3:'))
      .reduce((n, [, c]) => n + c, 0);
  const callsOf = (op: string) => (bucket: string) =>
    aws.stats.byBucket[bucket]?.[op] ?? 0;
  const policyReads = callsOf('s3:GetBucketPolicy');
  const versioningReads = callsOf('s3:GetBucketVersioning');
  const accountReads = (account: string) =>
    aws.stats.byAccount[account]?.['iam:GetAccountAuthorizationDetails'] ?? 0;
  /** Waits longer than the coalescing window and an assessment. */
  const settle = () => new Promise(r => setTimeout(r, WINDOW_MS + 1500));

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        publisher,
        eventsServiceFactory,
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => capturingLogger(),
        }),
        mockServices.rootConfig.factory({
          data: exampleBackendConfig({
            // The events service in this process only (no events backend to publish to).
            events: { useEventBus: 'never' },
            s3: {
              catalog: { ownerDefaultKind: 'user' },
              posture: {
                events: {
                  coalesceSeconds: WINDOW_MS / 1000,
                  accountCoalesceSeconds: WINDOW_MS / 1000,
                },
              },
            },
          }),
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    names = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities?filter=kind=resource,spec.type=s3-bucket')
        .set('Authorization', user);
      const found = (res.body as Array<{ metadata: { name: string } }>).map(
        e => e.metadata.name,
      );
      return found.length >= 14 ? found : undefined;
    }, 'the example bucket entities');
    for (const name of names) {
      const res = await request(backend.server)
        .post(`/api/s3/v1/buckets/default/${name}/refresh`)
        .set('Authorization', user);
      if (res.status !== 200) {
        throw new Error(`refresh of ${name}: ${res.status} ${res.text}`);
      }
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it('a bucket write re-assesses that bucket within seconds, and no other', async () => {
    const before = await posture(MODEL.name);
    expect(before.checks.find(c => c.id === 'versioning-enabled')?.status).toBe(
      'pass',
    );
    const others = names.filter(n => n !== MODEL.name);
    const otherCalls = () =>
      Object.entries(aws.stats.byBucket)
        .filter(([b]) => b !== MODEL.bucket)
        .reduce(
          (n, [, ops]) => n + Object.values(ops).reduce((a, c) => a + c, 0),
          0,
        );
    const othersBefore = otherCalls();
    const callsBefore = aws.stats.total;
    const modelBefore = { ...aws.stats.byBucket[MODEL.bucket] };
    // The stubbed answer below never reaches the simulator's counts.
    let stubbed = 0;

    // Someone suspends versioning on the model bucket ...
    aws.server.use(
      http.get(
        ({ request: r }) =>
          r.url.includes(MODEL.bucket) &&
          new URL(r.url).searchParams.has('versioning'),
        () => {
          stubbed++;
          return new HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Suspended</Status></VersioningConfiguration>',
            { headers: { 'Content-Type': 'application/xml' } },
          );
        },
      ),
    );
    // ... and CloudTrail says so.
    const published = Date.now();
    await publish(
      cloudTrailEvent({
        eventName: 'PutBucketVersioning',
        account: PRODUCTION,
        bucket: MODEL.bucket,
      }),
    );
    const after = await eventually(
      async () => {
        const p = await posture(MODEL.name);
        return p.checks.find(c => c.id === 'versioning-enabled')?.status ===
          'fail'
          ? p
          : undefined;
      },
      'the verdict to follow the change',
      10_000,
    );
    const latency = Date.now() - published;
    // eslint-disable-next-line no-console
    console.info(
      `change-to-verdict latency: ${latency} ms; AWS calls for the change: ${
        aws.stats.total - callsBefore + stubbed
      } (${s3Calls(MODEL.bucket)} S3 calls on the bucket so far)`,
    );
    expect(latency).toBeLessThan(5_000);
    // PutBucketVersioning can change the versioning setting only: that one is read again,
    // the rest of the bucket and the account's data come from the stored snapshot.
    expect(stubbed).toBe(1);
    expect(aws.stats.total - callsBefore).toBe(0);
    expect(aws.stats.byBucket[MODEL.bucket]).toEqual(modelBefore);
    // The whole bucket was evaluated again: every check is there.
    expect(after.checks.map(c => c.id)).toEqual(before.checks.map(c => c.id));
    // The history says how each verdict came about.
    const history = (await get(`/v1/buckets/default/${MODEL.name}/history`))
      .body.items as Array<{ trigger?: string }>;
    expect(history[0].trigger).toBe('event: PutBucketVersioning');
    expect(history.map(h => h.trigger)).toContain('manual');
    expect(Date.parse(after.checkedAt!)).toBeGreaterThan(
      Date.parse(before.checkedAt!),
    );
    expect(
      logged(
        'info',
        /Re-assessed resource:default\/transaction-logs-production-bucket after PutBucketVersioning/,
      ),
    ).toHaveLength(1);
    expect(otherCalls()).toBe(othersBefore);
    expect(others.length).toBe(names.length - 1);
  });

  it('coalesces a burst of events for one bucket into one assessment', async () => {
    const reads = policyReads(ORDERS.bucket);
    const history = await historyLength(ORDERS.name);
    const burst = [
      'PutBucketPolicy',
      'PutBucketAcl',
      'PutBucketTagging',
      'PutBucketPolicy',
      'PutBucketEncryption',
      'PutBucketLogging',
      'PutBucketCors',
      'PutBucketPolicy',
    ];
    await Promise.all(
      burst.map(eventName =>
        publish(
          cloudTrailEvent({
            eventName,
            account: PRODUCTION,
            bucket: ORDERS.bucket,
          }),
        ),
      ),
    );
    await eventually(
      async () =>
        (await historyLength(ORDERS.name)) > history ? true : undefined,
      'the assessment',
      10_000,
    );
    await settle();
    expect(policyReads(ORDERS.bucket) - reads).toBe(1);
    expect((await historyLength(ORDERS.name)) - history).toBe(1);
    const runs = logged(
      'info',
      /Re-assessed resource:default\/orders-production-bucket after/,
    );
    expect(runs).toHaveLength(1);
    expect(runs[0].message).toContain(
      'after PutBucketPolicy, PutBucketAcl, PutBucketTagging, PutBucketEncryption, PutBucketLogging, PutBucketCors',
    );
  });

  it('ignores failed and read-only calls', async () => {
    const calls = s3Calls(ORDERS.bucket);
    await publish(
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: PRODUCTION,
        bucket: ORDERS.bucket,
        errorCode: 'AccessDenied',
      }),
    );
    await publish(
      cloudTrailEvent({
        eventName: 'GetBucketPolicy',
        account: PRODUCTION,
        bucket: ORDERS.bucket,
        readOnly: true,
      }),
    );
    await settle();
    expect(s3Calls(ORDERS.bucket)).toBe(calls);
    expect(
      logged('debug', /PutBucketPolicy failed \(AccessDenied\)/),
    ).toHaveLength(1);
    expect(logged('debug', /GetBucketPolicy is a read-only call/)).toHaveLength(
      1,
    );
  });

  it('drops events of accounts that are not configured, with one debug line each', async () => {
    const total = aws.stats.total;
    await publish(
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: '999988887777',
        bucket: ORDERS.bucket,
      }),
    );
    await publish(
      cloudTrailEvent({
        eventName: 'PutUserPolicy',
        account: '999988887777',
        source: 'aws.iam',
      }),
    );
    await settle();
    expect(aws.stats.total).toBe(total);
    expect(
      logged('debug', /of account 999988887777: the account is not configured/),
    ).toHaveLength(2);
    expect(
      lines.filter(l => l.level === 'warn' || l.level === 'error'),
    ).toEqual([]);
  });

  it('drops, with a debug line, a write to a bucket neither a doc nor the inventory holds', async () => {
    const total = aws.stats.total;
    await publish(
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: PRODUCTION,
        bucket: 'securecart-undocumented-scratch',
      }),
    );
    await settle();
    expect(aws.stats.total).toBe(total);
    expect(
      logged(
        'debug',
        /securecart-undocumented-scratch .*no bucket doc in the catalog names it/,
      ),
    ).toHaveLength(1);
  });

  it('logs a malformed event once per kind, drops it, and carries on', async () => {
    const malformed = [
      'not json {',
      [1, 2, 3],
      {
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.s3',
        account: PRODUCTION,
      },
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: 'abc',
        bucket: ORDERS.bucket,
      }),
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: PRODUCTION,
        requestParameters: {},
      }),
    ];
    for (let round = 0; round < 3; round++) {
      for (const payload of malformed) await publish(payload);
    }
    const warnings = logged('warn', /malformed AWS change event/);
    expect(warnings.map(w => w.message)).toEqual([
      expect.stringContaining('the payload is not JSON'),
      expect.stringContaining('the payload is not a JSON object'),
      expect.stringContaining('(detail: Required)'),
      expect.stringContaining('not a 12-digit AWS account id'),
      expect.stringContaining('without detail.requestParameters.bucketName'),
    ]);
    expect(logged('debug', /malformed AWS change event/)).toHaveLength(15);
    // The subscriber is still there.
    const reads = policyReads(ORDERS.bucket);
    await publish(
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: PRODUCTION,
        bucket: ORDERS.bucket,
      }),
    );
    await eventually(
      async () => (policyReads(ORDERS.bucket) > reads ? true : undefined),
      'the assessment after malformed events',
      10_000,
    );
  });

  it('an IAM change re-assesses every bucket of its account, reading the account once and no bucket', async () => {
    const staging = (await get(`/v1/buckets?account=${STAGING}&limit=100`)).body
      .items as Array<{ entityRef: string; bucket: string; checkedAt: string }>;
    const production = (
      await get(`/v1/buckets?account=${PRODUCTION}&limit=100`)
    ).body.items as Array<{ bucket: string }>;
    expect(staging.length).toBeGreaterThan(1);
    const stagingReads = staging.map(b => policyReads(b.bucket));
    const productionReads = production.map(b => policyReads(b.bucket));
    const accountBefore = accountReads(STAGING);
    const productionAccountBefore = accountReads(PRODUCTION);

    await Promise.all(
      ['PutUserPolicy', 'AttachGroupPolicy', 'CreateAccessKey'].map(eventName =>
        publish(
          cloudTrailEvent({
            eventName,
            account: STAGING,
            source: 'aws.iam',
            region: 'us-east-1',
          }),
        ),
      ),
    );
    const bucketCalls = staging.map(b => s3Calls(b.bucket));
    await eventually(
      async () => {
        const now = (await get(`/v1/buckets?account=${STAGING}&limit=100`)).body
          .items as Array<{ entityRef: string; checkedAt: string }>;
        return now.every(
          b =>
            Date.parse(b.checkedAt) >
            Date.parse(
              staging.find(s => s.entityRef === b.entityRef)!.checkedAt,
            ),
        )
          ? true
          : undefined;
      },
      'every staging bucket re-assessed',
      15_000,
    );
    await settle();
    // Evaluated again from their stored snapshots: not one bucket call.
    expect(staging.map(b => s3Calls(b.bucket))).toEqual(bucketCalls);
    expect(staging.map(b => policyReads(b.bucket))).toEqual(stagingReads);
    expect(accountReads(STAGING) - accountBefore).toBe(1);
    expect(production.map(b => policyReads(b.bucket))).toEqual(productionReads);
    expect(accountReads(PRODUCTION)).toBe(productionAccountBefore);
    expect(
      logged(
        'info',
        new RegExp(
          `Re-assessed the ${staging.length} buckets of account ${STAGING} after PutUserPolicy, AttachGroupPolicy, CreateAccessKey`,
        ),
      ),
    ).toHaveLength(1);
  });

  it("bucket changes reuse the account's data; account-level changes read it again", async () => {
    const staging = (await get(`/v1/buckets?account=${STAGING}&limit=100`)).body
      .items as Array<{ bucket: string; entityRef: string }>;
    const [first, second] = staging;
    const accountChange = async () => {
      lines.length = 0;
      await publish(
        cloudTrailEvent({
          eventName: 'PutAccountPublicAccessBlock',
          account: STAGING,
        }),
      );
      await eventually(
        async () =>
          logged(
            'info',
            /buckets of account .* after PutAccountPublicAccessBlock/,
          ).length > 0 || undefined,
        'the account pass',
        15_000,
      );
      await settle();
    };
    const bucketChange = async ({
      bucket,
      entityRef,
    }: {
      bucket: string;
      entityRef: string;
    }) => {
      lines.length = 0;
      const calls = aws.stats.total;
      const reads = versioningReads(bucket);
      await publish(
        cloudTrailEvent({
          eventName: 'PutBucketVersioning',
          account: STAGING,
          bucket,
        }),
      );
      await eventually(
        async () =>
          logged('info', new RegExp(`Re-assessed ${entityRef} after`)).length >
            0 || undefined,
        'the bucket assessment',
        10_000,
      );
      await settle();
      // GetBucketVersioning only.
      expect(aws.stats.total - calls).toBe(1);
      expect(versioningReads(bucket) - reads).toBe(1);
    };

    let reads = accountReads(STAGING);
    await accountChange();
    expect(accountReads(STAGING) - reads).toBe(1);
    reads = accountReads(STAGING);
    await bucketChange(first);
    await bucketChange(second);
    expect(accountReads(STAGING) - reads).toBe(0);
    await accountChange();
    expect(accountReads(STAGING) - reads).toBe(1);
  });

  it("a write made with the AWS SDK reaches the verdict through the simulator's SQS queue", async () => {
    // As the AWS CLI does it: signed with the account's keys, for the default region.
    const s3 = testClients().s3(PRODUCTION, 'us-east-1');
    const before = (await posture(MODEL.name)).checkedAt!;
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: MODEL.bucket,
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    // What @backstage/plugin-events-backend-module-aws-sqs does with each message.
    const messages = await aws.events.receive({
      max: 10,
      waitMs: 1000,
      visibilityMs: 30_000,
    });
    expect(messages).toHaveLength(1);
    for (const message of messages) {
      await events.publish({
        topic: 'aws.s3',
        eventPayload: JSON.parse(message.Body),
      });
      aws.events.delete(message.ReceiptHandle);
    }
    // The first test left this verdict at `fail` through a stubbed answer: wait for the
    // re-assessment itself, then read what the simulator's own state gave.
    await eventually(
      async () =>
        logged(
          'info',
          /Re-assessed resource:default\/transaction-logs-production-bucket after PutBucketVersioning/,
        ).length === 1 || undefined,
      'the re-assessment after the write',
      10_000,
    );
    const after = await posture(MODEL.name);
    expect(after.checks.find(c => c.id === 'versioning-enabled')?.status).toBe(
      'fail',
    );
    expect(Date.parse(after.checkedAt!)).toBeGreaterThan(Date.parse(before));
  });

  it('DeleteBucket of a documented bucket: shown as not found in AWS (unknown, NoSuchBucket)', async () => {
    aws.setKnobs({ deletedBuckets: [ORDERS.bucket] });
    await publish(
      cloudTrailEvent({
        eventName: 'DeleteBucket',
        account: PRODUCTION,
        bucket: ORDERS.bucket,
      }),
    );
    const after = await eventually(
      async () => {
        const p = await posture(ORDERS.name);
        return p.lastError?.code === 'NoSuchBucket' ? p : undefined;
      },
      'the bucket shown as not found',
      10_000,
    );
    // No verdict for a bucket that is not there (DESIGN §15); its history stays.
    expect(after).toMatchObject({
      status: 'unknown',
      stale: false,
      checks: [],
    });
    expect(after.score).toBeUndefined();
    expect(
      logged(
        'warn',
        /Could not assess resource:default\/orders-production-bucket.*NoSuchBucket/,
      ),
    ).toHaveLength(1);
  });
});
