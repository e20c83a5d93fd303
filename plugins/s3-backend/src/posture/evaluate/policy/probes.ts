/**
 * The requests the checks simulate: who calls (anonymous, a user of an unrelated
 * account, a principal of the bucket's own account), from where (the internet, a VPC
 * endpoint), on which objects and from which IP addresses. Each comes with the
 * condition keys AWS would put in such a request.
 */
import { parseOperator } from './conditions';
import {
  cidrContains,
  cidrSize,
  formatIp,
  parseCidr,
  parseIp,
  Cidr,
} from './ipAddress';
import { matchesWildcard } from './matching';
import { Policy, RequestPrincipal } from './types';

export type ContextValues = Record<string, string | string[]>;

/** A simulated caller. */
export interface Caller {
  /** Who it is, in words, for reasons and evidence. */
  label: string;
  principal: RequestPrincipal;
  context: ContextValues;
}

/** Where a simulated request comes from. */
export interface Origin {
  label: string;
  context: ContextValues;
}

/** One simulated request, minus the action and resource. */
export interface Probe {
  caller: string;
  origin: string;
  principal: RequestPrincipal;
  context: ContextValues;
}

/** Facts of every request to the bucket. */
export interface ProbeEnvironment {
  partition: string;
  /** The account that owns the bucket. */
  bucketAccountId: string;
  now: Date;
}

/** Ids that stand for things of an unrelated party: no real policy names them. */
export const UNRELATED_ORG_ID = 'o-unrelated0probe';
export const UNRELATED_VPCE = 'vpce-0unrelated0probe0';
export const UNRELATED_VPC = 'vpc-0unrelated0probe0';
/** A documentation address (RFC 5737 / RFC 3849): public-looking, owned by no one. */
export const DEFAULT_PUBLIC_IPV4 = '198.51.100.7';
export const DEFAULT_PUBLIC_IPV6 = '2001:db8:5151::7';

export function bucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

export function objectArn(
  partition: string,
  bucket: string,
  key: string,
): string {
  return `arn:${partition}:s3:::${bucket}/${key}`;
}

export function anonymousCaller(): Caller {
  return {
    label: 'an anonymous caller',
    principal: { type: 'anonymous' },
    context: { 'aws:PrincipalType': 'Anonymous' },
  };
}

/**
 * A principal of an account, signed in the usual way (header authentication).
 * `arn` defaults to a role of that account.
 */
export function accountCaller(options: {
  label: string;
  accountId: string;
  partition: string;
  arn?: string;
  orgId?: string;
  mfa?: boolean;
}): Caller {
  const arn =
    options.arn ??
    `arn:${options.partition}:iam::${options.accountId}:role/posture-probe`;
  const context: ContextValues = {
    'aws:PrincipalAccount': options.accountId,
    'aws:PrincipalArn': arn,
    'aws:PrincipalType': /:user\//.test(arn) ? 'User' : 'AssumedRole',
    'aws:userid': 'AIDAPOSTUREPROBE',
    'aws:MultiFactorAuthPresent': options.mfa ? 'true' : 'false',
    's3:authType': 'REST-HEADER',
    's3:signatureversion': 'AWS4-HMAC-SHA256',
    's3:signatureAge': '1000',
  };
  if (options.mfa) context['aws:MultiFactorAuthAge'] = '60';
  if (options.orgId) context['aws:PrincipalOrgID'] = options.orgId;
  return {
    label: options.label,
    principal: {
      type: 'account',
      accountId: options.accountId,
      arn,
      ...(options.orgId ? { orgId: options.orgId } : {}),
    },
    context,
  };
}

export function fromInternet(ip: string): Origin {
  return {
    label: `from the internet (${ip})`,
    context: { 'aws:SourceIp': ip },
  };
}

/** Through a VPC endpoint: such requests carry no aws:SourceIp. */
export function throughVpcEndpoint(vpce: string, vpc: string): Origin {
  return {
    label: `through VPC endpoint ${vpce}`,
    context: {
      'aws:SourceVpce': vpce,
      'aws:SourceVpc': vpc,
      'aws:VpcSourceIp': '10.0.0.7',
    },
  };
}

/** Every caller from every origin, with the facts of the bucket and the time. */
export function probes(
  callers: Caller[],
  origins: Origin[],
  environment: ProbeEnvironment,
  extra: ContextValues = {},
): Probe[] {
  const shared: ContextValues = {
    'aws:CurrentTime': environment.now.toISOString(),
    'aws:EpochTime': String(Math.floor(environment.now.getTime() / 1000)),
    'aws:ResourceAccount': environment.bucketAccountId,
    's3:ResourceAccount': environment.bucketAccountId,
  };
  return callers.flatMap(caller =>
    origins.map(origin => ({
      caller: caller.label,
      origin: origin.label,
      principal: caller.principal,
      context: { ...shared, ...caller.context, ...origin.context, ...extra },
    })),
  );
}

