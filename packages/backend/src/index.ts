import { createBackend } from '@backstage/backend-defaults';
import { costCenterTagModule } from './checks/costCenterTag';
import { simulatedAwsModule } from './simulatedAws';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Permissions: allow-all for the local portal. For rules on `s3.posture.read` and
// `s3.posture.refresh`, see ./examplePermissionPolicy.ts (README: "Permissions").
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@s3-posture/plugin-catalog-backend-module-s3-bucket-docs'));

backend.add(import('@s3-posture/plugin-s3-backend'));
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-aws-sqs'));
// Owners hear about regressions (README: "Notifications"); signals update the bell live.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// AI assistants: the actions of the plugins in backend.actions.pluginSources, served over MCP
// at /api/mcp-actions/v1 (README: "Actions for AI assistants").
backend.add(import('@backstage/plugin-mcp-actions-backend'));
backend.add(simulatedAwsModule);
// A house rule of our own, added as an adopter adds one (README: "Adding your own checks").
backend.add(costCenterTagModule);

// Scorecards: Tech Insights with the JSON rules engine, fed by the S3 posture facts.
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(import('@s3-posture/plugin-tech-insights-backend-module-s3'));

backend.start();
