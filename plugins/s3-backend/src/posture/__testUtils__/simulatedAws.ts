import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  SimulatorKnobs,
  createAwsHandlers,
  exampleScenarioPath,
  loadScenario,
} from '@internal/aws-simulator';
import { setupServer } from 'msw/node';
import { AwsClients } from '../aws/AwsClients';

export const PRODUCTION = '111122223333';
export const STAGING = '444455556666';

/** Credentials of the example scenario, as an adopter would configure them. */
export const EXAMPLE_AWS_CONFIG = {
  aws: {
    accounts: [
      {
        accountId: PRODUCTION,
        accessKeyId: 'AKIASECURECARTPROD01',
        secretAccessKey: 'simulated',
      },
      {
        accountId: STAGING,
        accessKeyId: 'AKIASECURECARTSTAG01',
        secretAccessKey: 'simulated',
      },
    ],
  },
};

/** Knobs back to a perfect AWS between tests. */
const CALM: SimulatorKnobs = {
  latencyMs: 0,
  throttleRate: 0,
  serverErrorRate: 0,
  accessDenied: [],
  failNext: [],
  iamPageSize: 100,
  slowOperations: [],
  deletedBuckets: [],
  sessionDurationSeconds: undefined,
};

/**
 * The simulated AWS account (examples/scenario.yaml) behind msw for the whole test file:
 * the real SDK talks to it on AWS's own host names, and on `http://aws.local:4566` for
 * tests of the endpoint override. Unhandled requests fail the test: nothing reaches AWS.
 * With `allowLoopback`, requests to a test backend on this machine pass through.
 */
export function useSimulatedAws(options: { allowLoopback?: boolean } = {}) {
  const aws = createAwsHandlers(loadScenario(exampleScenarioPath()), CALM, {
    endpoints: ['http://aws.local:4566'],
  });
  const server = setupServer(...aws.handlers);
  beforeAll(() =>
    server.listen({
      onUnhandledRequest: (request, print) => {
        const { hostname } = new URL(request.url);
        const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
        if (!(options.allowLoopback && loopback)) print.error();
      },
    }),
  );
  afterEach(() => {
    aws.setKnobs(CALM);
    aws.stats.reset();
  });
  afterAll(() => server.close());
  return aws;
}

/** Fresh clients per test (the adaptive retry state is per client). */
export function testClients(config: object = {}): AwsClients {
  return AwsClients.fromConfig(
    new ConfigReader({ ...EXAMPLE_AWS_CONFIG, ...config }),
    {
      logger: mockServices.logger.mock(),
    },
  );
}

/** S3 requests counted by the simulator, all buckets together. */
export function s3Requests(
  byOperation: Readonly<Record<string, number>>,
): number {
  return Object.entries(byOperation)
    .filter(([operation]) => operation.startsWith('s3:'))
    .reduce((sum, [, n]) => sum + n, 0);
}
