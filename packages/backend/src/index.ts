import { createBackend } from '@backstage/backend-defaults';
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
backend.add(import('@s3-posture/plugin-s3-backend/catalog'));

backend.add(import('@s3-posture/plugin-s3-backend'));
backend.add(simulatedAwsModule);

// Scorecards: Tech Insights with the JSON rules engine, fed by the S3 posture facts.
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(import('@s3-posture/plugin-s3-backend/tech-insights'));

backend.start();
