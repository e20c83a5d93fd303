import {
  computeScore,
  computeStatus,
  countFailingBySeverity,
  worstStatus,
} from './scoring';
import { CheckStatus } from './results';
import { Severity } from './types';

const c = (severity: Severity, status: CheckStatus) => ({ severity, status });

describe('computeScore', () => {
  it('is the weighted share of passes among decided checks', () => {
    // Passing: critical 10 + high 5 + low 1 = 16. Failing: medium 3 + high 5 = 8. 16 / 24 = 66.7%.
    expect(
      computeScore([
        c('critical', 'pass'),
        c('high', 'pass'),
        c('low', 'pass'),
        c('medium', 'fail'),
        c('high', 'fail'),
      ]),
    ).toBe(67);
  });

  it('leaves errors, not-applicable and info checks out of the sum', () => {
    // Passing: medium 3. Failing: low 1. The critical error and the info fail count for nothing.
    expect(
      computeScore([
        c('medium', 'pass'),
        c('low', 'fail'),
        c('critical', 'error'),
        c('high', 'not-applicable'),
        c('info', 'fail'),
      ]),
    ).toBe(75);
  });

  it('is 100 when every decided check passes and 0 when every one fails', () => {
    expect(computeScore([c('high', 'pass'), c('low', 'pass')])).toBe(100);
    expect(computeScore([c('high', 'fail'), c('low', 'fail')])).toBe(0);
  });

  it('is undefined when nothing of weight was decided', () => {
    expect(computeScore([])).toBeUndefined();
    expect(
      computeScore([c('info', 'pass'), c('high', 'error')]),
    ).toBeUndefined();
  });
});

describe('computeStatus', () => {
  it('is unknown when never assessed', () => {
    expect(computeStatus(undefined)).toBe('unknown');
  });

  it('is non-compliant when a critical or high check fails', () => {
    expect(computeStatus([c('critical', 'fail'), c('low', 'pass')])).toBe(
      'non-compliant',
    );
    expect(computeStatus([c('high', 'fail'), c('medium', 'fail')])).toBe(
      'non-compliant',
    );
  });

  it('keeps a known high failure visible even when most checks errored', () => {
    expect(
      computeStatus([
        c('high', 'fail'),
        c('critical', 'error'),
        c('critical', 'error'),
      ]),
    ).toBe('non-compliant');
  });

  it('is unknown when more than half of the weighted checks errored', () => {
    // Errored weight 10 + 3 = 13 of 13 + 5 + 1 = 19.
    expect(
      computeStatus([
        c('critical', 'error'),
        c('medium', 'error'),
        c('high', 'pass'),
        c('low', 'pass'),
      ]),
    ).toBe('unknown');
    // Exactly half is not more than half: high 5 errored of 10.
    expect(computeStatus([c('high', 'error'), c('high', 'pass')])).toBe(
      'compliant',
    );
  });

  it('is at-risk when a medium check fails and nothing worse does', () => {
    expect(computeStatus([c('medium', 'fail'), c('high', 'pass')])).toBe(
      'at-risk',
    );
  });

  it('is compliant when only low or info checks fail', () => {
    expect(
      computeStatus([c('low', 'fail'), c('info', 'fail'), c('high', 'pass')]),
    ).toBe('compliant');
  });

  it('ignores not-applicable checks when weighing errors', () => {
    expect(
      computeStatus([
        c('medium', 'error'),
        c('critical', 'not-applicable'),
        c('medium', 'pass'),
        c('low', 'pass'),
      ]),
    ).toBe('compliant');
  });
});

describe('worstStatus', () => {
  it('ranks non-compliant, at-risk, unknown, compliant', () => {
    expect(worstStatus(['compliant', 'at-risk', 'unknown'])).toBe('at-risk');
    expect(worstStatus(['compliant', 'unknown'])).toBe('unknown');
    expect(worstStatus(['at-risk', 'non-compliant'])).toBe('non-compliant');
    expect(worstStatus(['compliant'])).toBe('compliant');
    expect(worstStatus([])).toBe('unknown');
  });
});

describe('countFailingBySeverity', () => {
  it('counts the failing check results per severity', () => {
    expect(
      countFailingBySeverity([
        c('critical', 'fail'),
        c('high', 'fail'),
        c('high', 'fail'),
        c('high', 'pass'),
        c('medium', 'error'),
        c('low', 'not-applicable'),
      ]),
    ).toEqual({ critical: 1, high: 2, medium: 0, low: 0, info: 0 });
  });

  it('counts every failing check of a list, which has no status', () => {
    expect(
      countFailingBySeverity([{ severity: 'low' }, { severity: 'info' }]),
    ).toEqual({ critical: 0, high: 0, medium: 0, low: 1, info: 1 });
  });
});
