/**
 * Backend of the S3 posture plugins: the `s3` plugin (posture engine and REST API) as
 * the default export, and the catalog module that ingests bucket docs at `./catalog`.
 *
 * @packageDocumentation
 */
export { s3Plugin as default } from './plugin';
export { catalogModuleS3BucketDocs } from './catalog/module';
