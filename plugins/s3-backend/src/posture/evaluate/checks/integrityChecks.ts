import {
  BucketSnapshot,
  Collected,
  EncryptionRule,
  ReplicationRule,
  Versioning,
} from '@s3-posture/plugin-s3-node';
import { CheckEvaluators, Verdict } from '../types';
import { fail, notApplicable, pass, undecided } from '../verdicts';
import {
  ENCRYPTION,
  OBJECT_LOCK,
  REPLICATION,
  VERSIONING,
} from './settingNames';
import { KMS_ALGORITHMS } from './dataChecks';

/** What GetBucketVersioning says, in the words of the console. */
function versioningStatus(versioning: Collected<Versioning>): string {
  // A bucket that never had versioning has no Status at all.
  if (versioning.status !== 'ok') return 'Never enabled';
  return versioning.value.status ?? 'Never enabled';
}

/** `arn:aws:s3:::name` → `name`; anything else is taken as a bucket name already. */
function bucketNameOf(destination: string): string {
  return /^arn:[^:]+:s3:::(.+)$/.exec(destination)?.[1] ?? destination;
}

type RegionLookup =
  | { kind: 'known'; region: string }
  | { kind: 'not-found'; code: string }
  | { kind: 'error'; code: string; message: string };

function destinationRegion(
  bucket: BucketSnapshot,
  destinationBucket: string,
): RegionLookup {
  const regions = bucket.replicationDestinationRegions ?? {};
  const collected =
    regions[bucketNameOf(destinationBucket)] ?? regions[destinationBucket];
  if (!collected) {
    return {
      kind: 'error',
      code: 'NotCollected',
      message: `the region of ${bucketNameOf(destinationBucket)} was not looked up`,
    };
  }
  if (collected.status === 'ok') {
    return { kind: 'known', region: collected.value };
  }
  if (collected.status === 'absent') {
    return { kind: 'not-found', code: collected.code };
  }
  return { kind: 'error', code: collected.code, message: collected.message };
}

type ReplicaEncryption =
  | { kind: 'encrypted'; how: string }
  | { kind: 'unencrypted' }
  | { kind: 'error'; code: string; message: string };

/**
 * Our rule for "replicas are encrypted": the rule names a replica KMS key, or the source
 * bucket encrypts by default with KMS and the rule replicates SSE-KMS objects.
 */
function replicaEncryption(
  rule: ReplicationRule,
  encryption: Collected<{ rules: EncryptionRule[] }>,
): ReplicaEncryption {
  if (rule.replicaKmsKeyId) {
    return {
      kind: 'encrypted',
      how: `with replica KMS key ${rule.replicaKmsKeyId}`,
    };
  }
  if (!rule.sseKmsEncryptedObjects) return { kind: 'unencrypted' };
  if (encryption.status === 'error') {
    return {
      kind: 'error',
      code: encryption.code,
      message: encryption.message,
    };
  }
  const sourceUsesKms =
    encryption.status === 'ok' &&
    (encryption.value.rules ?? []).some(r =>
      KMS_ALGORITHMS.includes(r.sseAlgorithm),
    );
  return sourceUsesKms
    ? {
        kind: 'encrypted',
        how: 'because the source encrypts with KMS by default and the rule replicates SSE-KMS objects',
      }
    : { kind: 'unencrypted' };
}

function sourceEncryptionEvidence(
  encryption: Collected<{ rules: EncryptionRule[] }>,
): unknown {
  if (encryption.status === 'ok') {
    return (encryption.value.rules ?? []).map(r => r.sseAlgorithm);
  }
  return encryption.status === 'absent' ? 'not configured' : 'unknown';
}

