import { getCheckDefinition } from './definitions';
import { CHECK_IDS, CheckId, Severity } from './types';

export const PROFILE_IDS = [
  'aws-foundational',
  'strict',
  'house-rules',
] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

/** A profile chooses which checks run and may change their severity. */
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

export const DEFAULT_PROFILE: ProfileId = 'aws-foundational';

export function isProfileId(value: unknown): value is ProfileId {
  return (PROFILE_IDS as readonly unknown[]).includes(value);
}

/** Per-check settings from config (`s3.posture.checks.<id>`). */
export interface CheckOverride {
  enabled?: boolean;
  severity?: Severity;
}

/** A check as a profile and config run it. */
export interface ActiveCheck {
  id: CheckId;
  severity: Severity;
}

/**
 * The checks to run and their severities: the profile's choice, then config overrides
 * (`enabled: true` adds a check the profile leaves out; `enabled: false` drops one).
 */
export function resolveActiveChecks(
  profile: ProfileId,
  overrides: Partial<Record<CheckId, CheckOverride>> = {},
): ActiveCheck[] {
  const chosen = new Set<CheckId>(PROFILES[profile].checks);
  for (const [id, override] of Object.entries(overrides) as [
    CheckId,
    CheckOverride,
  ][]) {
    if (override?.enabled === true) chosen.add(id);
    if (override?.enabled === false) chosen.delete(id);
  }
  return CHECK_IDS.filter(id => chosen.has(id)).map(id => ({
    id,
    severity:
      overrides[id]?.severity ??
      PROFILES[profile].severities?.[id] ??
      getCheckDefinition(id).severity,
  }));
}
