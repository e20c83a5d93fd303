/**
 * Network security & isolation (DESIGN §5 category `network`): the bucket policy denies
 * plain HTTP (`tls-only`), TLS older than 1.2 (`tls-minimum-version`) and requests from
 * outside the named VPC endpoints or VPCs (`private-network-only`), each proven for every
 * request (explicitDeny.ts).
 */
import {
  ConditionTest,
  Policy,
  escapeOf,
  proveDenyCoverage,
  usesPolicyVariables,
} from '../policy';
import { CheckEvaluator, CheckEvaluators } from '../types';
import { fail, pass } from '../verdicts';
import {
  listWithMore,
  loadPolicy,
  policyUndecided,
  scopeOf,
} from './bucketPolicy';
import {
  coverageEvidence,
  denyBounds,
  describeGap,
  judgeExplicitDeny,
  requestsOfKind,
} from './explicitDeny';

const tlsOnly = judgeExplicitDeny({
  what: 'plain-HTTP requests (aws:SecureTransport false)',
  // S3 puts aws:SecureTransport in every request: "false" over plain HTTP.
  test: requestsOfKind({ 'aws:SecureTransport': { values: ['false'] } }),
  remedy:
    'add a Deny for all principals and s3:* on the bucket and bucket/* with Bool aws:SecureTransport false',
});

const tlsMinimumVersion = judgeExplicitDeny({
  what: 'requests over TLS older than 1.2',
  // The TLS versions below 1.2 a client can still negotiate with S3.
  test: requestsOfKind({
    'aws:SecureTransport': { values: ['true'] },
    's3:TlsVersion': { values: ['1.0', '1.1'] },
  }),
  describeBound: policy => {
    const bounds = denyBounds(policy, 's3:TlsVersion', ['NumericLessThan']);
    return {
      evidence: bounds.length > 0 ? { deniedBelowTlsVersion: bounds } : {},
    };
  },
  remedy:
    'add a Deny for all principals and s3:* on the bucket and bucket/* with NumericLessThan s3:TlsVersion 1.2',
});

// ------------------------------------------------------------ private network

const NETWORK_KEYS = new Set(['aws:SourceVpce', 'aws:SourceVpc']);

/**
 * A condition of a "private network only" Deny holds for every request from outside the
 * named networks when only those networks escape it (StringNotEquals aws:SourceVpce with
 * fixed ids). `Bool aws:ViaAWSService false`, AWS's documented companion that lets AWS
 * services act for the bucket, spares no internet caller and is accepted.
 */
function privateNetworkTest(policy: Policy): ConditionTest {
  const variables = usesPolicyVariables(policy);
  return condition => {
    const escape = escapeOf(condition, variables);
    if (escape && NETWORK_KEYS.has(escape.key)) return { holds: true };
    if (
      condition.key.toLowerCase() === 'aws:viaawsservice' &&
      condition.operator.base === 'Bool' &&
      condition.values.every(value => value.toLowerCase() === 'false')
    ) {
      return { holds: true };
    }
    return {
      holds: false,
      exemption: `it applies only where ${condition.operator.name} ${condition.key} ${condition.values.join(', ')}`,
    };
  };
}

/** The VPC endpoints and VPCs that escape the policy's Deny statements. */
function namedNetworks(policy: Policy): string[] {
  const variables = usesPolicyVariables(policy);
  const networks = new Set<string>();
  for (const statement of policy.statements) {
    if (statement.effect !== 'Deny') continue;
    for (const condition of statement.conditions ?? []) {
      const escape = escapeOf(condition, variables);
      if (escape && NETWORK_KEYS.has(escape.key)) {
        escape.values.forEach(value => networks.add(value));
      }
    }
  }
  return [...networks];
}

const privateNetworkOnly: CheckEvaluator = input => {
  const loaded = loadPolicy(input.bucket.policy);
  if (loaded.state === 'none') {
    return fail(
      'The bucket has no bucket policy, so requests from any network are accepted; add a Deny for requests whose aws:SourceVpce is not your VPC endpoint.',
      { bucketPolicy: 'none' },
    );
  }
  if (loaded.state !== 'parsed')
    return policyUndecided(loaded, { bucketPolicy: loaded.state });
  const { policy } = loaded;
  const networks = namedNetworks(policy);
  const evidence: Record<string, unknown> = {
    bucketPolicy: 'present',
    networks,
  };
  if (networks.length === 0) {
    return fail(
      'No Deny of the bucket policy is limited to fixed aws:SourceVpce or aws:SourceVpc values, so it does not restrict access to private networks.',
      evidence,
    );
  }
  const scope = scopeOf(input);
  const coverage = proveDenyCoverage(policy, scope, privateNetworkTest(policy));
  Object.assign(evidence, coverageEvidence(coverage));
  if (!coverage.covered) {
    return fail(
      `The bucket policy names ${listWithMore(networks)} but does not deny every request from outside them: ${describeGap(coverage, input)}.`,
      evidence,
    );
  }
  // A Deny without conditions on everything would leave no way in at all.
  const lockedOut = proveDenyCoverage(policy, scope, condition => ({
    holds: false,
    exemption: condition.key,
  }));
  if (lockedOut.covered) {
    return fail(
      `The bucket policy denies every request, even through ${listWithMore(networks)} (statement ${lockedOut.denyingStatements.join(', ')}); check its Deny statements.`,
      evidence,
    );
  }
  return pass(
    `The bucket policy denies requests that do not come through ${listWithMore(networks)} (statement ${coverage.denyingStatements.join(', ')}).`,
    evidence,
  );
};

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const networkCheckEvaluators = {
  'tls-only': tlsOnly,
  'tls-minimum-version': tlsMinimumVersion,
  'private-network-only': privateNetworkOnly,
} satisfies CheckEvaluators;
