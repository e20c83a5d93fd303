/**
 * Node library of the S3 posture plugin: the extension point through which a backend module
 * adds its own checks, and the types of what a check reads.
 *
 * @packageDocumentation
 */
export * from './check';
export * from './extensionPoint';
export * from './snapshot';
