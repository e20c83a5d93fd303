/**
 * Catalog backend module for S3 bucket docs: markdown files with YAML frontmatter,
 * registered as ordinary `file` or `url` locations, become `Resource` entities of type
 * `s3-bucket`. `backend.add(import('@s3-posture/plugin-catalog-backend-module-s3-bucket-docs'))`.
 *
 * @packageDocumentation
 */
export { catalogModuleS3BucketDocs as default } from './module';
