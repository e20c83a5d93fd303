/**
 * Backend of the S3 posture plugins: the `s3` plugin (posture engine and REST API).
 *
 * @packageDocumentation
 */
export { s3Plugin as default } from './plugin';
