/**
 * The posture domain as the service, the store and the router share it: what the catalog
 * says a bucket is, what an assessment found, and the queries lists run. The store
 * persists these; it does not define them.
 */
import {
  BucketError,
  CheckCounts,
  CheckResult,
  FailingCheck,
  InventoryAccount,
  PostureStatus,
  ProfileId,
} from '@s3-posture/plugin-s3-common';

/**
 * What the catalog (or, for an undocumented bucket, the account's listing) says a bucket
 * is: stored so lists can filter without the catalog.
 */
export interface BucketIdentity {
  /**
   * The key of the bucket's row: its entity ref when a doc describes it, else its
   * inventory ref `aws:<account>/<bucket>` (DESIGN §15).
   */
  entityRef: string;
  /** False for a bucket of the inventory: no doc, no owners, `accountId` always set. */
  documented: boolean;
  title?: string;
  bucket: string;
  arn: string;
  /** The account the doc names; replaced by the located account once assessed. */
  accountId?: string;
  /** Undocumented buckets: the region their listing named, when known (saves a locate). */
  region?: string;
  owners: string[];
  service?: string;
}

/** One bucket's stored verdict, as lists and roll-ups show it: failing checks only. */
export interface BucketSummaryRecord extends BucketIdentity {
  region?: string;
  profile: ProfileId;
  status: PostureStatus;
  score?: number;
  counts: CheckCounts;
  /** The failing checks, most severe first. */
  failingChecks: FailingCheck[];
  checkedAt?: string;
  stale: boolean;
  lastError?: BucketError;
  lastAttemptAt?: string;
  /** Undocumented buckets: catalog groups/users named by the bucket's owner tags. */
  suggestedOwners?: string[];
  /** Undocumented buckets: a catalog component named by the bucket's owner tags. */
  suggestedService?: string;
}

/** The verdict an assessment replaced, as far as comparing them needs. */
export interface PreviousVerdict {
  status: PostureStatus;
  score?: number;
  checkedAt: string;
  failingChecks: FailingCheck[];
}

/** What storing an assessment did. */
export interface SavedAssessment {
  /**
   * False when a newer assessment of the bucket had been stored meanwhile (another
   * instance, a manual refresh): this one went into the history only.
   */
  latest: boolean;
  /** The verdict this one replaced; undefined for the bucket's first assessment. */
  previous?: PreviousVerdict;
}

/**
 * A new latest verdict, as the posture service reports it once stored (to the notifier):
 * the bucket, its owners, and the verdict it replaced. Reported once per stored verdict,
 * by the instance that stored it.
 */
export interface AssessedBucket {
  /** The entity ref, or the inventory ref of an undocumented bucket. */
  entityRef: string;
  /** False for an undocumented bucket: no owners to tell. */
  documented: boolean;
  bucket: string;
  accountId?: string;
  owners: string[];
  previous?: PreviousVerdict;
  current: {
    status: PostureStatus;
    score?: number;
    failingChecks: FailingCheck[];
    /** Ids of the checks that could not be decided. */
    erroredChecks: string[];
    /** Set when the bucket was not found in AWS (`NoSuchBucket`): no verdict. */
    missing?: { code: string; message: string };
  };
}

/** One bucket's stored posture with every check. */
export interface BucketRecord extends BucketSummaryRecord {
  checks: CheckResult[];
}

/** A finished assessment, to be stored. */
export interface Assessment {
  identity: BucketIdentity;
  accountId: string;
  region: string;
  profile: ProfileId;
  status: PostureStatus;
  score?: number;
  counts: CheckCounts;
  checks: CheckResult[];
  /** The raw collected configuration (holds policy documents: served only with permission). */
  snapshot: unknown;
  checkedAt: string;
  /** How it was triggered: `scheduled`, `manual`, or `event: <eventName>, ...`. */
  trigger?: string;
  /** Undocumented buckets: catalog groups/users their owner tags name. */
  suggestedOwners?: string[];
  /** Undocumented buckets: a catalog component their owner tags name. */
  suggestedService?: string;
}

export interface HistoryEntry {
  checkedAt: string;
  status: PostureStatus;
  score?: number;
  counts: CheckCounts;
  /** How it was triggered; absent on entries stored before it was recorded. */
  trigger?: string;
}

export type BucketOrderField = 'score' | 'name' | 'checkedAt' | 'status';

export interface BucketQuery {
  /** Only these documented buckets' entity refs (what the caller may see); undefined = all. */
  refs?: string[];
  /**
   * Whether undocumented buckets may be listed and counted at all (the caller holds
   * `s3.inventory.read`). Default false: they are left out, counts included.
   */
  inventory?: boolean;
  /** Only documented (true) or only undocumented (false) buckets; both when unset. */
  documented?: boolean;
  /** Free text: bucket name, entity ref or title. */
  q?: string;
  owner?: string;
  service?: string;
  account?: string;
  region?: string;
  status?: PostureStatus[];
  orderBy?: BucketOrderField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** A page of buckets, the total that match, and how many match per status. */
export interface BucketPage {
  items: BucketSummaryRecord[];
  totalCount: number;
  /** Buckets per status among all that match the filters other than status. */
  statusCounts: Record<PostureStatus, number>;
  /** Documented and undocumented buckets among all that match the filters other than `documented`. */
  documentedCounts: { documented: number; undocumented: number };
}

/** Per configured account: what its last listing found (`GET /v1/inventory/accounts`). */
export type InventoryAccountRecord = InventoryAccount;

/** An entity's buckets and their worst status (the entity pages' roll-up). */
export interface EntityRollUp {
  entityRef: string;
  /** The worst status among the entity's buckets; `unknown` when it has none. */
  status: PostureStatus;
  bucketCount: number;
  nonCompliantCount: number;
  /** Lowest score among assessed buckets. */
  worstScore?: number;
  /**
   * Each bucket, with `via`: the entity refs between the entity and the bucket (e.g. the
   * component a group owns), left out when the entity owns or uses it directly.
   */
  buckets: Array<BucketSummaryRecord & { via?: string[] }>;
}
