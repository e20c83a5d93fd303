/**
 * A simulated AWS account for the local portal, the tests and the benchmark: S3, S3 Control,
 * IAM and STS wire protocols on msw handlers, configured by a scenario file.
 *
 * @packageDocumentation
 */
export {
  loadScenario,
  type LoadScenarioOptions,
} from './scenario/loadScenario';
export { ScenarioError } from './scenario/reader';
export type * from './scenario/types';
export {
  createAwsHandlers,
  type AwsHandlers,
  type AwsHandlersOptions,
} from './createAwsHandlers';
export {
  startAwsSimulator,
  type RunningAwsSimulator,
  type StartAwsSimulatorOptions,
} from './server';
export type {
  SimulatorKnobs,
  AccessDeniedRule,
  ScriptedFault,
  SlowOperation,
  FaultKind,
} from './knobs';
export { RequestStats } from './stats';
export { exampleScenarioPath } from './exampleScenario';
export { CREDENTIAL_REPORT_COLUMNS } from './iam/credentialReport';
