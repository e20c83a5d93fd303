import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CheckOverride,
  DEFAULT_PROFILE,
  ProfileId,
  SEVERITIES,
  Severity,
  isProfileId,
} from '@s3-posture/plugin-s3-common';
import { AwsSettings, DEFAULT_AWS_SETTINGS } from './aws/awsSettings';
import {
  DEFAULT_EVALUATION_SETTINGS,
  EvaluationSettings,
} from './evaluate/types';

/**
 * What the `s3` config section sets for the backend, read once at start-up by
 * {@link readS3Config}: the posture engine (`s3.posture`) and how it calls AWS
 * (`s3.endpoint`, `s3.forcePathStyle`, `s3.aws`). `s3.catalog` is the catalog module's.
 */
export interface S3Config {
  posture: PostureConfig;
  aws: AwsSettings;
}

/** The one reader of the backend's `s3` config; throws an InputError naming a bad key. */
export function readS3Config(root: Config): S3Config {
  return { posture: readPostureConfig(root), aws: readAwsSettings(root) };
}

/** Everything `s3.posture` configures, read once at start-up. */
export interface PostureConfig {
  profile: ProfileId;
  /** `s3.posture.checks.<id>`, by check id (built-in or added). */
  checkOverrides: Record<string, CheckOverride>;
  settings: Omit<EvaluationSettings, 'now'>;
  /** The full refresh of every bucket. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** How often to look for new buckets in the catalog and assess them. */
  discoveryFrequencyMinutes: number;
  /** How many assessments run at once during a refresh. */
  refreshConcurrency: number;
  /** History entries kept per bucket. */
  historyLimit: number;
  /** How long a caller's read access and an entity's roll-up are reused, in seconds. */
  accessCacheSeconds: number;
  /** `s3.inventory`: the undocumented buckets of the configured accounts (DESIGN §15). */
  inventory: InventoryConfig;
}

/** `s3.inventory`, read once at start-up. */
export interface InventoryConfig {
  enabled: boolean;
  /** Tag keys whose values suggest an undocumented bucket's owner or service. */
  ownerTagKeys: string[];
}

export const DEFAULT_OWNER_TAG_KEYS = ['owner', 'team', 'service'];

function readInventoryConfig(root: Config): InventoryConfig {
  const config = root.getOptionalConfig('s3.inventory');
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    ownerTagKeys:
      config?.getOptionalStringArray('ownerTagKeys') ?? DEFAULT_OWNER_TAG_KEYS,
  };
}

