/**
 * When a condition keeps the public out. S3's own definition ("The meaning of public",
 * Amazon S3 User Guide, Blocking public access; the same text is in the
 * PublicAccessBlockConfiguration API reference): a policy is public unless it grants
 * only to fixed values — no wildcard, no policy variable — of a principal or of these
 * keys: aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount,
 * aws:PrincipalOrgID, aws:PrincipalAccount (a fixed principal said through a condition;
 * likewise a fixed aws:PrincipalArn), s3:x-amz-server-side-encryption-aws-kms-key-id,
 * aws:userid outside the pattern `AROLEID:*`, s3:DataAccessPointArn,
 * s3:DataAccessPointAccount, or a set of CIDR blocks in aws:SourceIp. For aws:SourceIp
 * the guide adds that values broader than /8 (IPv4) or /32 (IPv6) are public, except
 * RFC 1918 private ranges; private addresses never reach S3 as aws:SourceIp (requests
 * through a VPC endpoint carry no aws:SourceIp at all), so IPv6 unique-local addresses
 * (fc00::/7, RFC 4193) are excepted the same way.
 *
 * Any other key (headers, MFA, signature type, aws:PrincipalType, aws:SecureTransport,
 * aws:CalledVia, ...) is one the caller picks or can arrange, so it restricts nothing.
 */
import { evaluateOperator } from './conditions';
import { Cidr, cidrContains, formatIp, parseCidr } from './ipAddress';
import { hasPolicyVariable, hasWildcard } from './matching';
import { PolicyCondition } from './types';

/** The keys a fixed value of which restricts a grant to someone identifiable. */
const RESTRICTING_KEYS = new Map<string, string>(
  [
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
    'aws:SourceIp',
  ].map(key => [key.toLowerCase(), key]),
);

/**
 * Condition-key prefixes of services other than S3 whose keys an S3 request never
 * carries (the Service Authorization Reference lists S3's keys: `aws:` global keys and
 * `s3:` keys). KMS, STS and IAM evaluate theirs only on their own calls.
 */
const FOREIGN_PREFIXES = ['kms:', 'sts:', 'iam:'];

/** Positive operators that fix a key to the listed values (false when the key is absent). */
const FIXING_OPERATORS = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
  'IpAddress',
]);

/** Negated forms: the request escapes them only with one of the listed values. */
const NEGATED_FIXING_OPERATORS = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'ArnNotEquals',
  'ArnNotLike',
  'NotIpAddress',
]);

const PRIVATE_RANGES: Cidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
].map(text => parseCidr(text) as Cidr);

function withinPrivateRange(block: Cidr): boolean {
  return PRIVATE_RANGES.some(
    range =>
      range.version === block.version &&
      block.prefixLength >= range.prefixLength &&
      cidrContains(range, formatIp(block.version, block.network)),
  );
}

/** Whether an aws:SourceIp block is narrow enough to count as a fixed set of addresses. */
export function isNarrowIpBlock(text: string): boolean {
  const block = parseCidr(text);
  if (!block) return false;
  if (withinPrivateRange(block)) return true;
  return block.prefixLength >= (block.version === 4 ? 8 : 32);
}

/** `AROLEID:*`: one role (by its unique id), any session name. */
const ROLE_SESSIONS = /^[A-Z0-9]+:\*$/;

/**
 * An access point ARN whose account is fixed: the guide counts access points of one
 * account as fixed even when the access point name is a wildcard.
 */
const ACCESS_POINTS_OF_ONE_ACCOUNT =
  /^arn:[a-z-]+:s3:[a-z0-9-*]*:\d{12}:accesspoint\/.+$/;

function isFixedValue(key: string, value: string, variables: boolean): boolean {
  if (value === '') return false;
  if (variables && hasPolicyVariable(value)) return false;
  if (key === 'aws:sourceip') return isNarrowIpBlock(value);
  if (key === 'aws:userid' && ROLE_SESSIONS.test(value)) return true;
  if (
    key === 's3:dataaccesspointarn' &&
    ACCESS_POINTS_OF_ONE_ACCOUNT.test(value)
  ) {
    return true;
  }
  return !hasWildcard(value);
}

/** A condition that limits who gets through to fixed values of one restricting key. */
export interface Restriction {
  /** The key as AWS spells it, e.g. `aws:SourceVpce`. */
  key: string;
  values: string[];
}

