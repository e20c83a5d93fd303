import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import { HttpResponse, http } from 'msw';
import request from 'supertest';
import s3Plugin from '..';
import { useSimulatedAws } from '../posture/__testUtils__/simulatedAws';

/*
 * The plugin's wiring of notifications: with a notification service, a refresh that
 * regresses the users bucket notifies its owners as the catalog names them; without the
 * notifications backend (Backstage's default service, which posts to it), refreshes go on
 * and a warning is logged once.
 */

jest.setTimeout(120_000);

const aws = useSimulatedAws({ allowLoopback: true });

const BUCKET =
  'textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39';

function removePublicAccessBlock() {
  aws.server.use(
    http.get(/.*/, ({ request: req }) => {
      const url = new URL(req.url);
      if (
        !url.searchParams.has('publicAccessBlock') ||
        !req.url.includes(BUCKET)
      )
        return undefined;
      return new HttpResponse(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>none</Message></Error>`,
        { status: 404, headers: { 'Content-Type': 'application/xml' } },
      );
    }),
  );
}

async function start(features: any[]) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleS3BucketDocs,
      s3Plugin,
      mockServices.rootConfig.factory({
        data: exampleBackendConfig({
          s3: { catalog: { ownerDefaultKind: 'user' } },
        }),
      }),
      ...features,
    ],
  });
  await eventually(async () => {
    const res = await request(backend.server)
      .get('/api/catalog/entities/by-name/resource/default/users-bucket')
      .set('Authorization', mockCredentials.user.header());
    return res.status === 200 ? (res.body as Entity) : undefined;
  }, 'the users bucket entity');
  const refresh = () =>
    request(backend.server)
      .post('/api/s3/v1/buckets/default/users-bucket/refresh')
      .set('Authorization', mockCredentials.user.header());
  return { backend, refresh };
}

describe('the s3 plugin and the notification service', () => {
  it("notifies the bucket's owners of a regression found by a refresh", async () => {
    const sent: NotificationSendOptions[] = [];
    const { backend, refresh } = await start([
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async n => void sent.push(n) }),
      }),
    ]);
    try {
      expect((await refresh()).status).toBe(200);
      expect(sent).toEqual([]);
      removePublicAccessBlock();
      const regressed = await refresh();
      expect(regressed.body.status).toBe('non-compliant');
      expect(sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: ['user:default/dboyne'] },
          payload: expect.objectContaining({
            title: 'users-bucket is now non-compliant',
            severity: 'high',
            topic: 'resource:default/users-bucket',
            link: '/catalog/default/resource/users-bucket/s3',
          }),
        },
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('goes on assessing without the notifications backend, and says so once', async () => {
    const logger = mockServices.rootLogger.mock();
    const child = mockServices.logger.mock();
    logger.child.mockReturnValue(child as any);
    const { backend, refresh } = await start([logger.factory]);
    try {
      expect((await refresh()).status).toBe(200);
      removePublicAccessBlock();
      const regressed = await refresh();
      expect(regressed.status).toBe(200);
      expect(regressed.body.status).toBe('non-compliant');
      aws.server.resetHandlers();
      expect((await refresh()).status).toBe(200);
      const warnings = child.warn.mock.calls
        .map(c => String(c[0]))
        .filter(m => m.includes('notifications backend'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^Could not notify the owners of resource:default\/users-bucket \(is the notifications backend installed\?\)/,
      );
    } finally {
      await backend.stop();
    }
  });
});
