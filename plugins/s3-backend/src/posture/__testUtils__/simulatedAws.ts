import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { EXAMPLE_AWS_CONFIG } from '@internal/test-utils';
import { AwsClients } from '../aws/AwsClients';

// The simulated AWS account for a test file and its credentials live in
// @internal/test-utils, shared with the Tech Insights module's tests.
export {
  EXAMPLE_AWS_CONFIG,
  PRODUCTION,
  STAGING,
  useSimulatedAws,
} from '@internal/test-utils';

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
