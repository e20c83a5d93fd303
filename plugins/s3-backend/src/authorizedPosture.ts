import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  BucketHistoryResponse,
  BucketListResponse,
  BucketOrigin,
  BucketPosture,
  BucketSummary,
  EntityPostureSummary,
  InventoryAccountsResponse,
  InventoryRef,
  S3_BUCKET_RESOURCE_TYPE,
  parseInventoryRef,
  s3InventoryReadPermission,
  s3PostureReadPermission,
  s3PostureRefreshPermission,
} from '@s3-posture/plugin-s3-common';
import { PostureService } from './posture/service/PostureService';
import {
  BucketPage,
  BucketQuery,
  BucketRecord,
  BucketSummaryRecord,
  EntityRollUp,
} from './posture/service/types';
import { ReadAccess } from './readAccess';

/**
 * The posture as one caller may read it: every read and refresh the REST API and the
 * actions serve, with the caller's credentials and the permission checks of DESIGN §8
 * (`s3.posture.read` per bucket entity, `s3.posture.refresh` to assess now) and §15
 * (`s3.inventory.read` for every bucket no doc describes). The router and the actions
 * differ only in how they take requests and hand back answers.
 *
 * A bucket is named by its entity ref (`resource:default/users-bucket`) or, when no doc
 * describes it, by its inventory ref (`aws:111122223333/some-bucket`).
 */
export class AuthorizedPosture {
  constructor(
    private readonly options: {
      service: PostureService;
      catalog: CatalogService;
      permissions: PermissionsService;
      access: ReadAccess;
    },
  ) {}

  get service(): PostureService {
    return this.options.service;
  }

  /** A page of the buckets the caller may read, filtered as asked. */
  async listBuckets(
    query: Omit<BucketQuery, 'refs' | 'inventory'> & {
      /** Only the buckets this entity's roll-up includes (its card's buckets). */
      relatedTo?: string;
    },
    credentials: BackstageCredentials,
  ): Promise<BucketListResponse> {
    const { access, service } = this.options;
    const { relatedTo, ...filters } = query;
    if (relatedTo) {
      // Roll-ups hold documented buckets the caller may read; an entity the caller cannot
      // see has none.
      const rollUp = await this.rollUpOf(relatedTo, credentials);
      const page = await service.listBuckets({
        ...filters,
        refs: rollUp?.bucketRefs ?? [],
        inventory: false,
      });
      return toListResponse(page);
    }
    const [refs, inventory] = await Promise.all([
      access.readableBucketRefs(credentials),
      this.mayReadInventory(credentials),
    ]);
    return toListResponse(
      await service.listBuckets({ ...filters, refs, inventory }),
    );
  }

  /**
   * Whether the caller holds `s3.inventory.read` (a basic permission: undocumented buckets
   * have no entity to scope it to); kept a few seconds per caller.
   */
  async mayReadInventory(credentials: BackstageCredentials): Promise<boolean> {
    const { access, permissions } = this.options;
    return access.remember(credentials, 'inventory', async () => {
      const [decision] = await permissions.authorize(
        [{ permission: s3InventoryReadPermission }],
        { credentials },
      );
      return decision.result === AuthorizeResult.ALLOW;
    });
  }

  /** Per configured account, what the inventory's listing found; NotAllowedError without `s3.inventory.read`. */
  async inventoryAccounts(
    credentials: BackstageCredentials,
  ): Promise<InventoryAccountsResponse> {
    await this.requireInventory(credentials);
    return this.options.service.inventoryAccounts();
  }

  /** NotAllowedError unless the caller may read the inventory; InputError for a malformed ref. */
  private async requireInventory(
    credentials: BackstageCredentials,
    inventoryRef?: string,
  ): Promise<void> {
    if (inventoryRef !== undefined && !parseInventoryRef(inventoryRef)) {
      throw new InputError(
        `${JSON.stringify(inventoryRef)} is not an inventory ref like aws:123456789012/my-bucket`,
      );
    }
    if (!(await this.mayReadInventory(credentials))) {
      throw new NotAllowedError(
        'You may not read the posture of buckets no doc describes (s3.inventory.read)',
      );
    }
  }

  /**
   * The bucket entity, if the caller can see it in the catalog (else NotFoundError) and
   * may read its posture (else NotAllowedError). Refs are case-insensitive; a NotFoundError
   * names the bucket as the caller wrote it.
   */
  async readableBucket(
    asGiven: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const { catalog, permissions } = this.options;
    const entityRef = asGiven.toLowerCase();
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || entity.spec?.type !== S3_BUCKET_RESOURCE_TYPE) {
      throw new NotFoundError(
        `No S3 bucket resource named ${asGiven.slice(
          asGiven.indexOf(':') + 1,
        )} in the catalog`,
      );
    }
    const [decision] = await permissions.authorize(
      [{ permission: s3PostureReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not read the posture of ${entityRef}`);
    }
    return entity;
  }

  /** A bucket's full posture, every check with its reason and remediation. */
  async bucketPosture(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<BucketPosture> {
    const { service } = this.options;
    if (isInventoryRef(ref)) {
      await this.requireInventory(credentials, ref);
      return toPosture(await service.inventoryPosture(ref));
    }
    const entity = await this.readableBucket(ref, credentials);
    return toPosture(await service.bucketPosture(entity));
  }

  /** A bucket's past statuses and scores. */
  async history(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<BucketHistoryResponse> {
    const { service } = this.options;
    if (isInventoryRef(ref)) {
      await this.requireInventory(credentials, ref);
      // A NotFoundError when the inventory has no such bucket, as for its posture.
      await service.inventoryPosture(ref);
      return { inventoryRef: ref, items: await service.history(ref) };
    }
    const entity = await this.readableBucket(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    return { entityRef, items: await service.history(entityRef) };
  }

  /**
   * Assesses a bucket now (AWS is called only once the permissions allow it): for a
   * documented bucket `s3.posture.refresh` on its entity; for an undocumented one
   * `s3.inventory.read` and `s3.posture.refresh` granted without conditions (there is no
   * entity a condition could be checked against).
   */
  async refresh(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<BucketPosture> {
    const { permissions, service } = this.options;
    if (isInventoryRef(ref)) {
      await this.requireInventory(credentials, ref);
      const [decision] = await permissions.authorizeConditional(
        [{ permission: s3PostureRefreshPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`You may not refresh the posture of ${ref}`);
      }
      return toPosture(await service.assessInventoryNow(ref));
    }
    const entity = await this.readableBucket(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    const [decision] = await permissions.authorize(
      [{ permission: s3PostureRefreshPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not refresh the posture of ${entityRef}`,
      );
    }
    return toPosture(await service.assessNow(entity));
  }

