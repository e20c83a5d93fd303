/**
 * Soundness of the policy checks (issue 14): whenever a check says pass, no request a
 * brute-force reference evaluator can think of contradicts it.
 *
 * The reference evaluator below is written from the IAM documentation alone and shares no
 * code with the production evaluator (it imports nothing from this directory): explicit
 * deny wins, then allow, else implicit deny; Principal/NotPrincipal, Action/NotAction
 * (case-insensitive wildcards), Resource/NotResource (wildcards), and conditions with the
 * String, Arn, Numeric, Bool, IpAddress and Null operators, …IfExists, ForAnyValue and
 * ForAllValues, case-insensitive keys and the documented missing-key rules. It is kept
 * small and obviously right, and tested on hand-written cases first.
 *
 * fast-check generates bucket policies from realistic pieces and, for each, many concrete
 * requests; the properties are:
 *  1. no-public-read / no-public-write pass ⇒ no stranger (anonymous, an account or role
 *     the policy does not name, a public identity provider, a service acting for a
 *     stranger; from a public address or a VPC endpoint the policy does not name) is
 *     allowed a read (s3:Get*, s3:List*) / write (s3:Put*, s3:Delete*, abort, restore).
 *  2. tls-only pass ⇒ every plain-HTTP request is explicitly denied, whoever sends it.
 *  3. tls-minimum-version pass ⇒ every request over TLS < 1.2 is explicitly denied;
 *     presigned-url-age-limited pass ⇒ every signed request older than the bound is.
 */
import fc from 'fast-check';
import { CheckId } from '@s3-posture/plugin-s3-common';
import { PostureInput } from '@s3-posture/plugin-s3-node';
import { CHECK_EVALUATORS } from '../checkEvaluators';
import {
  ACCOUNT_ID,
  ALL_BLOCK_PUBLIC_ACCESS_OFF,
  BUCKET,
  OWNER_CANONICAL_ID,
  makeInput,
  makeSettings,
  ok,
} from '../checks/testInput';

// ====================================================================== reference evaluator

type Json = unknown;

type RequestPrincipal =
  | { kind: 'anonymous' }
  | {
      kind: 'iam';
      account: string;
      /** The user or role ARN (for a role session, the role). */
      arn: string;
      /** For a role session: arn:aws:sts::…:assumed-role/Role/Session. */
      sessionArn?: string;
      root?: boolean;
    }
  | { kind: 'federated'; provider: string }
  | { kind: 'service'; service: string };

interface OracleRequest {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  /** Request context; keys lower-cased, every key a list of values. */
  context: Map<string, string[]>;
}

type Decision = 'explicit-deny' | 'allow' | 'implicit-deny';

function asList(value: Json): Json[] {
  return Array.isArray(value) ? value : [value];
}

/** `*` any run of characters, `?` one character; plain recursion with a memo. */
function wildcardMatch(pattern: string, text: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (text.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === pattern.length) result = j === text.length;
    else if (pattern[i] === '*')
      result = go(i + 1, j) || (j < text.length && go(i, j + 1));
    else
      result =
        j < text.length &&
        (pattern[i] === '?' || pattern[i] === text[j]) &&
        go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** ArnLike/ArnEquals: each of the six colon-separated parts matched on its own. */
function arnMatch(pattern: string, arn: string): boolean {
  const split = (s: string) => {
    const parts = s.split(':');
    return parts.length < 6
      ? parts
      : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const a = split(arn);
  return (
    p.length === a.length && p.every((part, i) => wildcardMatch(part, a[i]))
  );
}

interface Cidr {
  bits: 32 | 128;
  address: bigint;
  prefix: number;
}

function parseIp(
  text: string,
): { bits: 32 | 128; address: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    if (octets.some(o => o > 255)) return undefined;
    return {
      bits: 32,
      address: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n),
    };
  }
  if (!text.includes(':')) return undefined;
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return undefined;
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array(Math.max(missing, 0)).fill('0'), ...right];
  if (!all.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return {
    bits: 128,
    address: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n),
  };
}

function parseCidr(text: string): Cidr | undefined {
  const [ip, prefixText] = text.split('/');
  const parsed = parseIp(ip);
  if (!parsed) return undefined;
  const prefix = prefixText === undefined ? parsed.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > parsed.bits)
    return undefined;
  return { ...parsed, prefix };
}

function cidrContains(cidr: Cidr, ip: string): boolean {
  const parsed = parseIp(ip);
  if (!parsed || parsed.bits !== cidr.bits) return false;
  const shift = BigInt(cidr.bits - cidr.prefix);
  return parsed.address >> shift === cidr.address >> shift;
}

/** One policy value against one request value, for a non-negated base operator. */
function baseMatches(
  base: string,
  policyValue: string,
  requestValue: string,
): boolean {
  switch (base) {
    case 'StringEquals':
      return policyValue === requestValue;
    case 'StringEqualsIgnoreCase':
      return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'StringLike':
      return wildcardMatch(policyValue, requestValue);
    case 'ArnEquals':
    case 'ArnLike':
      return arnMatch(policyValue, requestValue);
    case 'Bool':
      return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'IpAddress': {
      const cidr = parseCidr(policyValue);
      return !!cidr && cidrContains(cidr, requestValue);
    }
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals': {
      const p = Number(policyValue);
      const r = Number(requestValue);
      if (Number.isNaN(p) || Number.isNaN(r)) return false;
      if (base === 'NumericEquals') return r === p;
      if (base === 'NumericLessThan') return r < p;
      if (base === 'NumericLessThanEquals') return r <= p;
      if (base === 'NumericGreaterThan') return r > p;
      return r >= p;
    }
    default:
      throw new Error(`reference evaluator: unsupported operator ${base}`);
  }
}

/** Negated operators and the positive operator they negate. */
const NEGATIONS: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NotIpAddress: 'IpAddress',
  NumericNotEquals: 'NumericEquals',
};

/** One operator on one key. */
function conditionEntryHolds(
  operatorName: string,
  policyValues: string[],
  requestValues: string[] | undefined,
): boolean {
  let name = operatorName;
  let set: 'any' | 'all' | undefined;
  if (name.startsWith('ForAnyValue:')) {
    set = 'any';
    name = name.slice('ForAnyValue:'.length);
  } else if (name.startsWith('ForAllValues:')) {
    set = 'all';
    name = name.slice('ForAllValues:'.length);
  }
  if (name === 'Null') {
    // Null true: the key is absent; Null false: it is present.
    const absent = requestValues === undefined;
    return policyValues.some(v => (v.toLowerCase() === 'true') === absent);
  }
  const ifExists = name.endsWith('IfExists');
  if (ifExists) name = name.slice(0, -'IfExists'.length);
  const positive = NEGATIONS[name] ?? name;
  const negated = positive !== name;
  // One request value against all policy values: any match (OR); a negated operator
  // holds when none matches.
  const one = (requestValue: string) => {
    const matched = policyValues.some(v =>
      baseMatches(positive, v, requestValue),
    );
    return negated ? !matched : matched;
  };
  if (requestValues === undefined || requestValues.length === 0) {
    if (ifExists) return true;
    if (set === 'all') return true; // "returns true if there are no keys in the request"
    if (set === 'any') return false;
    return negated; // missing key: no match; a negated operator is then true
  }
  if (set === 'all') return requestValues.every(one);
  if (set === 'any') return requestValues.some(one);
  return requestValues.some(one);
}

