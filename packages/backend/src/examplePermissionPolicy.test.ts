import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  s3PostureReadPermission,
  s3PostureRefreshPermission,
} from '@s3-posture/plugin-s3-common';
import { ExampleS3PermissionPolicy } from './examplePermissionPolicy';

const user = {
  info: {
    userEntityRef: 'user:default/dboyne',
    ownershipEntityRefs: ['user:default/dboyne', 'group:default/team-identity'],
  },
} as PolicyQueryUser;

describe('ExampleS3PermissionPolicy', () => {
  const policy = new ExampleS3PermissionPolicy();

  it('lets everyone read postures', async () => {
    await expect(
      policy.handle({ permission: s3PostureReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only owners refresh, through a catalog condition', async () => {
    await expect(
      policy.handle({ permission: s3PostureRefreshPermission }, user),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/dboyne', 'group:default/team-identity'],
        },
      },
    });
  });

  it('gives a caller without identity no ownership claims', async () => {
    const decision = await policy.handle({
      permission: s3PostureRefreshPermission,
    });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });
});
