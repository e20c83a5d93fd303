/**
 * Whether a Principal / NotPrincipal element names the caller of a request, the way a
 * resource policy (a bucket policy) reads it.
 */
import { PolicyStatement, PrincipalSpec, RequestPrincipal } from './types';

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
const IAM_OR_STS_ARN = /^arn:[^:]+:(?:iam|sts)::(\d{12}):(.+)$/;

/** The account an `AWS` principal value names: `123456789012`, or any IAM/STS ARN in it. */
export function accountOfAwsPrincipal(value: string): string | undefined {
  if (ACCOUNT_ID.test(value)) return value;
  return IAM_OR_STS_ARN.exec(value)?.[1];
}

/** Whether the value names a whole account (`123456789012` or `arn:...:iam::123456789012:root`). */
export function isAccountPrincipal(value: string): boolean {
  return ACCOUNT_ID.test(value) || ACCOUNT_ROOT.test(value);
}

/**
 * The role ARN behind an assumed-role session ARN
 * (`arn:aws:sts::123456789012:assumed-role/Name/session` -> `...:iam::123456789012:role/Name`),
 * since naming a role in a policy covers its sessions.
 */
function roleOfSession(arn: string): string | undefined {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(
    arn,
  );
  if (!match) return undefined;
  return `arn:${match[1]}:iam::${match[2]}:role/${match[3]}`;
}

/** IAM ARNs may carry a path (`role/ops/Name`); policies name roles with or without it. */
function withoutPath(arn: string): string {
  const match =
    /^(arn:[^:]+:iam::\d{12}:(?:role|user))\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match ? `${match[1]}/${match[2]}` : arn;
}

function matchesAwsValue(value: string, principal: RequestPrincipal): boolean {
  // IAM treats "Principal": {"AWS": "*"} like "Principal": "*": everyone, anonymous too.
  if (value === '*') return true;
  if (principal.type !== 'account') return false;
  if (isAccountPrincipal(value)) {
    // Naming an account delegates to it: any principal of that account matches.
    return accountOfAwsPrincipal(value) === principal.accountId;
  }
  if (!principal.arn) return false;
  const callerArns = [principal.arn, roleOfSession(principal.arn)]
    .filter((arn): arn is string => arn !== undefined)
    .map(withoutPath);
  return callerArns.includes(withoutPath(value));
}

/** Whether the Principal element names the caller. */
export function matchesPrincipal(
  spec: PrincipalSpec,
  principal: RequestPrincipal,
): boolean {
  if (spec === '*') return true;
  if (spec.AWS?.some(value => matchesAwsValue(value, principal))) return true;
  if (principal.type === 'service') {
    const service = principal.service.toLowerCase();
    if (
      spec.Service?.some(
        value => value === '*' || value.toLowerCase() === service,
      )
    ) {
      return true;
    }
  }
  // Federated and CanonicalUser principals are never the callers we simulate.
  return false;
}

/** Whether the element covers everyone (`"*"` or `{"AWS": "*"}`). */
export function isEveryone(spec: PrincipalSpec): boolean {
  return spec === '*' || spec.AWS?.includes('*') === true;
}

/** Principal check of a resource policy: a statement that names no one applies to no one. */
export function coversPrincipal(
  statement: PolicyStatement,
  principal: RequestPrincipal,
): boolean {
  if (statement.principal)
    return matchesPrincipal(statement.principal, principal);
  if (statement.notPrincipal)
    return !matchesPrincipal(statement.notPrincipal, principal);
  return false;
}
