import {
  CHECK_IDS,
  CHECK_STATUSES,
  CheckId,
  getCheckDefinition,
  resolveActiveChecks,
} from '@s3-posture/plugin-s3-common';
import {
  CHECK_EVALUATORS,
  CHECK_EVALUATOR_GROUPS,
  evaluatePosture,
} from './evaluatePosture';
import { accessCheckEvaluators } from './checks/accessChecks';
import { applicationCheckEvaluators } from './checks/applicationChecks';
import { costCheckEvaluators } from './checks/costChecks';
import { dataCheckEvaluators } from './checks/dataChecks';
import { houseCheckEvaluators } from './checks/houseChecks';
import { integrityCheckEvaluators } from './checks/integrityChecks';
import { loggingCheckEvaluators } from './checks/loggingChecks';
import { makeConfigInput, makeSettings } from './checks/configTestInput';
import { CheckEvaluator } from './types';

const input = makeConfigInput();
const settings = makeSettings();

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
    for (const [group, evaluators] of Object.entries(CHECK_EVALUATOR_GROUPS)) {
      for (const id of Object.keys(evaluators)) {
        owners.set(id, [...(owners.get(id) ?? []), group]);
      }
    }
    const shared = [...owners].filter(([, groups]) => groups.length > 1);
    expect(shared).toEqual([]);
    expect([...owners.keys()].sort()).toEqual([...CHECK_IDS].sort());
  });
});

describe('evaluatePosture', () => {
  it('judges every active check in order, with the catalog fields filled in', () => {
    const checks = resolveActiveChecks('strict');
    const results = evaluatePosture(input, checks, settings);

    expect(results.map(r => r.id)).toEqual(checks.map(c => c.id));
    for (const result of results) {
      const definition = getCheckDefinition(result.id);
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
    const configurationIds = [
      accessCheckEvaluators,
      applicationCheckEvaluators,
      dataCheckEvaluators,
      integrityCheckEvaluators,
      loggingCheckEvaluators,
      costCheckEvaluators,
      houseCheckEvaluators,
    ].flatMap(group => Object.keys(group) as CheckId[]);
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
      {
        ...CHECK_EVALUATORS,
        'versioning-enabled': () => {
          throw new Error('boom');
        },
      },
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
      {
        'tls-only': () => {
          // eslint-disable-next-line no-throw-literal
          throw 'not an Error';
        },
      },
    );
    expect(result.status).toBe('error');
    expect(result.reason).toBe('Internal error while evaluating: not an Error');
  });

  it('is an error, not a crash, when a check has no evaluator or returns nonsense', () => {
    const results = evaluatePosture(
      input,
      [
        { id: 'tls-only', severity: 'medium' },
        { id: 'kms-encryption', severity: 'medium' },
      ],
      settings,
      {
        'kms-encryption': () =>
          ({ status: 'maybe', reason: '', evidence: {} }) as any,
      },
    );
    expect(results.map(r => [r.status, r.reason])).toEqual([
      [
        'error',
        'Internal error while evaluating: no evaluator is registered for this check',
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
