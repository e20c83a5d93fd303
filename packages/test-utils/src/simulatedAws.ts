import {
  SimulatorKnobs,
  createAwsHandlers,
  exampleScenarioPath,
  loadScenario,
} from '@internal/aws-simulator';
import { setupServer } from 'msw/node';

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
 * `server.use(...)` puts a handler in front of the simulator for one test (e.g. an
 * S3-compatible server's answer).
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
    // Handlers a test put in front of the simulator (`server.use`) last for that test only.
    server.resetHandlers();
  });
  afterAll(() => server.close());
  return Object.assign(aws, { server });
}
