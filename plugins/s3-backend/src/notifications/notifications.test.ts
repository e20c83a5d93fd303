import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  ANNOTATION_AWS_ARN,
  S3_BUCKET_RESOURCE_TYPE,
} from '@s3-posture/plugin-s3-common';
import knexFactory, { Knex } from 'knex';
import { HttpResponse, http } from 'msw';
import {
  EXAMPLE_AWS_CONFIG,
  useSimulatedAws,
} from '../posture/__testUtils__/simulatedAws';
import { AwsPostureCollector } from '../posture/collect';
import { readS3Config } from '../posture/config';
import { PostureService } from '../posture/service/PostureService';
import { DatabasePostureStore } from '../posture/store/DatabasePostureStore';
import { PostureNotifier } from './PostureNotifier';
import { readNotificationsConfig } from './config';

/*
 * Owners hear about regressions (DESIGN §17), end to end below the HTTP layer: the real
 * collector against the simulated account, the real store on SQLite and PostgreSQL, two
 * posture services on one database as two backend replicas, and the notifier with a
 * recording notification service. A change in AWS is an msw answer put in front of the
 * simulator: the users bucket loses its public access block (a high check starts failing).
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws();

const ids: TestDatabaseId[] = ['SQLITE_3'];
if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) {
  ids.push('POSTGRES_15');
} else {
  // eslint-disable-next-line no-console
  console.warn(
    'Notifications: two replicas on PostgreSQL not tested (set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
  );
}
const databases = TestDatabases.create({ ids });

/** The users bucket of examples/ (owned by dboyne, in team-identity). */
const BUCKET =
  'textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39';
const OWNERS = ['user:default/dboyne', 'group:default/team-identity'];
const usersBucket: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'users-bucket',
    namespace: 'default',
    annotations: { [ANNOTATION_AWS_ARN]: `arn:aws:s3:::${BUCKET}` },
  },
  spec: { type: S3_BUCKET_RESOURCE_TYPE, owner: 'user:default/dboyne' },
  relations: OWNERS.map(targetRef => ({ type: 'ownedBy', targetRef })),
};

