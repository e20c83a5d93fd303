import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CHECK_IDS,
  CheckId,
  CheckOverride,
  DEFAULT_PROFILE,
  ProfileId,
  SEVERITIES,
  Severity,
  isProfileId,
} from '@s3-posture/plugin-s3-common';
import {
  DEFAULT_EVALUATION_SETTINGS,
  EvaluationSettings,
} from './evaluate/types';

/** Everything `s3.posture` configures, read once at start-up. */
export interface PostureConfig {
  profile: ProfileId;
  checkOverrides: Partial<Record<CheckId, CheckOverride>>;
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
}

export function readPostureConfig(root: Config): PostureConfig {
  const config = root.getOptionalConfig('s3.posture');
  const profile = config?.getOptionalString('profile') ?? DEFAULT_PROFILE;
  if (!isProfileId(profile)) {
    throw new InputError(
      `s3.posture.profile: "${profile}" is not a profile; use aws-foundational, strict or house-rules`,
    );
  }

  const checkOverrides: Partial<Record<CheckId, CheckOverride>> = {};
  const checks = config?.getOptionalConfig('checks');
  for (const id of checks?.keys() ?? []) {
    if (!(CHECK_IDS as readonly string[]).includes(id)) {
      throw new InputError(`s3.posture.checks.${id}: no check has this id`);
    }
    const severity = checks!.getOptionalString(`${id}.severity`);
    if (
      severity !== undefined &&
      !(SEVERITIES as readonly string[]).includes(severity)
    ) {
      throw new InputError(
        `s3.posture.checks.${id}.severity: "${severity}" is not one of ${SEVERITIES.join(', ')}`,
      );
    }
    checkOverrides[id as CheckId] = {
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
