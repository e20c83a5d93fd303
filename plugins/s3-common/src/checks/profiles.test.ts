import { getCheckDefinition } from './definitions';
import { PROFILES, resolveActiveChecks } from './profiles';
import { CHECK_IDS, CheckId } from './types';

describe('profiles', () => {
  it('aws-foundational runs the anchored controls at catalog severities', () => {
    const active = resolveActiveChecks('aws-foundational');
    const ids = active.map(a => a.id);
    expect(ids).toContain('tls-only');
    expect(ids).toContain('no-public-read');
    expect(ids).not.toContain('cors-restricted');
    expect(ids).not.toContain('naming-convention');
    for (const a of active)
      expect(a.severity).toBe(getCheckDefinition(a.id as CheckId).severity);
  });

  it('strict runs every check', () => {
    expect(resolveActiveChecks('strict').map(a => a.id)).toEqual([
      ...CHECK_IDS,
    ]);
  });

  it('house-rules adds the house checks and weighs the opt-in features less', () => {
    const active = new Map(
      resolveActiveChecks('house-rules').map(a => [a.id, a.severity]),
    );
    for (const id of [
      'naming-convention',
      'approved-region',
      'dedicated-iam-user',
      'documented-owner',
    ] as const) {
      expect(active.has(id)).toBe(true);
    }
    expect(active.get('versioning-enabled')).toBe('low');
    expect(active.get('kms-encryption')).toBe('low');
    expect(active.get('no-public-read')).toBe('critical');
  });

  it('config overrides add, drop and re-weigh checks', () => {
    const active = resolveActiveChecks('aws-foundational', {
      'cors-restricted': { enabled: true, severity: 'high' },
      'object-lock-enabled': { enabled: false },
      'versioning-enabled': { severity: 'high' },
    });
    const byId = new Map(active.map(a => [a.id, a.severity]));
    expect(byId.get('cors-restricted')).toBe('high');
    expect(byId.has('object-lock-enabled')).toBe(false);
    expect(byId.get('versioning-enabled')).toBe('high');
    // Catalog order is kept.
    expect(active.map(a => a.id)).toEqual(CHECK_IDS.filter(id => byId.has(id)));
  });

  it('every profile names only known checks', () => {
    for (const profile of Object.values(PROFILES)) {
      for (const id of profile.checks) expect(CHECK_IDS).toContain(id);
    }
  });
});
