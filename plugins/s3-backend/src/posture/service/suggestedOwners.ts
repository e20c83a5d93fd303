import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BucketSnapshot } from '@s3-posture/plugin-s3-node';

/**
 * Suggested owners and service of an undocumented bucket: the values of its owner tags
 * (`s3.inventory.ownerTagKeys`) that name catalog groups or users, and a component.
 * A full ref is taken as given, a bare name as group:, user: or component:default/<name>.
 */
export async function suggestionsFor(
  bucket: BucketSnapshot,
  options: {
    catalog: CatalogService;
    auth: AuthService;
    ownerTagKeys: readonly string[];
  },
): Promise<{ suggestedOwners: string[]; suggestedService?: string }> {
  const { catalog, auth, ownerTagKeys } = options;
  const tags = bucket.tagging?.status === 'ok' ? bucket.tagging.value : {};
  const candidates = new Set<string>();
  for (const key of ownerTagKeys) {
    const value = tags[key]?.trim();
    if (!value || value.length > 255) continue;
    const refs = value.includes(':')
      ? [value]
      : ['group', 'user', 'component'].map(k => `${k}:default/${value}`);
    for (const ref of refs) {
      try {
        candidates.add(stringifyEntityRef(parseEntityRef(ref)));
      } catch {
        // Not a ref: a tag value like "cc-4410" names no entity.
      }
    }
  }
  if (candidates.size === 0) return { suggestedOwners: [] };
  const refs = [...candidates];
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs: refs,
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  const found = items.flatMap(e => (e ? [stringifyEntityRef(e)] : []));
  return {
    suggestedOwners: found.filter(
      r => r.startsWith('group:') || r.startsWith('user:'),
    ),
    suggestedService: found.find(r => r.startsWith('component:')),
  };
}