/** Every value a policy gives a condition key, across statements and operators. */
export function conditionValues(policy: Policy, key: string): string[] {
  const lowerKey = key.toLowerCase();
  const values = new Set<string>();
  for (const statement of policy.statements) {
    for (const keys of Object.values(statement.condition ?? {})) {
      for (const [name, list] of Object.entries(keys)) {
        if (name.toLowerCase() === lowerKey)
          list.forEach(value => values.add(value));
      }
    }
  }
  return [...values];
}

/** Every 12-digit account id a policy mentions, in principals or conditions. */
export function accountsNamedIn(policy: Policy): Set<string> {
  const accounts = new Set<string>();
  const text = JSON.stringify(policy);
  for (const match of text.matchAll(/(?<!\d)\d{12}(?!\d)/g))
    accounts.add(match[0]);
  return accounts;
}

/** A 12-digit account id that is none of the given ones. */
export function unrelatedAccountId(avoid: Iterable<string>): string {
  const taken = new Set(avoid);
  let candidate = 999999999999;
  while (taken.has(String(candidate))) candidate -= 1;
  return String(candidate);
}

function sourceIpBlocks(policy: Policy): Cidr[] {
  const blocks: Cidr[] = [];
  for (const statement of policy.statements) {
    for (const [operatorName, keys] of Object.entries(
      statement.condition ?? {},
    )) {
      const base = parseOperator(operatorName)?.base;
      if (base !== 'IpAddress' && base !== 'NotIpAddress') continue;
      for (const [key, values] of Object.entries(keys)) {
        if (key.toLowerCase() !== 'aws:sourceip') continue;
        for (const value of values) {
          const cidr = parseCidr(value);
          if (cidr) blocks.push(cidr);
        }
      }
    }
  }
  return blocks;
}

/**
 * Whether an aws:SourceIp block is wide enough to count as "anyone": S3 treats a
 * fixed IPv4 range of /8 or wider (IPv6: /32 or wider) as public.
 */
export function isBroadIpBlock(cidr: Cidr): boolean {
  return cidr.prefixLength <= (cidr.version === 4 ? 8 : 32);
}

/** Moves an address past every narrow block that contains it (a few steps at most). */
function outsideNarrowBlocks(ip: string, narrow: Cidr[], steps = 64): string {
  const inside = narrow.find(block => cidrContains(block, ip));
  if (!inside || steps === 0) return ip;
  const next = inside.network + cidrSize(inside);
  const bits = inside.version === 4 ? 32n : 128n;
  if (next >= 1n << bits) return ip;
  return outsideNarrowBlocks(formatIp(inside.version, next), narrow, steps - 1);
}

/**
 * Public addresses to try as aws:SourceIp: a default IPv4 and IPv6 address and one
 * inside each broad block the policy names, each moved out of the narrow blocks the
 * policy names, so that a narrow allow-list keeps the caller out and a narrow
 * deny-list does not.
 */
export function sourceIpCandidates(policy: Policy): string[] {
  const blocks = sourceIpBlocks(policy);
  const narrow = blocks.filter(block => !isBroadIpBlock(block));
  const starts = [DEFAULT_PUBLIC_IPV4, DEFAULT_PUBLIC_IPV6];
  for (const block of blocks.filter(isBroadIpBlock)) {
    starts.push(
      formatIp(block.version, block.network + cidrSize(block) / 2n + 7n),
    );
  }
  const candidates = new Set<string>();
  for (const start of starts) {
    const moved = outsideNarrowBlocks(start, narrow);
    // Keep a representative only if it is still where it was meant to be.
    const original = parseIp(start);
    const shifted = parseIp(moved);
    if (original && shifted && original.version === shifted.version)
      candidates.add(moved);
    if (candidates.size >= 12) break;
  }
  return [...candidates];
}

const MAX_OBJECT_KEYS = 50;

/**
 * Object keys worth trying: a generic one, plus one inside each object pattern the
 * policy names for this bucket (`public/*` -> `public/x`), so a grant on a prefix
 * is seen.
 */
export function objectKeyCandidates(
  policies: Policy[],
  bucket: string,
): string[] {
  const keys = new Set<string>(['any-object']);
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const pattern of [
        ...(statement.resource ?? []),
        ...(statement.notResource ?? []),
      ]) {
        const resourcePart = pattern.split(':').slice(5).join(':');
        const slash = resourcePart.indexOf('/');
        if (slash === -1) continue;
        if (!matchesWildcard(resourcePart.slice(0, slash), bucket)) continue;
        const key = resourcePart.slice(slash + 1).replace(/[*?]/g, 'x');
        if (key !== '') keys.add(key);
        if (keys.size >= MAX_OBJECT_KEYS) return [...keys];
      }
    }
  }
  return [...keys];
}
