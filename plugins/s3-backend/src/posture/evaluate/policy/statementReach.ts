/**
 * What one statement reaches, decided for every request at once rather than for sampled
 * ones: which S3 actions its Action/NotAction covers (against the full S3 action catalog),
 * whether its Resource/NotResource reaches the bucket and some or all of its objects,
 * and whom its Principal/NotPrincipal names.
 *
 * Two readings: `may` (could the statement apply to some request?), used for Allow
 * statements, where a doubt must count as access; and `surely` (does it apply to every
 * such request?), used for Deny statements, where a doubt must count as a gap.
 */
import {
  Glob,
  VariableMode,
  compileGlob,
  globMatches,
  matchesAction,
  matchesEveryExtension,
  matchesSomeExtension,
} from './matching';
import { S3ActionInfo, s3ActionCatalog } from './s3Actions';
import { PolicyStatement, PrincipalSpec } from './types';

/** The bucket a policy belongs to. */
export interface BucketScope {
  partition: string;
  bucket: string;
  /** The account that owns the bucket. */
  bucketAccountId: string;
}

export type Reading = 'may' | 'surely';

export function bucketArnOf(scope: BucketScope): string {
  return `arn:${scope.partition}:s3:::${scope.bucket}`;
}

function objectPrefixOf(scope: BucketScope): string {
  return `${bucketArnOf(scope)}/`;
}

const actionSets = new Map<string, S3ActionInfo[]>();

/** The catalog's S3 actions one Action pattern covers (cached: policies repeat patterns). */
function actionsMatching(pattern: string): S3ActionInfo[] {
  let matched = actionSets.get(pattern);
  if (!matched) {
    matched = s3ActionCatalog().filter(info =>
      matchesAction(pattern, info.action),
    );
    if (actionSets.size > 2000) actionSets.clear();
    actionSets.set(pattern, matched);
  }
  return matched;
}

/** The S3 actions (bucket and object ones) the statement's Action or NotAction covers. */
export function actionsOf(statement: PolicyStatement): Set<string> {
  const covered = new Set<string>();
  if (statement.action) {
    for (const pattern of statement.action) {
      for (const info of actionsMatching(pattern)) covered.add(info.action);
    }
    return covered;
  }
  const spared = new Set<string>();
  for (const pattern of statement.notAction ?? []) {
    for (const info of actionsMatching(pattern)) spared.add(info.action);
  }
  for (const info of s3ActionCatalog()) {
    if (!spared.has(info.action)) covered.add(info.action);
  }
  return covered;
}

/** Which of the bucket's resources a statement reaches. */
export interface ResourceReach {
  /** The bucket itself (`arn:aws:s3:::bucket`). */
  bucket: boolean;
  /** Its objects: under `may`, at least one; under `surely`, every one. */
  objects: boolean;
}

function compileResource(
  pattern: string,
  reading: Reading,
  variables: boolean,
): Glob {
  // A variable could be anything: it may match, but it surely matches nothing.
  const mode: VariableMode = reading === 'may' ? 'any' : 'never';
  return compileGlob(pattern, {
    arn: true,
    variables: variables ? mode : undefined,
  });
}

function opposite(reading: Reading): Reading {
  return reading === 'may' ? 'surely' : 'may';
}

const MAX_CACHED_REACHES = 4000;
const reachCache = new Map<string, ResourceReach>();

/** What one pattern reaches; cached, since every policy check asks about the same ones. */
function patternReach(
  pattern: string,
  scope: BucketScope,
  reading: Reading,
  variables: boolean,
): ResourceReach {
  if (pattern === '*') return { bucket: true, objects: true };
  const key = `${reading}${variables ? 'v' : '-'}${bucketArnOf(scope)}\u0000${pattern}`;
  let reach = reachCache.get(key);
  if (!reach) {
    reach = computePatternReach(pattern, scope, reading, variables);
    if (reachCache.size >= MAX_CACHED_REACHES) reachCache.clear();
    reachCache.set(key, reach);
  }
  return reach;
}

