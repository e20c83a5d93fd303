export { EntityS3PostureCard } from './EntityS3PostureCard';
export type { EntityS3PostureCardProps } from './EntityS3PostureCard';
