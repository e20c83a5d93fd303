import { QueryResponder, queryFault } from '../http/queryProtocol';
import { Caller, World } from '../world';
import { leaf, node } from '../xml';

export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const STS_VERSION = '2011-06-15';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

/** Account ids the trust policy's `Principal.AWS` names (`123…`, `arn:…:123…:root`, any ARN in it). */
function trustedAccounts(trustPolicy: string): string[] {
  const policy = JSON.parse(trustPolicy) as { Statement?: unknown };
  const statements = (
    Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]
  ) as Array<{
    Effect?: string;
    Principal?: { AWS?: string | string[] };
  }>;
  return statements
    .filter(s => s?.Effect === 'Allow')
    .flatMap(s => [s.Principal?.AWS ?? []].flat())
    .map(
      p =>
        /^(\d{12})$/.exec(p)?.[1] ??
        /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(p)?.[1],
    )
    .filter((id): id is string => Boolean(id));
}

function assumeRole(
  form: URLSearchParams,
  caller: Caller,
  world: World,
  respond: QueryResponder,
): Response {
  const roleArn = form.get('RoleArn') ?? '';
  const session = form.get('RoleSessionName') ?? '';
  const denied = () =>
    respond.error(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  const match = ROLE_ARN.exec(roleArn);
  if (!match || !/^[\w+=,.@-]{2,64}$/.test(session)) {
    return respond.error(
      'ValidationError',
      'RoleArn or RoleSessionName is not valid',
    );
  }
  const account = world.account(match[1]);
  const role = account?.iam.roles.find(r => r.name === match[2]);
  if (!account || !role) return denied();
  if (!trustedAccounts(role.trustPolicy).includes(caller.account.id))
    return denied();
  if (
    role.externalId !== undefined &&
    form.get('ExternalId') !== role.externalId
  )
    return denied();
  const duration =
    world.faults.current.sessionDurationSeconds ??
    Number(form.get('DurationSeconds') ?? 3600);
  const creds = world.issueTemporaryCredentials(
    account,
    role.name,
    role.id,
    session,
    duration,
  );
  return respond.result(
    'AssumeRole',
    node(
      'Credentials',
      leaf('AccessKeyId', creds.accessKeyId),
      leaf('SecretAccessKey', creds.secretAccessKey),
      leaf('SessionToken', creds.sessionToken),
      leaf('Expiration', creds.expiration),
    ),
    node(
      'AssumedRoleUser',
      leaf('AssumedRoleId', creds.assumedRoleId),
      leaf('Arn', creds.assumedRoleArn),
    ),
  );
}

/** STS: GetCallerIdentity, and AssumeRole into any scenario role whose trust policy allows it. */
export function handleSts(
  action: string,
  form: URLSearchParams,
  caller: Caller,
  world: World,
): Response {
  const respond = new QueryResponder(world, STS_NS);
  const fault = world.faults.decide({
    operation: `sts:${action}`,
    account: caller.account.id,
  });
  if (fault) {
    const { code, message } = queryFault(fault, caller.arn, `sts:${action}`);
    return respond.error(code, message);
  }
  switch (action) {
    case 'GetCallerIdentity':
      return respond.result(
        'GetCallerIdentity',
        leaf('Arn', caller.arn),
        leaf('UserId', caller.userId),
        leaf('Account', caller.account.id),
      );
    case 'AssumeRole':
      return assumeRole(form, caller, world, respond);
    default:
      return respond.error(
        'InvalidAction',
        `Could not find operation ${action} for version ${STS_VERSION}`,
      );
  }
}
