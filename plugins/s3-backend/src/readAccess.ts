import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LRUCache } from 'lru-cache';
import {
  S3_BUCKET_RESOURCE_TYPE,
  s3PostureReadPermission,
} from '@s3-posture/plugin-s3-common';

/**
 * How much of the bucket posture a caller may read:
 * - `all`: the catalog shows them every entity and the posture of every bucket is theirs to
 *   read, without conditions, so no bucket needs checking one by one;
 * - `none`: the posture of no bucket, or no catalog entity at all;
 * - `some`: conditional policies: each bucket is checked.
 */
export type ReadScope = 'all' | 'none' | 'some';

/**
 * Answers what a caller may read, from the permission backend and the catalog, and keeps
 * each answer for `ttlSeconds` (config `s3.posture.accessCacheSeconds`) per caller, in this
 * process: a page that asks the same question many times a minute costs one round of
 * permission and catalog requests. Answers built from stored verdicts are kept under the
 * store's revision, so a verdict this instance stores shows at once (one stored by another
 * instance, within `ttlSeconds`). 0 turns the cache off.
 */
export class ReadAccess {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      ttlSeconds: number;
    },
  ) {
    this.answers =
      options.ttlSeconds > 0
        ? new LRUCache({ max: 1000, ttl: options.ttlSeconds * 1000 })
        : undefined;
  }

  private readonly answers?: LRUCache<string, { value: Promise<unknown> }>;

  async scope(credentials: BackstageCredentials): Promise<ReadScope> {
    return this.remember(credentials, 'scope', async () => {
      const [catalogRead, postureRead] =
        await this.options.permissions.authorizeConditional(
          [
            { permission: catalogEntityReadPermission },
            { permission: s3PostureReadPermission },
          ],
          { credentials },
        );
      const results = [catalogRead.result, postureRead.result];
      if (results.includes(AuthorizeResult.DENY)) return 'none';
      if (results.every(r => r === AuthorizeResult.ALLOW)) return 'all';
      return 'some';
    });
  }

  /**
   * Every bucket entity the caller can see in the catalog and may read the posture of;
   * undefined when that is every bucket (scope `all`).
   */
  async readableBucketRefs(
    credentials: BackstageCredentials,
  ): Promise<string[] | undefined> {
    const scope = await this.scope(credentials);
    if (scope === 'all') return undefined;
    if (scope === 'none') return [];
    return this.remember(credentials, 'buckets', async () => {
      const refs: string[] = [];
      for await (const page of this.options.catalog.streamEntities(
        {
          filter: { kind: 'resource', 'spec.type': S3_BUCKET_RESOURCE_TYPE },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      )) {
        refs.push(...page.map(e => stringifyEntityRef(e)));
      }
      return this.filterReadable(refs, credentials, scope);
    });
  }

  /** Of the given bucket refs, those whose posture the caller may read. */
  async filterReadable(
    refs: string[],
    credentials: BackstageCredentials,
    scope?: ReadScope,
  ): Promise<string[]> {
    const decided = scope ?? (await this.scope(credentials));
    if (refs.length === 0 || decided === 'none') return [];
    if (decided === 'all') return refs;
    const decisions = await this.options.permissions.authorize(
      refs.map(resourceRef => ({
        permission: s3PostureReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW);
  }

  /**
   * The answer of `compute` for this caller and key: from the cache while fresh, else
   * computed and kept. Callers are told apart by their principal. The cache is this
   * process's own: answers keyed by this instance's state (the store's revision) mean
   * nothing to another instance, and large ones would be copied and parsed on every read
   * of a shared cache.
   */
  async remember<T>(
    credentials: BackstageCredentials,
    key: string,
    compute: () => Promise<T>,
  ): Promise<T> {
    const answers = this.answers;
    if (!answers) return compute();
    const cacheKey = cacheKeyOf(credentials, key);
    const cached = answers.get(cacheKey);
    if (cached) return cached.value as Promise<T>;
    // The answer in the making is kept, so requests arriving meanwhile share its one round
    // of permission and catalog calls; a failure is not kept.
    const value = compute();
    const entry = { value };
    answers.set(cacheKey, entry);
    value.catch(() => {
      if (answers.get(cacheKey) === entry) answers.delete(cacheKey);
    });
    return value;
  }
}

/** Keyed by caller: one caller never sees another's answers. */
function cacheKeyOf(credentials: BackstageCredentials, key: string): string {
  return `access:${callerOf(credentials)}:${key}`;
}

function callerOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${principal.userEntityRef ?? principal.subject ?? ''}`;
}
