import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { BucketListResponse } from '@s3-posture/plugin-s3-common';
import request from 'supertest';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import s3Plugin from '.';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

jest.setTimeout(120_000);

useSimulatedAws({ allowLoopback: true });

/*
 * The browse list's answer is kept per caller, encoded with its ETag, like the summary's
 * (issue 16, "List at scale"): a browser that asks again gets a 304, and a verdict this
 * instance stores changes the answer at once.
 */
describe('GET /v1/buckets: the answer kept per caller shows a new verdict at once', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const user = mockCredentials.user.header();
  let first: string;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        mockServices.rootConfig.factory({
          data: exampleBackendConfig({
            s3: { posture: { accessCacheSeconds: 600 } },
          }),
        }),
      ],
    });
    const buckets = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities')
        .set('Authorization', user);
      const items = (res.body as Entity[]).filter(
        e => e.spec?.type === 's3-bucket',
      );
      return items.length >= 14 ? items : undefined;
    }, 'the example bucket entities');
    first = buckets.map(b => b.metadata.name).sort()[0];
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const list = (etag?: string) => {
    const req = request(backend.server)
      .get('/api/s3/v1/buckets?orderBy=checkedAt&order=desc&limit=5')
      .set('Authorization', user);
    return etag ? req.set('If-None-Match', etag) : req;
  };

  it('answers 304 to a browser holding the same answer, and a new answer once a verdict is stored', async () => {
    const before = await list();
    expect(before.status).toBe(200);
    const etag = before.headers.etag;
    expect(etag).toBeTruthy();
    expect((await list(etag)).status).toBe(304);

    const refreshed = await request(backend.server)
      .post(`/api/s3/v1/buckets/default/${first}/refresh`)
      .set('Authorization', user);
    expect(refreshed.status).toBe(200);

    const after = await list(etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const body: BucketListResponse = after.body;
    expect(body.items[0].entityRef).toBe(`resource:default/${first}`);
    expect(body.items[0].checkedAt).toBe(refreshed.body.checkedAt);
  });
});
