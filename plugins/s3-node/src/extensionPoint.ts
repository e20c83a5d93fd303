import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { S3PostureCheck } from './check';

/**
 * Adds checks to the S3 posture plugin.
 *
 * @public
 */
export interface S3PostureChecksExtensionPoint {
  /** Adds checks; every one is validated when the plugin starts. */
  addChecks(...checks: S3PostureCheck[]): void;
}

/**
 * The extension point through which a backend module adds its own checks to the `s3`
 * plugin.
 *
 * @example
 * ```ts
 * export const costCenterTagModule = createBackendModule({
 *   pluginId: 's3',
 *   moduleId: 'cost-center-tag',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { checks: s3PostureChecksExtensionPoint },
 *       async init({ checks }) {
 *         checks.addChecks(costCenterTag);
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const s3PostureChecksExtensionPoint =
  createExtensionPoint<S3PostureChecksExtensionPoint>({
    id: 's3.posture.checks',
  });
