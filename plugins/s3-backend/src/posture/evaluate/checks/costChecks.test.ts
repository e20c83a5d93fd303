import { costCheckEvaluators } from './costChecks';
import { absent, callFailed, makeInput, makeSettings, ok } from './testInput';
import { CheckEvaluator } from '../types';
import { PostureInput } from '@s3-posture/plugin-s3-node';

function evaluate(id: keyof typeof costCheckEvaluators, input: PostureInput) {
  // Widened to the engine's signature: the settings argument is part of the contract.
  const evaluator: CheckEvaluator = costCheckEvaluators[id];
  return evaluator(input, makeSettings());
}

const noLifecycle = absent('NoSuchLifecycleConfiguration');

describe('lifecycle-configured', () => {
  it('passes with an enabled rule', () => {
    const verdict = evaluate('lifecycle-configured', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/1 of 1 lifecycle rules is Enabled/);
    expect(verdict.evidence).toEqual({
      ruleCount: 1,
      enabledRules: ['expire-noncurrent'],
    });
  });

  it('fails when every rule is disabled', () => {
    const verdict = evaluate(
      'lifecycle-configured',
      makeInput({
        bucket: {
          lifecycle: ok({
            rules: [
              { id: 'a', status: 'Disabled', transitions: 1 },
              { id: 'b', status: 'Disabled', transitions: 0 },
            ],
          }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/All 2 lifecycle rules are Disabled/);
    expect(verdict.evidence).toEqual({ ruleCount: 2, enabledRules: [] });
  });

  it('fails when no lifecycle is configured', () => {
    const verdict = evaluate(
      'lifecycle-configured',
      makeInput({ bucket: { lifecycle: noLifecycle } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /no lifecycle rules \(NoSuchLifecycleConfiguration\)/,
    );
    expect(verdict.evidence).toEqual({
      lifecycle: 'not configured',
      awsCode: 'NoSuchLifecycleConfiguration',
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate(
      'lifecycle-configured',
      makeInput({ bucket: { lifecycle: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /s3:GetLifecycleConfiguration.*AccessDenied/,
    );
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});

describe('versioned-lifecycle', () => {
  it('passes when an enabled rule expires noncurrent versions', () => {
    const verdict = evaluate('versioned-lifecycle', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /'expire-noncurrent' expires noncurrent versions after 30 days/,
    );
    expect(verdict.evidence).toEqual({
      versioning: 'Enabled',
      rule: 'expire-noncurrent',
      noncurrentVersionExpirationDays: 30,
    });
  });

  it('fails on a suspended bucket whose rule only expires current objects', () => {
    const verdict = evaluate(
      'versioned-lifecycle',
      makeInput({
        bucket: {
          versioning: ok({ status: 'Suspended' }),
          lifecycle: ok({
            rules: [
              {
                id: 'current',
                status: 'Enabled',
                expirationDays: 90,
                transitions: 0,
              },
              {
                id: 'off',
                status: 'Disabled',
                noncurrentVersionExpirationDays: 30,
                transitions: 0,
              },
            ],
          }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Versioning is Suspended but no Enabled lifecycle rule expires noncurrent versions/,
    );
    expect(verdict.evidence).toEqual({
      versioning: 'Suspended',
      noncurrentVersionExpirationDays: null,
    });
  });

  it('fails on a versioned bucket without lifecycle configuration', () => {
    const verdict = evaluate(
      'versioned-lifecycle',
      makeInput({ bucket: { lifecycle: noLifecycle } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Versioning is Enabled but the bucket has no lifecycle rules/,
    );
    expect(verdict.evidence).toEqual({
      versioning: 'Enabled',
      lifecycle: 'not configured',
      awsCode: 'NoSuchLifecycleConfiguration',
    });
  });

  it('is not applicable to an unversioned bucket', () => {
    const verdict = evaluate(
      'versioned-lifecycle',
      makeInput({
        bucket: { versioning: ok({}), lifecycle: noLifecycle },
      }),
    );
    expect(verdict.status).toBe('not-applicable');
    expect(verdict.reason).toMatch(/never enabled.*no noncurrent versions/);
    expect(verdict.evidence).toEqual({ versioning: 'Never enabled' });
  });

  it('is undecided when versioning cannot be read', () => {
    const verdict = evaluate(
      'versioned-lifecycle',
      makeInput({ bucket: { versioning: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/s3:GetBucketVersioning/);
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is undecided when the lifecycle of a versioned bucket cannot be read', () => {
    const verdict = evaluate(
      'versioned-lifecycle',
      makeInput({
        bucket: { lifecycle: callFailed('RequestTimeout', 'timed out') },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /s3:GetLifecycleConfiguration.*RequestTimeout/,
    );
    expect(verdict.evidence).toEqual({
      versioning: 'Enabled',
      errorCode: 'RequestTimeout',
    });
  });
});

describe('intelligent-tiering', () => {
  it('passes with an enabled configuration', () => {
    const verdict = evaluate('intelligent-tiering', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/'archive-cold' is Enabled/);
    expect(verdict.evidence).toEqual({
      configurations: [{ id: 'archive-cold', status: 'Enabled' }],
    });
  });

  it('passes when a configuration exists but notes it is disabled', () => {
    const verdict = evaluate(
      'intelligent-tiering',
      makeInput({
        bucket: {
          intelligentTiering: ok({
            configurations: [{ id: 'old', status: 'Disabled' }],
          }),
        },
      }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/'old' exists but is Disabled/);
    expect(verdict.evidence).toEqual({
      configurations: [{ id: 'old', status: 'Disabled' }],
    });
  });

  it('fails with no configuration', () => {
    const verdict = evaluate(
      'intelligent-tiering',
      makeInput({
        bucket: { intelligentTiering: ok({ configurations: [] }) },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/no Intelligent-Tiering configuration/);
    expect(verdict.evidence).toEqual({ configurations: [] });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate(
      'intelligent-tiering',
      makeInput({ bucket: { intelligentTiering: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/s3:GetIntelligentTieringConfiguration/);
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});

describe('requester-pays-scoped', () => {
  const requesterPays = ok({ payer: 'Requester' as const });
  const datasetTags = ok({ 'public-dataset': 'true' });

  it('passes when the owner pays on an ordinary bucket', () => {
    const verdict = evaluate('requester-pays-scoped', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/bucket owner pays.*Requester Pays is off/);
    expect(verdict.evidence).toEqual({
      payer: 'BucketOwner',
      publicDatasetTag: 'public-dataset=true',
      taggedAsPublicDataset: false,
    });
  });

  it('passes with Requester Pays on a tagged public dataset', () => {
    const verdict = evaluate(
      'requester-pays-scoped',
      makeInput({
        bucket: { requestPayment: requesterPays, tagging: datasetTags },
      }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /Requester Pays is on and the bucket is tagged public-dataset=true/,
    );
    expect(verdict.evidence).toEqual({
      payer: 'Requester',
      publicDatasetTag: 'public-dataset=true',
      taggedAsPublicDataset: true,
    });
  });

  it('passes with a note when a tagged dataset has the owner paying', () => {
    const verdict = evaluate(
      'requester-pays-scoped',
      makeInput({ bucket: { tagging: datasetTags } }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /owner pays although .*tagged public-dataset=true/,
    );
    expect(verdict.evidence).toMatchObject({ taggedAsPublicDataset: true });
  });

  it('fails with Requester Pays on an untagged bucket (no tags at all)', () => {
    const verdict = evaluate(
      'requester-pays-scoped',
      makeInput({
        bucket: {
          requestPayment: requesterPays,
          tagging: absent('NoSuchTagSet'),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Requester Pays is on but the bucket is not tagged public-dataset=true/,
    );
    expect(verdict.evidence).toEqual({
      payer: 'Requester',
      publicDatasetTag: 'public-dataset=true',
      taggedAsPublicDataset: false,
    });
  });

  it('uses the configured dataset tag', () => {
    const evaluator: CheckEvaluator =
      costCheckEvaluators['requester-pays-scoped'];
    const verdict = evaluator(
      makeInput({
        bucket: { requestPayment: requesterPays, tagging: datasetTags },
      }),
      makeSettings({ publicDatasetTag: { key: 'dataset', value: 'open' } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/not tagged dataset=open/);
    expect(verdict.evidence).toMatchObject({
      publicDatasetTag: 'dataset=open',
      taggedAsPublicDataset: false,
    });
  });

  it('is undecided when Requester Pays cannot be read', () => {
    const verdict = evaluate(
      'requester-pays-scoped',
      makeInput({ bucket: { requestPayment: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/s3:GetBucketRequestPayment/);
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is undecided when Requester Pays is on and the tags cannot be read', () => {
    const verdict = evaluate(
      'requester-pays-scoped',
      makeInput({
        bucket: { requestPayment: requesterPays, tagging: callFailed() },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/s3:GetBucketTagging.*AccessDenied/);
    expect(verdict.evidence).toEqual({
      payer: 'Requester',
      publicDatasetTag: 'public-dataset=true',
      errorCode: 'AccessDenied',
    });
  });

  it('passes without the tags when the owner pays', () => {
    const verdict = evaluate(
      'requester-pays-scoped',
      makeInput({ bucket: { tagging: callFailed() } }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/bucket owner pays/);
    expect(verdict.evidence).toEqual({ payer: 'BucketOwner' });
  });
});
