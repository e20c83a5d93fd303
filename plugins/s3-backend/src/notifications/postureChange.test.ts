import { FailingCheck } from '@s3-posture/plugin-s3-common';
import { notificationPayload } from './PostureNotifier';
import { ComparedVerdict, postureChange } from './postureChange';

const check = (id: string, severity: FailingCheck['severity']) => ({
  id,
  title: `Title of ${id}`,
  severity,
});
const PUBLIC_READ = check('no-public-read', 'critical');
const BPA = check('bucket-public-access-block', 'high');
const TLS = check('tls-only', 'medium');
const LIFECYCLE = check('lifecycle-configured', 'low');

const verdict = (
  status: ComparedVerdict['status'],
  failingChecks: FailingCheck[],
  more: Partial<ComparedVerdict> = {},
): ComparedVerdict => ({ status, failingChecks, ...more });

describe('postureChange', () => {
  it('says nothing about a first assessment, however bad', () => {
    expect(
      postureChange(undefined, verdict('non-compliant', [PUBLIC_READ]), 'high'),
    ).toBeUndefined();
  });

  it('says nothing when the new verdict is unknown (checks could not be decided)', () => {
    expect(
      postureChange(
        verdict('compliant', []),
        verdict('unknown', [], {
          erroredChecks: ['no-public-read', 'tls-only'],
        }),
        'high',
      ),
    ).toBeUndefined();
  });

  it('says nothing when the same checks fail', () => {
    expect(
      postureChange(
        verdict('non-compliant', [BPA, TLS]),
        verdict('non-compliant', [BPA, TLS]),
        'high',
      ),
    ).toBeUndefined();
  });

  it('reports a high check that starts failing, with the high severity', () => {
    expect(
      postureChange(
        verdict('at-risk', [TLS]),
        verdict('non-compliant', [BPA, TLS]),
        'high',
      ),
    ).toEqual({
      kind: 'regression',
      from: 'at-risk',
      to: 'non-compliant',
      newlyFailing: [BPA],
      severity: 'high',
    });
  });

  it('takes the severity from the worst newly failing check: critical, high, else normal', () => {
    const from = verdict('at-risk', [TLS]);
    expect(
      postureChange(
        from,
        verdict('non-compliant', [BPA, PUBLIC_READ, TLS]),
        'high',
      ),
    ).toMatchObject({ newlyFailing: [PUBLIC_READ, BPA], severity: 'critical' });
    // A status that worsens through a medium check: normal.
    expect(
      postureChange(
        verdict('compliant', []),
        verdict('at-risk', [TLS]),
        'high',
      ),
    ).toMatchObject({
      kind: 'regression',
      newlyFailing: [TLS],
      severity: 'normal',
    });
  });

  it('reports a new failure at or above minSeverity even when the status stays', () => {
    const from = verdict('non-compliant', [BPA]);
    const to = verdict('non-compliant', [PUBLIC_READ, BPA]);
    expect(postureChange(from, to, 'high')).toMatchObject({
      kind: 'regression',
      from: 'non-compliant',
      to: 'non-compliant',
      newlyFailing: [PUBLIC_READ],
      severity: 'critical',
    });
    // Below minSeverity, with the status unchanged: nothing.
    expect(
      postureChange(
        verdict('at-risk', [TLS]),
        verdict('at-risk', [TLS, LIFECYCLE]),
        'high',
      ),
    ).toBeUndefined();
    // minSeverity low: it counts.
    expect(
      postureChange(
        verdict('at-risk', [TLS]),
        verdict('at-risk', [TLS, LIFECYCLE]),
        'low',
      ),
    ).toMatchObject({ kind: 'regression', newlyFailing: [LIFECYCLE] });
    // minSeverity critical: a new high failure with the status unchanged is not enough.
    expect(
      postureChange(
        verdict('non-compliant', [PUBLIC_READ]),
        verdict('non-compliant', [PUBLIC_READ, BPA]),
        'critical',
      ),
    ).toBeUndefined();
  });

  it('does not count a check in error as failing, before or after', () => {
    // An error now is not a regression.
    expect(
      postureChange(
        verdict('compliant', []),
        verdict('compliant', [], { erroredChecks: ['no-public-read'] }),
        'high',
      ),
    ).toBeUndefined();
    // A check that failed and is now in error is not fixed: no "resolved".
    expect(
      postureChange(
        verdict('non-compliant', [BPA]),
        verdict('compliant', [], { erroredChecks: [BPA.id] }),
        'high',
      ),
    ).toBeUndefined();
  });

  it('reports a recovery when the status improves or the last significant failure is fixed', () => {
    expect(
      postureChange(
        verdict('non-compliant', [BPA, TLS]),
        verdict('at-risk', [TLS]),
        'high',
      ),
    ).toEqual({
      kind: 'recovery',
      from: 'non-compliant',
      to: 'at-risk',
      fixed: [BPA],
    });
    expect(
      postureChange(
        verdict('at-risk', [TLS]),
        verdict('compliant', []),
        'high',
      ),
    ).toMatchObject({ kind: 'recovery', to: 'compliant', fixed: [TLS] });
    // One of two critical failures fixed: still non-compliant, nothing resolved yet.
    expect(
      postureChange(
        verdict('non-compliant', [PUBLIC_READ, BPA]),
        verdict('non-compliant', [PUBLIC_READ]),
        'high',
      ),
    ).toBeUndefined();
  });

  it('compares nothing with an unknown previous status but newly failing checks', () => {
    expect(
      postureChange(verdict('unknown', []), verdict('compliant', []), 'high'),
    ).toBeUndefined();
    expect(
      postureChange(
        verdict('unknown', []),
        verdict('non-compliant', [BPA]),
        'high',
      ),
    ).toMatchObject({ kind: 'regression', newlyFailing: [BPA] });
  });
});

