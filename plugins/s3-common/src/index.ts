/**
 * Types, bucket-doc parsing, check catalog, scoring, permissions and the REST client
 * (`S3PostureClient`) shared by the S3 posture plugins. Isomorphic: no AWS SDK, no
 * Node-only or browser-only APIs.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './accountId';
export * from './arn';
export * from './bucketName';
export * from './bucketDoc';
export * from './bucketDocTemplate';
export * from './bucketEntity';
export * from './inventory';
export * from './api';
export * from './client';
export * from './checks';
export * from './permissions';
