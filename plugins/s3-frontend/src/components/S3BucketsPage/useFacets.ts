import { parseEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { S3_BUCKET_RESOURCE_TYPE } from '@s3-posture/plugin-s3-common';
import useAsync from 'react-use/esm/useAsync';

export interface FacetOption {
  value: string;
  label: string;
  count?: number;
}

export interface BucketFacets {
  owners: FacetOption[];
  services: FacetOption[];
  accounts: FacetOption[];
}

const EMPTY: BucketFacets = { owners: [], services: [], accounts: [] };

function refOptions(
  facets: Array<{ value: string; count: number }> | undefined,
  defaultKind: string,
): FacetOption[] {
  return (facets ?? [])
    .map(({ value, count }) => {
      try {
        const ref = parseEntityRef(value, { defaultKind });
        return {
          value,
          label: humanizeEntityRef(ref, { defaultKind }),
          count,
        };
      } catch {
        return { value, label: value, count };
      }
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * Choices for the owner, service and account filters, counted by the catalog over
 * every bucket entity (one request, however many buckets), asked for once `enabled`.
 * Without a catalog API the filters still accept typed values.
 */
export function useBucketFacets(enabled = true): BucketFacets {
  const apis = useApiHolder();
  const catalogApi = apis.get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!catalogApi || !enabled) return EMPTY;
    const accountKey = 'metadata.annotations.amazonaws.com/account-id';
    const { facets } = await catalogApi.getEntityFacets({
      filter: { kind: 'resource', 'spec.type': S3_BUCKET_RESOURCE_TYPE },
      facets: ['relations.ownedBy', 'relations.dependencyOf', accountKey],
    });
    const find = (name: string) =>
      Object.entries(facets).find(
        ([k]) =>
          k.toLocaleLowerCase('en-US') === name.toLocaleLowerCase('en-US'),
      )?.[1];
    return {
      owners: refOptions(find('relations.ownedBy'), 'group'),
      services: refOptions(
        find('relations.dependencyOf')?.filter(f =>
          f.value.toLocaleLowerCase('en-US').startsWith('component:'),
        ),
        'component',
      ),
      accounts: (find(accountKey) ?? [])
        .map(({ value: v, count }) => ({ value: v, label: v, count }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    };
  }, [catalogApi, enabled]);
  return value ?? EMPTY;
}
