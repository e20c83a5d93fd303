import { Collected } from '@s3-posture/plugin-s3-node';
import { Verdict } from './types';

export function pass(
  reason: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return { status: 'pass', reason, evidence };
}

export function fail(
  reason: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return { status: 'fail', reason, evidence };
}

export function notApplicable(
  reason: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return { status: 'not-applicable', reason, evidence };
}

/**
 * The check could not be decided because a call failed. Names the setting and the
 * AWS error so a person knows what to grant or retry.
 */
export function undecided(
  setting: string,
  failure: { code: string; message: string },
  evidence: Record<string, unknown> = {},
): Verdict {
  return {
    status: 'error',
    reason: `Could not read ${setting}: ${failure.code}${failure.message ? ` (${failure.message})` : ''}`,
    evidence: { ...evidence, errorCode: failure.code },
  };
}

/** The first failed call among several, if any. */
export function firstError(
  ...collected: Array<[string, Collected<unknown>]>
): { setting: string; code: string; message: string } | undefined {
  for (const [setting, c] of collected) {
    if (c.status === 'error')
      return { setting, code: c.code, message: c.message };
  }
  return undefined;
}
