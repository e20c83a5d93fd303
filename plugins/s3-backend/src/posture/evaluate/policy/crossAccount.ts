/**
 * Which other accounts a bucket policy lets perform the given actions, decided from its
 * text. Accounts count whichever way the policy reaches them: named in `Principal.AWS`,
 * reached through a condition on a `"*"` principal (aws:PrincipalAccount,
 * aws:PrincipalArn, aws:SourceAccount, aws:SourceOwner, aws:SourceArn,
 * aws:PrincipalOrgID), a canonical user that is not the bucket owner, or anyone at all
 * (an open principal no condition limits to accounts). The bucket's own account and the
 * trusted accounts and organizations do not count. A Deny takes a grant back when it
 * covers the action wherever the grant gives it, for every request of that party: it
 * names everyone or the party's account, and its conditions leave only trusted accounts
 * through (or there are none).
 */
import { isAccountPrincipal, accountOfAwsPrincipal } from './principals';
import { statementLabel } from './parsePolicy';
import { alwaysHolds, escapeOf, neverHolds } from './restrictions';
import { S3ActionInfo, byImportance } from './s3Actions';
import {
  BucketScope,
  ResourceReach,
  actionsOf,
  denyCoversGrant,
  namesEveryone,
  principalIsOpen,
  reachedActions,
  resourceReach,
} from './statementReach';
import { Policy, PolicyCondition, PolicyStatement } from './types';
import { usesPolicyVariables } from './variables';
import { hasWildcard } from './matching';

export interface Trust {
  /** Accounts other than the bucket's own that may hold these permissions. */
  accounts: ReadonlySet<string>;
  organizations: ReadonlySet<string>;
  /** The bucket owner's canonical user id, when known (from the ACL). */
  ownerCanonicalId?: string;
}

/** Who outside the trusted accounts a statement reaches. */
export interface OutsideGrant {
  statement: string;
  /** `any other AWS account`, `account 444455556666`, `canonical user …`, ... */
  grantees: string[];
  actions: string[];
}

export interface CrossAccountAccess {
  grants: OutsideGrant[];
  /** Canonical users that could not be told apart from the owner (owner id unknown). */
  undecided: string[];
}

/** One party a grant reaches: in words, and its account when it has a known one. */
interface Party {
  label: string;
  account?: string;
}

const ACCOUNT_KEYS = new Set([
  'aws:principalaccount',
  'aws:sourceaccount',
  'aws:sourceowner',
  's3:dataaccesspointaccount',
]);
const ARN_KEYS = new Set([
  'aws:principalarn',
  'aws:sourcearn',
  's3:dataaccesspointarn',
]);
const LIMITING_OPERATORS = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
]);
const ACCOUNT_ID = /^\d{12}$/;

/**
 * The accounts (or organizations) a condition of an Allow limits it to; `undefined` when
 * it limits nothing, `[]` when no account can satisfy it. ARNs count by their account
 * field, which may be fixed even when the rest holds a wildcard.
 */
function accountsLimitedTo(
  condition: PolicyCondition,
  scope: BucketScope,
  trust: Trust,
  variables: boolean,
): string[] | undefined {
  const { operator } = condition;
  if (!LIMITING_OPERATORS.has(operator.base)) return undefined;
  if (operator.ifExists || operator.setQualifier === 'ForAllValues') {
    return undefined;
  }
  const key = condition.key.toLowerCase();
  const resolve = (value: string) =>
    variables
      ? value.replace(/\$\{aws:ResourceAccount\}/gi, scope.bucketAccountId)
      : value;
  const accounts: string[] = [];
  for (const raw of condition.values) {
    const value = resolve(raw);
    if (ACCOUNT_KEYS.has(key)) {
      if (hasWildcard(value) || (variables && value.includes('${'))) {
        return undefined;
      }
      // A literal that is no account id is satisfied by no request.
      if (ACCOUNT_ID.test(value)) accounts.push(value);
    } else if (ARN_KEYS.has(key)) {
      const account = value.split(':')[4];
      if (account === undefined || !ACCOUNT_ID.test(account)) return undefined;
      accounts.push(account);
    } else if (key === 'aws:principalorgid') {
      if (hasWildcard(value) || (variables && value.includes('${'))) {
        return undefined;
      }
      accounts.push(
        trust.organizations.has(value)
          ? scope.bucketAccountId
          : `organization ${value}`,
      );
    } else {
      return undefined;
    }
  }
  return accounts;
}

function isTrusted(account: string, trust: Trust, scope: BucketScope): boolean {
  return account === scope.bucketAccountId || trust.accounts.has(account);
}

function partyOf(account: string): Party {
  return ACCOUNT_ID.test(account)
    ? { label: `account ${account}`, account }
    : { label: account };
}

