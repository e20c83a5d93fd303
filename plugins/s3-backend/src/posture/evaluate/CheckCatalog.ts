import { InputError } from '@backstage/errors';
import {
  ActiveCheck,
  CHECK_CATEGORIES,
  CHECK_DEFINITIONS,
  CheckDefinition,
  CheckOverride,
  isBuiltInCheckId,
  isProfileId,
  PROFILES,
  ProfileId,
  resolveActiveChecks,
  SEVERITIES,
} from '@s3-posture/plugin-s3-common';
import {
  BUCKET_SETTINGS,
  BucketSetting,
  S3PostureCheck,
} from '@s3-posture/plugin-s3-node';
import { CHECK_EVALUATORS } from './checkEvaluators';
import { SETTINGS_READ_BY_CHECK } from './settingsRead';
import { CheckEvaluator } from './types';

/** A check the engine can run: what it is, what it reads and how it judges. */
export interface CatalogEntry {
  definition: CheckDefinition;
  /** The bucket settings its evaluator reads. */
  reads: readonly BucketSetting[];
  evaluate: CheckEvaluator;
  /** Added by a backend module, with the profiles it names; undefined for built-in checks. */
  addedTo?: readonly ProfileId[];
}

const CHECK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function problemsOf(check: S3PostureCheck): string[] {
  const problems: string[] = [];
  const text = (field: keyof S3PostureCheck) => {
    if (typeof check[field] !== 'string' || !(check[field] as string).trim())
      problems.push(`${field} must be a non-empty string`);
  };
  text('title');
  text('description');
  text('remediation');
  if (check.rationale !== undefined) text('rationale');
  if (!CHECK_CATEGORIES.includes(check.category))
    problems.push(
      `category "${check.category}" is not one of ${CHECK_CATEGORIES.join(', ')}`,
    );
  if (!SEVERITIES.includes(check.severity))
    problems.push(
      `severity "${check.severity}" is not one of ${SEVERITIES.join(', ')}`,
    );
  if (!Array.isArray(check.profiles)) {
    problems.push('profiles must be a list of profile ids');
  } else {
    for (const profile of check.profiles.filter(p => !isProfileId(p)))
      problems.push(
        `profile "${profile}" is not one of ${Object.keys(PROFILES).join(', ')}`,
      );
  }
  if (!Array.isArray(check.reads)) {
    problems.push('reads must be a list of bucket settings');
  } else {
    const settings: readonly string[] = BUCKET_SETTINGS;
    for (const setting of check.reads.filter(s => !settings.includes(s)))
      problems.push(`reads: "${setting}" is not a bucket setting`);
  }
  if (typeof check.evaluate !== 'function')
    problems.push('evaluate must be a function');
  return problems;
}

/** A check a backend module added, as the engine runs it. */
function entryOf(check: S3PostureCheck): CatalogEntry {
  return {
    definition: {
      id: check.id,
      title: check.title,
      category: check.category,
      severity: check.severity,
      description: check.description,
      rationale: check.rationale ?? '',
      remediation: check.remediation,
      anchors: check.anchors ?? {},
    },
    reads: [...check.reads],
    // The engine turns a throw or a malformed verdict into an `error` (evaluatePosture.ts).
    evaluate: (input, settings) => {
      const verdict = check.evaluate({ ...input, now: settings.now });
      return verdict && { ...verdict, evidence: verdict.evidence ?? {} };
    },
    addedTo: [...check.profiles],
  };
}

/**
 * Every check this backend runs: the built-in catalog, then the checks backend modules
 * added through `s3PostureChecksExtensionPoint`, each with its definition, the settings it
 * reads and its evaluator. Profiles, config overrides, the collector and the API all read
 * checks from here, so an added check is judged, stored and served like a built-in one.
 */
export class CheckCatalog {
  /** The built-in checks only. */
  static readonly builtIn = new CheckCatalog(
    CHECK_DEFINITIONS.map(definition => ({
      definition,
      reads: SETTINGS_READ_BY_CHECK[definition.id],
      evaluate: CHECK_EVALUATORS[definition.id],
    })),
  );

  /**
   * The built-in checks and the added ones. Throws at start-up, naming the check and what
   * is wrong with it, when an added check is malformed or its id is taken.
   */
  static withAddedChecks(added: readonly S3PostureCheck[]): CheckCatalog {
    const seen = new Set<string>();
    for (const check of added) {
      const id = String(check?.id);
      if (!CHECK_ID.test(id) || id.length > 64) {
        throw new InputError(
          `S3 posture check "${id}" added by a backend module has an invalid id: use lowercase words joined by hyphens, at most 64 characters`,
        );
      }
      if (isBuiltInCheckId(id)) {
        throw new InputError(
          `S3 posture check "${id}" added by a backend module has the id of a built-in check; give it another id`,
        );
      }
      if (seen.has(id)) {
        throw new InputError(
          `S3 posture check "${id}" was added twice by backend modules; each check id must be unique`,
        );
      }
      seen.add(id);
      const problems = problemsOf(check);
      if (problems.length > 0) {
        throw new InputError(
          `S3 posture check "${id}" added by a backend module is malformed: ${problems.join('; ')}`,
        );
      }
    }
    return new CheckCatalog([
      ...CheckCatalog.builtIn.entries,
      ...added.map(entryOf),
    ]);
  }

  private readonly byId: ReadonlyMap<string, CatalogEntry>;

  constructor(readonly entries: readonly CatalogEntry[]) {
    this.byId = new Map(entries.map(e => [e.definition.id, e]));
  }

  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  /** A profile's checks, built-in and added. */
  profileCheckIds(profile: ProfileId): string[] {
    return [
      ...PROFILES[profile].checks,
      ...this.entries
        .filter(e => e.addedTo?.includes(profile))
        .map(e => e.definition.id),
    ];
  }

  /**
   * The checks to run: the profile's, then config overrides (`s3.posture.checks.<id>`).
   * Throws for an override naming no check.
   */
  resolveActiveChecks(
    profile: ProfileId,
    overrides: Readonly<Record<string, CheckOverride | undefined>> = {},
  ): ActiveCheck[] {
    for (const id of Object.keys(overrides)) {
      if (!this.byId.has(id)) {
        throw new InputError(`s3.posture.checks.${id}: no check has this id`);
      }
    }
    return resolveActiveChecks(
      profile,
      overrides,
      this.entries.flatMap(e =>
        e.addedTo
          ? [
              {
                id: e.definition.id,
                severity: e.definition.severity,
                profiles: e.addedTo,
              },
            ]
          : [],
      ),
    );
  }

  /** The bucket settings the given checks read, in the snapshot's order. */
  settingsReadBy(checks: ReadonlyArray<{ id: string }>): BucketSetting[] {
    const needed = new Set(checks.flatMap(c => this.get(c.id)?.reads ?? []));
    return BUCKET_SETTINGS.filter(s => needed.has(s));
  }
}
