import { integrityCheckEvaluators } from './integrityChecks';
import {
  absent,
  callFailed,
  safeBucket,
  makeInput,
  makeSettings,
  ok,
} from './testInput';
import { CheckEvaluator } from '../types';
import { PostureInput, ReplicationRule } from '@s3-posture/plugin-s3-node';

function evaluate(
  id: keyof typeof integrityCheckEvaluators,
  input: PostureInput,
) {
  // Widened to the engine's signature: the settings argument is part of the contract.
  const evaluator: CheckEvaluator = integrityCheckEvaluators[id];
  return evaluator(input, makeSettings());
}

const suspended = makeInput({
  bucket: { versioning: ok({ status: 'Suspended', mfaDelete: 'Enabled' }) },
});
const neverVersioned = makeInput({ bucket: { versioning: ok({}) } });
const versioningUnreadable = makeInput({
  bucket: { versioning: callFailed() },
});

describe('versioning-enabled', () => {
  it('passes when Enabled', () => {
    const verdict = evaluate('versioning-enabled', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/Versioning is Enabled/);
    expect(verdict.evidence).toEqual({ versioning: 'Enabled' });
  });

  it('fails when Suspended', () => {
    const verdict = evaluate('versioning-enabled', suspended);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/Versioning is Suspended/);
    expect(verdict.evidence).toEqual({ versioning: 'Suspended' });
  });

  it('fails when never enabled', () => {
    const verdict = evaluate('versioning-enabled', neverVersioned);
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/never enabled/);
    expect(verdict.evidence).toEqual({ versioning: 'Never enabled' });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate('versioning-enabled', versioningUnreadable);
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/s3:GetBucketVersioning.*AccessDenied/);
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});

