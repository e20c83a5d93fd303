import { CheckEvaluators, Verdict } from '../types';
import { fail, notApplicable, pass } from '../verdicts';

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
