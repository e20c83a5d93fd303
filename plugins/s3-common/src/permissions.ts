import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/** Read a bucket's posture (verdicts, evidence, history). Checked against the bucket entity. */
export const s3PostureReadPermission = createPermission({
  name: 's3.posture.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Assess a bucket now, calling AWS. Checked against the bucket entity. */
export const s3PostureRefreshPermission = createPermission({
  name: 's3.posture.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Every permission of the S3 plugins, for registration with the permission framework. */
export const s3Permissions = [
  s3PostureReadPermission,
  s3PostureRefreshPermission,
];
