/**
 * The serving benchmark's backend, in its own process: what a production install of the
 * plugins runs (catalog with the bucket-doc module, the s3 plugin, auth with guest sign-in and
 * static external-access tokens, the permission framework with the allow-all policy, and with
 * BENCH_BACKEND_EVENTS=1 the events backend and its AWS SQS module), on the
 * config that servingData.ts writes (`--config <file>`). No test doubles.
 */
import { createBackend } from '@backstage/backend-defaults';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import eventsPlugin from '@backstage/plugin-events-backend';
import eventsSqsModule from '@backstage/plugin-events-backend-module-aws-sqs';
import permissionPlugin from '@backstage/plugin-permission-backend';
import allowAllPolicy from '@backstage/plugin-permission-backend-module-allow-all-policy';
import s3Plugin from '@s3-posture/plugin-s3-backend';
import s3CatalogModule from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';

const backend = createBackend();
backend.add(authPlugin);
backend.add(guestProvider);
backend.add(permissionPlugin);
backend.add(allowAllPolicy);
backend.add(catalogPlugin);
backend.add(s3CatalogModule);
backend.add(s3Plugin);
// The `events` part: AWS change events through the real SQS path, as packages/backend wires
// them (the SQS module polls the simulator's queue; see servingData.ts).
if (process.env.BENCH_BACKEND_EVENTS === '1') {
  backend.add(eventsPlugin);
  backend.add(eventsSqsModule);
}

// BENCH_SERVE_CPU_PROF: the benchmark profiles each load run through these messages.
const inspector = new Session();
process.on(
  'message',
  async (m: { type: string; action: 'start' | 'stop'; path: string }) => {
    if (m.type !== 'cpu-profile') return;
    if (m.action === 'start') {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    } else {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(m.path, JSON.stringify(profile));
      inspector.disconnect();
    }
    process.send!({ type: 'cpu-profile', action: m.action });
  },
);
// The benchmark gone, nothing is left to serve.
process.on('disconnect', () => process.exit(0));

backend.start().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
