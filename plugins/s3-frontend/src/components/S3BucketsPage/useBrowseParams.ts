import {
  BUCKET_ORDER_FIELDS,
  POSTURE_STATUSES,
  PostureStatus,
} from '@s3-posture/plugin-s3-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { BucketListQuery, BucketOrderField } from '../../api';

/** The browse page's state; all of it lives in the URL query string. */
export interface BrowseParams {
  q: string;
  owner?: string;
  service?: string;
  /** An entity whose roll-up to show: the buckets its S3 card counts. */
  relatedTo?: string;
  account?: string;
  region?: string;
  status: PostureStatus[];
  /** `false`: only the buckets no doc describes (`documented=false` in the URL). */
  documented?: boolean;
  orderBy: BucketOrderField;
  order: 'asc' | 'desc';
  /** Zero-based page index (one-based in the URL). */
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [25, 50, 100];
export const DEFAULT_PAGE_SIZE = 25;

/** The natural direction of each sort: worst first, newest first, A to Z. */
export const DEFAULT_ORDER: Record<BucketOrderField, 'asc' | 'desc'> = {
  score: 'asc',
  status: 'asc',
  checkedAt: 'desc',
  name: 'asc',
};

export const DEFAULT_ORDER_BY: BucketOrderField = 'score';

export function parseBrowseParams(search: URLSearchParams): BrowseParams {
  const str = (key: string) => search.get(key)?.trim() || undefined;
  const orderByRaw = str('orderBy') as BucketOrderField | undefined;
  const orderBy =
    orderByRaw && BUCKET_ORDER_FIELDS.includes(orderByRaw)
      ? orderByRaw
      : DEFAULT_ORDER_BY;
  const orderRaw = str('order');
  const order =
    orderRaw === 'asc' || orderRaw === 'desc'
      ? orderRaw
      : DEFAULT_ORDER[orderBy];
  const page = Math.max(1, Number.parseInt(str('page') ?? '1', 10) || 1) - 1;
  const sizeRaw = Number.parseInt(str('pageSize') ?? '', 10);
  const pageSize = PAGE_SIZES.includes(sizeRaw) ? sizeRaw : DEFAULT_PAGE_SIZE;
  const status = (str('status') ?? '')
    .split(',')
    .map(s => s.trim())
    .filter((s): s is PostureStatus =>
      POSTURE_STATUSES.includes(s as PostureStatus),
    );
  const documentedRaw = str('documented');
  return {
    q: str('q') ?? '',
    owner: str('owner'),
    service: str('service'),
    relatedTo: str('relatedTo'),
    account: str('account'),
    region: str('region'),
    status,
    documented:
      documentedRaw === 'true' || documentedRaw === 'false'
        ? documentedRaw === 'true'
        : undefined,
    orderBy,
    order,
    page,
    pageSize,
  };
}

/** Only what differs from the defaults, so URLs stay short and shareable. */
export function serializeBrowseParams(params: BrowseParams): URLSearchParams {
  const out = new URLSearchParams();
  if (params.q.trim()) out.set('q', params.q.trim());
  for (const key of [
    'owner',
    'service',
    'relatedTo',
    'account',
    'region',
  ] as const) {
    if (params[key]) out.set(key, params[key]!);
  }
  if (params.status.length) out.set('status', params.status.join(','));
  if (params.documented !== undefined) {
    out.set('documented', String(params.documented));
  }
  if (params.orderBy !== DEFAULT_ORDER_BY) out.set('orderBy', params.orderBy);
  if (params.order !== DEFAULT_ORDER[params.orderBy]) {
    out.set('order', params.order);
  }
  if (params.page > 0) out.set('page', String(params.page + 1));
  if (params.pageSize !== DEFAULT_PAGE_SIZE) {
    out.set('pageSize', String(params.pageSize));
  }
  return out;
}

export function toListQuery(params: BrowseParams): BucketListQuery {
  return {
    q: params.q.trim() || undefined,
    owner: params.owner,
    service: params.service,
    relatedTo: params.relatedTo,
    account: params.account,
    region: params.region,
    status: params.status.length ? params.status : undefined,
    documented: params.documented,
    orderBy: params.orderBy,
    order: params.order,
    offset: params.page * params.pageSize,
    limit: params.pageSize,
  };
}

export function hasFilters(params: BrowseParams): boolean {
  return Boolean(
    params.q.trim() ||
    params.owner ||
    params.service ||
    params.relatedTo ||
    params.account ||
    params.region ||
    params.status.length ||
    params.documented !== undefined,
  );
}

/** The browse state from the URL, and a setter that writes it back. */
export function useBrowseParams(): [
  BrowseParams,
  (update: Partial<BrowseParams>, options?: { replace?: boolean }) => void,
] {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => parseBrowseParams(search), [search]);
  const update = useCallback(
    (patch: Partial<BrowseParams>, options?: { replace?: boolean }) => {
      setSearch(
        prev => {
          const current = parseBrowseParams(prev);
          const next = { ...current, ...patch };
          // Any change other than paging starts again at the first page.
          if (!('page' in patch)) next.page = 0;
          return serializeBrowseParams(next);
        },
        { replace: options?.replace },
      );
    },
    [setSearch],
  );
  return [params, update];
}
