import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { s3Permissions } from '@s3-posture/plugin-s3-common';
import { createRouter } from './router';
import { ReadAccess } from './readAccess';
import { readPostureConfig } from './posture/config';
import { AwsPostureCollector } from './posture/collect';
import { PostureService } from './posture/service/PostureService';
import { PostureStore } from './posture/store/PostureStore';

/**
 * The S3 posture backend plugin: reads each bucket's live configuration from AWS, judges
 * it against the check catalog, stores the verdicts and serves them at `/api/s3`.
 *
 * @public
 */
export const s3Plugin = createBackendPlugin({
  pluginId: 's3',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        cache: coreServices.cache,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        lifecycle,
        httpRouter,
        httpAuth,
        cache,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const postureConfig = readPostureConfig(config);
        const store = await PostureStore.create({
          database,
          historyLimit: postureConfig.historyLimit,
        });
        const service = new PostureService({
          store,
          collector: AwsPostureCollector.fromConfig(config, { logger }),
          catalog,
          auth,
          logger,
          config: postureConfig,
        });

        permissionsRegistry.addPermissions(s3Permissions);

        // Plugin shutdown hooks run before the scheduler and the database shut down.
        lifecycle.addShutdownHook(() => service.stop());

        // Both tasks are global: with several backends on one database, one runs each time.
        await scheduler.scheduleTask({
          id: 's3-posture-refresh',
          ...postureConfig.schedule,
          // The abort signal fires on timeout (and shutdown): the run then stops early, so it
          // never overlaps the next run, which another instance may start once the lock expires.
          fn: async signal => {
            await service.discover();
            await service.refreshAll({ signal });
          },
        });
        await scheduler.scheduleTask({
          id: 's3-posture-discover',
          frequency: { minutes: postureConfig.discoveryFrequencyMinutes },
          timeout: { minutes: 15 },
          initialDelay: { seconds: 5 },
          fn: async signal => {
            // First assessment soon after a bucket appears in the catalog.
            const fresh = await service.discover();
            if (fresh.length > 0) {
              await service.refresh(fresh, { signal });
            }
          },
        });

        httpRouter.use(
          await createRouter({
            service,
            catalog,
            httpAuth,
            permissions,
            access: new ReadAccess({
              catalog,
              permissions,
              cache,
              ttlSeconds: postureConfig.accessCacheSeconds,
            }),
            config: postureConfig,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
