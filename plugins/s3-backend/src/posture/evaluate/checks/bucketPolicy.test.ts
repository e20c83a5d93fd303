/*
 * What every check that judges the bucket policy holds to, whatever the check: one
 * sentence, no exception on odd input, and no policy document in the evidence.
 */
import { CHECK_IDS, CheckId } from '@s3-posture/plugin-s3-common';
import { SETTINGS_READ_BY_CHECK } from '../settingsRead';
import {
  BPA_OFF,
  BUCKET,
  SAFE_POLICY_STATEMENTS,
  absent,
  evaluate,
  inputWithPolicy,
  makeInput,
  ok,
  publicRead,
} from './testInput';

describe('every policy check', () => {
  // The checks that judge the bucket policy document itself: every check that reads it,
  // but those of IAM principals, which read it only for a Deny of the principal.
  const iamChecks: CheckId[] = [
    'iam-least-privilege',
    'iam-keys-rotated',
    'iam-unused-credentials',
    'dedicated-iam-user',
  ];
  const ids = CHECK_IDS.filter(
    id =>
      SETTINGS_READ_BY_CHECK[id].includes('policy') && !iamChecks.includes(id),
  );

  it.each(ids)('%s gives one sentence and never throws on odd input', id => {
    const odd = makeInput({
      bucket: {
        policy: ok(JSON.stringify({ Statement: [] })),
        acl: absent('NoSuchAcl'),
      },
    });
    const verdict = evaluate(id, odd);
    expect(['pass', 'fail', 'error', 'not-applicable']).toContain(
      verdict.status,
    );
    expect(verdict.reason).toMatch(/^[A-Z].*\.$/);
  });

  it('covers the policy checks of the catalog', () => {
    expect(ids.sort()).toEqual(
      [
        'no-cross-account-sensitive-actions',
        'no-public-read',
        'no-public-write',
        'presigned-url-age-limited',
        'private-network-only',
        'tls-minimum-version',
        'tls-only',
      ].sort(),
    );
  });

  it('never puts the policy document in evidence', () => {
    const input = inputWithPolicy(
      [publicRead, ...SAFE_POLICY_STATEMENTS],
      BPA_OFF,
    );
    for (const id of ids) {
      const evidence = JSON.stringify(evaluate(id, input).evidence);
      expect(evidence).not.toContain('"Statement"');
      expect(evidence).not.toContain(`${BUCKET}/*`);
    }
  });
});
