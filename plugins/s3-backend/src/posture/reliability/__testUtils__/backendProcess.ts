/*
 * One Backstage backend in its own process, for the restart and several-instances tests:
 * the catalog with the example bucket docs, the s3 plugin, Backstage's real database and
 * scheduler services (DB-backed task locks), and the configuration given by the test in
 * S3_RELIABILITY_CONFIG. The test forks it, talks to it over IPC, stops it with a `stop`
 * message (backend.stop()) or kills it with SIGKILL.
 *
 * Messages sent: { type: 'ready', port }, { type: 'stopped' }, { type: 'error', message }.
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { AddressInfo } from 'net';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import s3Plugin from '../../..';

async function main() {
  const send = (message: object) =>
    new Promise<void>(resolve => process.send!(message, () => resolve()));
  const config = JSON.parse(process.env.S3_RELIABILITY_CONFIG ?? '{}');
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleS3BucketDocs,
      s3Plugin,
      mockServices.rootConfig.factory({ data: config }),
      // The real scheduler: tasks and their locks live in the plugin's database.
      schedulerServiceFactory,
      mockServices.rootLogger.factory({
        level: (process.env.S3_RELIABILITY_LOG_LEVEL as any) ?? 'warn',
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') {
      backend
        .stop()
        .then(() => send({ type: 'stopped' }))
        .then(() => process.exit(0));
    }
  });
  await send({
    type: 'ready',
    port: (backend.server.address() as AddressInfo).port,
  });
}

main().catch(async error => {
  process.send!({ type: 'error', message: String(error?.stack ?? error) });
  process.exitCode = 1;
});
