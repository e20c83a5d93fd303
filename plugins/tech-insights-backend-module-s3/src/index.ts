/**
 * Tech Insights backend module of the S3 posture plugins: fact retrievers that publish the
 * s3 plugin's verdicts, and the ready-made JSON-rules checks as `s3TechInsightsChecks`.
 * `backend.add(import('@s3-posture/plugin-tech-insights-backend-module-s3'))`.
 *
 * @packageDocumentation
 */
export { techInsightsModuleS3Posture as default } from './module';
export {
  s3TechInsightsChecks,
  type S3CheckCondition,
  type S3TechInsightsCheck,
} from './checks';
export {
  S3_POSTURE_RETRIEVER_ID,
  S3_POSTURE_ROLLUP_RETRIEVER_ID,
  checkFactName,
} from './factRetrievers';
