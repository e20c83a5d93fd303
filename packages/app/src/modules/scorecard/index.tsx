import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ROLLUP_ENTITY_KINDS } from '@s3-posture/plugin-s3-common';

/** The Tech Insights scorecard on service, system, team and user pages, and on bucket pages. */
export const scorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: {
      $any: [
        { kind: { $in: [...ROLLUP_ENTITY_KINDS] } },
        { kind: 'resource', 'spec.type': 's3-bucket' },
      ],
    },
    loader: () => import('./ScorecardCard').then(m => <m.ScorecardCard />),
  },
});

export const scorecardModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [scorecardCard],
});
