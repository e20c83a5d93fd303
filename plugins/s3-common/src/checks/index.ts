export * from './types';
export * from './definitions';
export * from './profiles';
export * from './results';
export * from './scoring';
