import { getCheckDefinition } from './definitions';
import { CHECK_IDS, CheckId, Severity } from './types';

/** @public */
export const PROFILE_IDS = [
  'aws-foundational',
  'strict',
  'house-rules',
] as const;
/** @public */
export type ProfileId = (typeof PROFILE_IDS)[number];

/**
 * A profile chooses which checks run and may change their severity.
 *
 * @public
 */
export interface ProfileDefinition {
  id: ProfileId;
  title: string;
  description: string;
  checks: CheckId[];
  /** Severities that differ from the check catalog's. */
  severities?: Partial<Record<CheckId, Severity>>;
}

/** The controls with a Security Hub, CIS or AWS Config anchor. */
const FOUNDATIONAL: CheckId[] = [
  'account-public-access-block',
  'bucket-public-access-block',
  'no-public-read',
  'no-public-write',
  'acls-disabled',
  'no-cross-account-sensitive-actions',
  'iam-least-privilege',
  'iam-keys-rotated',
  'iam-unused-credentials',
  'tls-only',
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
];

const HOUSE: CheckId[] = [
  'naming-convention',
  'approved-region',
  'dedicated-iam-user',
  'documented-owner',
];

/** Keeps the catalog's order, whatever order the lists above use. */
function inCatalogOrder(ids: CheckId[]): CheckId[] {
  const wanted = new Set(ids);
  return CHECK_IDS.filter(id => wanted.has(id));
}

/** @public */
export const PROFILES: Record<ProfileId, ProfileDefinition> = {
  'aws-foundational': {
    id: 'aws-foundational',
    title: 'AWS foundational',
    description:
      'The controls aligned with AWS Security Hub, the CIS AWS Foundations Benchmark and AWS Config managed rules.',
    checks: inCatalogOrder(FOUNDATIONAL),
  },
  strict: {
    id: 'strict',
    title: 'Strict',
    description:
      'Every check in the catalog, including application, network, cost and house rules, at catalog severities.',
    checks: [...CHECK_IDS],
  },
  'house-rules': {
    id: 'house-rules',
    title: 'House rules',
    description:
      "AWS foundational plus the team's own bucket rules: <product>-production/-staging names, approved regions, one IAM user per bucket with programmatic access only, time-limited tokens. Versioning, logging, replication and object lock are opt-in by the house rules, so they weigh less; AES-256 default encryption is what the house rules ask for, so KMS weighs less too.",
    checks: inCatalogOrder([
      ...FOUNDATIONAL,
      ...HOUSE,
      'presigned-url-age-limited',
    ]),
    severities: {
      'kms-encryption': 'low',
      'versioning-enabled': 'low',
      'mfa-delete-enabled': 'info',
      'object-lock-enabled': 'info',
      'cross-region-replication': 'info',
      'server-access-logging': 'low',
      'versioned-lifecycle': 'low',
    },
  },
};

/** @public */
export const DEFAULT_PROFILE: ProfileId = 'aws-foundational';

/** @public */
export function isProfileId(value: unknown): value is ProfileId {
  return (PROFILE_IDS as readonly unknown[]).includes(value);
}

/**
 * Per-check settings from config (`s3.posture.checks.<id>`).
 *
 * @public
 */
export interface CheckOverride {
  enabled?: boolean;
  severity?: Severity;
}

/**
 * A check as a profile and config run it.
 *
 * @public
 */
export interface ActiveCheck {
  /** A built-in check id or one a backend module added. */
  id: string;
  severity: Severity;
}

/**
 * What profile resolution needs of a check a backend module added.
 *
 * @public
 */
export interface AddedCheck {
  id: string;
  /** Severity before config overrides. */
  severity: Severity;
  /** The profiles that run it. */
  profiles: readonly ProfileId[];
}

/**
 * The checks to run and their severities: the profile's choice (built-in checks, then the
 * added checks that name the profile), then config overrides (`enabled: true` adds a check
 * the profile leaves out; `enabled: false` drops one). Built-in checks come first, in
 * catalog order, then added checks in the order they were added.
 *
 * @public
 */
export function resolveActiveChecks(
  profile: ProfileId,
  overrides: Readonly<Record<string, CheckOverride | undefined>> = {},
  added: readonly AddedCheck[] = [],
): ActiveCheck[] {
  const chosen = new Set<string>(PROFILES[profile].checks);
  for (const check of added) {
    if (check.profiles.includes(profile)) chosen.add(check.id);
  }
  for (const [id, override] of Object.entries(overrides)) {
    if (override?.enabled === true) chosen.add(id);
    if (override?.enabled === false) chosen.delete(id);
  }
  const builtIn = CHECK_IDS.filter(id => chosen.has(id)).map(id => ({
    id: id as string,
    severity:
      overrides[id]?.severity ??
      PROFILES[profile].severities?.[id] ??
      getCheckDefinition(id).severity,
  }));
  const custom = added
    .filter(check => chosen.has(check.id))
    .map(check => ({
      id: check.id,
      severity: overrides[check.id]?.severity ?? check.severity,
    }));
  return [...builtIn, ...custom];
}
