import { accessCheckEvaluators } from './accessChecks';
import {
  ACCOUNT_ID,
  absent,
  callFailed,
  makeInput,
  makeSettings,
  ok,
} from './testInput';
import { CheckEvaluator } from '../types';
import {
  ACCOUNT_LEVEL_SETTINGS_UNSUPPORTED,
  PostureInput,
} from '@s3-posture/plugin-s3-node';

function evaluate(id: keyof typeof accessCheckEvaluators, input: PostureInput) {
  // Widened to the engine's signature: the settings argument is part of the contract.
  const evaluator: CheckEvaluator = accessCheckEvaluators[id];
  return evaluator(input, makeSettings());
}

const allOn = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

describe('account-public-access-block', () => {
  it('passes when all four account flags are on', () => {
    const verdict = evaluate('account-public-access-block', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/Account 123456789012.*all four/);
    expect(verdict.evidence).toEqual({
      accountId: ACCOUNT_ID,
      ...allOn,
      flagsOff: [],
    });
  });

  it('fails and names the flags that are off', () => {
    const verdict = evaluate(
      'account-public-access-block',
      makeInput({
        account: {
          publicAccessBlock: ok({
            ...allOn,
            blockPublicPolicy: false,
            restrictPublicBuckets: false,
          }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /partly off: BlockPublicPolicy, RestrictPublicBuckets are off/,
    );
    expect(verdict.evidence).toMatchObject({
      accountId: ACCOUNT_ID,
      blockPublicPolicy: false,
      flagsOff: ['BlockPublicPolicy', 'RestrictPublicBuckets'],
    });
  });

  it('fails, not errors, when the account has no configuration', () => {
    const verdict = evaluate(
      'account-public-access-block',
      makeInput({
        account: {
          publicAccessBlock: absent('NoSuchPublicAccessBlockConfiguration'),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /no Block Public Access configuration \(NoSuchPublicAccessBlockConfiguration\)/,
    );
    expect(verdict.evidence).toEqual({
      accountId: ACCOUNT_ID,
      publicAccessBlock: 'not configured',
      awsCode: 'NoSuchPublicAccessBlockConfiguration',
    });
  });

  it('is not applicable on an S3-compatible endpoint without S3 Control', () => {
    const verdict = evaluate(
      'account-public-access-block',
      makeInput({
        account: {
          publicAccessBlock: absent(ACCOUNT_LEVEL_SETTINGS_UNSUPPORTED),
        },
      }),
    );
    expect(verdict.status).toBe('not-applicable');
    expect(verdict.reason).toMatch(
      /endpoint has no account-level Block Public Access.*S3 Control.*bucket-level Block Public Access settings decide/,
    );
    expect(verdict.evidence).toEqual({
      accountId: ACCOUNT_ID,
      publicAccessBlock: 'not supported by the endpoint',
      awsCode: 'AccountLevelSettingsUnsupported',
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate(
      'account-public-access-block',
      makeInput({ account: { publicAccessBlock: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /Could not read .*s3:GetAccountPublicAccessBlock.*AccessDenied/,
    );
    expect(verdict.evidence).toEqual({
      accountId: ACCOUNT_ID,
      errorCode: 'AccessDenied',
    });
  });
});

describe('bucket-public-access-block', () => {
  it('passes when all four bucket flags are on', () => {
    const verdict = evaluate('bucket-public-access-block', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/bucket has all four/);
    expect(verdict.evidence).toEqual({ ...allOn, flagsOff: [] });
  });

  it('fails with a single flag off', () => {
    const verdict = evaluate(
      'bucket-public-access-block',
      makeInput({
        bucket: {
          publicAccessBlock: ok({ ...allOn, ignorePublicAcls: false }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/IgnorePublicAcls is off/);
    expect(verdict.evidence).toMatchObject({
      ignorePublicAcls: false,
      flagsOff: ['IgnorePublicAcls'],
    });
  });

  it('fails when the bucket has no configuration', () => {
    const verdict = evaluate(
      'bucket-public-access-block',
      makeInput({
        bucket: {
          publicAccessBlock: absent('NoSuchPublicAccessBlockConfiguration'),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/all four settings are off/);
    expect(verdict.evidence).toEqual({
      publicAccessBlock: 'not configured',
      awsCode: 'NoSuchPublicAccessBlockConfiguration',
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate(
      'bucket-public-access-block',
      makeInput({
        bucket: {
          publicAccessBlock: callFailed('Throttling', 'Rate exceeded'),
        },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /s3:GetBucketPublicAccessBlock.*Throttling \(Rate exceeded\)/,
    );
    expect(verdict.evidence).toEqual({ errorCode: 'Throttling' });
  });
});

describe('acls-disabled', () => {
  it('passes with BucketOwnerEnforced', () => {
    const verdict = evaluate('acls-disabled', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/BucketOwnerEnforced.*ACLs are disabled/);
    expect(verdict.evidence).toEqual({
      objectOwnership: 'BucketOwnerEnforced',
    });
  });

  it.each(['BucketOwnerPreferred', 'ObjectWriter'] as const)(
    'fails with %s',
    objectOwnership => {
      const verdict = evaluate(
        'acls-disabled',
        makeInput({
          bucket: { ownershipControls: ok({ objectOwnership }) },
        }),
      );
      expect(verdict.status).toBe('fail');
      expect(verdict.reason).toMatch(
        new RegExp(
          `Object Ownership is ${objectOwnership}.*ACLs are still enabled`,
        ),
      );
      expect(verdict.evidence).toEqual({ objectOwnership });
    },
  );

  it('fails when there are no ownership controls (ACLs enabled)', () => {
    const verdict = evaluate(
      'acls-disabled',
      makeInput({
        bucket: { ownershipControls: absent('OwnershipControlsNotFoundError') },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /no Object Ownership setting \(OwnershipControlsNotFoundError\).*ACLs are enabled/,
    );
    expect(verdict.evidence).toEqual({
      objectOwnership: 'not configured',
      awsCode: 'OwnershipControlsNotFoundError',
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate(
      'acls-disabled',
      makeInput({ bucket: { ownershipControls: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /s3:GetBucketOwnershipControls.*AccessDenied/,
    );
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});
