/**
 * House rules (DESIGN §5 category `house`, seeds/004): the bucket's name and region, an
 * IAM user of its own (`dedicated-iam-user`, whose reach iamReach.ts tells), and a doc
 * whose owners and account match the catalog and AWS.
 */
import { bucketArn, statementLabel } from '../policy';
import { CheckEvaluator, CheckEvaluators, Verdict } from '../types';
import { fail, notApplicable, pass } from '../verdicts';
import { cannotRead, policiesOf, reachOf, unparsableNote } from './iamReach';
import { AUTHORIZATION, CREDENTIALS } from './settingNames';

const NAMING_PATTERN_KEY = 's3.posture.houseRules.namingPattern';
const ALLOWED_REGIONS_KEY = 's3.posture.houseRules.allowedRegions';

/** A broken setting is our configuration's fault, not the bucket's: undecided, not failed. */
function invalidNamingPattern(pattern: string, message: string): Verdict {
  return {
    status: 'error',
    reason: `${NAMING_PATTERN_KEY} is not a valid regular expression (${message}); fix it in app-config.`,
    evidence: { namingPattern: pattern, errorCode: 'InvalidNamingPattern' },
  };
}

const dedicatedIamUser: CheckEvaluator = (input, settings) => {
  const { authorization, credentials } = input.account;
  const { bucket, partition } = input.bucket;
  if (authorization.status !== 'ok')
    return cannotRead(AUTHORIZATION, authorization);
  const user = authorization.value.users.find(
    candidate => candidate.name === bucket,
  );
  if (!user) {
    return fail(
      `No IAM user named "${bucket}" exists; create one with programmatic access only and an inline policy scoped to this bucket.`,
      { expectedUserName: bucket },
    );
  }
  if (credentials.status !== 'ok') return cannotRead(CREDENTIALS, credentials);
  const row = credentials.value.find(candidate => candidate.user === user.name);
  const entry = reachOf(policiesOf(user, authorization.value), input, settings);
  const inside = [
    bucketArn(partition, bucket),
    `${bucketArn(partition, bucket)}/`,
  ];
  const isInsideBucket = (pattern: string) =>
    pattern === inside[0] || pattern.startsWith(inside[1]);
  const outside = entry.policies.flatMap(({ name, policy }) =>
    policy.statements.flatMap((statement, index) => {
      if (statement.effect !== 'Allow') return [];
      const beyond = statement.notResource
        ? ['NotResource (everything else)']
        : (statement.resource ?? []).filter(
            pattern => !isInsideBucket(pattern),
          );
      return beyond.length > 0
        ? [
            {
              policy: name,
              statement: statementLabel(statement, index),
              resources: beyond,
            },
          ]
        : [];
    }),
  );
  const evidence: Record<string, unknown> = {
    user: user.name,
    passwordEnabled: row?.passwordEnabled ?? 'not in the credential report',
    policies: entry.policies.map(named => named.name),
    reachesBucket: entry.reach,
    statementsBeyondBucket: outside,
  };
  const problems: string[] = [];
  if (row?.passwordEnabled)
    problems.push('it has a console password (remove its login profile)');
  if (outside.length > 0) {
    const first = outside[0];
    problems.push(
      `its policies reach beyond this bucket (${first.policy}, statement ${first.statement}: ${first.resources.slice(0, 3).join(', ')})`,
    );
  }
  if (entry.reach === 'no')
    problems.push('no policy of it grants access to this bucket');
  if (problems.length > 0) {
    return fail(
      `IAM user ${user.name} exists, but ${problems.join('; and ')}.`,
      evidence,
    );
  }
  if (!row) {
    return {
      status: 'error',
      reason: `The credential report has no row for IAM user ${user.name} (it may predate the user), so its console access cannot be told.`,
      evidence,
    };
  }
  if (entry.unparsable.length > 0) {
    return {
      status: 'error',
      reason: `Could not judge every policy of IAM user ${user.name}: ${unparsableNote([entry])}.`,
      evidence: {
        ...evidence,
        unparsablePolicies: entry.unparsable.map(item => item.name),
      },
    };
  }
  return pass(
    `IAM user ${user.name} exists, has programmatic access only, and its policies reach this bucket and nothing else.`,
    evidence,
  );
};

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const houseCheckEvaluators = {
  'naming-convention': ({ bucket }, settings) => {
    const pattern = settings.houseRules.namingPattern;
    let matcher: RegExp;
    try {
      const raw = new RegExp(pattern);
      // The whole name must match, even when the pattern is written without ^ and $.
      matcher = new RegExp(`^(?:${raw.source})$`);
    } catch (e) {
      return invalidNamingPattern(pattern, e?.message ?? String(e));
    }
    const evidence = { bucket: bucket.bucket, namingPattern: pattern };
    if (matcher.test(bucket.bucket)) {
      return pass(
        `Bucket name ${bucket.bucket} matches the naming convention.`,
        evidence,
      );
    }
    return fail(
      `Bucket name ${bucket.bucket} does not match the naming convention ${pattern} (${NAMING_PATTERN_KEY}).`,
      evidence,
    );
  },

  'approved-region': ({ bucket }, settings) => {
    const allowedRegions = settings.houseRules.allowedRegions ?? [];
    const evidence = { region: bucket.region, allowedRegions };
    if (allowedRegions.length === 0) {
      return notApplicable(
        `No approved regions are configured (${ALLOWED_REGIONS_KEY} is empty).`,
        evidence,
      );
    }
    if (allowedRegions.includes(bucket.region)) {
      return pass(
        `The bucket is in ${bucket.region}, an approved region.`,
        evidence,
      );
    }
    return fail(
      `The bucket is in ${bucket.region}, which is not in ${ALLOWED_REGIONS_KEY} (${allowedRegions.join(', ')}).`,
      evidence,
    );
  },

  'dedicated-iam-user': dedicatedIamUser,

  'documented-owner': ({ bucket, doc }) => {
    const owners = doc.owners ?? [];
    const missingOwners = owners.filter(o => !o.exists).map(o => o.ref);
    const documentedAccountId = doc.documentedAccountId || undefined;
    const accountMismatch =
      documentedAccountId !== undefined &&
      documentedAccountId !== bucket.accountId;
    const evidence = {
      owners: owners.map(o => o.ref),
      missingOwners,
      documentedAccountId: documentedAccountId ?? null,
      bucketAccountId: bucket.accountId,
    };

    const problems: string[] = [];
    if (owners.length === 0) problems.push('the doc names no owner');
    if (missingOwners.length > 0) {
      problems.push(
        `owner${missingOwners.length === 1 ? '' : 's'} ${missingOwners.join(', ')} ${missingOwners.length === 1 ? 'is' : 'are'} not in the catalog`,
      );
    }
    if (accountMismatch) {
      problems.push(
        `the doc names account ${documentedAccountId} but the bucket is in account ${bucket.accountId}`,
      );
    }
    if (problems.length > 0) {
      const sentence = problems.join(', and ');
      return fail(
        `${sentence[0].toUpperCase()}${sentence.slice(1)}; fix the bucket doc.`,
        evidence,
      );
    }
    const ownersFound =
      owners.length === 1
        ? `Owner ${owners[0].ref} is in the catalog`
        : `All ${owners.length} owners are in the catalog`;
    return pass(
      documentedAccountId
        ? `${ownersFound} and the doc's account ${documentedAccountId} holds the bucket.`
        : `${ownersFound}; the doc names no account to compare.`,
      evidence,
    );
  },
} satisfies CheckEvaluators;
