import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  s3Permissions,
  s3PostureReadPermission,
  s3PostureRefreshPermission,
} from './permissions';

describe('permissions', () => {
  it('guards posture reads and refreshes per catalog entity', () => {
    expect(s3PostureReadPermission.name).toBe('s3.posture.read');
    expect(s3PostureRefreshPermission.name).toBe('s3.posture.refresh');
    for (const permission of s3Permissions) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
    expect(s3PostureReadPermission.attributes.action).toBe('read');
    expect(s3PostureRefreshPermission.attributes.action).toBe('update');
  });
});
