import {
  BackendFeature,
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
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
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import {
  s3InventoryReadPermission,
  s3PostureReadPermission,
  s3PostureRefreshPermission,
} from '@s3-posture/plugin-s3-common';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import request from 'supertest';
import s3Plugin from '..';

/*
 * A backend with the real catalog (the example bucket docs), the real permission backend
 * deciding with a policy each test sets, and the s3 plugin: what the access-control tests
 * of the REST API and the actions share. Users are told apart by mock tokens; their
 * ownership refs (the user and their groups, as a sign-in resolver gives them) come from a
 * small user-info service.
 */

export const DBOYNE = 'user:default/dboyne';
export const ASVENSSON = 'user:default/asvensson';
/** Ownership refs as the sign-in resolver gives them: the user and their groups (examples/org.yaml). */
export const OWNERSHIP: Record<string, string[]> = {
  [DBOYNE]: [DBOYNE, 'group:default/team-identity'],
  [ASVENSSON]: [ASVENSSON, 'group:default/team-checkout'],
};

const S3_PERMISSIONS = [
  s3PostureReadPermission,
  s3PostureRefreshPermission,
  s3InventoryReadPermission,
];

/** Allows everything but the s3 permissions, which `s3` decides. */
export function s3Policy(
  s3: (query: PolicyQuery, user?: PolicyQueryUser) => PolicyDecision,
): PermissionPolicy {
  return {
    async handle(query, user) {
      if (S3_PERMISSIONS.some(p => isPermission(query.permission, p))) {
        return s3(query, user);
      }
      return { result: AuthorizeResult.ALLOW };
    },
  };
}

const allow = { result: AuthorizeResult.ALLOW } as const;
const deny = { result: AuthorizeResult.DENY } as const;

export const allowAll = s3Policy(() => allow);

/** Every s3 permission but `s3.inventory.read`: documented buckets only. */
export const denyInventory = s3Policy(r =>
  isPermission(r.permission, s3InventoryReadPermission) ? deny : allow,
);

/** No posture to read at all: neither of bucket entities nor of the inventory. */
export const denyRead = s3Policy(r =>
  isPermission(r.permission, s3PostureReadPermission) ||
  isPermission(r.permission, s3InventoryReadPermission)
    ? deny
    : allow,
);

export const denyRefresh = s3Policy(r =>
  isPermission(r.permission, s3PostureRefreshPermission) ? deny : allow,
);

/**
 * Owners only: each user reads (and refreshes) the buckets they or their groups own, and
 * none that no doc describes (they have no owner).
 */
export const ownersOnly = s3Policy((r, user) =>
  isPermission(r.permission, s3InventoryReadPermission)
    ? deny
    : createCatalogConditionalDecision(
        r.permission as typeof s3PostureReadPermission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      ),
);

/** The policy in force, which tests set, and how often it was asked. */
export const permissionPolicy = {
  current: allowAll as PermissionPolicy,
  queries: 0,
};

const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-s3-policy',
  register(reg) {
    reg.registerInit({
      deps: { policies: policyExtensionPoint },
      async init({ policies }) {
        policies.setPolicy({
          handle: (query, user) => {
            permissionPolicy.queries++;
            return permissionPolicy.current.handle(query, user);
          },
        });
      },
    });
  },
});

const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: OWNERSHIP[ref] ?? [ref],
      };
    },
  }),
});

/**
 * Mock tokens, except that a plugin calling on behalf of a user says so (the `actor` of the
 * real backend's on-behalf-of tokens). Backstage's mock drops the actor, and the permission
 * backend refuses a user's request for resource permissions without resource refs unless a
 * plugin makes it, which is what the catalog and this plugin do.
 */
const auth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const mock = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(mock), {
      async getPluginRequestToken(options: {
        onBehalfOf: BackstageCredentials;
        targetPluginId: string;
      }) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type !== 'user')
          return mock.getPluginRequestToken(options);
        return {
          token: mockCredentials.user.token(principal.userEntityRef, {
            actor: { subject: `plugin:${plugin.getId()}` },
          }),
        };
      },
    });
  },
});

/**
 * Starts the backend (with `features` added and `config` merged into the example config)
 * and waits for the example bucket entities; `as(user)` sends REST requests as that user.
 * With `inventory`, it also runs Backstage's own scheduler (the test backend's runs no
 * task) and waits until the inventory has listed and judged the example world's buckets
 * that no doc describes.
 */
export async function startPermissionBackend(options: {
  accessCacheSeconds: number;
  features?: BackendFeature[];
  config?: Record<string, unknown>;
  inventory?: boolean;
}) {
  const backend = await startTestBackend({
    features: [
      ...(options.inventory ? [schedulerServiceFactory] : []),
      catalogPlugin,
      catalogModuleS3BucketDocs,
      s3Plugin,
      permissionPlugin,
      policyModule,
      permissionsServiceFactory,
      userInfo,
      auth,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: exampleBackendConfig({
          permission: { enabled: true },
          s3: {
            catalog: { ownerDefaultKind: 'user' },
            posture: { accessCacheSeconds: options.accessCacheSeconds },
          },
          ...options.config,
        }),
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  const buckets = await eventually(async () => {
    const res = await request(backend.server)
      .get('/api/catalog/entities')
      .set('Authorization', mockCredentials.user.header());
    const items = (res.body as Entity[]).filter(
      e => e.spec?.type === 's3-bucket',
    );
    return items.length >= 14 ? items : undefined;
  }, 'the example bucket entities');
  const as = (user: string) => ({
    get: (path: string) =>
      request(backend.server)
        .get(`/api/s3${path}`)
        .set('Authorization', mockCredentials.user.header(user)),
    post: (path: string) =>
      request(backend.server)
        .post(`/api/s3${path}`)
        .set('Authorization', mockCredentials.user.header(user)),
  });
  if (options.inventory) await judgeInventory(as(DBOYNE));
  return { backend, buckets, as };
}

/**
 * Asks the scheduler to run the inventory task now, then the discover task (first
 * assessments) until every undocumented bucket of the example world has a verdict.
 */
async function judgeInventory(user: {
  get(path: string): request.Test;
  post(path: string): request.Test;
}) {
  const trigger = (task: string) =>
    user.post(`/.backstage/scheduler/v1/tasks/${task}/trigger`);
  const previous = permissionPolicy.current;
  permissionPolicy.current = allowAll;
  try {
    await eventually(
      async () =>
        (await trigger('s3-posture-inventory')).status === 200 || undefined,
      'the inventory task to run',
    );
    await eventually(
      async () => {
        const res = await user.get('/v1/buckets?documented=false&limit=500');
        const items: Array<{ checkedAt?: string }> = res.body.items ?? [];
        if (items.length >= 3 && items.every(i => i.checkedAt)) return true;
        // Listed, not yet judged: the discover task gives first assessments (409 while it runs).
        if (items.length > 0) await trigger('s3-posture-discover');
        return undefined;
      },
      'the undocumented buckets to be listed and judged',
      150_000,
    );
  } finally {
    permissionPolicy.current = previous;
  }
}
