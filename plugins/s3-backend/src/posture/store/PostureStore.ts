import {
  BucketError,
  PostureStatus,
  ProfileId,
} from '@s3-posture/plugin-s3-common';
import {
  Assessment,
  BucketIdentity,
  BucketQuery,
  BucketRecord,
  BucketSummaryRecord,
  HistoryEntry,
  InventoryAccountRecord,
  PreviousVerdict,
  SavedAssessment,
} from '../service/types';
import { BucketCountGroup } from './listCounts';

/** A stored bucket as the refresh loop sees it. */
export interface StoredRef {
  entityRef: string;
  lastAttemptAt?: string;
  documented: boolean;
  /** Undocumented buckets: the region their listing or assessment found. */
  region?: string;
}

/** A bucket of an account's listing with no doc (DESIGN §15). */
export interface InventoryBucket {
  inventoryRef: string;
  bucket: string;
  /** From the listing's `BucketRegion`, when the server names it. */
  region?: string;
}

/**
 * Where the posture service keeps verdicts (DESIGN §4 "Store"): the latest assessment per
 * bucket with its snapshot, the bucket's owners, and a bounded history. Only the service
 * talks to it. {@link DatabasePostureStore} keeps it in the plugin's database.
 */
export interface PostureStore {
  /**
   * Goes up with every change this instance writes: answers derived from stored verdicts
   * may be cached under it. Changes written by other instances do not count.
   */
  readonly revision: number;

  /**
   * Makes sure every given bucket has a row (status `unknown` until first assessed) and
   * that its identity is current. Verdicts are left as they are. A new documented bucket
   * whose bucket has an undocumented row takes that row over, history included; their refs
   * are returned.
   */
  upsertIdentities(
    identities: BucketIdentity[],
    profile: ProfileId,
  ): Promise<string[]>;

  /**
   * Stores a finished assessment and appends it to the bounded history. Of two overlapping
   * assessments of one bucket, the newer stays the latest verdict. Returns the verdict it
   * replaced, read in the same transaction (with several instances on one database, each
   * stored verdict replaces a different one, so a change is seen once).
   */
  saveAssessment(assessment: Assessment): Promise<SavedAssessment>;

  /**
   * Records a refresh that could not assess the bucket at all: the last good verdicts stay,
   * marked stale; a bucket never assessed stays `unknown`.
   */
  markFailed(
    entityRef: string,
    error: Omit<BucketError, 'at'>,
    attemptedAt: string,
  ): Promise<void>;

  /**
   * The bucket a doc names does not exist: `unknown`, no score, no checks; history kept.
   * Returns the verdict it replaced when this call is the one that found a judged bucket
   * missing (once, whichever replica gets there first); undefined otherwise.
   */
  markMissing(
    entityRef: string,
    error: Omit<BucketError, 'at'>,
    attemptedAt: string,
  ): Promise<PreviousVerdict | undefined>;

  /** One bucket's posture with every check and the snapshot that decided them. */
  get(
    entityRef: string,
  ): Promise<(BucketRecord & { snapshot?: unknown }) | undefined>;

  /** A page of buckets, filtered and ordered, and the total that match. */
  list(
    query: BucketQuery,
  ): Promise<{ items: BucketSummaryRecord[]; totalCount: number }>;

  /** A page of buckets, filtered and ordered, without counting them. */
  page(query: BucketQuery): Promise<BucketSummaryRecord[]>;

  /**
   * The buckets matching the query's filters other than status and documented, counted by
   * status and documented (every count of a list page follows: `countsOf`).
   */
  countGroups(
    query: Omit<BucketQuery, 'status' | 'documented'>,
  ): Promise<BucketCountGroup[]>;

  /** Buckets per status among those matching the query's other filters. */
  countByStatus(
    query: Omit<BucketQuery, 'status'>,
  ): Promise<Record<PostureStatus, number>>;

  /** Documented and undocumented buckets among those matching the query's other filters. */
  countByDocumented(
    query: Omit<BucketQuery, 'documented'>,
  ): Promise<{ documented: number; undocumented: number }>;

  /** Stored verdicts of the given buckets; refs not in the store are left out. */
  getMany(entityRefs: string[]): Promise<BucketSummaryRecord[]>;

  /** A bucket's past assessments, newest first. */
  history(entityRef: string, limit: number): Promise<HistoryEntry[]>;

  /** Every stored bucket ref with its last attempt, for the refresh loop. */
  listRefs(): Promise<StoredRef[]>;

  /** Forgets buckets that left the catalog. */
  remove(entityRefs: string[]): Promise<void>;

  /** Of the given bucket names, those a stored doc describes (in any account). */
  documentedBuckets(names: string[]): Promise<Set<string>>;

  /** One page of an account's listing: new undocumented rows, the others marked seen. */
  upsertInventory(
    accountId: string,
    buckets: InventoryBucket[],
    seenAt: string,
    profile: ProfileId,
  ): Promise<void>;

  /** Removes the account's undocumented buckets the listing begun at `listedSince` did not see. */
  sweepInventory(accountId: string, listedSince: string): Promise<number>;

  /** Removes every undocumented bucket (the inventory is off). */
  removeUndocumented(): Promise<number>;

  /** What an account's latest `ListBuckets` answered. */
  recordListing(
    accountId: string,
    outcome: { listedAt: string; bucketCount: number } | { error: BucketError },
  ): Promise<void>;

  /** The given accounts with their stored bucket counts and latest listing. */
  inventoryAccounts(accountIds: string[]): Promise<InventoryAccountRecord[]>;
}
