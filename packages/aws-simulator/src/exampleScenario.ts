import path from 'node:path';

/**
 * Where the example company's scenario lives in this repository (`examples/scenario.yaml`),
 * for tests and the benchmark. Resolved through the package, since `__dirname` moves in builds.
 */
export function exampleScenarioPath(): string {
  const packageJson = require.resolve('@internal/aws-simulator/package.json');
  return path.resolve(
    path.dirname(packageJson),
    '../../examples/scenario.yaml',
  );
}
