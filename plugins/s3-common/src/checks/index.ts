export * from './types';
// definitions pending
export * from './profiles';
export * from './results';
export * from './scoring';
