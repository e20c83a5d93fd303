import { Entity } from '@backstage/catalog-model';

export { isS3BucketEntity } from '@s3-posture/plugin-s3-common';

const KINDS_WITH_BUCKETS = ['component', 'system', 'group', 'user'];

/**
 * True for the entities whose pages show the S3 posture card: Components (via the
 * bucket doc's `service:`), Systems, Groups and Users (via `owners:`).
 *
 * @public
 */
export function hasS3Buckets(entity: Entity): boolean {
  return KINDS_WITH_BUCKETS.includes(entity.kind.toLocaleLowerCase('en-US'));
}
