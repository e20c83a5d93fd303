/**
 * Roll-ups: which buckets an entity's page shows (from catalog relations) and what they
 * add up to. The router decides which of them the caller may read.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  S3_BUCKET_RESOURCE_TYPE,
  worstStatus,
} from '@s3-posture/plugin-s3-common';
import { BucketSummaryRecord, EntityRollUp } from './types';

/** Child groups followed at most this deep below the group whose roll-up is asked for. */
const MAX_GROUP_DEPTH = 8;

/**
 * The buckets an entity's page rolls up, from catalog relations the caller can see, each with
 * how it is related: the entity refs between the entity and the bucket (`via`, empty when
 * direct; the shortest way found).
 * - a Component: the resources it depends on;
 * - a System: its resource parts, and its components' buckets (via the component);
 * - a Group: the buckets it owns, those of the Components and Systems it owns (via them),
 *   and those of its child groups, down the tree (via the child group);
 * - a User: the buckets they own.
 * With `callerSeesAll`, related resources are returned without asking the catalog which are
 * S3 buckets: the store knows.
 */
export async function relatedBuckets(
  catalog: CatalogService,
  entity: Entity,
  credentials: BackstageCredentials,
  callerSeesAll: boolean,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const add = (refs: string[], via: string[]) => {
    for (const ref of refs) {
      if (ref.startsWith('resource:') && !found.has(ref)) found.set(ref, via);
    }
  };
  const fetch = async (refs: string[]): Promise<Entity[]> => {
    if (refs.length === 0) return [];
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: [...new Set(refs)],
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      },
      { credentials },
    );
    return items.filter((e): e is Entity => Boolean(e));
  };
  const addComponents = async (
    components: Array<{ ref: string; via: string[] }>,
  ) => {
    const viaOf = new Map<string, string[]>();
    for (const c of components) if (!viaOf.has(c.ref)) viaOf.set(c.ref, c.via);
    for (const component of await fetch([...viaOf.keys()])) {
      const ref = stringifyEntityRef(component);
      add(related(RELATION_DEPENDS_ON, component), [
        ...(viaOf.get(ref) ?? []),
        ref,
      ]);
    }
  };

  /** A system's parts and its components' dependencies. */
  const addSystems = async (
    systems: Array<{ system: Entity; via: string[] }>,
  ) => {
    const components: Array<{ ref: string; via: string[] }> = [];
    for (const { system, via } of systems) {
      const parts = related(RELATION_HAS_PART, system);
      add(parts, via);
      components.push(
        ...parts
          .filter(p => p.startsWith('component:'))
          .map(ref => ({ ref, via })),
      );
    }
    await addComponents(components);
  };
  switch (entity.kind.toLowerCase()) {
    case 'component':
      add(related(RELATION_DEPENDS_ON, entity), []);
      break;
    case 'system':
      await addSystems([{ system: entity, via: [] }]);
      break;
    case 'group': {
      // Breadth first, so that the shortest way to a bucket is the one kept.
      const seen = new Set([stringifyEntityRef(entity)]);
      let level: Array<{ group: Entity; via: string[] }> = [
        { group: entity, via: [] },
      ];
      for (let depth = 0; level.length > 0; depth++) {
        for (const { group, via } of level) {
          add(related(RELATION_OWNER_OF, group), via);
        }
        await addComponents(ownedBy(level, 'component:'));
        const systems = ownedBy(level, 'system:');
        const systemVia = new Map(systems.map(s => [s.ref, s.via]));
        await addSystems(
          (await fetch(systems.map(s => s.ref))).map(system => {
            const ref = stringifyEntityRef(system);
            return { system, via: [...(systemVia.get(ref) ?? []), ref] };
          }),
        );
        if (depth >= MAX_GROUP_DEPTH) break;
        const children = childGroupsOf(level, seen);
        children.forEach(c => seen.add(c.ref));
        const childVia = new Map(children.map(c => [c.ref, c.via]));
        level = (await fetch(children.map(c => c.ref))).map(group => {
          const ref = stringifyEntityRef(group);
          return { group, via: [...(childVia.get(ref) ?? []), ref] };
        });
      }
      break;
    }
    default:
      add(related(RELATION_OWNER_OF, entity), []);
  }
  if (callerSeesAll) return found;
  // Only what the caller can see in the catalog.
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs: [...found.keys()],
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.type'],
    },
    { credentials },
  );
  const visible = new Set(
    items
      .filter(
        (e): e is Entity =>
          Boolean(e) && e!.spec?.type === S3_BUCKET_RESOURCE_TYPE,
      )
      .map(e => stringifyEntityRef(e)),
  );
  return new Map([...found].filter(([ref]) => visible.has(ref)));
}

/** The entities of a kind (`component:`, `system:`) the groups own, with their way there. */
function ownedBy(
  groups: Array<{ group: Entity; via: string[] }>,
  prefix: string,
): Array<{ ref: string; via: string[] }> {
  return groups.flatMap(({ group, via }) =>
    related(RELATION_OWNER_OF, group)
      .filter(r => r.startsWith(prefix))
      .map(ref => ({ ref, via })),
  );
}

/** The groups' child groups not seen yet, with their parent's way there. */
function childGroupsOf(
  groups: Array<{ group: Entity; via: string[] }>,
  seen: ReadonlySet<string>,
): Array<{ ref: string; via: string[] }> {
  return groups.flatMap(({ group, via }) =>
    related(RELATION_PARENT_OF, group)
      .filter(r => r.startsWith('group:') && !seen.has(r))
      .map(ref => ({ ref, via })),
  );
}

function related(type: string, e: Entity): string[] {
  return (e.relations ?? []).filter(r => r.type === type).map(r => r.targetRef);
}

/**
 * What an entity's buckets add up to: the worst status and score, and each bucket with how it
 * is related (`via`, left out when direct).
 */
export function summarize(
  entityRef: string,
  records: BucketSummaryRecord[],
  via: ReadonlyMap<string, string[]> = new Map(),
): EntityRollUp {
  const scores = records.flatMap(r => (r.score === undefined ? [] : [r.score]));
  return {
    entityRef,
    status: worstStatus(records.map(r => r.status)),
    bucketCount: records.length,
    nonCompliantCount: records.filter(r => r.status === 'non-compliant').length,
    ...(scores.length ? { worstScore: Math.min(...scores) } : {}),
    buckets: records.map(r => {
      const path = via.get(r.entityRef);
      return path?.length ? { ...r, via: path } : r;
    }),
  };
}