function judgeReplication(bucket: BucketSnapshot): Verdict {
  const replication = bucket.replication;
  if (replication.status === 'error') {
    return undecided(REPLICATION, replication);
  }
  if (replication.status === 'absent') {
    return fail(
      `The bucket is not replicated (${replication.code}); add a replication rule to a bucket in another region.`,
      { replication: 'not configured', awsCode: replication.code },
    );
  }
  const rules = replication.value.rules ?? [];
  const enabled = rules.filter(r => r.status === 'Enabled');
  if (enabled.length === 0) {
    return fail(`None of the ${rules.length} replication rules is Enabled.`, {
      ruleCount: rules.length,
      enabledRules: 0,
    });
  }

  const judged = enabled.map(rule => ({
    rule,
    region: destinationRegion(bucket, rule.destinationBucket),
    encryption: replicaEncryption(rule, bucket.encryption),
  }));
  const evidence = {
    sourceRegion: bucket.region,
    sourceEncryption: sourceEncryptionEvidence(bucket.encryption),
    rules: judged.map(({ rule, region, encryption }) => ({
      id: rule.id ?? null,
      destinationBucket: rule.destinationBucket,
      destinationRegion:
        region.kind === 'known' ? region.region : `unknown (${region.code})`,
      replicaKmsKeyId: rule.replicaKmsKeyId ?? null,
      sseKmsEncryptedObjects: rule.sseKmsEncryptedObjects ?? false,
      replicasEncrypted:
        encryption.kind === 'error'
          ? 'unknown'
          : encryption.kind === 'encrypted',
    })),
  };
  const crossRegion = (r: RegionLookup) =>
    r.kind === 'known' && r.region !== bucket.region;
  const name = (rule: ReplicationRule) =>
    rule.id ? `Rule '${rule.id}'` : 'A rule';

  const good = judged.find(
    j => crossRegion(j.region) && j.encryption.kind === 'encrypted',
  );
  if (
    good &&
    good.region.kind === 'known' &&
    good.encryption.kind === 'encrypted'
  ) {
    return pass(
      `${name(good.rule)} replicates to ${bucketNameOf(good.rule.destinationBucket)} in ${good.region.region}, encrypted ${good.encryption.how}.`,
      evidence,
    );
  }

  // A rule that could still qualify once the missing answer is known keeps the check undecided.
  for (const { rule, region, encryption } of judged) {
    const regionOpen = region.kind === 'error' || crossRegion(region);
    const encryptionOpen =
      encryption.kind === 'error' || encryption.kind === 'encrypted';
    if (regionOpen && encryptionOpen && region.kind === 'error') {
      return undecided(
        `the region of replication destination ${bucketNameOf(rule.destinationBucket)} (s3:GetBucketLocation)`,
        region,
        evidence,
      );
    }
    if (regionOpen && encryptionOpen && encryption.kind === 'error') {
      return undecided(ENCRYPTION, encryption, evidence);
    }
  }

  // Past this point no rule can qualify, whatever the unanswered lookups would say.
  const mayCrossRegions = judged.filter(
    j => crossRegion(j.region) || j.region.kind === 'error',
  );
  if (mayCrossRegions.length === 0) {
    const destinations = judged
      .map(
        j =>
          `${bucketNameOf(j.rule.destinationBucket)} (${
            j.region.kind === 'known'
              ? j.region.region
              : `not found: ${j.region.code}`
          })`,
      )
      .join(', ');
    return fail(
      `No enabled replication rule goes to another region than ${bucket.region}: ${destinations}.`,
      evidence,
    );
  }
  const first = mayCrossRegions[0];
  const destination = `${bucketNameOf(first.rule.destinationBucket)}${
    first.region.kind === 'known' ? ` in ${first.region.region}` : ''
  }`;
  return fail(
    `${name(first.rule)} replicates to ${destination} but its replicas are not known to be encrypted: the rule sets no replica KMS key, and the source bucket does not default to KMS encryption with SSE-KMS objects replicated.`,
    evidence,
  );
}

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const integrityCheckEvaluators = {
  'versioning-enabled': ({ bucket }) => {
    const versioning = bucket.versioning;
    if (versioning.status === 'error') {
      return undecided(VERSIONING, versioning);
    }
    const status = versioningStatus(versioning);
    if (status === 'Enabled') {
      return pass('Versioning is Enabled.', { versioning: status });
    }
    return fail(
      status === 'Suspended'
        ? 'Versioning is Suspended: overwritten and deleted objects are no longer kept; enable it again.'
        : 'Versioning was never enabled on the bucket; enable it.',
      { versioning: status },
    );
  },

  'mfa-delete-enabled': ({ bucket }) => {
    const versioning = bucket.versioning;
    if (versioning.status === 'error') {
      return undecided(VERSIONING, versioning);
    }
    const status = versioningStatus(versioning);
    const mfaDelete =
      (versioning.status === 'ok' && versioning.value.mfaDelete) || 'Disabled';
    if (status !== 'Enabled') {
      return notApplicable(
        `Versioning is ${status === 'Suspended' ? 'Suspended' : 'not enabled'}, so MFA Delete does not apply.`,
        { versioning: status, mfaDelete },
      );
    }
    if (mfaDelete === 'Enabled') {
      return pass('MFA Delete is Enabled on the versioned bucket.', {
        versioning: status,
        mfaDelete,
      });
    }
    return fail(
      'MFA Delete is Disabled: versions can be deleted without an MFA code; the root user must enable it.',
      { versioning: status, mfaDelete },
    );
  },

  'object-lock-enabled': ({ bucket }) => {
    const objectLock = bucket.objectLock;
    if (objectLock.status === 'error') {
      return undecided(OBJECT_LOCK, objectLock);
    }
    if (objectLock.status === 'absent') {
      return fail(`Object Lock is not enabled (${objectLock.code}).`, {
        objectLock: 'not configured',
        awsCode: objectLock.code,
      });
    }
    const { enabled, defaultRetention } = objectLock.value;
    const evidence = {
      objectLock: enabled ? 'Enabled' : 'Disabled',
      defaultRetention: defaultRetention ?? null,
    };
    if (!enabled) return fail('Object Lock is not enabled.', evidence);
    if (!defaultRetention) {
      return pass(
        'Object Lock is enabled, without a default retention: objects are locked only when the uploader asks.',
        evidence,
      );
    }
    const period = [
      defaultRetention.years ? `${defaultRetention.years} years` : '',
      defaultRetention.days ? `${defaultRetention.days} days` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return pass(
      `Object Lock is enabled with a default ${defaultRetention.mode} retention${period ? ` of ${period}` : ''}.`,
      evidence,
    );
  },

  'cross-region-replication': ({ bucket }) => judgeReplication(bucket),
} satisfies CheckEvaluators;
