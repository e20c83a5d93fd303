/**
 * Whether a bucket policy is public, decided statement by statement from its text, the
 * way S3 defines it ("The meaning of public", Amazon S3 User Guide; see restrictions.ts
 * for the rules and their sources): an Allow is public when it grants one of the given
 * actions on the bucket or its objects to a principal that is not fixed, and no
 * condition of its own, and no Deny that applies to every request, limits it to fixed
 * values. Nothing is sampled: what is not proven limited counts as public.
 */
import { statementLabel } from './parsePolicy';
import {
  escapeOf,
  neverHolds,
  Restriction,
  restrictionOf,
} from './restrictions';
import { S3ActionInfo, byImportance } from './s3Actions';
import {
  BucketScope,
  ResourceReach,
  denyCoversGrant,
  denyNamesEveryone,
  namesEveryone,
  principalIsOpen,
  reachedActions,
  resourceReach,
  actionsOf,
} from './statementReach';
import { Policy, PolicyStatement } from './types';
import { usesPolicyVariables } from './variables';

/** One Allow statement that grants the public some of the actions asked about. */
export interface PublicGrant {
  statement: string;
  /** Who it lets in, in words. */
  grantee: string;
  /** The actions, most recognisable first. */
  actions: string[];
}

/** Why an Allow to everyone is not public. */
export interface LimitedGrant {
  statement: string;
  /** The fixed values that limit it, in words. */
  limitedBy: string;
}

export interface PublicAccess {
  grants: PublicGrant[];
  limited: LimitedGrant[];
}

function describeRestriction(restriction: Restriction): string {
  return `${restriction.key} ${restriction.values.slice(0, 3).join(', ')}${restriction.values.length > 3 ? ' …' : ''}`;
}

/**
 * A Deny that leaves only fixed principals or fixed key values through: it names everyone
 * (or everyone but fixed principals, with NotPrincipal) and each of its conditions, if
 * any, is one that only a fixed value escapes. What it denies is denied to everyone else,
 * whatever they send.
 */
interface LimitingDeny {
  label: string;
  actions: Set<string>;
  reach: ResourceReach;
  /** What still gets through, in words; undefined when nothing does. */
  leaves?: string;
}

function limitingDenies(
  policy: Policy,
  scope: BucketScope,
  variables: boolean,
): LimitingDeny[] {
  return policy.statements.flatMap((statement, index) => {
    if (statement.effect !== 'Deny') return [];
    const escapes: string[] = [];
    if (statement.notPrincipal) {
      if (namesEveryone(statement.notPrincipal)) return [];
      escapes.push('the principals in NotPrincipal');
    } else if (
      !statement.principal ||
      !denyNamesEveryone(statement.principal)
    ) {
      return [];
    }
    for (const condition of statement.conditions ?? []) {
      if (neverHolds(condition)) return [];
      const escape = escapeOf(condition, variables);
      if (!escape) return [];
      escapes.push(describeRestriction(escape));
    }
    return [
      {
        label: statementLabel(statement, index),
        actions: actionsOf(statement),
        reach: resourceReach(statement, scope, 'surely', variables),
        leaves: escapes.length > 0 ? escapes.join(' or ') : undefined,
      },
    ];
  });
}

function openGrant(
  statement: PolicyStatement,
  variables: boolean,
): { grantee: string } | { limitedBy: string } | undefined {
  const grantee = principalIsOpen(statement);
  if (!grantee) return undefined;
  for (const condition of statement.conditions ?? []) {
    // A condition on a key S3 never sends: the statement applies to nobody.
    if (neverHolds(condition)) {
      return { limitedBy: `${condition.key}, which S3 requests never carry` };
    }
  }
  for (const condition of statement.conditions ?? []) {
    const restriction = restrictionOf(condition, variables);
    if (restriction) return { limitedBy: describeRestriction(restriction) };
  }
  return { grantee };
}

/**
 * The Allow statements of a bucket policy that make the given actions public, and the
 * ones that would but are limited to fixed values.
 */
export function findPublicAccess(
  policy: Policy,
  scope: BucketScope,
  actions: readonly S3ActionInfo[],
): PublicAccess {
  const variables = usesPolicyVariables(policy);
  const among = new Set(actions.map(info => info.action));
  const result: PublicAccess = { grants: [], limited: [] };
  let denies: LimitingDeny[] | undefined;
  policy.statements.forEach((statement, index) => {
    if (statement.effect !== 'Allow') return;
    const open = openGrant(statement, variables);
    if (!open) return;
    const label = statementLabel(statement, index);
    const { actions: granted, reach } = reachedActions(
      statement,
      scope,
      'may',
      variables,
      among,
    );
    if (granted.length === 0) return;
    if ('limitedBy' in open) {
      result.limited.push({ statement: label, limitedBy: open.limitedBy });
      return;
    }
    denies ??= limitingDenies(policy, scope, variables);
    const left: string[] = [];
    const limitedBy = new Set<string>();
    for (const info of granted) {
      const deny = denies.find(entry => denyCoversGrant(entry, info, reach));
      if (!deny) left.push(info.action);
      else
        limitedBy.add(
          deny.leaves
            ? `statement ${deny.label}, which lets through only ${deny.leaves}`
            : `statement ${deny.label}, which denies it to everyone`,
        );
    }
    if (left.length > 0) {
      result.grants.push({
        statement: label,
        grantee: open.grantee,
        actions: byImportance(left),
      });
    } else {
      result.limited.push({
        statement: label,
        limitedBy: [...limitedBy].join('; '),
      });
    }
  });
  return result;
}
