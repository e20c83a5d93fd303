import { dirname, resolve } from 'path';
import { EXAMPLE_AWS_CONFIG } from './simulatedAws';

/**
 * The repository's examples folder: bucket docs, org, services and the AWS scenario.
 * Resolved through the package, since `__dirname` moves in builds.
 */
export const EXAMPLES = resolve(
  dirname(require.resolve('@internal/test-utils/package.json')),
  '../../examples',
);

/**
 * Config of a test backend that reads the example company from the catalog and assesses it
 * against the simulated AWS account, as the local portal does.
 */
export function exampleBackendConfig(extra: Record<string, unknown> = {}) {
  return {
    ...EXAMPLE_AWS_CONFIG,
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'Resource',
            'Location',
            'Group',
            'User',
          ],
        },
      ],
      locations: [
        { type: 'file', target: `${EXAMPLES}/org.yaml` },
        { type: 'file', target: `${EXAMPLES}/components.yaml` },
        { type: 'file', target: `${EXAMPLES}/buckets/*.md` },
      ],
    },
    s3: { catalog: { ownerDefaultKind: 'user' } },
    ...extra,
  };
}

/** Polls until `read` returns a value; the catalog and the assessments run in the background. */
export async function eventually<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}
