/**
 * Tech Insights module of the S3 posture plugins:
 * `backend.add(import('@s3-posture/plugin-s3-backend/tech-insights'))`, with the
 * ready-made JSON-rules checks as `s3TechInsightsChecks`.
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