  /**
   * The entity and the buckets its page rolls up, as far as the caller may see them: the
   * catalog's and the permissions' answer, kept a few seconds per caller. Null when the
   * caller cannot see the entity.
   */
  async rollUpOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{
    entityRef: string;
    bucketRefs: string[];
    via: ReadonlyMap<string, string[]>;
  } | null> {
    const { access, catalog, service } = this.options;
    return access.remember(credentials, `roll-up:${entityRef}`, async () => {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) return null;
      const scope = await access.scope(credentials);
      const via = await service.relatedBuckets(entity, credentials, {
        callerSeesAll: scope === 'all',
      });
      return {
        entityRef: stringifyEntityRef(entity),
        bucketRefs: await access.filterReadable(
          [...via.keys()],
          credentials,
          scope,
        ),
        via,
      };
    });
  }

  /** The roll-up of a Component, System, Group or User; null when the caller cannot see it. */
  async entitySummary(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityPostureSummary | null> {
    const rollUp = await this.rollUpOf(entityRef, credentials);
    if (!rollUp) return null;
    return toEntitySummary(
      await this.options.service.rollUp(
        rollUp.entityRef,
        rollUp.bucketRefs,
        rollUp.via,
      ),
    );
  }

  /**
   * The ref of the bucket named `bucket` (its AWS name) among those the caller may read:
   * its entity ref, or its inventory ref when no doc describes it. NotFoundError when there
   * is none; InputError naming the refs when several rows have that name (docs naming
   * different accounts).
   */
  async bucketRefByName(
    bucket: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const { access, service } = this.options;
    const [refs, inventory] = await Promise.all([
      access.readableBucketRefs(credentials),
      this.mayReadInventory(credentials),
    ]);
    const page = await service.listBuckets({
      q: bucket,
      refs,
      inventory,
      limit: 500,
      orderBy: 'name',
    });
    const matches = page.items.filter(i => i.bucket === bucket);
    if (matches.length === 0) {
      throw new NotFoundError(
        `No S3 bucket named ${bucket} whose posture you may read`,
      );
    }
    if (matches.length > 1) {
      throw new InputError(
        `Several bucket entities describe buckets named ${bucket}: ${matches
          .map(m => m.entityRef)
          .join(', ')}; ask by entityRef`,
      );
    }
    return matches[0].entityRef;
  }
}

/** True for `aws:…` refs: buckets of the inventory (bucket entity refs are always `resource:…`). */
function isInventoryRef(ref: string): ref is InventoryRef {
  return ref.startsWith('aws:');
}

/** Where a stored row comes from, as the API says it: an entity ref or an inventory ref. */
function originOf(record: BucketSummaryRecord): BucketOrigin {
  return withoutUndefined({
    ...(record.documented
      ? { entityRef: record.entityRef }
      : { inventoryRef: record.entityRef as InventoryRef }),
    documented: record.documented,
    suggestedOwners: record.suggestedOwners?.length
      ? record.suggestedOwners
      : undefined,
    suggestedService: record.suggestedService,
    lastError: record.lastError,
  });
}

/** The fields lists and the full posture share; unknown values are left out, not null. */
function knownFields(record: BucketSummaryRecord) {
  return withoutUndefined({
    ...originOf(record),
    bucket: record.bucket,
    arn: record.arn,
    accountId: record.accountId,
    region: record.region,
    owners: record.owners,
    service: record.service,
    status: record.status,
    score: record.score,
    checkedAt: record.checkedAt,
    stale: record.stale,
    counts: record.counts,
  });
}

function toListResponse(page: BucketPage): BucketListResponse {
  return {
    items: page.items.map(toSummary),
    totalCount: page.totalCount,
    statusCounts: page.statusCounts,
    documentedCounts: page.documentedCounts,
  };
}

export function toSummary(record: BucketSummaryRecord): BucketSummary {
  return {
    ...knownFields(record),
    ...withoutUndefined({ title: record.title }),
    failingChecks: record.failingChecks,
  };
}

export function toPosture(record: BucketRecord): BucketPosture {
  return {
    ...knownFields(record),
    profile: record.profile,
    checks: record.checks,
  };
}

export function toEntitySummary(rollUp: EntityRollUp): EntityPostureSummary {
  return {
    ...rollUp,
    buckets: rollUp.buckets.map(b => ({
      ...toSummary(b),
      ...(b.via?.length ? { via: b.via } : {}),
    })),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
