import { Entity } from '@backstage/catalog-model';

import { isRollUpEntityKind } from '@s3-posture/plugin-s3-common';

export { isS3BucketEntity } from '@s3-posture/plugin-s3-common';

/**
 * True for the entities whose pages show the S3 posture card: Components (via the
 * bucket doc's `service:`), Systems, Groups and Users (via `owners:`).
 *
 * @public
 */
export function hasS3Buckets(entity: Entity): boolean {
  return isRollUpEntityKind(entity.kind);
}
