/**
 * Application-level security (DESIGN §5 category `application`): what browsers may do
 * cross-origin (`cors-restricted`) and how long a pre-signed URL stays usable
 * (`presigned-url-age-limited`, a Deny proven for every request: explicitDeny.ts).
 */
import { CorsRule } from '@s3-posture/plugin-s3-node';
import { CheckEvaluators } from '../types';
import { pass, fail, undecided } from '../verdicts';
import { denyBounds, judgeExplicitDeny, requestsOfKind } from './explicitDeny';
import { CORS } from './settingNames';

const MS_PER_MINUTE = 60_000;

const WRITE_METHODS = ['PUT', 'POST', 'DELETE'];

/**
 * True when an AllowedOrigin admits every site: `*`, or a scheme followed only by the
 * wildcard (`https://*`), which S3 also matches against any host. `https://*.example.com`
 * names a domain and is not a wildcard origin.
 */
function isAnyOrigin(origin: string): boolean {
  return /^([a-z][a-z0-9+.-]*:\/\/)?\*$/i.test(origin.trim());
}

interface OffendingRule {
  /** 1-based, as a person counts the rules in the console. */
  rule: number;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  problems: string[];
}

function findOffendingRules(rules: CorsRule[]): OffendingRule[] {
  const offending: OffendingRule[] = [];
  rules.forEach((rule, index) => {
    const origins = rule.allowedOrigins ?? [];
    const methods = rule.allowedMethods ?? [];
    const headers = rule.allowedHeaders ?? [];
    if (!origins.some(isAnyOrigin)) return;
    const problems: string[] = [];
    const writeMethods = methods.filter(m =>
      WRITE_METHODS.includes(m.toUpperCase()),
    );
    if (writeMethods.length > 0) {
      problems.push(`write methods ${writeMethods.join(', ')}`);
    }
    if (headers.some(h => h.trim() === '*')) {
      problems.push('all headers (*)');
    }
    if (problems.length > 0) {
      offending.push({
        rule: index + 1,
        allowedOrigins: origins,
        allowedMethods: methods,
        allowedHeaders: headers,
        problems,
      });
    }
  });
  return offending;
}

const presignedUrlAgeLimited = judgeExplicitDeny({
  what: 'requests signed longer ago than the allowed pre-signed URL age',
  // A pre-signed URL is query-string authentication; its age is in milliseconds.
  test: requestsOfKind(settings => ({
    's3:authType': { values: ['REST-QUERY-STRING'] },
    's3:signatureAge': {
      atLeast: settings.presignedUrlMaxAgeMinutes * MS_PER_MINUTE + 1,
    },
  })),
  describeBound: (policy, settings) => {
    const bounds = denyBounds(policy, 's3:signatureAge', [
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
    ]);
    const evidence: Record<string, unknown> = {
      allowedMaxAgeMinutes: settings.presignedUrlMaxAgeMinutes,
    };
    if (bounds.length === 0) return { evidence };
    const boundMinutes = Math.min(...bounds) / MS_PER_MINUTE;
    evidence.policyMaxAgeMinutes = boundMinutes;
    return {
      evidence,
      gap:
        boundMinutes > settings.presignedUrlMaxAgeMinutes
          ? `its bound of ${boundMinutes} minutes is above the allowed ${settings.presignedUrlMaxAgeMinutes}`
          : undefined,
    };
  },
  remedy:
    'add a Deny for all principals and s3:* on the bucket and bucket/* with NumericGreaterThan s3:signatureAge (milliseconds)',
});

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const applicationCheckEvaluators = {
  'cors-restricted': ({ bucket }) => {
    const cors = bucket.cors;
    if (cors.status === 'error') return undecided(CORS, cors);
    // Without CORS, browsers refuse cross-origin calls to the bucket outright.
    if (cors.status === 'absent') {
      return pass(
        `The bucket has no CORS configuration (${cors.code}), so browsers cannot call it cross-origin.`,
        { cors: 'not configured', awsCode: cors.code },
      );
    }
    const rules = cors.value.rules ?? [];
    const offendingRules = findOffendingRules(rules);
    if (offendingRules.length === 0) {
      return pass(
        `None of the ${rules.length} CORS rules lets any origin (*) write or send all headers.`,
        {
          ruleCount: rules.length,
          rules: rules.map(r => ({
            allowedOrigins: r.allowedOrigins,
            allowedMethods: r.allowedMethods,
          })),
        },
      );
    }
    const described = offendingRules
      .map(
        o =>
          `rule ${o.rule} allows any origin with ${o.problems.join(' and ')}`,
      )
      .join('; ');
    return fail(
      `CORS is open to every website: ${described}; restrict AllowedOrigins to your own domains.`,
      { ruleCount: rules.length, offendingRules },
    );
  },

  'presigned-url-age-limited': presignedUrlAgeLimited,
} satisfies CheckEvaluators;
