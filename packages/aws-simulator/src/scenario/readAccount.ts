import { awsUniqueId, canonicalUserIdOf } from '../ids';
import { parseWhen } from './age';
import { Reader, ScenarioError } from './reader';
import {
  AccountIam,
  InlinePolicy,
  ManagedPolicy,
  PublicAccessBlock,
  ScenarioAccount,
  UserAccessKey,
} from './types';

/** `true` = all four flags on; a mapping sets them one by one (missing flags are off). */
export function readPublicAccessBlock(
  r: Reader,
  key: string,
): PublicAccessBlock | undefined {
  const raw = r.raw(key);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') {
    return {
      blockPublicAcls: raw,
      ignorePublicAcls: raw,
      blockPublicPolicy: raw,
      restrictPublicBuckets: raw,
    };
  }
  const flags = r
    .optionalObject(key)!
    .onlyKeys([
      'blockPublicAcls',
      'ignorePublicAcls',
      'blockPublicPolicy',
      'restrictPublicBuckets',
    ]);
  return {
    blockPublicAcls: flags.boolean('blockPublicAcls', false),
    ignorePublicAcls: flags.boolean('ignorePublicAcls', false),
    blockPublicPolicy: flags.boolean('blockPublicPolicy', false),
    restrictPublicBuckets: flags.boolean('restrictPublicBuckets', false),
  };
}

function readInlinePolicies(r: Reader): InlinePolicy[] {
  return r.list('policies').map(p => {
    p.onlyKeys(['name', 'document']);
    const document = p.optionalPolicy('document');
    if (!document) throw new ScenarioError(p.at('document'), 'is required');
    return { name: p.string('name'), document };
  });
}

interface Context {
  accountId: string;
  now: Date;
}

function readManagedPolicies(r: Reader, ctx: Context): ManagedPolicy[] {
  return r.list('managedPolicies').map(p => {
    p.onlyKeys(['name', 'path', 'document', 'created']);
    const name = p.string('name');
    const path = p.optionalString('path') ?? '/';
    const document = p.optionalPolicy('document');
    if (!document) throw new ScenarioError(p.at('document'), 'is required');
    return {
      name,
      path,
      arn: `arn:aws:iam::${ctx.accountId}:policy${path}${name}`,
      document,
      createdAt: parseWhen(
        p.optionalString('created') ?? '700d',
        ctx.now,
        p.at('created'),
      ),
    };
  });
}

/** Attached policies are written as a local policy name or a full ARN. */
function readAttached(
  r: Reader,
  ctx: Context,
  local: ManagedPolicy[],
): string[] {
  return r.stringList('managedPolicies').map(ref => {
    if (ref.startsWith('arn:')) return ref;
    const found = local.find(p => p.name === ref);
    if (!found) {
      throw new ScenarioError(
        r.at('managedPolicies'),
        `"${ref}" is not a managed policy of account ${ctx.accountId}; use its name or a full ARN`,
      );
    }
    return found.arn;
  });
}

function readUserKeys(r: Reader, ctx: Context): UserAccessKey[] {
  return r.list('accessKeys').map(k => {
    k.onlyKeys(['active', 'created', 'lastUsed', 'service', 'region']);
    const lastUsed = k.optionalString('lastUsed');
    return {
      active: k.boolean('active', true),
      createdAt: parseWhen(k.string('created'), ctx.now, k.at('created')),
      lastUsed:
        lastUsed === undefined || lastUsed === 'never'
          ? undefined
          : parseWhen(lastUsed, ctx.now, k.at('lastUsed')),
      lastUsedService: k.optionalString('service'),
      lastUsedRegion: k.optionalString('region'),
    };
  });
}

function iamPathOf(r: Reader): string {
  const path = r.optionalString('path') ?? '/';
  if (!path.startsWith('/') || !path.endsWith('/')) {
    throw new ScenarioError(r.at('path'), 'must start and end with "/"');
  }
  return path;
}

