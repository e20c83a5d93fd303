import { PostureStatus } from '@s3-posture/plugin-s3-common';
import { BucketQuery } from '../service/types';

/** How many buckets have one status and one documented state (a list's grouped count). */
export interface BucketCountGroup {
  status: PostureStatus;
  documented: boolean;
  count: number;
}

/**
 * Every count a list page shows, from the grouped count over its filters other than status
 * and documented: the total that match all of them, per status among those matching the
 * documented filter, and documented or not among those matching the status filter.
 */
export function countsOf(
  groups: BucketCountGroup[],
  query: Pick<BucketQuery, 'status' | 'documented'>,
): {
  totalCount: number;
  statusCounts: Record<PostureStatus, number>;
  documentedCounts: { documented: number; undocumented: number };
} {
  const statusCounts: Record<PostureStatus, number> = {
    compliant: 0,
    'at-risk': 0,
    'non-compliant': 0,
    unknown: 0,
  };
  const documentedCounts = { documented: 0, undocumented: 0 };
  let totalCount = 0;
  for (const group of groups) {
    const inStatus =
      !query.status?.length || query.status.includes(group.status);
    const inDocumented =
      query.documented === undefined || group.documented === query.documented;
    if (inDocumented) statusCounts[group.status] += group.count;
    if (inStatus) {
      documentedCounts[group.documented ? 'documented' : 'undocumented'] +=
        group.count;
    }
    if (inStatus && inDocumented) totalCount += group.count;
  }
  return { totalCount, statusCounts, documentedCounts };
}
