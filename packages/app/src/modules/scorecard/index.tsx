import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** The Tech Insights scorecard on service, system and team pages, and on bucket pages. */
export const scorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: {
      $any: [
        { kind: { $in: ['component', 'system', 'group'] } },
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
