import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { s3Permissions } from '@s3-posture/plugin-s3-common';
import {
  S3PostureCheck,
  s3PostureChecksExtensionPoint,
} from '@s3-posture/plugin-s3-node';
import { createRouter } from './router';
import { ReadAccess } from './readAccess';
import { AuthorizedPosture } from './authorizedPosture';
import { registerS3Actions } from './actions/registerActions';
import { PostureNotifier } from './notifications/PostureNotifier';
import { readNotificationsConfig } from './notifications/config';
import { readS3Config } from './posture/config';
import { CheckCatalog } from './posture/evaluate/CheckCatalog';
import { AwsPostureCollector } from './posture/collect';
import { PostureService } from './posture/service/PostureService';
import { DatabasePostureStore } from './posture/store/DatabasePostureStore';
import {
  readRefreshShards,
  scheduleShardedRefresh,
} from './posture/service/refreshShards';
import { readPostureEventsConfig } from './events/config';
import { PostureEventSubscriber } from './events/PostureEventSubscriber';

/** First assessments of new bucket docs and of new undocumented buckets. */
const DISCOVER_TASK = 's3-posture-discover';

/**
 * The S3 posture backend plugin: reads each bucket's live configuration from AWS, judges
 * it against the check catalog, stores the verdicts and serves them at `/api/s3`.
 *
 * @public
 */
export const s3Plugin = createBackendPlugin({
  pluginId: 's3',
  register(env) {
    const addedChecks: S3PostureCheck[] = [];
    env.registerExtensionPoint(s3PostureChecksExtensionPoint, {
      addChecks(...checks) {
        addedChecks.push(...checks);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        lifecycle,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
        events,
        actionsRegistry,
        notifications,
      }) {
        const { posture: postureConfig, aws: awsSettings } =
          readS3Config(config);
        const store = await DatabasePostureStore.create({
          database,
          historyLimit: postureConfig.historyLimit,
        });
        // Owners hear when their bucket regresses or recovers (DESIGN §17).
        const notifier = new PostureNotifier({
          notifications,
          logger,
          config: readNotificationsConfig(config),
        });
        const service = new PostureService({
          store,
          collector: AwsPostureCollector.fromConfig(config, {
            logger,
            settings: awsSettings,
          }),
          catalog,
          auth,
          logger,
          config: postureConfig,
          // Malformed or colliding added checks stop the start-up here, named.
          checks: CheckCatalog.withAddedChecks(addedChecks),
          onAssessed: bucket => notifier.assessed(bucket),
        });
        // So does an `s3.posture.checks.<id>` that names no check.
        service.activeChecks();

        permissionsRegistry.addPermissions(s3Permissions);

        // Plugin shutdown hooks run before the scheduler and the database shut down.
        lifecycle.addShutdownHook(() => service.stop());

        // Every task is global: with several backends on one database, one runs each task
        // at a time. The full refresh is split into shards, so every backend takes a share.
        const refresh = await scheduleShardedRefresh({
          scheduler,
          service,
          logger,
          schedule: postureConfig.schedule,
          shards: readRefreshShards(config),
        });
        lifecycle.addShutdownHook(() => refresh.stop());

        // The inventory (DESIGN §15): every account's buckets, listed once per full-refresh
        // period (on its schedule) by one instance at a time (a global task). Its new
        // undocumented buckets get their first assessment from the discover task, asked to
        // run right after the listing (not at its next minute), then from the refresh
        // shards. With the inventory off it removes undocumented rows, and so does start-up
        // at once: an earlier run's rows are not served until the task's first run.
        if (!postureConfig.inventory.enabled) await service.syncInventory();
        await scheduler.scheduleTask({
          id: 's3-posture-inventory',
          ...postureConfig.schedule,
          fn: async signal => {
            const { undocumented } = await service.syncInventory({ signal });
            // Nothing to judge (or the inventory is off): the shards' period starts undisturbed.
            if (undocumented === 0) return;
            await scheduler.triggerTask(DISCOVER_TASK).catch(error => {
              // Running already (409): it picks the new buckets up on this or its next run.
              if (error?.name !== 'ConflictError') {
                logger.warn(`Could not start the discover task: ${error}`);
              }
            });
          },
        });

        // AWS change events (CloudTrail through EventBridge) re-assess what they changed.
        const eventsConfig = readPostureEventsConfig(config);
        if (eventsConfig.enabled) {
          const subscriber = new PostureEventSubscriber({
            service,
            logger,
            config: eventsConfig,
            configuredAccounts: (
              config.getOptionalConfigArray('aws.accounts') ?? []
            ).map(a => a.getString('accountId')),
          });
          lifecycle.addShutdownHook(() => subscriber.stop());
          await subscriber.subscribe(events);
        }
        await scheduler.scheduleTask({
          id: DISCOVER_TASK,
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

        const access = new ReadAccess({
          catalog,
          permissions,
          ttlSeconds: postureConfig.accessCacheSeconds,
        });
        // One way to read and refresh as the caller may: the REST API and the actions share it.
        const posture = new AuthorizedPosture({
          service,
          catalog,
          permissions,
          access,
        });
        httpRouter.use(
          await createRouter({
            service,
            catalog,
            httpAuth,
            permissions,
            access,
            posture,
          }),
        );
        registerS3Actions({ actionsRegistry, posture });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