function readPostureConfig(root: Config): PostureConfig {
  const config = root.getOptionalConfig('s3.posture');
  const profile = config?.getOptionalString('profile') ?? DEFAULT_PROFILE;
  if (!isProfileId(profile)) {
    throw new InputError(
      `s3.posture.profile: "${profile}" is not a profile; use aws-foundational, strict or house-rules`,
    );
  }

  // Ids are checked against the catalog when the plugin starts: modules may add checks.
  const checkOverrides: Record<string, CheckOverride> = {};
  const checks = config?.getOptionalConfig('checks');
  for (const id of checks?.keys() ?? []) {
    const severity = checks!.getOptionalString(`${id}.severity`);
    if (
      severity !== undefined &&
      !(SEVERITIES as readonly string[]).includes(severity)
    ) {
      throw new InputError(
        `s3.posture.checks.${id}.severity: "${severity}" is not one of ${SEVERITIES.join(', ')}`,
      );
    }
    checkOverrides[id] = {
      enabled: checks!.getOptionalBoolean(`${id}.enabled`),
      severity: severity as Severity | undefined,
    };
  }

  const defaults = DEFAULT_EVALUATION_SETTINGS;
  const tag = config?.getOptionalString('publicDatasetTag');
  const [tagKey, tagValue] = tag ? tag.split('=', 2) : [];
  const namingPattern =
    config?.getOptionalString('houseRules.namingPattern') ??
    defaults.houseRules.namingPattern;
  try {
    // eslint-disable-next-line no-new
    new RegExp(namingPattern);
  } catch (e) {
    throw new InputError(`s3.posture.houseRules.namingPattern: ${e.message}`);
  }

  return {
    profile,
    checkOverrides,
    settings: {
      trustedAccounts:
        config?.getOptionalStringArray('trustedAccounts') ??
        defaults.trustedAccounts,
      trustedOrganizations:
        config?.getOptionalStringArray('trustedOrganizations') ??
        defaults.trustedOrganizations,
      houseRules: {
        namingPattern,
        allowedRegions:
          config?.getOptionalStringArray('houseRules.allowedRegions') ??
          defaults.houseRules.allowedRegions,
      },
      presignedUrlMaxAgeMinutes:
        config?.getOptionalNumber('presignedUrlMaxAgeMinutes') ??
        defaults.presignedUrlMaxAgeMinutes,
      publicDatasetTag: tagKey
        ? { key: tagKey, value: tagValue ?? 'true' }
        : defaults.publicDatasetTag,
      accessKeyMaxAgeDays:
        config?.getOptionalNumber('accessKeyMaxAgeDays') ??
        defaults.accessKeyMaxAgeDays,
      unusedCredentialDays:
        config?.getOptionalNumber('unusedCredentialDays') ??
        defaults.unusedCredentialDays,
    },
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : {
          frequency: { hours: 6 },
          timeout: { minutes: 50 },
          initialDelay: { seconds: 30 },
        },
    discoveryFrequencyMinutes:
      config?.getOptionalNumber('discoveryFrequencyMinutes') ?? 1,
    refreshConcurrency: config?.getOptionalNumber('refreshConcurrency') ?? 10,
    historyLimit: config?.getOptionalNumber('historyLimit') ?? 90,
    accessCacheSeconds: readAccessCacheSeconds(config),
    inventory: readInventoryConfig(root),
  };
}

function readAccessCacheSeconds(config: Config | undefined): number {
  const seconds = config?.getOptionalNumber('accessCacheSeconds') ?? 10;
  if (!(seconds >= 0)) {
    throw new InputError(
      `s3.posture.accessCacheSeconds: must be 0 or more seconds, got ${seconds}`,
    );
  }
  return seconds;
}

function positiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(
      `s3.aws.${key} must be a positive whole number, got ${value}`,
    );
  }
  return value;
}

function readEndpoint(config: Config): string | undefined {
  const endpoint = config.getOptionalString('s3.endpoint');
  if (endpoint === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(
      `s3.endpoint must be a URL such as http://localhost:4566, got "${endpoint}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `s3.endpoint must be an http or https URL, got "${endpoint}"`,
    );
  }
  return endpoint.replace(/\/+$/, '');
}

function readAwsSettings(config: Config): AwsSettings {
  const aws = config.getOptionalConfig('s3.aws');
  const endpoint = readEndpoint(config);
  const d = DEFAULT_AWS_SETTINGS;
  return {
    endpoint,
    // A local endpoint has no per-bucket host names, so path style is the useful default there.
    forcePathStyle:
      config.getOptionalBoolean('s3.forcePathStyle') ?? endpoint !== undefined,
    maxAttempts: positiveInteger(aws, 'maxAttempts', d.maxAttempts),
    requestTimeoutMs: positiveInteger(
      aws,
      'requestTimeoutMs',
      d.requestTimeoutMs,
    ),
    connectionTimeoutMs: positiveInteger(
      aws,
      'connectionTimeoutMs',
      d.connectionTimeoutMs,
    ),
    concurrency: positiveInteger(aws, 'concurrency', d.concurrency),
    accountConcurrency: positiveInteger(
      aws,
      'accountConcurrency',
      d.accountConcurrency,
    ),
    defaultRegion: aws?.getOptionalString('defaultRegion') ?? d.defaultRegion,
  };
}
