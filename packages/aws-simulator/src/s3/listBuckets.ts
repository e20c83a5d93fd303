import { ScenarioAccount } from '../scenario/types';
import { World } from '../world';
import { leaf, node, xmlDocument } from '../xml';
import { S3_NS } from './bucketResponses';

/**
 * ListBuckets of the calling account, sorted by name, with S3's optional paging
 * (`max-buckets`, `continuation-token`) and filters (`prefix`, `bucket-region`).
 */
export function listBuckets(
  world: World,
  account: ScenarioAccount,
  query: URLSearchParams,
): string {
  const prefix = query.get('prefix') ?? '';
  const region = query.get('bucket-region');
  const after = query.get('continuation-token');
  const max = Number(query.get('max-buckets') ?? '10000');
  const all = world
    .bucketsOf(account.id)
    .filter(b => b.name.startsWith(prefix) && (!region || b.region === region))
    .sort((a, b) => a.name.localeCompare(b.name));
  const start = after
    ? all.findIndex(b => b.name > Buffer.from(after, 'base64').toString())
    : 0;
  const page = start < 0 ? [] : all.slice(start, start + max);
  const more = start >= 0 && start + max < all.length;
  return xmlDocument(
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
          leaf('BucketRegion', b.region),
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
  );
}
