import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/**
 * The S3 posture frontend plugin (new frontend system). The service card, bucket tab
 * and browse page arrive with the posture engine's REST API.
 *
 * @public
 */
export const s3Plugin = createFrontendPlugin({
  pluginId: 's3',
  extensions: [],
});
