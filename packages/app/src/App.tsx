import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import s3Plugin from '@s3-posture/plugin-s3/alpha';
import { navModule } from './modules/nav';
import { scorecardModule } from './modules/scorecard';
import { signInModule } from './modules/signIn';

/**
 * The local portal: the catalog (with the org plugin's group and user cards) and the S3 posture
 * plugin — its card on Component, System, Group and User pages, its "S3 posture" tab on bucket
 * pages and its browse page at /s3, linked from the sidebar.
 */
export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    s3Plugin,
    navModule,
    signInModule,
    scorecardModule,
  ],
});
