/*
 * An example permission policy for the S3 posture plugins. NOT enabled: the portal runs with
 * the allow-all policy. To try it, in ./index.ts replace
 *
 *   backend.add(import('@backstage/plugin-permission-backend-module-allow-all-policy'));
 *
 * with
 *
 *   backend.add(examplePermissionPolicyModule); // import from './examplePermissionPolicy'
 *
 * (a backend takes one policy). It says:
 *
 * - everyone signed in may read every bucket's posture (`s3.posture.read`);
 * - only a bucket's owners may assess it on demand (`s3.posture.refresh`): the users and
 *   groups the bucket doc lists under `owners` (the entity's `ownedBy` relations), matched
 *   against the caller's ownership refs (the user and the groups they belong to);
 * - anything else (the catalog's own permissions, ...) is allowed, as with allow-all.
 *
 * The refresh rule is a conditional decision: the permission backend asks the catalog to
 * evaluate `isEntityOwner` against the bucket entity named in the request, so the S3 backend
 * needs no knowledge of owners. The frontend's refresh button (`usePermission`) disappears for
 * users the policy denies. Note that the local guest user (`user:development/guest`) owns
 * nothing, so with this policy the guest can read but not refresh.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  s3PostureReadPermission,
  s3PostureRefreshPermission,
} from '@s3-posture/plugin-s3-common';

/** Everyone reads S3 postures; only a bucket's owners refresh it; the rest is allowed. */
export class ExampleS3PermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, s3PostureReadPermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(request.permission, s3PostureRefreshPermission)) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link ExampleS3PermissionPolicy} as the permission backend's policy. */
export const examplePermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'example-s3-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ExampleS3PermissionPolicy());
      },
    });
  },
});
