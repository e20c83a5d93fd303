import { ScenarioError } from './reader';

const UNIT_MS: Record<string, number> = {
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/**
 * A point in time written as an age (`400d` = 400 days before `now`; units min, h, d, w, y)
 * or as an ISO-8601 date. Ages keep the demo from going stale: a key that is "400 days old"
 * stays 400 days old whenever the portal starts.
 */
export function parseWhen(value: string, now: Date, path: string): Date {
  const age = /^(\d+(?:\.\d+)?)\s*(min|h|d|w|y)$/.exec(value.trim());
  if (age) {
    return new Date(now.getTime() - Number(age[1]) * UNIT_MS[age[2]]);
  }
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new ScenarioError(
      path,
      `"${value}" is neither an age (400d, 12h, 2y) nor an ISO date`,
    );
  }
  return date;
}