/** The untrusted parties a statement reaches, before any Deny. */
function reachedParties(
  statement: PolicyStatement,
  trust: Trust,
  scope: BucketScope,
  variables: boolean,
  undecided: string[],
): Party[] {
  // The narrowest account list a condition of the statement gives, if any.
  let limitedTo: string[] | undefined;
  for (const condition of statement.conditions ?? []) {
    const accounts = accountsLimitedTo(condition, scope, trust, variables);
    if (accounts && (!limitedTo || accounts.length < limitedTo.length)) {
      limitedTo = accounts;
    }
  }
  const outside = (accounts: string[]) =>
    accounts.filter(account => !isTrusted(account, trust, scope)).map(partyOf);
  if (limitedTo && outside(limitedTo).length === 0) return [];
  if (principalIsOpen(statement)) {
    return limitedTo
      ? outside(limitedTo)
      : [{ label: 'any other AWS account' }];
  }
  const spec = statement.principal;
  if (!spec || spec === '*') return [];
  const parties: Party[] = [];
  for (const value of spec.AWS ?? []) {
    const account = accountOfAwsPrincipal(value);
    if (account && !isTrusted(account, trust, scope))
      parties.push(partyOf(account));
  }
  for (const id of spec.CanonicalUser ?? []) {
    if (trust.ownerCanonicalId === undefined) undecided.push(id);
    else if (id !== trust.ownerCanonicalId) {
      parties.push({ label: `canonical user ${id}` });
    }
  }
  for (const service of spec.Service ?? []) {
    // A service acts for whichever account asks it, unless a condition pins the account.
    if (!limitedTo)
      parties.push({ label: `${service} on behalf of any account` });
    else {
      parties.push(
        ...outside(limitedTo).map(party => ({
          label: `${service} for ${party.label}`,
          account: party.account,
        })),
      );
    }
  }
  const seen = new Set<string>();
  return parties.filter(
    party => !seen.has(party.label) && seen.add(party.label),
  );
}

/** A Deny that takes grants back: whom it covers, what, and where. */
interface TakingDeny {
  /** Everyone, or the accounts it names whole. */
  everyone: boolean;
  accounts: Set<string>;
  actions: Set<string>;
  reach: ResourceReach;
}

/** Deny statements that hold for every request of the parties they name. */
function takingDenies(
  policy: Policy,
  trust: Trust,
  scope: BucketScope,
  variables: boolean,
): TakingDeny[] {
  return policy.statements.flatMap(statement => {
    if (statement.effect !== 'Deny' || statement.notPrincipal) return [];
    const spec = statement.principal;
    if (!spec) return [];
    const conditions = statement.conditions ?? [];
    if (conditions.some(neverHolds)) return [];
    // Each condition must hold for every untrusted caller: always, or only trusted
    // accounts escape it.
    const holds = conditions.every(condition => {
      if (alwaysHolds(condition)) return true;
      const escape = escapeOf(condition, variables);
      if (!escape) return false;
      const accounts = accountsLimitedTo(
        {
          ...condition,
          operator: {
            ...condition.operator,
            base: 'StringEquals',
            ifExists: false,
          },
        },
        scope,
        trust,
        variables,
      );
      return (
        accounts?.every(account => isTrusted(account, trust, scope)) === true
      );
    });
    if (!holds) return [];
    const everyone = namesEveryone(spec);
    const accounts = new Set<string>();
    if (!everyone && spec !== '*') {
      for (const value of spec.AWS ?? []) {
        // Only a whole account covers every principal of it.
        if (isAccountPrincipal(value))
          accounts.add(accountOfAwsPrincipal(value)!);
      }
    }
    if (!everyone && accounts.size === 0) return [];
    return [
      {
        everyone,
        accounts,
        actions: actionsOf(statement),
        reach: resourceReach(statement, scope, 'surely', variables),
      },
    ];
  });
}

function takesBack(
  deny: TakingDeny,
  party: Party,
  info: S3ActionInfo,
  granted: ResourceReach,
): boolean {
  return (
    (deny.everyone ||
      (party.account !== undefined && deny.accounts.has(party.account))) &&
    denyCoversGrant(deny, info, granted)
  );
}

/** The untrusted parties the policy lets perform the given actions. */
export function findCrossAccountAccess(
  policy: Policy,
  scope: BucketScope,
  actions: readonly S3ActionInfo[],
  trust: Trust,
): CrossAccountAccess {
  const variables = usesPolicyVariables(policy);
  const among = new Set(actions.map(info => info.action));
  const result: CrossAccountAccess = { grants: [], undecided: [] };
  const denies = takingDenies(policy, trust, scope, variables);
  policy.statements.forEach((statement, index) => {
    if (statement.effect !== 'Allow') return;
    if ((statement.conditions ?? []).some(neverHolds)) return;
    const { actions: granted, reach } = reachedActions(
      statement,
      scope,
      'may',
      variables,
      among,
    );
    if (granted.length === 0) return;
    const parties = reachedParties(
      statement,
      trust,
      scope,
      variables,
      result.undecided,
    );
    const grantees = new Set<string>();
    const left = new Set<string>();
    for (const party of parties) {
      for (const info of granted) {
        if (denies.some(deny => takesBack(deny, party, info, reach))) continue;
        grantees.add(party.label);
        left.add(info.action);
      }
    }
    if (left.size === 0) return;
    result.grants.push({
      statement: statementLabel(statement, index),
      grantees: [...grantees],
      actions: byImportance([...left]),
    });
  });
  return result;
}
