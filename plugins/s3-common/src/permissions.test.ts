import {
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  s3InventoryReadPermission,
  s3Permissions,
  s3PostureReadPermission,
  s3PostureRefreshPermission,
} from './permissions';

describe('permissions', () => {
  it('guards posture reads and refreshes per catalog entity', () => {
    expect(s3PostureReadPermission.name).toBe('s3.posture.read');
    expect(s3PostureRefreshPermission.name).toBe('s3.posture.refresh');
    for (const permission of [
      s3PostureReadPermission,
      s3PostureRefreshPermission,
    ]) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
    expect(s3PostureReadPermission.attributes.action).toBe('read');
    expect(s3PostureRefreshPermission.attributes.action).toBe('update');
  });

  it('guards the undocumented buckets with one basic permission (they have no entity)', () => {
    expect(s3InventoryReadPermission).toEqual({
      type: 'basic',
      name: 's3.inventory.read',
      attributes: { action: 'read' },
    });
  });

  it('registers all three', () => {
    expect(s3Permissions.map(p => p.name)).toEqual([
      's3.posture.read',
      's3.posture.refresh',
      's3.inventory.read',
    ]);
    expect(
      s3Permissions.some(p => isPermission(p, s3InventoryReadPermission)),
    ).toBe(true);
  });
});
