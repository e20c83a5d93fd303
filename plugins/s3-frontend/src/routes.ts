import { createRouteRef } from '@backstage/core-plugin-api';

/** The browse page (`/s3`). */
export const rootRouteRef = createRouteRef({ id: 's3' });
