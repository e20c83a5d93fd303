import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import {
  createS3PostureFactRetriever,
  createS3PostureRollupFactRetriever,
  S3_POSTURE_RETRIEVER_ID,
  S3_POSTURE_ROLLUP_RETRIEVER_ID,
} from './factRetrievers';

/**
 * Tech Insights module that publishes S3 posture facts: per bucket entity
 * (`s3-posture-retriever`) and per component, system, group and user
 * (`s3-posture-rollup-retriever`), read from the s3 plugin's stored verdicts.
 *
 * Tech Insights schedules a retriever only when `techInsights.factRetrievers.<id>.cadence`
 * is configured; without it, this module logs how to turn it on.
 *
 * @public
 */
export const techInsightsModuleS3Posture = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 's3-posture',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        factRetrievers: techInsightsFactRetrieversExtensionPoint,
      },
      async init({ config, logger, catalog, factRetrievers }) {
        // The keys are the retriever ids: Tech Insights reads each one's cadence and
        // lifecycle from techInsights.factRetrievers.<key>.
        factRetrievers.addFactRetrievers({
          [S3_POSTURE_RETRIEVER_ID]: createS3PostureFactRetriever(),
          [S3_POSTURE_ROLLUP_RETRIEVER_ID]: createS3PostureRollupFactRetriever({
            catalog,
          }),
        });
        const unscheduled = [
          S3_POSTURE_RETRIEVER_ID,
          S3_POSTURE_ROLLUP_RETRIEVER_ID,
        ].filter(
          id => !config.has(`techInsights.factRetrievers.${id}.cadence`),
        );
        if (unscheduled.length > 0) {
          logger.warn(
            `S3 posture facts are not published: Tech Insights runs a fact retriever only when it has a cadence. Add to app-config.yaml: techInsights.factRetrievers: { ${unscheduled
              .map(
                id =>
                  `${id}: { cadence: '*/15 * * * *', lifecycle: { maxItems: 30 } }`,
              )
              .join(', ')} }`,
          );
        }
      },
    });
  },
});
