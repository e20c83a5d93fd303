/**
 * Whether a bucket policy is public for some actions: whether anyone at all, an
 * anonymous caller or any AWS user of an unrelated account, from the internet or
 * through a VPC endpoint of their own, could be allowed one of them. Conditions on
 * headers and other values the caller picks do not restrict (the caller sends what the
 * policy wants); conditions on fixed values of the caller's identity and network do.
 * That is S3's own meaning of "public".
 */
import { isCallerControlledKey } from './callerControlledKeys';
import {
  ProbeEnvironment,
  UNRELATED_ORG_ID,
  UNRELATED_VPC,
  UNRELATED_VPCE,
  accountCaller,
  accountsNamedIn,
  anonymousCaller,
  fromInternet,
  objectKeyCandidates,
  probes,
  sourceIpCandidates,
  throughVpcEndpoint,
  unrelatedAccountId,
} from './probes';
import { S3ActionInfo, byImportance } from './s3Actions';
import {
  SimulatedRequest,
  distinct,
  simulateRequests,
  targetsFor,
} from './simulate';
import { statementsForPrincipal } from './evaluate';
import { Policy } from './types';

export interface PublicAccess {
  /** The requests by outsiders the policy allows. */
  allowed: SimulatedRequest[];
  /** Statements that allowed them. */
  allowingStatements: string[];
  /** Actions outsiders are allowed. */
  actions: string[];
  /** Who got in, in words. */
  callers: string[];
  /** Condition keys outsiders only have to send the right value of. */
  callerChosenKeys: string[];
}

export function findPublicAccess(
  policy: Policy,
  options: {
    bucket: string;
    actions: S3ActionInfo[];
    environment: ProbeEnvironment;
  },
): PublicAccess {
  const { bucket, actions, environment } = options;
  const stranger = accountCaller({
    label: 'any AWS user of another account',
    accountId: unrelatedAccountId([
      ...accountsNamedIn(policy),
      environment.bucketAccountId,
    ]),
    partition: environment.partition,
    arn: undefined,
    orgId: UNRELATED_ORG_ID,
    mfa: true,
  });
  const origins = [
    ...sourceIpCandidates(policy).map(fromInternet),
    throughVpcEndpoint(UNRELATED_VPCE, UNRELATED_VPC),
  ];
  const callers = [anonymousCaller(), stranger];
  // Object keys worth trying come from the statements that could let these callers in.
  const relevant = callers.map(caller =>
    statementsForPrincipal(policy, caller.principal),
  );
  const nobodyIn: PublicAccess = {
    allowed: [],
    allowingStatements: [],
    actions: [],
    callers: [],
    callerChosenKeys: [],
  };
  // Most policies allow outsiders nothing at all: no need to simulate then.
  const mayAllow = relevant.some(part =>
    part.statements.some(statement => statement.effect === 'Allow'),
  );
  if (!mayAllow) return nobodyIn;
  const targets = targetsFor(
    actions,
    environment.partition,
    bucket,
    objectKeyCandidates(relevant, bucket),
  );
  const allowed = simulateRequests(
    policy,
    probes(callers, origins, environment, {
      'aws:SecureTransport': 'true',
    }),
    targets,
    { callerControlsKey: isCallerControlledKey },
  ).filter(request => request.result.decision === 'allow');
  return {
    allowed,
    allowingStatements: distinct(
      allowed.flatMap(request => request.result.statements),
    ),
    actions: byImportance(distinct(allowed.map(request => request.action))),
    callers: distinct(allowed.map(request => request.caller)),
    callerChosenKeys: distinct(
      allowed.flatMap(request => request.result.assumedKeys ?? []),
    ),
  };
}
