import type {
  CheckAnchors,
  CheckCategory,
  CheckStatus,
  ProfileId,
  Severity,
} from '@s3-posture/plugin-s3-common';
import type {
  AccountSnapshot,
  BucketDocFacts,
  BucketSetting,
  BucketSnapshot,
} from './snapshot';

/**
 * What a check reads: the bucket's settings, its account's settings and what the catalog
 * says about it, all as collected for one assessment. Plain data, never an AWS SDK type.
 *
 * @public
 */
export interface S3PostureCheckInput {
  /** The bucket's own settings, one collected value per AWS call. */
  bucket: BucketSnapshot;
  /** Settings of the account that holds the bucket. */
  account: AccountSnapshot;
  /** What the bucket's doc says (owners, account). */
  doc: BucketDocFacts;
  /** The time of the assessment: use it instead of `new Date()`, so verdicts repeat. */
  now: Date;
}

/**
 * One check's verdict on one bucket. The engine adds the check's title, severity,
 * remediation and anchors.
 *
 * - `pass`: the bucket meets the rule;
 * - `fail`: it does not; `reason` says what was found;
 * - `error`: the check could not decide (a setting could not be read); never `pass`;
 * - `not-applicable`: the rule does not apply to this bucket.
 *
 * @public
 */
export interface S3PostureCheckVerdict {
  status: CheckStatus;
  /** One sentence a person can act on: what was found, or why it could not be decided. */
  reason: string;
  /** The configuration fields that decided it (never credentials). */
  evidence?: Record<string, unknown>;
}

/**
 * A check a backend module adds to the S3 posture plugin, through
 * {@link s3PostureChecksExtensionPoint}. It is judged, stored, scored, counted and shown
 * like the built-in checks.
 *
 * @example
 * ```ts
 * const costCenterTag: S3PostureCheck = {
 *   id: 'cost-center-tag',
 *   title: 'Bucket carries a cost-center tag',
 *   description: 'Passes when the bucket has a non-empty `cost-center` tag.',
 *   rationale: 'Finance charges storage back to the team that owns it.',
 *   remediation: 'aws s3api put-bucket-tagging --bucket <bucket> --tagging ...',
 *   category: 'house',
 *   severity: 'low',
 *   profiles: ['house-rules', 'strict'],
 *   reads: ['tagging'],
 *   evaluate({ bucket }) {
 *     if (bucket.tagging.status === 'error') {
 *       return { status: 'error', reason: `Tags could not be read: ${bucket.tagging.message}` };
 *     }
 *     const value = bucket.tagging.status === 'ok' ? bucket.tagging.value['cost-center'] : undefined;
 *     return value
 *       ? { status: 'pass', reason: `Tagged cost-center=${value}.` }
 *       : { status: 'fail', reason: 'The bucket has no cost-center tag.' };
 *   },
 * };
 * ```
 *
 * @public
 */
export interface S3PostureCheck {
  /**
   * Lowercase words joined by hyphens (`cost-center-tag`), at most 64 characters, unique
   * among all checks. Ids are API: they appear in REST responses and config keys
   * (`s3.posture.checks.<id>`). An id a built-in check already has stops the backend at
   * start-up with an error naming it.
   */
  id: string;
  title: string;
  /** What passes, in one or two sentences. */
  description: string;
  /** Why it matters: the risk a failing bucket carries. */
  rationale?: string;
  /** How to fix it, as markdown. */
  remediation: string;
  category: CheckCategory;
  /** Severity before config overrides (`s3.posture.checks.<id>.severity`). */
  severity: Severity;
  /** The profiles that run it; config can still enable or disable it. */
  profiles: ProfileId[];
  anchors?: CheckAnchors;
  /**
   * The bucket settings `evaluate` reads. They are collected even when no built-in check
   * needs them; a setting left out may be missing from the snapshot (`undefined`).
   */
  reads: BucketSetting[];
  /**
   * Judges one bucket. Pure: no I/O, no clock but `input.now`. A throw or a malformed
   * verdict becomes an `error` verdict naming the check; it never stops the refresh.
   */
  evaluate(input: S3PostureCheckInput): S3PostureCheckVerdict;
}
