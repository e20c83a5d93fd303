import {
  CHECK_IDS,
  CHECK_STATUSES,
  CheckId,
  getCheckDefinition,
  resolveActiveChecks,
} from '@s3-posture/plugin-s3-common';
import { CheckCatalog } from './CheckCatalog';
import {
  CHECK_EVALUATORS,
  CHECK_EVALUATORS_BY_CATEGORY,
} from './checkEvaluators';
import { evaluatePosture } from './evaluatePosture';
import { makeInput, makeSettings } from './checks/testInput';
import { CheckEvaluator } from './types';

const input = makeInput();
const settings = makeSettings();

/** The built-in catalog with some evaluators replaced. */
function catalogWith(evaluators: Record<string, CheckEvaluator>): CheckCatalog {
  return new CheckCatalog(
    CheckCatalog.builtIn.entries.map(e => ({
      ...e,
      evaluate: evaluators[e.definition.id] ?? e.evaluate,
    })),
  );
}

describe('CHECK_EVALUATORS', () => {
  it('is typed as an evaluator for every check id', () => {
    // Compile-time: fails to build if the merged object is not a full Record.
    const typed: Record<CheckId, CheckEvaluator> = CHECK_EVALUATORS;
    expect(Object.keys(typed).length).toBeGreaterThan(0);
  });

  it('has a function for every check id at runtime', () => {
    const missing = CHECK_IDS.filter(
      id => typeof CHECK_EVALUATORS[id] !== 'function',
    );
    expect(missing).toEqual([]);
  });

  it('has no evaluator for an id outside the catalog', () => {
    const known = new Set<string>(CHECK_IDS);
    const unknown = Object.keys(CHECK_EVALUATORS).filter(id => !known.has(id));
    expect(unknown).toEqual([]);
  });

  it('takes each id from exactly one group, so no evaluator silently replaces another', () => {
    const owners = new Map<string, string[]>();
    for (const [group, evaluators] of Object.entries(
      CHECK_EVALUATORS_BY_CATEGORY,
    )) {
      for (const id of Object.keys(evaluators)) {
        owners.set(id, [...(owners.get(id) ?? []), group]);
      }
    }
    const shared = [...owners].filter(([, groups]) => groups.length > 1);
    expect(shared).toEqual([]);
    expect([...owners.keys()].sort()).toEqual([...CHECK_IDS].sort());
  });

  it('finds each check in the file of its category (DESIGN §5)', () => {
    const misplaced = Object.entries(CHECK_EVALUATORS_BY_CATEGORY).flatMap(
      ([category, evaluators]) =>
        (Object.keys(evaluators) as CheckId[])
          .filter(id => getCheckDefinition(id).category !== category)
          .map(id => `${id} in ${category}`),
    );
    expect(misplaced).toEqual([]);
  });
});

describe('evaluatePosture', () => {
  it('judges every active check in order, with the catalog fields filled in', () => {
    const checks = resolveActiveChecks('strict');
    const results = evaluatePosture(input, checks, settings);

    expect(results.map(r => r.id)).toEqual(checks.map(c => c.id));
    for (const result of results) {
      const definition = getCheckDefinition(result.id as CheckId);
      expect(result).toEqual({
        id: definition.id,
        title: definition.title,
        category: definition.category,
        severity: definition.severity,
        status: expect.any(String),
        reason: expect.any(String),
        evidence: expect.any(Object),
        remediation: definition.remediation,
        anchors: definition.anchors,
      });
      expect(CHECK_STATUSES).toContain(result.status);
      expect(result.reason).not.toMatch(/Internal error/);
    }
  });

  it('passes every configuration check on a compliant bucket', () => {
    // The checks that read the bucket policy or IAM are tested on inputs of their own.
    const policyAndIamIds: CheckId[] = [
      'no-public-read',
      'no-public-write',
      'no-cross-account-sensitive-actions',
      'iam-least-privilege',
      'iam-keys-rotated',
      'iam-unused-credentials',
      'presigned-url-age-limited',
      'tls-only',
      'tls-minimum-version',
      'private-network-only',
      'dedicated-iam-user',
    ];
    const configurationIds = CHECK_IDS.filter(
      id => !policyAndIamIds.includes(id),
    );
    expect(configurationIds).toHaveLength(19);
    const results = evaluatePosture(
      input,
      configurationIds.map(id => ({ id, severity: 'low' })),
      settings,
    );
    expect(results.filter(r => r.status !== 'pass')).toEqual([]);
  });

  it('takes the severity from the active check, not the catalog', () => {
    const [result] = evaluatePosture(
      input,
      [{ id: 'intelligent-tiering', severity: 'critical' }],
      settings,
    );
    expect(getCheckDefinition('intelligent-tiering').severity).toBe('info');
    expect(result.severity).toBe('critical');
  });

  it('turns an exception inside an evaluator into an error and judges the rest', () => {
    const results = evaluatePosture(
      input,
      [
        { id: 'versioning-enabled', severity: 'medium' },
        { id: 'default-encryption', severity: 'low' },
      ],
      settings,
      catalogWith({
        'versioning-enabled': () => {
          throw new Error('boom');
        },
      }),
    );
    expect(results[0]).toMatchObject({
      id: 'versioning-enabled',
      status: 'error',
      reason: 'Internal error while evaluating: boom',
      evidence: {},
      remediation: getCheckDefinition('versioning-enabled').remediation,
    });
    expect(results[1]).toMatchObject({
      id: 'default-encryption',
      status: 'pass',
    });
  });

  it('reports a thrown non-Error value', () => {
    const [result] = evaluatePosture(
      input,
      [{ id: 'tls-only', severity: 'medium' }],
      settings,
      catalogWith({
        'tls-only': () => {
          // eslint-disable-next-line no-throw-literal
          throw 'not an Error';
        },
      }),
    );
    expect(result.status).toBe('error');
    expect(result.reason).toBe('Internal error while evaluating: not an Error');
  });

  it('is an error, not a crash, when an evaluator returns nonsense', () => {
    const results = evaluatePosture(
      input,
      [
        { id: 'kms-encryption', severity: 'medium' },
        { id: 'tls-only', severity: 'medium' },
      ],
      settings,
      catalogWith({
        'kms-encryption': () =>
          ({ status: 'maybe', reason: '', evidence: {} }) as any,
        'tls-only': () => undefined as any,
      }),
    );
    expect(results.map(r => [r.status, r.reason])).toEqual([
      [
        'error',
        'Internal error while evaluating: the evaluator returned no valid verdict',
      ],
      [
        'error',
        'Internal error while evaluating: the evaluator returned no valid verdict',
      ],
    ]);
  });

  it('returns nothing for no active checks', () => {
    expect(evaluatePosture(input, [], settings)).toEqual([]);
  });
});
