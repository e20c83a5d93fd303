/**
 * How much a failing check matters.
 *
 * @public
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * Severities from most to least important.
 *
 * @public
 */
export const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

/**
 * The security categories of the S3 guidance, plus the house rules.
 *
 * @public
 */
export type CheckCategory =
  | 'access'
  | 'application'
  | 'network'
  | 'data'
  | 'integrity'
  | 'logging'
  | 'cost'
  | 'house';

/**
 * Every check category, in display order.
 *
 * @public
 */
export const CHECK_CATEGORIES: readonly CheckCategory[] = [
  'access',
  'application',
  'network',
  'data',
  'integrity',
  'logging',
  'cost',
  'house',
];

/**
 * Human titles of the categories, in display order.
 *
 * @public
 */
export const CHECK_CATEGORY_TITLES: Record<CheckCategory, string> = {
  access: 'Access control & identity',
  application: 'Application-level security',
  network: 'Network security & isolation',
  data: 'Data protection & encryption',
  integrity: 'Data integrity & deletion protection',
  logging: 'Logging & monitoring',
  cost: 'Storage & cost optimization',
  house: 'House rules',
};

/**
 * Every built-in check id. Ids are API: they appear in REST responses, facts and config
 * keys. Backend modules may add checks of their own (`@s3-posture/plugin-s3-node`), so a
 * check id in results and responses is any string; {@link CheckId} is a built-in one.
 *
 * @public
 */
export const CHECK_IDS = [
  'account-public-access-block',
  'bucket-public-access-block',
  'no-public-read',
  'no-public-write',
  'acls-disabled',
  'no-cross-account-sensitive-actions',
  'iam-least-privilege',
  'iam-keys-rotated',
  'iam-unused-credentials',
  'cors-restricted',
  'presigned-url-age-limited',
  'tls-only',
  'tls-minimum-version',
  'private-network-only',
  'default-encryption',
  'kms-encryption',
  'versioning-enabled',
  'mfa-delete-enabled',
  'object-lock-enabled',
  'cross-region-replication',
  'server-access-logging',
  'event-notifications',
  'lifecycle-configured',
  'versioned-lifecycle',
  'intelligent-tiering',
  'requester-pays-scoped',
  'naming-convention',
  'approved-region',
  'dedicated-iam-user',
  'documented-owner',
] as const;

/**
 * The id of a built-in check.
 *
 * @public
 */
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * Whether an id names a built-in check.
 *
 * @public
 */
export function isBuiltInCheckId(id: string): id is CheckId {
  return (CHECK_IDS as readonly string[]).includes(id);
}

/**
 * Where a check comes from in the standards engineers already know.
 *
 * @public
 */
export interface CheckAnchors {
  /** AWS Security Hub control id(s), e.g. `S3.5` or `IAM.1`. */
  securityHub?: string[];
  /** CIS AWS Foundations Benchmark recommendation(s), e.g. `2.1.1`. */
  cis?: string[];
  /** AWS Config managed rule name(s). */
  awsConfig?: string[];
  /** Prowler check id(s). */
  prowler?: string[];
  /** The team's own security guidance this check comes from. */
  guidance?: string[];
}

/**
 * A control in the check catalog: what it looks for and how to fix it. Built-in checks and
 * those a backend module adds share this shape.
 *
 * @public
 */
export interface CheckDefinition {
  /** Lowercase words joined by hyphens, unique among all checks (`cost-center-tag`). */
  id: string;
  title: string;
  category: CheckCategory;
  /** Severity before profile and config overrides. */
  severity: Severity;
  /** What passes, in one or two sentences. */
  description: string;
  /** Why it matters: the risk a failing bucket carries. */
  rationale: string;
  /** How to fix it, as markdown: console steps and a CLI command or policy snippet. */
  remediation: string;
  anchors: CheckAnchors;
}

/**
 * A built-in check's definition.
 *
 * @public
 */
export interface BuiltInCheckDefinition extends CheckDefinition {
  id: CheckId;
}