describe('mfa-delete-enabled', () => {
  it('passes when MFA Delete is Enabled on a versioned bucket', () => {
    const verdict = evaluate('mfa-delete-enabled', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/MFA Delete is Enabled/);
    expect(verdict.evidence).toEqual({
      versioning: 'Enabled',
      mfaDelete: 'Enabled',
    });
  });

  it('fails when MFA Delete was never set on a versioned bucket', () => {
    const verdict = evaluate(
      'mfa-delete-enabled',
      makeInput({ bucket: { versioning: ok({ status: 'Enabled' }) } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/MFA Delete is Disabled/);
    expect(verdict.evidence).toEqual({
      versioning: 'Enabled',
      mfaDelete: 'Disabled',
    });
  });

  it('is not applicable when versioning is Suspended', () => {
    const verdict = evaluate('mfa-delete-enabled', suspended);
    expect(verdict.status).toBe('not-applicable');
    expect(verdict.reason).toMatch(/Versioning is Suspended.*does not apply/);
    expect(verdict.evidence).toEqual({
      versioning: 'Suspended',
      mfaDelete: 'Enabled',
    });
  });

  it('is not applicable when versioning was never enabled', () => {
    const verdict = evaluate('mfa-delete-enabled', neverVersioned);
    expect(verdict.status).toBe('not-applicable');
    expect(verdict.reason).toMatch(/not enabled/);
    expect(verdict.evidence).toEqual({
      versioning: 'Never enabled',
      mfaDelete: 'Disabled',
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate('mfa-delete-enabled', versioningUnreadable);
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/s3:GetBucketVersioning/);
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});

describe('object-lock-enabled', () => {
  it('passes and reports the default retention', () => {
    const verdict = evaluate('object-lock-enabled', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/default GOVERNANCE retention of 30 days/);
    expect(verdict.evidence).toEqual({
      objectLock: 'Enabled',
      defaultRetention: { mode: 'GOVERNANCE', days: 30 },
    });
  });

  it('passes without a default retention and says so', () => {
    const verdict = evaluate(
      'object-lock-enabled',
      makeInput({ bucket: { objectLock: ok({ enabled: true }) } }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/without a default retention/);
    expect(verdict.evidence).toEqual({
      objectLock: 'Enabled',
      defaultRetention: null,
    });
  });

  it('fails when not configured', () => {
    const verdict = evaluate(
      'object-lock-enabled',
      makeInput({
        bucket: { objectLock: absent('ObjectLockConfigurationNotFoundError') },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Object Lock is not enabled \(ObjectLockConfigurationNotFoundError\)/,
    );
    expect(verdict.evidence).toEqual({
      objectLock: 'not configured',
      awsCode: 'ObjectLockConfigurationNotFoundError',
    });
  });

  it('fails when configured but disabled', () => {
    const verdict = evaluate(
      'object-lock-enabled',
      makeInput({ bucket: { objectLock: ok({ enabled: false }) } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/not enabled/);
    expect(verdict.evidence).toEqual({
      objectLock: 'Disabled',
      defaultRetention: null,
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate(
      'object-lock-enabled',
      makeInput({
        bucket: { objectLock: callFailed('NotImplemented', '') },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /s3:GetBucketObjectLockConfiguration.*NotImplemented$/,
    );
    expect(verdict.evidence).toEqual({ errorCode: 'NotImplemented' });
  });
});

describe('cross-region-replication', () => {
  const REPLICA = 'arn:aws:s3:::orders-production-replica';
  const SAME_REGION = 'arn:aws:s3:::orders-production-copy';

  function replicated(
    rules: ReplicationRule[],
    overrides: Parameters<typeof makeInput>[0] = {},
  ): PostureInput {
    return makeInput({
      ...overrides,
      bucket: {
        replication: ok({ rules }),
        replicationDestinationRegions: {
          'orders-production-replica': ok('eu-west-1'),
          'orders-production-copy': ok('eu-north-1'),
        },
        ...overrides.bucket,
      },
    });
  }

  it('passes with an enabled rule to another region and a replica KMS key', () => {
    const verdict = evaluate('cross-region-replication', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /Rule 'crr' replicates to orders-production-replica in eu-west-1, encrypted with replica KMS key/,
    );
    expect(verdict.evidence).toEqual({
      sourceRegion: 'eu-north-1',
      sourceEncryption: ['aws:kms'],
      rules: [
        {
          id: 'crr',
          destinationBucket: REPLICA,
          destinationRegion: 'eu-west-1',
          replicaKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/replica-key',
          sseKmsEncryptedObjects: true,
          replicasEncrypted: true,
        },
      ],
    });
  });

  it('passes without a replica key when the source is KMS-encrypted and SSE-KMS objects replicate', () => {
    const verdict = evaluate(
      'cross-region-replication',
      replicated([
        {
          status: 'Enabled',
          destinationBucket: REPLICA,
          sseKmsEncryptedObjects: true,
        },
      ]),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /source encrypts with KMS by default and the rule replicates SSE-KMS objects/,
    );
    expect(verdict.evidence).toMatchObject({
      rules: [{ id: null, replicaKmsKeyId: null, replicasEncrypted: true }],
    });
  });

  it('fails when not configured', () => {
    const verdict = evaluate(
      'cross-region-replication',
      makeInput({
        bucket: {
          replication: absent('ReplicationConfigurationNotFoundError'),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /not replicated \(ReplicationConfigurationNotFoundError\)/,
    );
    expect(verdict.evidence).toEqual({
      replication: 'not configured',
      awsCode: 'ReplicationConfigurationNotFoundError',
    });
  });

  it('fails when every rule is disabled', () => {
    const verdict = evaluate(
      'cross-region-replication',
      replicated([
        {
          status: 'Disabled',
          destinationBucket: REPLICA,
          replicaKmsKeyId: 'k',
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /None of the 1 replication rules is Enabled/,
    );
    expect(verdict.evidence).toEqual({ ruleCount: 1, enabledRules: 0 });
  });

  it('fails when the destination is in the same region', () => {
    const verdict = evaluate(
      'cross-region-replication',
      replicated([
        {
          id: 'same',
          status: 'Enabled',
          destinationBucket: SAME_REGION,
          replicaKmsKeyId: 'k',
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /No enabled replication rule goes to another region than eu-north-1: orders-production-copy \(eu-north-1\)/,
    );
    expect(verdict.evidence).toMatchObject({
      rules: [{ id: 'same', destinationRegion: 'eu-north-1' }],
    });
  });

  it('fails when the destination bucket does not exist', () => {
    const verdict = evaluate(
      'cross-region-replication',
      replicated(
        [
          {
            status: 'Enabled',
            destinationBucket: REPLICA,
            replicaKmsKeyId: 'k',
          },
        ],
        {
          bucket: {
            replicationDestinationRegions: {
              'orders-production-replica': absent('NoSuchBucket'),
            },
          },
        },
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /orders-production-replica \(not found: NoSuchBucket\)/,
    );
    expect(verdict.evidence).toMatchObject({
      rules: [{ destinationRegion: 'unknown (NoSuchBucket)' }],
    });
  });

  it('fails when replicas to another region are not encrypted by our rule', () => {
    const verdict = evaluate(
      'cross-region-replication',
      replicated(
        [
          {
            id: 'crr',
            status: 'Enabled',
            destinationBucket: REPLICA,
            sseKmsEncryptedObjects: true,
          },
        ],
        { bucket: { encryption: ok({ rules: [{ sseAlgorithm: 'AES256' }] }) } },
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Rule 'crr' replicates to orders-production-replica in eu-west-1 but its replicas are not known to be encrypted.*no replica KMS key/,
    );
    expect(verdict.evidence).toMatchObject({
      sourceEncryption: ['AES256'],
      rules: [{ destinationRegion: 'eu-west-1', replicasEncrypted: false }],
    });
  });

  it('fails, not errors, when an unknown region cannot matter because the replicas are unencrypted', () => {
    const verdict = evaluate(
      'cross-region-replication',
      replicated(
        [{ id: 'crr', status: 'Enabled', destinationBucket: REPLICA }],
        {
          bucket: {
            replicationDestinationRegions: {
              'orders-production-replica': callFailed(),
            },
          },
        },
      ),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /Rule 'crr' replicates to orders-production-replica but its replicas are not known to be encrypted/,
    );
    expect(verdict.evidence).toMatchObject({
      rules: [
        {
          destinationRegion: 'unknown (AccessDenied)',
          replicasEncrypted: false,
        },
      ],
    });
  });

  it('is undecided when the replication configuration cannot be read', () => {
    const verdict = evaluate(
      'cross-region-replication',
      makeInput({ bucket: { replication: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /s3:GetReplicationConfiguration.*AccessDenied/,
    );
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is undecided when the destination region lookup failed', () => {
    const verdict = evaluate(
      'cross-region-replication',
      makeInput({
        bucket: {
          replicationDestinationRegions: {
            'orders-production-replica': callFailed(
              'AccessDenied',
              'cross-account',
            ),
          },
        },
      }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /region of replication destination orders-production-replica \(s3:GetBucketLocation\): AccessDenied/,
    );
    expect(verdict.evidence).toMatchObject({
      errorCode: 'AccessDenied',
      rules: [{ destinationRegion: 'unknown (AccessDenied)' }],
    });
  });

  it('is undecided when the destination region was never looked up', () => {
    const verdict = evaluate(
      'cross-region-replication',
      makeInput({ bucket: { replicationDestinationRegions: {} } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/NotCollected/);
    expect(verdict.evidence).toMatchObject({ errorCode: 'NotCollected' });
  });

  it('is undecided when encryption decides it and cannot be read', () => {
    const verdict = evaluate(
      'cross-region-replication',
      replicated(
        [
          {
            status: 'Enabled',
            destinationBucket: REPLICA,
            sseKmsEncryptedObjects: true,
          },
        ],
        { bucket: { encryption: callFailed() } },
      ),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(
      /s3:GetEncryptionConfiguration.*AccessDenied/,
    );
    expect(verdict.evidence).toMatchObject({
      errorCode: 'AccessDenied',
      sourceEncryption: 'unknown',
    });
  });

  it('still passes when another rule qualifies despite a failed lookup', () => {
    const bucket = safeBucket();
    const verdict = evaluate(
      'cross-region-replication',
      replicated(
        [
          {
            id: 'broken',
            status: 'Enabled',
            destinationBucket: 'arn:aws:s3:::elsewhere',
            replicaKmsKeyId: 'k',
          },
          {
            id: 'crr',
            status: 'Enabled',
            destinationBucket: REPLICA,
            replicaKmsKeyId: 'k',
          },
        ],
        {
          bucket: {
            replicationDestinationRegions: {
              ...bucket.replicationDestinationRegions,
              elsewhere: callFailed(),
            },
          },
        },
      ),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/Rule 'crr'/);
    expect(verdict.evidence).toMatchObject({
      rules: [{ id: 'broken' }, { id: 'crr', destinationRegion: 'eu-west-1' }],
    });
  });
});