/** AWS now says the bucket has no public access block. */
function removePublicAccessBlock() {
  aws.server.use(
    http.get(/.*/, ({ request }) => {
      const url = new URL(request.url);
      if (
        !url.searchParams.has('publicAccessBlock') ||
        !request.url.includes(BUCKET)
      ) {
        return undefined;
      }
      return new HttpResponse(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public access block configuration was not found</Message><BucketName>${BUCKET}</BucketName></Error>`,
        { status: 404, headers: { 'Content-Type': 'application/xml' } },
      );
    }),
  );
}

async function replicas(databaseId: TestDatabaseId, settings: object = {}) {
  const knex = await databases.init(databaseId);
  // A second connection pool to the same database, as a second backend has. SQLite's
  // in-memory database lives in its one connection, so its replicas share it.
  const other: Knex =
    databaseId === 'SQLITE_3' ? knex : knexFactory(knex.client.config);
  const sent: NotificationSendOptions[] = [];
  const config = new ConfigReader({
    ...EXAMPLE_AWS_CONFIG,
    s3: { posture: { notifications: settings } },
  });
  const services = await Promise.all(
    [knex, other].map(async db => {
      const logger = mockServices.logger.mock();
      const notifier = new PostureNotifier({
        notifications: { send: async n => void sent.push(n) },
        logger,
        config: readNotificationsConfig(config),
      });
      return new PostureService({
        store: await DatabasePostureStore.create({
          database: mockServices.database({ knex: db }),
          historyLimit: 10,
        }),
        collector: AwsPostureCollector.fromConfig(config, { logger }),
        catalog: catalogServiceMock({ entities: [usersBucket] }),
        auth: mockServices.auth(),
        logger,
        config: readS3Config(config).posture,
        onAssessed: bucket => notifier.assessed(bucket),
      });
    }),
  );
  /** Both replicas assess the bucket at the same moment. */
  const both = () => Promise.all(services.map(s => s.assessNow(usersBucket)));
  const stop = async () => {
    if (other !== knex) await other.destroy();
  };
  return { services, sent, both, stop };
}

describe.each(databases.eachSupportedId())(
  'notifications on %p',
  databaseId => {
    it('notifies the owners once per regression and recovery, two replicas included; nothing for a first assessment or errors', async () => {
      const { services, sent, both, stop } = await replicas(databaseId);
      try {
        // First assessment: nothing, however it turns out.
        const first = await services[0].assessNow(usersBucket);
        expect(first.status).toBe('at-risk');
        expect(sent).toEqual([]);
        // The same verdict again, on both: nothing.
        await both();
        expect(sent).toEqual([]);

        for (let round = 1; round <= 3; round++) {
          removePublicAccessBlock();
          const [a, b] = await both();
          expect([a.status, b.status]).toEqual([
            'non-compliant',
            'non-compliant',
          ]);
          expect(sent).toHaveLength(2 * round - 1);
          expect(sent[sent.length - 1]).toEqual({
            recipients: { type: 'entity', entityRef: OWNERS },
            payload: {
              title: 'users-bucket is now non-compliant',
              description: expect.stringMatching(
                /^Newly failing: .*\(bucket-public-access-block, high\)\. Now non-compliant, score \d+ \(was at-risk\)\.$/,
              ),
              link: '/catalog/default/resource/users-bucket/s3',
              severity: 'high',
              topic: 'resource:default/users-bucket',
              scope: 'resource:default/users-bucket',
            },
          });
          // Still regressed: nothing new.
          await both();
          expect(sent).toHaveLength(2 * round - 1);

          // Recovered.
          aws.server.resetHandlers();
          await both();
          expect(sent).toHaveLength(2 * round);
          expect(sent[sent.length - 1].payload).toMatchObject({
            title: 'Resolved: users-bucket is now at-risk',
            description: expect.stringMatching(
              /^Fixed: .*\(bucket-public-access-block, high\)\. Now at-risk/,
            ),
            severity: 'low',
            topic: 'resource:default/users-bucket',
          });
        }
      } finally {
        await stop();
      }
    });

    it('sends nothing for error verdicts or a failed assessment (stale), nor a "resolved" for a check that is now in error', async () => {
      const { services, sent, stop } = await replicas(databaseId);
      const [service] = services;
      try {
        await service.assessNow(usersBucket);
        removePublicAccessBlock();
        await service.assessNow(usersBucket);
        expect(sent).toHaveLength(1);

        // The failing check can no longer be read: an error is not a fix.
        aws.server.resetHandlers();
        aws.setKnobs({ accessDenied: ['s3:GetPublicAccessBlock'] });
        const errored = await service.assessNow(usersBucket);
        expect(
          errored.checks.find(c => c.id === 'bucket-public-access-block')
            ?.status,
        ).toBe('error');
        expect(sent).toHaveLength(1);

        // Nothing can be read: the assessment fails, the verdict goes stale.
        aws.setKnobs({ accessDenied: [], serverErrorRate: 1 });
        const stale = await service.assessNow(usersBucket);
        expect(stale).toMatchObject({ stale: true, status: errored.status });
        expect(sent).toHaveLength(1);
      } finally {
        aws.setKnobs({ serverErrorRate: 0 });
        await stop();
      }
    });

    it('tells the owners once when a judged bucket is no longer found in AWS, two replicas included; nothing for a doc whose bucket never existed', async () => {
      const { services, sent, both, stop } = await replicas(databaseId);
      try {
        // A doc whose bucket does not exist (yet): no verdict was ever given, nothing to say.
        aws.setKnobs({ deletedBuckets: [BUCKET] });
        const [never] = await both();
        expect(never).toMatchObject({
          status: 'unknown',
          lastError: { code: 'NoSuchBucket' },
        });
        expect(sent).toEqual([]);
        // Created: judged afresh, a first assessment, so nothing either.
        aws.setKnobs({ deletedBuckets: [] });
        expect((await services[0].assessNow(usersBucket)).status).toBe(
          'at-risk',
        );
        expect(sent).toEqual([]);

        // Deleted in AWS after it was judged: one notification, whichever replica saw it.
        aws.setKnobs({ deletedBuckets: [BUCKET] });
        await both();
        expect(sent).toEqual([
          {
            recipients: { type: 'entity', entityRef: OWNERS },
            payload: {
              title: 'users-bucket was not found in AWS',
              description: expect.stringMatching(
                new RegExp(
                  `^S3 answers NoSuchBucket for bucket ${BUCKET}\\. It was deleted, or the doc names the wrong bucket or account: .* It was at-risk when last assessed\\.$`,
                ),
              ),
              link: '/catalog/default/resource/users-bucket/s3',
              severity: 'high',
              topic: 'resource:default/users-bucket',
              scope: 'resource:default/users-bucket',
            },
          },
        ]);
        // Still missing: nothing new.
        await both();
        expect(sent).toHaveLength(1);
      } finally {
        aws.setKnobs({ deletedBuckets: [] });
        await stop();
      }
    });

    it('sends nothing when s3.posture.notifications.enabled is false, and only for checks at or above minSeverity', async () => {
      const off = await replicas(databaseId, { enabled: false });
      try {
        await off.services[0].assessNow(usersBucket);
        removePublicAccessBlock();
        await off.services[0].assessNow(usersBucket);
        expect(off.sent).toEqual([]);
      } finally {
        await off.stop();
      }
      aws.server.resetHandlers();
      // minSeverity critical: a high check failing still worsens the status, which notifies.
      const critical = await replicas(databaseId, { minSeverity: 'critical' });
      try {
        await critical.services[0].assessNow(usersBucket);
        removePublicAccessBlock();
        await critical.services[0].assessNow(usersBucket);
        expect(critical.sent.map(s => s.payload.severity)).toEqual(['high']);
      } finally {
        await critical.stop();
      }
    });
  },
);

describe('readNotificationsConfig', () => {
  it('defaults to enabled at minSeverity high, and names a wrong severity', () => {
    expect(readNotificationsConfig(new ConfigReader({}))).toEqual({
      enabled: true,
      minSeverity: 'high',
      undocumentedRecipients: [],
    });
    expect(() =>
      readNotificationsConfig(
        new ConfigReader({
          s3: { posture: { notifications: { minSeverity: 'urgent' } } },
        }),
      ),
    ).toThrow(
      's3.posture.notifications.minSeverity must be one of critical, high, medium, low, info, not "urgent"',
    );
  });
});

describe('undocumented buckets (no owners)', () => {
  const regression = {
    entityRef: 'aws:444455556666/securecart-vendor-handoff',
    documented: false,
    bucket: 'securecart-vendor-handoff',
    accountId: '444455556666',
    owners: [],
    previous: {
      status: 'compliant' as const,
      checkedAt: '2026-12-07T08:00:00.000Z',
      failingChecks: [],
    },
    current: {
      status: 'non-compliant' as const,
      failingChecks: [
        {
          id: 'no-public-read',
          title: 'No public read',
          severity: 'critical' as const,
        },
      ],
      erroredChecks: [],
    },
  };

  async function notify(settings: object) {
    const sent: NotificationSendOptions[] = [];
    const notifier = new PostureNotifier({
      notifications: { send: async n => void sent.push(n) },
      logger: mockServices.logger.mock(),
      config: readNotificationsConfig(
        new ConfigReader({ s3: { posture: { notifications: settings } } }),
      ),
    });
    await notifier.assessed(regression);
    return sent;
  }

  it('notify nobody by default', async () => {
    expect(await notify({})).toEqual([]);
  });

  it('notify the configured recipients, linking to the bucket page under the browse page', async () => {
    const sent = await notify({
      undocumentedRecipients: ['group:default/platform-team'],
    });
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/platform-team'],
        },
        payload: expect.objectContaining({
          title: 'securecart-vendor-handoff is now non-compliant',
          link: '/s3/inventory/444455556666/securecart-vendor-handoff',
          severity: 'critical',
          topic: 'aws:444455556666/securecart-vendor-handoff',
        }),
      },
    ]);
  });

  it('names a recipient that is not an entity ref', () => {
    expect(() =>
      readNotificationsConfig(
        new ConfigReader({
          s3: {
            posture: {
              notifications: { undocumentedRecipients: ['platform team!'] },
            },
          },
        }),
      ),
    ).toThrow(
      's3.posture.notifications.undocumentedRecipients must list entity refs like group:default/platform-team, not "platform team!"',
    );
  });
});
