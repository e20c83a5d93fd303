export * from './types';
export * from './S3PostureClient';