describe('notificationPayload', () => {
  it('reports a judged bucket no longer found in AWS, once: not one never judged', () => {
    const missing = verdict('unknown', [], {
      missing: { code: 'NoSuchBucket', message: 'Bucket x does not exist' },
    });
    expect(
      postureChange(verdict('compliant', []), missing, 'critical'),
    ).toEqual({
      kind: 'missing',
      from: 'compliant',
      error: { code: 'NoSuchBucket', message: 'Bucket x does not exist' },
    });
    expect(postureChange(undefined, missing, 'high')).toBeUndefined();
    expect(
      postureChange(verdict('unknown', []), missing, 'high'),
    ).toBeUndefined();
  });

  it('says where a missing bucket was looked for and what to do, at high severity', () => {
    expect(
      notificationPayload(
        {
          entityRef: 'resource:default/orders-bucket',
          bucket: 'securecart-orders-production',
          accountId: '111122223333',
          current: verdict('unknown', []),
        },
        {
          kind: 'missing',
          from: 'at-risk',
          error: { code: 'NoSuchBucket', message: 'gone' },
        },
      ),
    ).toEqual({
      title: 'orders-bucket was not found in AWS',
      description:
        "S3 answers NoSuchBucket for bucket securecart-orders-production in account 111122223333. It was deleted, or the doc names the wrong bucket or account: fix the doc's ARN or account, or delete the doc if the bucket is gone for good. It was at-risk when last assessed.",
      link: '/catalog/default/resource/orders-bucket/s3',
      severity: 'high',
      topic: 'resource:default/orders-bucket',
      scope: 'resource:default/orders-bucket',
    });
  });

  it('names the bucket, the new status and the newly failing checks, and links to the S3 tab', () => {
    const change = postureChange(
      verdict('at-risk', [TLS]),
      verdict('non-compliant', [BPA, TLS]),
      'high',
    )!;
    expect(
      notificationPayload(
        {
          entityRef: 'resource:default/users-bucket',
          current: verdict('non-compliant', [BPA, TLS], { score: 58 }),
        },
        change,
      ),
    ).toEqual({
      title: 'users-bucket is now non-compliant',
      description:
        'Newly failing: Title of bucket-public-access-block (bucket-public-access-block, high). Now non-compliant, score 58 (was at-risk).',
      link: '/catalog/default/resource/users-bucket/s3',
      severity: 'high',
      topic: 'resource:default/users-bucket',
      scope: 'resource:default/users-bucket',
    });
  });

  it('says "Resolved" at low severity on the same topic', () => {
    const change = postureChange(
      verdict('non-compliant', [BPA, TLS]),
      verdict('at-risk', [TLS]),
      'high',
    )!;
    expect(
      notificationPayload(
        {
          entityRef: 'resource:default/users-bucket',
          current: verdict('at-risk', [TLS], { score: 80 }),
        },
        change,
      ),
    ).toEqual({
      title: 'Resolved: users-bucket is now at-risk',
      description:
        'Fixed: Title of bucket-public-access-block (bucket-public-access-block, high). Now at-risk, score 80 (was non-compliant). Still failing: Title of tls-only (tls-only, medium).',
      link: '/catalog/default/resource/users-bucket/s3',
      severity: 'low',
      topic: 'resource:default/users-bucket',
      scope: 'resource:default/users-bucket',
    });
  });
});
