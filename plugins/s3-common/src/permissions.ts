import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read a bucket's posture (verdicts, evidence, history). Checked against the bucket entity.
 *
 * @public
 */
export const s3PostureReadPermission = createPermission({
  name: 's3.posture.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Assess a bucket now, calling AWS. Checked against the bucket entity.
 *
 * @public
 */
export const s3PostureRefreshPermission = createPermission({
  name: 's3.posture.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the posture of buckets no doc describes (the inventory, DESIGN §15) and the
 * per-account inventory. A basic permission: undocumented buckets have no entity, and no
 * owner to scope them to. Without it a caller sees documented buckets only.
 *
 * @public
 */
export const s3InventoryReadPermission = createPermission({
  name: 's3.inventory.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the S3 plugins, for registration with the permission framework.
 *
 * @public
 */
export const s3Permissions = [
  s3PostureReadPermission,
  s3PostureRefreshPermission,
  s3InventoryReadPermission,
];
