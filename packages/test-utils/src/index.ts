/**
 * Test helpers shared by the plugins' tests (private to this repository): the example
 * company (examples/) as a test backend's config, the simulated AWS account behind msw
 * for one test file, and polling for what the catalog and the posture engine do in the
 * background.
 *
 * @packageDocumentation
 */
export { EXAMPLES, eventually, exampleBackendConfig } from './exampleBackend';
export {
  EXAMPLE_AWS_CONFIG,
  PRODUCTION,
  STAGING,
  useSimulatedAws,
} from './simulatedAws';
