import { awsUniqueId } from '../ids';
import {
  InlinePolicy,
  ManagedPolicy,
  Scenario,
  ScenarioAccount,
} from '../scenario/types';
import { escapeXml, leaf, node } from '../xml';

/** IAM returns policy documents URL-encoded (RFC 3986), inside the XML. */
export function encodePolicyDocument(json: string): string {
  return encodeURIComponent(json);
}

type Item =
  | { kind: 'User'; xml: string }
  | { kind: 'Group'; xml: string }
  | { kind: 'Role'; xml: string }
  | { kind: 'LocalManagedPolicy'; xml: string }
  | { kind: 'AWSManagedPolicy'; xml: string };

const LIST_OF_KIND: Record<Item['kind'], string> = {
  User: 'UserDetailList',
  Group: 'GroupDetailList',
  Role: 'RoleDetailList',
  LocalManagedPolicy: 'Policies',
  AWSManagedPolicy: 'Policies',
};

function members(list: string[]): string {
  return list.map(item => node('member', item)).join('');
}

function inline(listName: string, policies: InlinePolicy[]): string {
  return node(
    listName,
    members(
      policies.map(
        p =>
          leaf('PolicyName', p.name) +
          leaf('PolicyDocument', encodePolicyDocument(p.document)),
      ),
    ),
  );
}

function attached(arns: string[], all: ManagedPolicy[]): string {
  return node(
    'AttachedManagedPolicies',
    members(
      arns.map(
        arn =>
          leaf('PolicyName', all.find(p => p.arn === arn)?.name) +
          leaf('PolicyArn', arn),
      ),
    ),
  );
}

function policyXml(p: ManagedPolicy, attachments: number): string {
  return (
    leaf('PolicyName', p.name) +
    leaf('PolicyId', awsUniqueId('ANPA', p.arn)) +
    leaf('Arn', p.arn) +
    leaf('Path', p.path) +
    leaf('DefaultVersionId', 'v1') +
    leaf('AttachmentCount', attachments) +
    leaf('PermissionsBoundaryUsageCount', 0) +
    leaf('IsAttachable', true) +
    leaf('CreateDate', p.createdAt) +
    leaf('UpdateDate', p.createdAt) +
    node(
      'PolicyVersionList',
      node(
        'member',
        leaf('Document', encodePolicyDocument(p.document)),
        leaf('VersionId', 'v1'),
        leaf('IsDefaultVersion', true),
        leaf('CreateDate', p.createdAt),
      ),
    )
  );
}

/**
 * Everything GetAccountAuthorizationDetails returns for an account, in AWS's order (users,
 * groups, roles, policies). AWS managed policies are listed when something attaches them.
 */
export function authorizationItems(
  scenario: Scenario,
  account: ScenarioAccount,
): Item[] {
  const { users, groups, roles, managedPolicies } = account.iam;
  const principals = [...users, ...groups, ...roles];
  const known = [...managedPolicies, ...scenario.awsManagedPolicies];
  const attachments = (arn: string) =>
    principals.filter(p => p.managedPolicyArns.includes(arn)).length;
  return [
    ...users.map(u => ({
      kind: 'User' as const,
      xml:
        leaf('Path', u.path) +
        leaf('UserName', u.name) +
        leaf('UserId', u.id) +
        leaf('Arn', u.arn) +
        leaf('CreateDate', u.createdAt) +
        inline('UserPolicyList', u.inlinePolicies) +
        node('GroupList', members(u.groups.map(g => escapeXml(g)))) +
        attached(u.managedPolicyArns, known) +
        node('Tags'),
    })),
    ...groups.map(g => ({
      kind: 'Group' as const,
      xml:
        leaf('Path', g.path) +
        leaf('GroupName', g.name) +
        leaf('GroupId', g.id) +
        leaf('Arn', g.arn) +
        leaf('CreateDate', g.createdAt) +
        inline('GroupPolicyList', g.inlinePolicies) +
        attached(g.managedPolicyArns, known),
    })),
    ...roles.map(r => ({
      kind: 'Role' as const,
      xml:
        leaf('Path', r.path) +
        leaf('RoleName', r.name) +
        leaf('RoleId', r.id) +
        leaf('Arn', r.arn) +
        leaf('CreateDate', r.createdAt) +
        leaf('AssumeRolePolicyDocument', encodePolicyDocument(r.trustPolicy)) +
        node('InstanceProfileList') +
        inline('RolePolicyList', r.inlinePolicies) +
        attached(r.managedPolicyArns, known) +
        node('Tags') +
        node('RoleLastUsed'),
    })),
    ...managedPolicies.map(p => ({
      kind: 'LocalManagedPolicy' as const,
      xml: policyXml(p, attachments(p.arn)),
    })),
    ...scenario.awsManagedPolicies
      .filter(p => attachments(p.arn) > 0)
      .map(p => ({
        kind: 'AWSManagedPolicy' as const,
        xml: policyXml(p, attachments(p.arn)),
      })),
  ];
}

/** One page of items, grouped into the lists the response has. */
export function authorizationPageXml(items: Item[]): string {
  const lists: Record<string, string[]> = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  for (const item of items) {
    lists[LIST_OF_KIND[item.kind]].push(node('member', item.xml));
  }
  return Object.entries(lists)
    .map(([name, entries]) => node(name, ...entries))
    .join('');
}

export type AuthorizationItem = Item;