function conditionHolds(
  condition: Json,
  context: Map<string, string[]>,
): boolean {
  if (condition === undefined) return true;
  for (const [operator, entries] of Object.entries(condition as object)) {
    for (const [key, raw] of Object.entries(entries as object)) {
      const values = asList(raw).map(v => String(v));
      if (
        !conditionEntryHolds(operator, values, context.get(key.toLowerCase()))
      )
        return false;
    }
  }
  return true;
}

function accountOfPrincipalValue(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(value);
  return root ? root[1] : undefined;
}

function principalMatches(spec: Json, principal: RequestPrincipal): boolean {
  if (spec === '*') return true;
  for (const [type, raw] of Object.entries(spec as object)) {
    for (const value of asList(raw).map(String)) {
      if (type === 'AWS') {
        // {"AWS": "*"} is everyone but AWS services (web identity users act as role sessions).
        if (value === '*') {
          if (principal.kind !== 'service') return true;
          continue;
        }
        if (principal.kind !== 'iam') continue;
        const account = accountOfPrincipalValue(value);
        if (account !== undefined && account === principal.account) return true;
        if (value === principal.arn || value === principal.sessionArn)
          return true;
      } else if (type === 'Federated') {
        if (principal.kind === 'federated' && principal.provider === value)
          return true;
      } else if (type === 'Service') {
        if (principal.kind === 'service' && principal.service === value)
          return true;
      } else {
        throw new Error(
          `reference evaluator: unsupported principal type ${type}`,
        );
      }
    }
  }
  return false;
}

function statementApplies(
  statement: Record<string, Json>,
  request: OracleRequest,
): boolean {
  const principalOk =
    'Principal' in statement
      ? principalMatches(statement.Principal, request.principal)
      : !principalMatches(statement.NotPrincipal, request.principal);
  const actionHit = (list: Json) =>
    asList(list).some(a =>
      wildcardMatch(String(a).toLowerCase(), request.action.toLowerCase()),
    );
  const actionOk =
    'Action' in statement
      ? actionHit(statement.Action)
      : !actionHit(statement.NotAction);
  const resourceHit = (list: Json) =>
    asList(list).some(r => wildcardMatch(String(r), request.resource));
  const resourceOk =
    'Resource' in statement
      ? resourceHit(statement.Resource)
      : !resourceHit(statement.NotResource);
  return (
    principalOk &&
    actionOk &&
    resourceOk &&
    conditionHolds(statement.Condition, request.context)
  );
}

/** AWS's order: any applicable Deny wins; else any applicable Allow; else implicit deny. */
function decide(policy: Json, request: OracleRequest): Decision {
  const statements = asList((policy as { Statement: Json }).Statement) as Array<
    Record<string, Json>
  >;
  const applicable = statements.filter(s => statementApplies(s, request));
  if (applicable.some(s => s.Effect === 'Deny')) return 'explicit-deny';
  if (applicable.some(s => s.Effect === 'Allow')) return 'allow';
  return 'implicit-deny';
}

// ====================================================================== the oracle's own tests

function oracleRequest(
  principal: RequestPrincipal,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
): OracleRequest {
  return {
    principal,
    action,
    resource,
    context: new Map(
      Object.entries(context).map(([k, v]) => [
        k.toLowerCase(),
        asList(v).map(String),
      ]),
    ),
  };
}

const ANONYMOUS: RequestPrincipal = { kind: 'anonymous' };
const B = `arn:aws:s3:::${BUCKET}`;