function readIam(r: Reader | undefined, ctx: Context): AccountIam {
  if (!r) return { users: [], groups: [], roles: [], managedPolicies: [] };
  r.onlyKeys(['managedPolicies', 'groups', 'users', 'roles']);
  const managedPolicies = readManagedPolicies(r, ctx);
  const groups = r.list('groups').map(g => {
    g.onlyKeys(['name', 'path', 'created', 'policies', 'managedPolicies']);
    const name = g.string('name');
    const path = iamPathOf(g);
    return {
      name,
      path,
      id: awsUniqueId('AGPA', `${ctx.accountId}:${name}`),
      arn: `arn:aws:iam::${ctx.accountId}:group${path}${name}`,
      createdAt: parseWhen(
        g.optionalString('created') ?? '900d',
        ctx.now,
        g.at('created'),
      ),
      inlinePolicies: readInlinePolicies(g),
      managedPolicyArns: readAttached(g, ctx, managedPolicies),
    };
  });
  const users = r.list('users').map(u => {
    u.onlyKeys([
      'name',
      'path',
      'created',
      'groups',
      'policies',
      'managedPolicies',
      'password',
      'passwordLastUsed',
      'mfa',
      'accessKeys',
    ]);
    const name = u.string('name');
    const path = iamPathOf(u);
    const memberOf = u.stringList('groups');
    for (const group of memberOf) {
      if (!groups.some(g => g.name === group)) {
        throw new ScenarioError(
          u.at('groups'),
          `group "${group}" is not defined in this account`,
        );
      }
    }
    const passwordLastUsed = u.optionalString('passwordLastUsed');
    return {
      name,
      path,
      id: awsUniqueId('AIDA', `${ctx.accountId}:${name}`),
      arn: `arn:aws:iam::${ctx.accountId}:user${path}${name}`,
      createdAt: parseWhen(
        u.optionalString('created') ?? '800d',
        ctx.now,
        u.at('created'),
      ),
      groups: memberOf,
      inlinePolicies: readInlinePolicies(u),
      managedPolicyArns: readAttached(u, ctx, managedPolicies),
      passwordEnabled: u.boolean('password', false),
      passwordLastUsed: passwordLastUsed
        ? parseWhen(passwordLastUsed, ctx.now, u.at('passwordLastUsed'))
        : undefined,
      mfaActive: u.boolean('mfa', false),
      accessKeys: readUserKeys(u, ctx),
    };
  });
  const roles = r.list('roles').map(role => {
    role.onlyKeys([
      'name',
      'path',
      'created',
      'trust',
      'externalId',
      'policies',
      'managedPolicies',
    ]);
    const name = role.string('name');
    const path = iamPathOf(role);
    const ownAccountTrust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    return {
      name,
      path,
      id: awsUniqueId('AROA', `${ctx.accountId}:${name}`),
      arn: `arn:aws:iam::${ctx.accountId}:role${path}${name}`,
      createdAt: parseWhen(
        role.optionalString('created') ?? '600d',
        ctx.now,
        role.at('created'),
      ),
      trustPolicy:
        role.optionalPolicy('trust') ?? JSON.stringify(ownAccountTrust),
      externalId: role.optionalString('externalId'),
      inlinePolicies: readInlinePolicies(role),
      managedPolicyArns: readAttached(role, ctx, managedPolicies),
    };
  });
  return { users, groups, roles, managedPolicies };
}

export function readAccount(r: Reader, now: Date): ScenarioAccount {
  r.onlyKeys([
    'id',
    'name',
    'created',
    'accessKeys',
    'publicAccessBlock',
    'iam',
  ]);
  const id = r.string('id');
  if (!/^\d{12}$/.test(id)) {
    throw new ScenarioError(
      r.at('id'),
      `"${id}" is not a 12-digit account id (quote it in YAML)`,
    );
  }
  const iam = readIam(r.optionalObject('iam'), { accountId: id, now });
  const accessKeys = r.list('accessKeys').map(k => {
    k.onlyKeys(['id', 'user']);
    const keyId = k.string('id');
    if (!/^AKIA[A-Z0-9]{16}$/.test(keyId)) {
      throw new ScenarioError(
        k.at('id'),
        `"${keyId}" is not an access key id (AKIA + 16 characters)`,
      );
    }
    const user = k.optionalString('user');
    if (user && !iam.users.some(u => u.name === user)) {
      throw new ScenarioError(
        k.at('user'),
        `IAM user "${user}" is not defined in this account`,
      );
    }
    return { id: keyId, user };
  });
  return {
    id,
    name: r.optionalString('name'),
    canonicalUserId: canonicalUserIdOf(id),
    createdAt: parseWhen(
      r.optionalString('created') ?? '3000d',
      now,
      r.at('created'),
    ),
    accessKeys,
    publicAccessBlock: readPublicAccessBlock(r, 'publicAccessBlock'),
    iam,
  };
}
