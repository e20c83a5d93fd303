/**
 * The access-key checks (`iam-keys-rotated`, `iam-unused-credentials`): every active
 * access key of an IAM user that can reach the bucket (iamReach.ts), judged by its age
 * against a limit from the settings. Each check supplies how a key's age is told and how
 * findings read.
 */
import { IamCredential } from '@s3-posture/plugin-s3-node';
import { CheckEvaluator, EvaluationSettings } from '../types';
import { fail, pass } from '../verdicts';
import {
  bucketPolicyProblem,
  cannotRead,
  principalsReachingBucket,
  unparsableNote,
} from './iamReach';
import { AUTHORIZATION, CREDENTIALS } from './settingNames';

const MS_PER_DAY = 86_400_000;
const EXAMPLES = 5;

export interface KeyFinding {
  user: string;
  key: number;
  lastRotated?: string;
  lastUsed?: string;
  days: number;
}

export function daysBetween(from: string, to: Date): number | undefined {
  const time = Date.parse(from);
  if (Number.isNaN(time)) return undefined;
  return Math.floor((to.getTime() - time) / MS_PER_DAY);
}

export interface KeyCheckSpec {
  /** Days after which a key is a finding (from the settings). */
  limit: (settings: EvaluationSettings) => number;
  /** The key's age for this check, in days; undefined when it cannot be told. */
  age: (
    key: IamCredential['accessKeys'][number],
    now: Date,
  ) => number | undefined;
  /** The finding, in words, for the reason. */
  describe: (finding: KeyFinding) => string;
  failReason: (count: number, limit: number, examples: string) => string;
  passReason: (keys: number, users: number, limit: number) => string;
}

export function judgeAccessKeys(spec: KeyCheckSpec): CheckEvaluator {
  return (input, settings) => {
    const { authorization, credentials } = input.account;
    if (authorization.status !== 'ok')
      return cannotRead(AUTHORIZATION, authorization);
    if (credentials.status !== 'ok')
      return cannotRead(CREDENTIALS, credentials);
    const limit = spec.limit(settings);
    const users = principalsReachingBucket(
      authorization.value,
      input,
      settings,
    ).filter(entry => entry.principal.type === 'user');
    const findings: KeyFinding[] = [];
    const unknown: string[] = [];
    let keysExamined = 0;
    for (const entry of users) {
      const row = credentials.value.find(
        candidate => candidate.user === entry.principal.name,
      );
      const userFindings: KeyFinding[] = [];
      if (!row) {
        unknown.push(
          `the credential report has no row for user ${entry.principal.name} (it may predate the user)`,
        );
      }
      for (const [index, key] of (row?.accessKeys ?? []).entries()) {
        if (!key.active) continue;
        keysExamined += 1;
        const days = spec.age(key, settings.now);
        if (days === undefined) {
          unknown.push(
            `access key ${index + 1} of user ${entry.principal.name} has no usable date`,
          );
        } else if (days > limit) {
          userFindings.push({
            user: entry.principal.name,
            key: index + 1,
            lastRotated: key.lastRotated,
            lastUsed: key.lastUsed,
            days,
          });
        }
      }
      if (entry.reach === 'yes') findings.push(...userFindings);
      else if (userFindings.length > 0) {
        unknown.push(
          // Unknown reach comes from its own unparsable policies or from the bucket policy.
          `whether user ${entry.principal.name} can reach the bucket: ${unparsableNote([entry]) || bucketPolicyProblem(input)}`,
        );
      }
    }
    const evidence: Record<string, unknown> = {
      limitDays: limit,
      usersReachingBucket: users
        .filter(entry => entry.reach === 'yes')
        .map(entry => entry.principal.name),
      findings,
    };
    if (findings.length > 0) {
      return fail(
        spec.failReason(
          findings.length,
          limit,
          findings.slice(0, EXAMPLES).map(spec.describe).join(', '),
        ),
        evidence,
      );
    }
    if (unknown.length > 0) {
      return {
        status: 'error',
        reason: `Could not decide: ${unknown[0]}.`,
        evidence: { ...evidence, undecided: unknown },
      };
    }
    if (users.length === 0) {
      return pass(
        'No IAM user can reach this bucket through its identity policies, so no access key needs checking.',
        evidence,
      );
    }
    return pass(spec.passReason(keysExamined, users.length, limit), evidence);
  };
}