function computePatternReach(
  pattern: string,
  scope: BucketScope,
  reading: Reading,
  variables: boolean,
): ResourceReach {
  const glob = compileResource(pattern, reading, variables);
  return {
    bucket: globMatches(glob, bucketArnOf(scope)),
    objects:
      reading === 'may'
        ? matchesSomeExtension(glob, objectPrefixOf(scope))
        : matchesEveryExtension(glob, objectPrefixOf(scope)),
  };
}

/**
 * Whether the statement reaches the bucket and its objects. For NotResource the reading
 * flips: a statement surely reaches what no NotResource pattern may match. Several
 * patterns are not combined into one proof (a Deny split over `a*` and the rest is read
 * as not covering), which can only turn a pass into a fail, never the other way.
 */
export function resourceReach(
  statement: PolicyStatement,
  scope: BucketScope,
  reading: Reading,
  variables: boolean,
): ResourceReach {
  if (statement.resource) {
    const reaches = statement.resource.map(pattern =>
      patternReach(pattern, scope, reading, variables),
    );
    return {
      bucket: reaches.some(reach => reach.bucket),
      objects: reaches.some(reach => reach.objects),
    };
  }
  if (statement.notResource) {
    const spared = statement.notResource.map(pattern =>
      patternReach(pattern, scope, opposite(reading), variables),
    );
    return {
      bucket: !spared.some(reach => reach.bucket),
      objects: !spared.some(reach => reach.objects),
    };
  }
  return { bucket: false, objects: false };
}

/** The actions of a statement that apply to what it reaches, with the catalog's details. */
export function reachedActions(
  statement: PolicyStatement,
  scope: BucketScope,
  reading: Reading,
  variables: boolean,
  among?: ReadonlySet<string>,
): { actions: S3ActionInfo[]; reach: ResourceReach } {
  const reach = resourceReach(statement, scope, reading, variables);
  const covered = actionsOf(statement);
  const actions = s3ActionCatalog().filter(
    info =>
      covered.has(info.action) &&
      (!among || among.has(info.action)) &&
      ((reach.bucket && info.resourceKinds.includes('bucket')) ||
        (reach.objects && info.resourceKinds.includes('object'))),
  );
  return { actions, reach };
}

/** Whether a Principal element names every AWS identity (`"*"` or `{"AWS": "*"}`). */
export function namesEveryone(spec: PrincipalSpec): boolean {
  return spec === '*' || spec.AWS?.includes('*') === true;
}

/**
 * Whether a Deny's Principal surely covers every caller, AWS services acting for
 * themselves included. Only `"*"` does: AWS does not promise that `{"AWS": "*"}` matches
 * service principals ("some services behave differently" for the two forms), so a Deny
 * written that way may leave them through.
 */
export function denyNamesEveryone(spec: PrincipalSpec): boolean {
  return spec === '*';
}

/**
 * Who a statement's principal lets in, as far as "is it public?" goes: everyone, or
 * only fixed principals. `"*"`, `{"AWS": "*"}`, an Allow with NotPrincipal (everyone
 * but a few), and web-identity federation (anyone who signs in with the provider:
 * "The meaning of public" counts only fixed principals as non-public) are everyone.
 */
export function principalIsOpen(
  statement: PolicyStatement,
): string | undefined {
  if (statement.notPrincipal)
    return 'everyone but the principals in NotPrincipal';
  const spec = statement.principal;
  if (!spec) return undefined;
  if (spec === '*' || spec.AWS?.includes('*')) return 'anyone';
  if (spec.Federated && spec.Federated.length > 0) {
    return `anyone who signs in through ${spec.Federated.join(', ')}`;
  }
  if (spec.Service?.includes('*')) return 'any AWS service';
  return undefined;
}

/**
 * Whether a Deny (its actions and what it surely reaches) takes back an action wherever a
 * grant gives it: on the bucket if the grant reaches the bucket, on every object if it
 * reaches objects, for the resource kinds the action has.
 */
export function denyCoversGrant(
  deny: { actions: ReadonlySet<string>; reach: ResourceReach },
  info: S3ActionInfo,
  granted: ResourceReach,
): boolean {
  return (
    deny.actions.has(info.action) &&
    (!granted.bucket ||
      !info.resourceKinds.includes('bucket') ||
      deny.reach.bucket) &&
    (!granted.objects ||
      !info.resourceKinds.includes('object') ||
      deny.reach.objects)
  );
}
