import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `s3.posture.events`: how AWS change events reach the posture engine (DESIGN §16). */
export interface PostureEventsConfig {
  /** Subscribe at all. */
  enabled: boolean;
  /** The Backstage events topic the EventBridge envelopes are published on. */
  topic: string;
  /** Changes to one bucket within this window make one assessment. */
  coalesceMs: number;
  /** Account-level changes (account BPA, IAM) within this window make one pass over the account. */
  accountCoalesceMs: number;
  /**
   * How long a bucket-level change reuses the account's data (account Block Public Access,
   * IAM) read by an earlier event-driven assessment; account-level changes always re-read it.
   */
  accountDataMs: number;
}

export const DEFAULT_EVENTS_TOPIC = 'aws.s3';

function seconds(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new InputError(
      `s3.posture.events.${key}: must be 0 or more seconds, got ${value}`,
    );
  }
  return Math.round(value * 1000);
}

export function readPostureEventsConfig(root: Config): PostureEventsConfig {
  const config = root.getOptionalConfig('s3.posture.events');
  const topic = config?.getOptionalString('topic') ?? DEFAULT_EVENTS_TOPIC;
  if (topic.trim() === '') {
    throw new InputError('s3.posture.events.topic: must not be empty');
  }
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    topic,
    coalesceMs: seconds(config, 'coalesceSeconds', 2),
    accountCoalesceMs: seconds(config, 'accountCoalesceSeconds', 5),
    accountDataMs: seconds(config, 'accountDataSeconds', 300),
  };
}