describe('the reference evaluator', () => {
  it.each([
    ['s3:get*', 's3:getobject', true],
    ['a*b?c', 'axxbyc', true],
    ['a*b?c', 'abc', false],
    ['*', '', true],
    ['a?', 'a', false],
    ['*.pdf', 'x/y.pdf', true],
    ['orders-production/*/test/*', 'orders-production/1/2/test/3/o.jpg', true],
    ['orders-production/*/test/*', 'orders-production/test/o.jpg', false],
  ])('wildcard %s vs %s: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });

  it.each([
    ['192.0.2.0/24', '192.0.2.200', true],
    ['192.0.2.0/24', '192.0.3.1', false],
    ['0.0.0.0/1', '127.255.255.255', true],
    ['0.0.0.0/1', '128.0.0.1', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5678:abcd::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::/0', '192.0.2.1', false],
  ])('cidr %s contains %s: %s', (cidr, ip, expected) => {
    expect(cidrContains(parseCidr(cidr)!, ip)).toBe(expected);
  });

  it('follows the documented missing-key rules', () => {
    const absent = undefined;
    expect(conditionEntryHolds('StringEquals', ['x'], absent)).toBe(false);
    expect(conditionEntryHolds('StringNotEquals', ['x'], absent)).toBe(true);
    expect(conditionEntryHolds('ArnNotLike', ['arn:*'], absent)).toBe(true);
    expect(conditionEntryHolds('StringEqualsIfExists', ['x'], absent)).toBe(
      true,
    );
    expect(conditionEntryHolds('Null', ['true'], absent)).toBe(true);
    expect(conditionEntryHolds('Null', ['false'], absent)).toBe(false);
    expect(
      conditionEntryHolds('ForAllValues:StringEquals', ['x'], absent),
    ).toBe(true);
    expect(conditionEntryHolds('ForAnyValue:StringEquals', ['x'], absent)).toBe(
      false,
    );
    expect(conditionEntryHolds('NumericLessThan', ['1.2'], absent)).toBe(false);
    expect(conditionEntryHolds('NotIpAddress', ['192.0.2.0/24'], absent)).toBe(
      true,
    );
  });

  it('compares present keys as documented', () => {
    expect(conditionEntryHolds('StringEquals', ['a', 'b'], ['b'])).toBe(true);
    expect(conditionEntryHolds('StringNotEquals', ['a', 'b'], ['b'])).toBe(
      false,
    );
    expect(conditionEntryHolds('StringNotEquals', ['a', 'b'], ['c'])).toBe(
      true,
    );
    expect(conditionEntryHolds('StringEquals', ['A'], ['a'])).toBe(false);
    expect(conditionEntryHolds('StringEqualsIgnoreCase', ['A'], ['a'])).toBe(
      true,
    );
    expect(conditionEntryHolds('Bool', ['false'], ['false'])).toBe(true);
    expect(conditionEntryHolds('BoolIfExists', ['false'], ['true'])).toBe(
      false,
    );
    expect(conditionEntryHolds('NumericLessThan', ['1.2'], ['1.1'])).toBe(true);
    expect(conditionEntryHolds('NumericLessThan', ['1.2'], ['1.2'])).toBe(
      false,
    );
    expect(
      conditionEntryHolds('NumericGreaterThan', ['600000'], ['600001']),
    ).toBe(true);
    expect(
      conditionEntryHolds(
        'ArnLike',
        ['arn:aws:iam::*:role/*'],
        ['arn:aws:iam::123456789012:role/x'],
      ),
    ).toBe(true);
    expect(
      conditionEntryHolds(
        'ArnLike',
        ['arn:aws:iam::*:role/*'],
        ['arn:aws:iam::123456789012:user/x'],
      ),
    ).toBe(false);
    expect(
      conditionEntryHolds('ForAllValues:StringEquals', ['a'], ['a', 'b']),
    ).toBe(false);
    expect(
      conditionEntryHolds('ForAnyValue:StringEquals', ['a'], ['a', 'b']),
    ).toBe(true);
    expect(
      conditionEntryHolds(
        'IpAddressIfExists',
        ['192.0.2.0/24'],
        ['198.51.100.1'],
      ),
    ).toBe(false);
  });

  const tlsDeny = {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [B, `${B}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
  const publicRead = {
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `${B}/*`,
  };
  const role: RequestPrincipal = {
    kind: 'iam',
    account: '444455556666',
    arn: 'arn:aws:iam::444455556666:role/Reader',
    sessionArn: 'arn:aws:sts::444455556666:assumed-role/Reader/s1',
  };

  it('decides whole policies the way the IAM evaluation logic describes', () => {
    const http = { 'aws:SecureTransport': 'false' };
    const https = { 'aws:SecureTransport': 'true' };
    const policy = { Statement: [publicRead, tlsDeny] };
    expect(
      decide(policy, oracleRequest(ANONYMOUS, 's3:GetObject', `${B}/x`, http)),
    ).toBe('explicit-deny');
    expect(
      decide(policy, oracleRequest(ANONYMOUS, 's3:GetObject', `${B}/x`, https)),
    ).toBe('allow');
    expect(
      decide(policy, oracleRequest(ANONYMOUS, 's3:PutObject', `${B}/x`, https)),
    ).toBe('implicit-deny');
    expect(
      decide(
        policy,
        oracleRequest(ANONYMOUS, 'S3:GETOBJECT', `${B}/a/b`, https),
      ),
    ).toBe('allow');
    expect(
      decide(policy, oracleRequest(ANONYMOUS, 's3:GetObject', B, https)),
    ).toBe('implicit-deny');
  });

  it('matches principals as documented', () => {
    const https = { 'aws:SecureTransport': 'true' };
    const grant = (principal: Json) => ({
      Statement: [{ ...publicRead, Principal: principal }],
    });
    const get = (p: RequestPrincipal) =>
      oracleRequest(p, 's3:GetObject', `${B}/x`, https);
    expect(decide(grant({ AWS: '444455556666' }), get(role))).toBe('allow');
    expect(
      decide(grant({ AWS: 'arn:aws:iam::444455556666:root' }), get(role)),
    ).toBe('allow');
    expect(
      decide(
        grant({ AWS: 'arn:aws:iam::444455556666:role/Reader' }),
        get(role),
      ),
    ).toBe('allow');
    expect(
      decide(grant({ AWS: 'arn:aws:iam::111122223333:root' }), get(role)),
    ).toBe('implicit-deny');
    expect(decide(grant({ AWS: '*' }), get(ANONYMOUS))).toBe('allow');
    expect(decide(grant({ AWS: '444455556666' }), get(ANONYMOUS))).toBe(
      'implicit-deny',
    );
    expect(
      decide(
        grant({ Federated: 'graph.facebook.com' }),
        get({ kind: 'federated', provider: 'graph.facebook.com' }),
      ),
    ).toBe('allow');
    const notPrincipal = {
      Statement: [
        {
          Effect: 'Allow',
          NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 's3:GetObject',
          Resource: `${B}/*`,
        },
      ],
    };
    expect(decide(notPrincipal, get(ANONYMOUS))).toBe('allow');
    expect(decide(notPrincipal, get(role))).toBe('implicit-deny');
  });

  it('handles NotAction, NotResource, IfExists and Null in whole policies', () => {
    const ctx = {
      'aws:SecureTransport': 'true',
      'aws:SourceIp': '198.51.100.7',
    };
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          NotAction: 's3:Delete*',
          Resource: '*',
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          NotResource: `${B}/public/*`,
          Condition: {
            StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' },
          },
        },
      ],
    };
    expect(
      decide(
        policy,
        oracleRequest(ANONYMOUS, 's3:GetObject', `${B}/public/x`, ctx),
      ),
    ).toBe('allow');
    expect(
      decide(
        policy,
        oracleRequest(ANONYMOUS, 's3:GetObject', `${B}/private/x`, ctx),
      ),
    ).toBe('explicit-deny');
    expect(
      decide(
        policy,
        oracleRequest(ANONYMOUS, 's3:GetObject', `${B}/private/x`, {
          'aws:SecureTransport': 'true',
          'aws:SourceVpce': 'vpce-1a2b3c4d',
        }),
      ),
    ).toBe('allow');
    expect(
      decide(
        policy,
        oracleRequest(ANONYMOUS, 's3:DeleteObject', `${B}/public/x`, ctx),
      ),
    ).toBe('implicit-deny');
    const nullDeny = {
      Statement: [
        publicRead,
        {
          ...tlsDeny,
          Condition: { Null: { 'aws:SourceVpce': 'true' } },
        },
      ],
    };
    expect(
      decide(nullDeny, oracleRequest(ANONYMOUS, 's3:GetObject', `${B}/x`, ctx)),
    ).toBe('explicit-deny');
  });

  it('refuses what it does not model instead of guessing', () => {
    expect(() =>
      conditionEntryHolds('DateLessThan', ['2030-01-01'], ['2029-01-01']),
    ).toThrow(/unsupported/);
  });
});

// ====================================================================== the world of the generators

const OWN = ACCOUNT_ID;
const ACCOUNT_A = '111122223333';
const ACCOUNT_B = '444455556666';
const ROLE_READER = `arn:aws:iam::${ACCOUNT_A}:role/Reader`;
const ROLE_APP = `arn:aws:iam::${OWN}:role/App`;
const ROLE_ADMIN = `arn:aws:iam::${ACCOUNT_B}:role/Admin`;
const ORG = 'o-aa111bb222';
const VPCE = 'vpce-1a2b3c4d';
const VPC = 'vpc-91237329';
const USERID_USER = 'AIDAEXAMPLEUSERID01';
const ROLEID_APP = 'AROAEXAMPLEROLEID01';
const NARROW_CIDRS = [
  '192.0.2.0/24',
  '203.0.113.0/24',
  '54.240.143.0/24',
  '10.0.0.0/8',
  '2001:db8::/32',
];
const BROAD_CIDRS = [
  '0.0.0.0/0',
  '0.0.0.0/1',
  '128.0.0.0/1',
  '32.0.0.0/3',
  '54.0.0.0/7',
  '::/0',
  '2001::/16',
];
const BOUND_MS = makeSettings().presignedUrlMaxAgeMinutes * 60_000;

type Kind = 'bucket' | 'object';
type Access = 'read' | 'write' | 'other';

/** S3 actions covering reads, lists, writes, deletes and permission changes. */
const ACTIONS: Array<[string, Kind, Access]> = [
  ['s3:GetObject', 'object', 'read'],
  ['s3:GetObjectVersion', 'object', 'read'],
  ['s3:GetObjectAcl', 'object', 'read'],
  ['s3:GetObjectTagging', 'object', 'read'],
  ['s3:GetObjectAttributes', 'object', 'read'],
  ['s3:GetObjectRetention', 'object', 'read'],
  ['s3:GetObjectLegalHold', 'object', 'read'],
  ['s3:ListMultipartUploadParts', 'object', 'read'],
  ['s3:ListBucket', 'bucket', 'read'],
  ['s3:ListBucketVersions', 'bucket', 'read'],
  ['s3:ListBucketMultipartUploads', 'bucket', 'read'],
  ['s3:GetBucketPolicy', 'bucket', 'read'],
  ['s3:GetBucketAcl', 'bucket', 'read'],
  ['s3:GetBucketLocation', 'bucket', 'read'],
  ['s3:GetBucketTagging', 'bucket', 'read'],
  ['s3:GetBucketVersioning', 'bucket', 'read'],
  ['s3:GetEncryptionConfiguration', 'bucket', 'read'],
  ['s3:GetLifecycleConfiguration', 'bucket', 'read'],
  ['s3:GetBucketCORS', 'bucket', 'read'],
  ['s3:GetBucketLogging', 'bucket', 'read'],
  ['s3:PutObject', 'object', 'write'],
  ['s3:PutObjectAcl', 'object', 'write'],
  ['s3:PutObjectTagging', 'object', 'write'],
  ['s3:DeleteObject', 'object', 'write'],
  ['s3:DeleteObjectVersion', 'object', 'write'],
  ['s3:DeleteObjectTagging', 'object', 'write'],
  ['s3:AbortMultipartUpload', 'object', 'write'],
  ['s3:RestoreObject', 'object', 'write'],
  ['s3:PutObjectRetention', 'object', 'write'],
  ['s3:PutObjectLegalHold', 'object', 'write'],
  ['s3:PutBucketPolicy', 'bucket', 'write'],
  ['s3:DeleteBucketPolicy', 'bucket', 'write'],
  ['s3:PutBucketAcl', 'bucket', 'write'],
  ['s3:PutEncryptionConfiguration', 'bucket', 'write'],
  ['s3:PutBucketPublicAccessBlock', 'bucket', 'write'],
  ['s3:PutBucketOwnershipControls', 'bucket', 'write'],
  ['s3:PutBucketVersioning', 'bucket', 'write'],
  ['s3:PutLifecycleConfiguration', 'bucket', 'write'],
  ['s3:PutBucketCORS', 'bucket', 'write'],
  ['s3:PutBucketTagging', 'bucket', 'write'],
  ['s3:DeleteBucket', 'bucket', 'write'],
  ['s3:BypassGovernanceRetention', 'object', 'other'],
  ['s3:ReplicateObject', 'object', 'other'],
];

const ACL_HEADER_ACTIONS = new Set([
  's3:PutObject',
  's3:PutObjectAcl',
  's3:PutBucketAcl',
]);
const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'bucket-owner-full-control',
];
const OBJECT_KEYS = [
  'x',
  'prefix/x',
  'prefix/report.pdf',
  'a/b/c.pdf',
  'home/alice/x',
  'public/index.html',
];

// ---------------------------------------------------------------------- policy generator

type Statement = Record<string, Json>;

const principalArb: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  '*',
  { AWS: '*' },
  { AWS: OWN },
  { AWS: `arn:aws:iam::${OWN}:root` },
  { AWS: ACCOUNT_A },
  { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
  { AWS: ROLE_READER },
  { AWS: ROLE_APP },
  { AWS: [ROLE_ADMIN, `arn:aws:iam::${ACCOUNT_A}:root`] },
  { Federated: 'graph.facebook.com' },
  { Federated: `arn:aws:iam::${ACCOUNT_A}:saml-provider/Corp` },
);

const actionArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    's3:GetObject',
    's3:Get*',
    's3:*',
    '*',
    's3:PutObject',
    's3:List*',
    's3:ListBucket',
    's3:Put*',
    's3:DeleteObject',
    's3:PutBucketPolicy',
    's3:*Object',
    's3:GetObject*',
    'S3:GetObject',
  ),
  fc.constantFrom<Json>(
    ['s3:GetObject', 's3:ListBucket'],
    ['s3:PutObject', 's3:PutObjectAcl'],
    ['s3:Get*', 's3:Put*', 's3:List*', 's3:Delete*'],
  ),
);

const resourceArb: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  B,
  `${B}/*`,
  `${B}/prefix/*`,
  '*',
  `${B}*`,
  `${B}*.pdf`,
  `${B}/pre?ix/*`,
  'arn:aws:s3:::other-bucket/*',
  [B, `${B}/*`],
  [B, `${B}/prefix/*`],
);

interface Piece {
  operator: string;
  key: string;
  value: Json;
}

const stringOps = (ops: string[]) =>
  fc
    .tuple(fc.constantFrom(...ops), fc.boolean())
    .map(([op, ifExists]) => (ifExists ? `${op}IfExists` : op));

const pieceArb: fc.Arbitrary<Piece> = fc.oneof(
  fc.record({
    operator: fc.constantFrom('Bool', 'BoolIfExists'),
    key: fc.constant('aws:SecureTransport'),
    value: fc.constantFrom<Json>('true', 'false', false),
  }),
  fc.record({
    operator: stringOps(['IpAddress', 'NotIpAddress']),
    key: fc.constant('aws:SourceIp'),
    value: fc.oneof(
      fc.constantFrom<Json>(...NARROW_CIDRS, ...BROAD_CIDRS),
      fc
        .tuple(
          fc.constantFrom(...NARROW_CIDRS),
          fc.constantFrom(...BROAD_CIDRS),
        )
        .map((pair): Json => pair),
    ),
  }),
  fc.record({
    operator: stringOps([
      'StringEquals',
      'StringNotEquals',
      'StringLike',
      'StringNotLike',
    ]),
    key: fc.constantFrom('aws:SourceVpce', 'aws:SourceVpc'),
    value: fc.constantFrom<Json>(VPCE, 'vpce-*', VPC, 'vpc-*'),
  }),
  fc.record({
    operator: stringOps(['StringEquals', 'StringNotEquals', 'StringLike']),
    key: fc.constant('aws:PrincipalOrgID'),
    value: fc.constantFrom<Json>(ORG, 'o-*'),
  }),
  fc.record({
    operator: stringOps(['StringEquals', 'StringNotEquals', 'StringLike']),
    key: fc.constantFrom('aws:SourceAccount', 'aws:PrincipalAccount'),
    value: fc.constantFrom<Json>(OWN, ACCOUNT_A, '*', '1*', [OWN, ACCOUNT_A]),
  }),
  fc.record({
    operator: stringOps([
      'NumericLessThan',
      'NumericLessThanEquals',
      'NumericGreaterThan',
    ]),
    key: fc.constant('s3:TlsVersion'),
    value: fc.constantFrom<Json>('1.0', '1.1', '1.2', '1.3', 1.2),
  }),
  fc.record({
    operator: stringOps([
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
      'NumericLessThan',
    ]),
    key: fc.constant('s3:signatureAge'),
    value: fc.constantFrom<Json>(
      '600000',
      '3600000',
      '3600001',
      '604800000',
      600000,
    ),
  }),
  fc.record({
    operator: stringOps(['StringEquals', 'StringNotEquals', 'StringLike']),
    key: fc.constant('s3:x-amz-acl'),
    value: fc.constantFrom<Json>(
      'public-read',
      'bucket-owner-full-control',
      'private',
      'public-*',
    ),
  }),
  fc.record({
    operator: stringOps(['StringEquals', 'StringLike', 'StringNotLike']),
    key: fc.constant('aws:userid'),
    value: fc.constantFrom<Json>(USERID_USER, `${ROLEID_APP}:*`, 'AROA*', '*'),
  }),
  fc.record({
    operator: stringOps(['ArnEquals', 'ArnLike', 'ArnNotLike']),
    key: fc.constant('aws:PrincipalArn'),
    value: fc.constantFrom<Json>(
      ROLE_APP,
      ROLE_READER,
      `arn:aws:iam::${OWN}:role/*`,
      'arn:aws:iam::*:role/*',
    ),
  }),
  fc.record({
    operator: stringOps(['ArnEquals', 'ArnLike', 'ArnNotEquals']),
    key: fc.constant('aws:SourceArn'),
    value: fc.constantFrom<Json>(
      `arn:aws:cloudtrail:eu-north-1:${OWN}:trail/org-trail`,
      'arn:aws:cloudtrail:*:*:trail/*',
    ),
  }),
  fc.record({
    operator: fc.constantFrom(
      'ForAnyValue:StringEquals',
      'ForAllValues:StringEquals',
    ),
    key: fc.constantFrom(
      'aws:SourceVpce',
      'aws:PrincipalOrgID',
      'aws:PrincipalAccount',
    ),
    value: fc.constantFrom<Json>([VPCE], [ORG], [OWN]),
  }),
  fc.record({
    operator: fc.constant('Null'),
    key: fc.constantFrom(
      'aws:SourceVpce',
      'aws:PrincipalOrgID',
      's3:signatureAge',
    ),
    value: fc.constantFrom<Json>('true', 'false'),
  }),
);

function toCondition(pieces: Piece[]): Record<string, Record<string, Json>> {
  const condition: Record<string, Record<string, Json>> = {};
  for (const { operator, key, value } of pieces) {
    condition[operator] = { ...condition[operator], [key]: value };
  }
  return condition;
}

const randomStatementArb: fc.Arbitrary<Statement[]> = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    principal: principalArb,
    notPrincipal: fc.boolean(),
    action: actionArb,
    notAction: fc.boolean(),
    resource: resourceArb,
    notResource: fc.boolean(),
    pieces: fc.array(pieceArb, { minLength: 0, maxLength: 2 }),
    negations: fc.nat(19),
  })
  .map(r => {
    // NotPrincipal, NotAction and NotResource each in about one statement in seven.
    const not = (flag: boolean, bit: number) => flag && r.negations % 7 === bit;
    const statement: Statement = { Effect: r.effect };
    // NotPrincipal of everyone is left out: who is outside {"AWS": "*"} is not documented.
    const everyone =
      r.principal === '*' || JSON.stringify(r.principal) === '{"AWS":"*"}';
    if (not(r.notPrincipal, 0) && !everyone)
      statement.NotPrincipal = r.principal;
    else statement.Principal = r.principal;
    if (not(r.notAction, 1)) statement.NotAction = r.action;
    else statement.Action = r.action;
    if (not(r.notResource, 2)) statement.NotResource = r.resource;
    else statement.Resource = r.resource;
    if (r.pieces.length > 0) statement.Condition = toCondition(r.pieces);
    return [statement];
  });

