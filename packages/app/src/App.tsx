import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import s3Plugin from '@s3-posture/plugin-s3/alpha';
import { navModule } from './modules/nav';
import { scorecardModule } from './modules/scorecard';
import { signInModule } from './modules/signIn';

/**
 * The local portal: the catalog (with the org plugin's group and user cards) and the S3 posture
 * plugin — its card on Component, System, Group and User pages, its "S3 posture" tab on bucket
 * pages and its browse page at /s3, linked from the sidebar and from the card ("Browse these
 * buckets", an optional external route of the plugin, bound here to the plugin's own page),
 * and the notifications page with its bell in the sidebar (a regressed bucket notifies its
 * owners; the guest is a member of team-checkout).
 */
export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    s3Plugin,
    // The bell: owners hear when their bucket regresses; signals update it live.
    notificationsPlugin,
    signalsPlugin,
    navModule,
    signInModule,
    scorecardModule,
  ],
  bindRoutes({ bind }) {
    bind(s3Plugin.externalRoutes, { browseBuckets: s3Plugin.routes.root });
  },
});
