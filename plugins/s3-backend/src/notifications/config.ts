import { parseEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { SEVERITIES, Severity } from '@s3-posture/plugin-s3-common';

/** `s3.posture.notifications`: who hears about regressions, and of which checks. */
export interface NotificationsConfig {
  /** Default true; nothing is sent when the notifications backend is not installed. */
  enabled: boolean;
  /** A check of this severity or above that starts failing notifies. Default `high`. */
  minSeverity: Severity;
  /**
   * Who hears about buckets no doc describes (they have no owners): entity refs, e.g. a
   * platform team's group. Default none: undocumented buckets notify nobody.
   */
  undocumentedRecipients: string[];
}

export function readNotificationsConfig(config: Config): NotificationsConfig {
  const c = config.getOptionalConfig('s3.posture.notifications');
  const minSeverity = c?.getOptionalString('minSeverity') ?? 'high';
  if (!(SEVERITIES as readonly string[]).includes(minSeverity)) {
    throw new InputError(
      `s3.posture.notifications.minSeverity must be one of ${SEVERITIES.join(
        ', ',
      )}, not ${JSON.stringify(minSeverity)}`,
    );
  }
  const undocumentedRecipients =
    c?.getOptionalStringArray('undocumentedRecipients') ?? [];
  for (const ref of undocumentedRecipients) {
    try {
      parseEntityRef(ref);
    } catch {
      throw new InputError(
        `s3.posture.notifications.undocumentedRecipients must list entity refs like group:default/platform-team, not ${JSON.stringify(ref)}`,
      );
    }
  }
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    minSeverity: minSeverity as Severity,
    undocumentedRecipients,
  };
}
