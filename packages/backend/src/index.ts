import { createBackend } from '@backstage/backend-defaults';
import { simulatedAwsModule } from './simulatedAws';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@s3-posture/plugin-s3-backend/catalog'));

backend.add(import('@s3-posture/plugin-s3-backend'));
backend.add(simulatedAwsModule);

backend.start();
