import { ScenarioAccount } from '../scenario/types';
import { World } from '../world';
import { leaf, node, xmlDocument } from '../xml';
import { S3_NS } from './bucketResponses';

/** ListBuckets parameters; with none of them, S3 answers the old way (no `BucketRegion`). */
const PARAMETERS = [
  'max-buckets',
  'continuation-token',
  'prefix',
  'bucket-region',
];

/** S3's bound on `max-buckets`, also its page size when the parameter is absent. */
const MAX_BUCKETS = 10_000;

/** S3 orders bucket names by their bytes, not by locale. */
function byName(a: { name: string }, b: { name: string }): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/**
 * ListBuckets of the calling account, sorted by name, with S3's optional paging
 * (`max-buckets`, `continuation-token`) and filters (`prefix`, `bucket-region`). As S3 does,
 * `BucketRegion` is only in the answer when the request has at least one of these parameters.
 */
export function listBuckets(
  world: World,
  account: ScenarioAccount,
  query: URLSearchParams,
): { xml: string } | { error: 'InvalidArgument' } {
  const prefix = query.get('prefix') ?? '';
  const region = query.get('bucket-region');
  const after = query.get('continuation-token');
  const maxParam = query.get('max-buckets');
  const max = maxParam === null ? MAX_BUCKETS : Number(maxParam);
  if (!Number.isInteger(max) || max < 1 || max > MAX_BUCKETS) {
    return { error: 'InvalidArgument' };
  }
  const withRegion = PARAMETERS.some(p => query.has(p));
  const all = world
    .bucketsOf(account.id)
    .filter(b => b.name.startsWith(prefix) && (!region || b.region === region))
    .sort(byName);
  const start = after
    ? all.findIndex(b => b.name > Buffer.from(after, 'base64').toString())
    : 0;
  const page = start < 0 ? [] : all.slice(start, start + max);
  const more = start >= 0 && start + max < all.length;
  return {
    xml: xmlDocument(
      'ListAllMyBucketsResult',
      S3_NS,
      node(
        'Owner',
        leaf('ID', account.canonicalUserId),
        leaf('DisplayName', account.name),
      ),
      node(
        'Buckets',
        ...page.map(b =>
          node(
            'Bucket',
            leaf('Name', b.name),
            leaf('CreationDate', b.createdAt),
            withRegion ? leaf('BucketRegion', b.region) : '',
          ),
        ),
      ),
      more
        ? leaf(
            'ContinuationToken',
            Buffer.from(page[page.length - 1].name).toString('base64'),
          )
        : '',
      prefix ? leaf('Prefix', prefix) : '',
    ),
  };
}