function restrictingKey(condition: PolicyCondition): string | undefined {
  return RESTRICTING_KEYS.get(condition.key.toLowerCase());
}

function allFixed(condition: PolicyCondition, variables: boolean): boolean {
  const key = condition.key.toLowerCase();
  return (
    condition.values.length > 0 &&
    condition.values.every(value => isFixedValue(key, value, variables))
  );
}

/**
 * The restriction a condition of an Allow puts on who is let in: a positive operator
 * (no IfExists, which lets requests without the key through; no ForAllValues, true for
 * requests without it) on a restricting key, every value fixed. Undefined when the
 * condition restricts nothing.
 */
export function restrictionOf(
  condition: PolicyCondition,
  variables: boolean,
): Restriction | undefined {
  const { operator } = condition;
  const key = restrictingKey(condition);
  if (!key) return undefined;
  if (!FIXING_OPERATORS.has(operator.base)) return undefined;
  // IfExists and ForAllValues are true without the key, and no restricting key is in
  // every request (anonymous callers and AWS services acting for themselves lack some).
  if (operator.ifExists || operator.setQualifier === 'ForAllValues') {
    return undefined;
  }
  if ((operator.base === 'IpAddress') !== (key === 'aws:SourceIp')) {
    return undefined;
  }
  return allFixed(condition, variables)
    ? { key, values: condition.values }
    : undefined;
}

/**
 * The restriction a condition of a Deny leaves: a negated operator on a restricting key
 * with fixed values (IfExists or not: a request without the key is denied either way),
 * so only requests with one of those values escape the Deny.
 */
export function escapeOf(
  condition: PolicyCondition,
  variables: boolean,
): Restriction | undefined {
  const { operator } = condition;
  const key = restrictingKey(condition);
  if (!key) return undefined;
  if (!NEGATED_FIXING_OPERATORS.has(operator.base)) return undefined;
  if (operator.setQualifier) return undefined;
  if ((operator.base === 'NotIpAddress') !== (key === 'aws:SourceIp')) {
    return undefined;
  }
  return allFixed(condition, variables)
    ? { key, values: condition.values }
    : undefined;
}

/**
 * Whether S3 requests never carry the key: a key of another service, or a name without
 * a service prefix at all (`__proto__`), which no request context has.
 */
export function isForeignKey(key: string): boolean {
  const lower = key.toLowerCase();
  return (
    !lower.includes(':') ||
    FOREIGN_PREFIXES.some(prefix => lower.startsWith(prefix))
  );
}

/** Keys whose every value in a request is a 12-digit account id. */
const ACCOUNT_KEYS = new Set([
  'aws:principalaccount',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:resourceaccount',
  's3:resourceaccount',
]);

const STRING_NEGATIONS = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
]);

/**
 * Whether the condition holds for every S3 request, whatever else it carries: on a key
 * no request carries, when it is true for a missing key; or a negated string test on an
 * account key whose values can never be an account id (a literal `${...}` in a 2008-10-17
 * policy, say), true whether the key is present or not.
 */
export function alwaysHolds(condition: PolicyCondition): boolean {
  const { operator } = condition;
  if (isForeignKey(condition.key)) {
    return evaluateOperator(operator, condition.values, undefined);
  }
  return (
    ACCOUNT_KEYS.has(condition.key.toLowerCase()) &&
    STRING_NEGATIONS.has(operator.base) &&
    operator.setQualifier === undefined &&
    condition.values.every(
      value => !/^\d{12}$/.test(value) && !hasWildcard(value),
    )
  );
}

/**
 * Whether the condition can never hold in an S3 request: it is on a key no S3 request
 * carries (`kms:CallerAccount`) and is false when the key is absent (IAM's rules for a
 * missing key: positive operators false, negated ones and IfExists true). A statement
 * with such a condition applies to no S3 request at all.
 */
export function neverHolds(condition: PolicyCondition): boolean {
  return (
    isForeignKey(condition.key) &&
    !evaluateOperator(condition.operator, condition.values, undefined)
  );
}

/** How a condition reads in a reason: `StringEquals aws:SourceVpce vpce-1, vpce-2`. */
export function describeCondition(condition: PolicyCondition): string {
  const values = condition.values.slice(0, 3).join(', ');
  const more =
    condition.values.length > 3
      ? ` and ${condition.values.length - 3} more`
      : '';
  return `${condition.operator.name} ${condition.key} ${values}${more}`;
}