type Coverage = 'tls' | 'tlsver' | 'sigage';

const CANONICAL_DENY: Record<Coverage, Statement> = {
  tls: {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [B, `${B}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
  tlsver: {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [B, `${B}/*`],
    Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
  },
  sigage: {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [B, `${B}/*`],
    Condition: { NumericGreaterThan: { 's3:signatureAge': '600000' } },
  },
};

const withExtra =
  (extra: Record<string, Record<string, Json>>) => (s: Statement) => ({
    ...s,
    Condition: { ...(s.Condition as object), ...extra },
  });
const replacing =
  (from: string, to: Record<string, Json>) => (s: Statement) => {
    const copy: Statement = { ...s, ...to };
    if (!(from in to)) delete copy[from];
    return copy;
  };

/** Mutations of a coverage Deny: some keep it complete, most open a gap. */
const MUTATIONS: Array<(s: Statement) => Statement | Statement[]> = [
  replacing('Principal', { Principal: { AWS: '*' } }),
  replacing('Principal', { Principal: { AWS: OWN } }),
  replacing('Principal', { NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` } }),
  replacing('Principal', {
    NotPrincipal: { AWS: [ROLE_APP, `arn:aws:iam::${OWN}:root`] },
  }),
  replacing('Action', { Action: '*' }),
  replacing('Action', { Action: 'S3:*' }),
  replacing('Action', { Action: 's3:Get*' }),
  replacing('Action', { NotAction: 's3:GetObject' }),
  replacing('Action', { NotAction: 'iam:*' }),
  replacing('Action', {
    Action: ['s3:Get*', 's3:Put*', 's3:List*', 's3:Delete*'],
  }),
  replacing('Resource', { Resource: '*' }),
  replacing('Resource', { Resource: `${B}*` }),
  replacing('Resource', { Resource: `${B}/*` }),
  replacing('Resource', { Resource: B }),
  replacing('Resource', { Resource: [B, `${B}/prefix/*`] }),
  replacing('Resource', { NotResource: 'arn:aws:s3:::other-bucket/*' }),
  replacing('Resource', { NotResource: `${B}/prefix/*` }),
  replacing('Resource', { Resource: [B, `${B}*.pdf`] }),
  withExtra({ StringNotEquals: { 'aws:SourceVpce': VPCE } }),
  withExtra({
    ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${OWN}:role/*` },
  }),
  withExtra({ StringNotEquals: { 'aws:PrincipalAccount': OWN } }),
  withExtra({ NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }),
  withExtra({ StringEquals: { 's3:x-amz-acl': 'private' } }),
  withExtra({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG } }),
  withExtra({ Null: { 'aws:SourceVpce': 'true' } }),
  withExtra({ StringNotLike: { 'aws:userid': `${ROLEID_APP}:*` } }),
  withExtra({ StringNotEquals: { 'kms:CallerAccount': OWN } }),
  s => [
    { ...s, Resource: B },
    { ...s, Resource: `${B}/*` },
  ],
];

const VALUE_MUTATIONS: Record<
  Coverage,
  Array<Record<string, Record<string, Json>>>
> = {
  tls: [
    { Bool: { 'aws:SecureTransport': 'true' } },
    { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    { Bool: { 'aws:SecureTransport': false } },
  ],
  tlsver: [
    { NumericLessThan: { 's3:TlsVersion': '1.1' } },
    { NumericLessThan: { 's3:TlsVersion': '1.3' } },
    { NumericLessThanEquals: { 's3:TlsVersion': '1.1' } },
    { NumericLessThanIfExists: { 's3:TlsVersion': 1.2 } },
  ],
  sigage: [
    { NumericGreaterThan: { 's3:signatureAge': '3600000' } },
    { NumericGreaterThan: { 's3:signatureAge': '3600001' } },
    { NumericGreaterThan: { 's3:signatureAge': '604800000' } },
    { NumericGreaterThanEquals: { 's3:signatureAge': 600000 } },
  ],
};

const coverageStatementArb: fc.Arbitrary<Statement[]> = fc
  .record({
    kind: fc.constantFrom<Coverage>('tls', 'tlsver', 'sigage'),
    mutations: fc.array(fc.nat(MUTATIONS.length - 1), { maxLength: 2 }),
    value: fc.option(fc.nat(3), { nil: undefined }),
  })
  .map(({ kind, mutations, value }) => {
    let statements: Statement[] = [{ ...CANONICAL_DENY[kind] }];
    if (value !== undefined) {
      const values = VALUE_MUTATIONS[kind];
      statements = [
        { ...statements[0], Condition: values[value % values.length] },
      ];
    }
    for (const m of mutations) {
      statements = statements.flatMap(s => {
        const changed = MUTATIONS[m](s);
        return Array.isArray(changed) ? changed : [changed];
      });
    }
    return statements;
  });

/** Policies of one to four statement groups; `coverageWeight` favours coverage Denies. */
function policyArbitrary(coverageWeight: number): fc.Arbitrary<Json> {
  return fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: randomStatementArb },
        { weight: coverageWeight, arbitrary: coverageStatementArb },
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map(groups => ({
      Version: '2012-10-17',
      Statement: groups.flat().slice(0, 5),
    }));
}

// ---------------------------------------------------------------------- request generator

/** Raw random choices; turned into a concrete request against a given policy. */
interface Profile {
  principal: number;
  account: number;
  name: number;
  org: number;
  network: number;
  ipSeed: number;
  tls: number;
  auth: number;
  sigAge: number;
  acl: number;
  key: number;
  userid: number;
}

const profileArb: fc.Arbitrary<Profile> = fc.record({
  principal: fc.nat(20),
  account: fc.nat(999_999_999),
  name: fc.nat(1_000_000),
  org: fc.nat(5),
  network: fc.nat(9),
  ipSeed: fc.nat(),
  tls: fc.nat(3),
  auth: fc.nat(5),
  sigAge: fc.nat(604_800_000),
  acl: fc.nat(20),
  key: fc.nat(20),
  userid: fc.nat(3),
});

/** Every string in the policy (to keep strangers away from what it names). */
function stringsIn(value: Json, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) value.forEach(v => stringsIn(v, out));
  else if (value && typeof value === 'object')
    Object.entries(value).forEach(([k, v]) => {
      out.push(k);
      stringsIn(v, out);
    });
  return out;
}

interface PolicyFacts {
  accounts: Set<string>;
  cidrs: Cidr[];
  narrowCidrs: Cidr[];
  broadCidrs: Cidr[];
  aclValues: string[];
}

function isBroad(c: Cidr): boolean {
  return c.bits === 32 ? c.prefix < 8 : c.prefix < 32;
}

function factsOf(policy: Json): PolicyFacts {
  const strings = stringsIn(policy);
  const accounts = new Set<string>([OWN]);
  for (const s of strings)
    for (const m of s.match(/\d{12}/g) ?? []) accounts.add(m);
  const cidrs = strings
    .filter(s => /[./:]/.test(s) && !s.startsWith('arn:') && !s.includes('*'))
    .map(parseCidr)
    .filter((c): c is Cidr => !!c);
  const aclValues = strings.filter(s =>
    /^(public|private|bucket-owner|authenticated)/.test(s),
  );
  return {
    accounts,
    cidrs,
    narrowCidrs: cidrs.filter(c => !isBroad(c)),
    broadCidrs: cidrs.filter(isBroad),
    aclValues,
  };
}

const PRIVATE_V4 = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '0.0.0.0/8',
  '224.0.0.0/3',
  '100.64.0.0/10',
  '169.254.0.0/16',
].map(c => parseCidr(c)!);
const PRIVATE_V6 = ['fc00::/7', 'fe80::/10', '::/8', 'ff00::/8'].map(c =>
  parseCidr(c)!,
);

function formatIp(bits: 32 | 128, address: bigint): string {
  if (bits === 32)
    return [24n, 16n, 8n, 0n].map(s => String((address >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--)
    groups.push(((address >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

/** A public address no narrow range of the policy contains; inside a broad one if asked. */
function strangerIp(facts: PolicyFacts, profile: Profile): string | undefined {
  const seed = BigInt(profile.ipSeed) * 2654435761n + BigInt(profile.name);
  const wantBroad = profile.network % 3 !== 0 && facts.broadCidrs.length > 0;
  const candidates: string[] = [];
  for (let attempt = 0n; attempt < 6n; attempt++) {
    const mix = (seed + attempt * 40503n) * 6364136223846793005n;
    if (wantBroad) {
      const c =
        facts.broadCidrs[
          Number((seed + attempt) % BigInt(facts.broadCidrs.length))
        ];
      const hostBits = BigInt(c.bits - c.prefix);
      const host = hostBits === 0n ? 0n : mix % (1n << hostBits);
      const base = (c.address >> hostBits) << hostBits;
      candidates.push(formatIp(c.bits, base + host));
    } else if (profile.network % 2 === 0) {
      candidates.push(formatIp(32, (mix % (223n << 24n)) + (1n << 24n)));
    } else {
      candidates.push(formatIp(128, (0x2600n << 112n) + (mix % (1n << 100n))));
    }
  }
  return candidates.find(ip => {
    const inside = (c: Cidr) => cidrContains(c, ip);
    return (
      !facts.narrowCidrs.some(inside) &&
      !PRIVATE_V4.some(inside) &&
      !PRIVATE_V6.some(inside)
    );
  });
}

function strangerAccount(facts: PolicyFacts, profile: Profile): string {
  let n = profile.account;
  for (;;) {
    const account = String(100_000_000_000 + (n % 899_999_999_999)).padStart(
      12,
      '0',
    );
    if (!facts.accounts.has(account)) return account;
    n += 7919;
  }
}

function randomId(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).toUpperCase().padStart(12, 'Q')}Z`;
}

interface Built {
  principal: RequestPrincipal;
  label: string;
  context: Record<string, string | string[]>;
  signed: boolean;
}

/** A stranger: someone the policy does not name, from somewhere it does not name. */
function buildStranger(
  facts: PolicyFacts,
  profile: Profile,
): Built | undefined {
  const account = strangerAccount(facts, profile);
  const ctx: Record<string, string | string[]> = {};
  let principal: RequestPrincipal;
  let label: string;
  let signed = true;
  const kind = profile.principal % 5;
  if (kind === 0) {
    principal = ANONYMOUS;
    label = 'anonymous';
    signed = false;
    Object.assign(ctx, {
      'aws:PrincipalAccount': 'anonymous',
      'aws:userid': 'anonymous',
      'aws:PrincipalType': 'Anonymous',
    });
  } else if (kind === 1 || kind === 2) {
    const roleName = ['Reader', 'Admin', 'App', 'Deployer'][profile.name % 4];
    const role = `arn:aws:iam::${account}:role/${roleName}`;
    principal = {
      kind: 'iam',
      account,
      arn: role,
      sessionArn: `arn:aws:sts::${account}:assumed-role/${roleName}/s${profile.name}`,
    };
    label = `role session of stranger account ${account}`;
    Object.assign(ctx, {
      'aws:PrincipalArn': role,
      'aws:PrincipalAccount': account,
      'aws:userid': `${randomId('AROA', profile.name)}:s${profile.name}`,
      'aws:PrincipalType': 'AssumedRole',
    });
  } else if (kind === 3) {
    const user = `arn:aws:iam::${account}:user/alice`;
    principal = { kind: 'iam', account, arn: user };
    label = `IAM user of stranger account ${account}`;
    Object.assign(ctx, {
      'aws:PrincipalArn': user,
      'aws:PrincipalAccount': account,
      'aws:userid': randomId('AIDA', profile.name),
      'aws:username': 'alice',
      'aws:PrincipalType': 'User',
    });
  } else if (profile.principal % 2 === 0) {
    const provider = [
      'graph.facebook.com',
      'accounts.google.com',
      'cognito-identity.amazonaws.com',
    ][profile.name % 3];
    principal = { kind: 'federated', provider };
    label = `web identity user of ${provider}`;
    Object.assign(ctx, {
      'aws:PrincipalType': 'WebIdentityUser',
      'aws:userid': `${provider}:${profile.name}`,
    });
  } else {
    principal = { kind: 'service', service: 'cloudtrail.amazonaws.com' };
    label = `CloudTrail writing for stranger account ${account}`;
    signed = false;
    Object.assign(ctx, {
      'aws:SourceAccount': account,
      'aws:SourceOwner': account,
      'aws:SourceArn': `arn:aws:cloudtrail:eu-north-1:${account}:trail/t${profile.name}`,
      'aws:PrincipalIsAWSService': 'true',
    });
  }
  if (principal.kind === 'iam' && profile.org % 2 === 1)
    ctx['aws:PrincipalOrgID'] = `o-zz${profile.name.toString(36)}`;
  if (profile.network % 5 === 4) {
    ctx['aws:SourceVpce'] = `vpce-ff${profile.name.toString(16)}`;
    ctx['aws:SourceVpc'] = `vpc-ff${profile.name.toString(16)}`;
    label += ', through its own VPC endpoint';
  } else {
    const ip = strangerIp(facts, profile);
    if (!ip) return undefined;
    ctx['aws:SourceIp'] = ip;
    label += ` from ${ip}`;
  }
  return { principal, label, context: ctx, signed };
}

/** Anyone at all, named by the policy or not, from anywhere (for the coverage checks). */
function buildAnyone(facts: PolicyFacts, profile: Profile): Built {
  const ctx: Record<string, string | string[]> = {};
  let principal!: RequestPrincipal;
  let label!: string;
  let signed = true;
  const iam = (
    account: string,
    arn: string,
    sessionArn?: string,
    root = false,
  ) => ({ kind: 'iam', account, arn, sessionArn, root }) as RequestPrincipal;
  const roleSession = (roleArn: string, userid: string) => {
    const [, account, name] = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(
      roleArn,
    )!;
    principal = iam(
      account,
      roleArn,
      `arn:aws:sts::${account}:assumed-role/${name}/s1`,
    );
    label = `session of ${roleArn}`;
    Object.assign(ctx, {
      'aws:PrincipalArn': roleArn,
      'aws:PrincipalAccount': account,
      'aws:userid': `${userid}:s1`,
      'aws:PrincipalType': 'AssumedRole',
    });
  };
  switch (profile.principal % 8) {
    case 0:
      principal = ANONYMOUS;
      label = 'anonymous';
      signed = false;
      Object.assign(ctx, {
        'aws:PrincipalAccount': 'anonymous',
        'aws:userid': 'anonymous',
        'aws:PrincipalType': 'Anonymous',
      });
      break;
    case 1:
      principal = iam(OWN, `arn:aws:iam::${OWN}:root`, undefined, true);
      label = "the bucket owner's root user";
      Object.assign(ctx, {
        'aws:PrincipalArn': `arn:aws:iam::${OWN}:root`,
        'aws:PrincipalAccount': OWN,
        'aws:userid': OWN,
        'aws:PrincipalType': 'Account',
      });
      break;
    case 2:
      roleSession(
        ROLE_APP,
        profile.userid % 2 === 0 ? ROLEID_APP : randomId('AROA', profile.name),
      );
      break;
    case 3: {
      const user = `arn:aws:iam::${OWN}:user/alice`;
      principal = iam(OWN, user);
      label = `${user}`;
      Object.assign(ctx, {
        'aws:PrincipalArn': user,
        'aws:PrincipalAccount': OWN,
        'aws:userid':
          profile.userid % 2 === 0
            ? USERID_USER
            : randomId('AIDA', profile.name),
        'aws:username': 'alice',
        'aws:PrincipalType': 'User',
      });
      break;
    }
    case 4:
      roleSession(ROLE_READER, randomId('AROA', profile.name));
      break;
    case 5:
      roleSession(ROLE_ADMIN, randomId('AROA', profile.name + 1));
      break;
    case 6: {
      const account = strangerAccount(facts, profile);
      roleSession(
        `arn:aws:iam::${account}:role/Any`,
        randomId('AROA', profile.name + 2),
      );
      break;
    }
    default:
      principal = { kind: 'federated', provider: 'graph.facebook.com' };
      label = 'web identity user of graph.facebook.com';
      Object.assign(ctx, { 'aws:PrincipalType': 'WebIdentityUser' });
  }
  if (principal.kind === 'iam') {
    if (profile.org % 3 === 1) ctx['aws:PrincipalOrgID'] = ORG;
    if (profile.org % 3 === 2) ctx['aws:PrincipalOrgID'] = 'o-zzzzzzzzzz';
  }
  const network = profile.network % 5;
  if (network === 0) {
    ctx['aws:SourceVpce'] = VPCE;
    ctx['aws:SourceVpc'] = VPC;
    label += ` through ${VPCE}`;
  } else if (network === 1) {
    ctx['aws:SourceVpce'] = 'vpce-0f0f0f0f';
    ctx['aws:SourceVpc'] = 'vpc-0f0f0f0f';
    label += ' through another VPC endpoint';
  } else if (network === 2 && facts.cidrs.length > 0) {
    // An address inside one of the policy's ranges (the first of it).
    const c = facts.cidrs[profile.ipSeed % facts.cidrs.length];
    const hostBits = BigInt(c.bits - c.prefix);
    const ip = formatIp(
      c.bits,
      ((c.address >> hostBits) << hostBits) + (hostBits > 0n ? 1n : 0n),
    );
    ctx['aws:SourceIp'] = ip;
    label += ` from ${ip}`;
  } else {
    const ip = formatIp(
      32,
      (BigInt(profile.ipSeed) % (200n << 24n)) + (11n << 24n),
    );
    ctx['aws:SourceIp'] = ip;
    label += ` from ${ip}`;
  }
  return { principal, label, context: ctx, signed };
}

/** Adds the transport, signing and header facts; returns one request per action. */
function requestsFor(
  built: Built,
  profile: Profile,
  facts: PolicyFacts,
  transport: { secure?: boolean; tls?: string; sigAge?: number },
  access: Access[],
): Array<{ request: OracleRequest; label: string }> {
  const base: Record<string, string | string[]> = { ...built.context };
  const secure = transport.secure ?? profile.tls % 4 !== 0;
  base['aws:SecureTransport'] = String(secure);
  if (secure)
    base['s3:TlsVersion'] =
      transport.tls ?? ['1.0', '1.1', '1.2', '1.3'][profile.tls];
  let label = `${built.label}, ${secure ? `TLS ${base['s3:TlsVersion']}` : 'plain HTTP'}`;
  if (built.signed) {
    const authType = ['REST-HEADER', 'REST-QUERY-STRING', 'POST'][
      profile.auth % 3
    ];
    const age =
      transport.sigAge ??
      [profile.sigAge, 599_999, 600_001, BOUND_MS, BOUND_MS + 1][
        profile.auth % 5
      ];
    Object.assign(base, {
      's3:authType': authType,
      's3:signatureversion':
        profile.auth % 4 === 3 ? 'AWS' : 'AWS4-HMAC-SHA256',
      's3:signatureAge': String(age),
    });
    label += `, ${authType} signed ${age} ms ago`;
  }
  const acls = [...facts.aclValues, ...CANNED_ACLS];
  const key = [...OBJECT_KEYS, `k${profile.name}`][
    profile.key % (OBJECT_KEYS.length + 1)
  ];
  return ACTIONS.filter(([, , a]) => access.includes(a)).map(
    ([action, kind]) => {
      const context = { ...base };
      let requestLabel = label;
      if (ACL_HEADER_ACTIONS.has(action) && profile.acl % 3 !== 0) {
        context['s3:x-amz-acl'] = acls[profile.acl % acls.length];
        requestLabel += `, x-amz-acl ${context['s3:x-amz-acl']}`;
      }
      const resource = kind === 'bucket' ? B : `${B}/${key}`;
      return {
        request: oracleRequest(built.principal, action, resource, context),
        label: `${action} on ${resource} by ${requestLabel}`,
      };
    },
  );
}

// ---------------------------------------------------------------------- the properties

function inputFor(policy: Json): PostureInput {
  return makeInput({
    bucket: {
      policy: ok(JSON.stringify(policy)),
      publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }),
      acl: ok({
        ownerId: OWNER_CANONICAL_ID,
        grants: [
          {
            grantee: { type: 'CanonicalUser', id: OWNER_CANONICAL_ID },
            permission: 'FULL_CONTROL',
          },
        ],
      }),
    },
    account: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }) },
  });
}

function verdictOf(check: CheckId, policy: Json) {
  return CHECK_EVALUATORS[check](inputFor(policy), makeSettings());
}

function counterExample(
  check: CheckId,
  policy: Json,
  reason: string,
  found: { request: OracleRequest; label: string },
  decision: Decision,
): Error {
  return new Error(
    [
      `${check} said pass ("${reason}"), but the reference evaluator finds a counter-example:`,
      `  request:  ${found.label}`,
      `  decision: ${decision}`,
      `  context:  ${JSON.stringify(Object.fromEntries(found.request.context))}`,
      `  policy:   ${JSON.stringify(policy)}`,
    ].join('\n'),
  );
}

const RUNS = Number(process.env.SOUNDNESS_RUNS ?? 400);
/**
 * A fixed seed by default, so CI judges the same 400 policies every run: with a random one
 * the "not vacuous" bound below failed once in a while (40 passes of 400 where it needs 41)
 * without any change to the code. Set SOUNDNESS_SEED (and SOUNDNESS_RUNS) to explore other
 * policies; a counterexample names the seed to replay it.
 */
const SEED = Number(process.env.SOUNDNESS_SEED ?? 20261207);
const PROFILES = 24;
jest.setTimeout(120_000);

/** Counts how often the check passed, so a property cannot hold vacuously. */
function runProperty(
  check: CheckId,
  requestsOf: (
    policy: Json,
    facts: PolicyFacts,
    profile: Profile,
  ) => Array<{ request: OracleRequest; label: string }>,
  bad: (decision: Decision) => boolean,
  coverageWeight: number,
): { passes: number; requests: number } {
  let passes = 0;
  let requests = 0;
  fc.assert(
    fc.property(
      policyArbitrary(coverageWeight),
      fc.array(profileArb, { minLength: PROFILES, maxLength: PROFILES }),
      (policy, profiles) => {
        const verdict = verdictOf(check, policy);
        if (verdict.status !== 'pass') return;
        passes++;
        const facts = factsOf(policy);
        for (const profile of profiles) {
          for (const found of requestsOf(policy, facts, profile)) {
            requests++;
            const decision = decide(policy, found.request);
            if (bad(decision))
              throw counterExample(
                check,
                policy,
                verdict.reason,
                found,
                decision,
              );
          }
        }
      },
    ),
    { numRuns: RUNS, seed: SEED },
  );
  return { passes, requests };
}

describe('soundness of the policy checks against the reference evaluator', () => {
  const stranger =
    (access: Access[]) => (_p: Json, facts: PolicyFacts, profile: Profile) => {
      const built = buildStranger(facts, profile);
      return built ? requestsFor(built, profile, facts, {}, access) : [];
    };

  it('no-public-read passes only if no stranger may read or list', () => {
    const { passes, requests } = runProperty(
      'no-public-read',
      stranger(['read']),
      d => d === 'allow',
      2,
    );
    expect(passes).toBeGreaterThan(RUNS / 10);
    expect(requests).toBeGreaterThan(passes * PROFILES);
  });

  it('no-public-write passes only if no stranger may write, delete or change permissions', () => {
    const { passes, requests } = runProperty(
      'no-public-write',
      stranger(['write']),
      d => d === 'allow',
      2,
    );
    expect(passes).toBeGreaterThan(RUNS / 10);
    expect(requests).toBeGreaterThan(passes * PROFILES);
  });

  const anyone =
    (
      transport: (profile: Profile) => {
        secure?: boolean;
        tls?: string;
        sigAge?: number;
      },
      signedOnly = false,
    ) =>
    (_p: Json, facts: PolicyFacts, profile: Profile) => {
      const built = buildAnyone(facts, profile);
      if (signedOnly && !built.signed) return [];
      return requestsFor(built, profile, facts, transport(profile), [
        'read',
        'write',
        'other',
      ]);
    };

  it('tls-only passes only if every plain-HTTP request is explicitly denied', () => {
    const { passes } = runProperty(
      'tls-only',
      anyone(() => ({ secure: false })),
      d => d !== 'explicit-deny',
      9,
    );
    expect(passes).toBeGreaterThan(RUNS / 10);
  });

  it('tls-minimum-version passes only if every request over TLS < 1.2 is explicitly denied', () => {
    const { passes } = runProperty(
      'tls-minimum-version',
      anyone(profile => ({
        secure: true,
        tls: profile.tls % 2 === 0 ? '1.0' : '1.1',
      })),
      d => d !== 'explicit-deny',
      9,
    );
    expect(passes).toBeGreaterThan(RUNS / 10);
  });

  it('presigned-url-age-limited passes only if every signature older than the bound is explicitly denied', () => {
    const { passes } = runProperty(
      'presigned-url-age-limited',
      anyone(
        profile => ({
          sigAge: [
            BOUND_MS + 1,
            BOUND_MS + 1 + (profile.sigAge % 600_000_000),
            604_800_000,
          ][profile.tls % 3],
        }),
        true,
      ),
      d => d !== 'explicit-deny',
      9,
    );
    expect(passes).toBeGreaterThan(RUNS / 10);
  });
});
