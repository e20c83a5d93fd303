import type { GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import {
  AttachedPolicy,
  IamAuthorization,
  IamPrincipal,
} from '@s3-posture/plugin-s3-node';

type Page = GetAccountAuthorizationDetailsCommandOutput;

/** IAM sends policy documents URL-encoded; some IAM-compatible servers send them as is. */
export function decodePolicyDocument(document: string): string {
  if (document.trimStart().startsWith('{')) return document;
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

/** Thrown when an attached managed policy's document is missing: a guess would hide a grant. */
export class IncompleteAuthorizationError extends Error {
  constructor(arns: string[]) {
    super(`No document for attached managed policies: ${arns.join(', ')}`);
    this.name = 'IncompleteAuthorizationDetails';
  }
}

/**
 * Every user, group and role with its inline policies and the default version of each
 * attached managed policy, from all pages of GetAccountAuthorizationDetails.
 */
export function authorizationOf(pages: Page[]): IamAuthorization {
  const managed = new Map<string, string>();
  for (const policy of pages.flatMap(p => p.Policies ?? [])) {
    const version = policy.PolicyVersionList?.find(
      v => v.IsDefaultVersion || v.VersionId === policy.DefaultVersionId,
    );
    if (policy.Arn && version?.Document) {
      managed.set(policy.Arn, decodePolicyDocument(version.Document));
    }
  }
  const missing = new Set<string>();
  const attached = (
    list: Array<{ PolicyArn?: string }> | undefined,
  ): AttachedPolicy[] =>
    (list ?? []).flatMap(a => {
      const document = a.PolicyArn ? managed.get(a.PolicyArn) : undefined;
      if (document === undefined) {
        missing.add(a.PolicyArn ?? '(no ARN)');
        return [];
      }
      return [{ name: a.PolicyArn!, document }];
    });
  const inline = (
    list: Array<{ PolicyName?: string; PolicyDocument?: string }> | undefined,
  ) =>
    (list ?? []).map(p => ({
      name: p.PolicyName ?? '',
      document: decodePolicyDocument(p.PolicyDocument ?? ''),
    }));

  const users: IamPrincipal[] = pages
    .flatMap(p => p.UserDetailList ?? [])
    .map(u => ({
      type: 'user',
      name: u.UserName ?? '',
      arn: u.Arn ?? '',
      policies: [
        ...inline(u.UserPolicyList),
        ...attached(u.AttachedManagedPolicies),
      ],
      groups: u.GroupList ?? [],
    }));
  const groups: IamPrincipal[] = pages
    .flatMap(p => p.GroupDetailList ?? [])
    .map(g => ({
      type: 'group',
      name: g.GroupName ?? '',
      arn: g.Arn ?? '',
      policies: [
        ...inline(g.GroupPolicyList),
        ...attached(g.AttachedManagedPolicies),
      ],
    }));
  const roles: IamPrincipal[] = pages
    .flatMap(p => p.RoleDetailList ?? [])
    .map(r => ({
      type: 'role',
      name: r.RoleName ?? '',
      arn: r.Arn ?? '',
      policies: [
        ...inline(r.RolePolicyList),
        ...attached(r.AttachedManagedPolicies),
      ],
    }));
  if (missing.size > 0) {
    throw new IncompleteAuthorizationError([...missing]);
  }
  return { users, groups, roles };
}
