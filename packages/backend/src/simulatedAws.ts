import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { loadScenario, startAwsSimulator } from '@internal/aws-simulator';
import { resolve } from 'path';

/**
 * The demo's simulated AWS account (DESIGN §11): serves the scenario file on a loopback
 * port, which `s3.endpoint` points the posture engine at. Enabled by `awsSimulator` in
 * config; remove that block (and `s3.endpoint`) to use real AWS.
 */
export const simulatedAwsModule = createBackendModule({
  pluginId: 's3',
  moduleId: 'simulated-aws',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const settings = config.getOptionalConfig('awsSimulator');
        if (!settings) return;
        const scenarioPath = resolve(settings.getString('scenario'));
        const simulator = await startAwsSimulator({
          scenario: loadScenario(scenarioPath),
          port: settings.getOptionalNumber('port') ?? 4566,
          knobs: { latencyMs: settings.getOptionalNumber('latencyMs') ?? 0 },
        });
        logger.info(
          `Simulated AWS account from ${scenarioPath} at ${simulator.url}; bucket writes put their CloudTrail events on ${simulator.queueUrl}`,
        );
        // The events module's SQS client (events.modules.awsSqs in app-config.yaml) signs with
        // the AWS SDK's default credentials; the simulator's queue takes any. Give it the demo
        // keys when the environment has none, so the portal needs no AWS setup.
        if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
          process.env.AWS_ACCESS_KEY_ID = 'AKIASECURECARTPROD01';
          process.env.AWS_SECRET_ACCESS_KEY = 'simulated';
        }
        lifecycle.addShutdownHook(() => simulator.stop());
      },
    });
  },
});
