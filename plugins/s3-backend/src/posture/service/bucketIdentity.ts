import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_ARN,
  ANNOTATION_S3_BUCKET_NAME,
  ANNOTATION_S3_OWNERS,
  isValidAwsAccountId,
  isValidBucketName,
  ownersOfAnnotation,
  parseS3Arn,
  validateBucketName,
} from '@s3-posture/plugin-s3-common';
import { BucketIdentity } from './types';

/**
 * What a bucket entity says about its bucket, or why it names no bucket that may be
 * assessed, said the way the doc's author can fix it. Bucket names are checked here,
 * before any URL is built from them.
 */
export function readBucketIdentity(
  entity: Entity,
): { identity: BucketIdentity } | { invalid: string } {
  const annotations = entity.metadata.annotations ?? {};
  const name = annotations[ANNOTATION_S3_BUCKET_NAME];
  const arn = annotations[ANNOTATION_AWS_ARN];
  const parsed = arn === undefined ? undefined : parseS3Arn(arn);
  const bucket = name ?? (parsed?.ok ? parsed.arn.bucket : undefined);
  if (!bucket || !isValidBucketName(bucket)) {
    if (name === undefined && parsed && !parsed.ok) {
      return { invalid: `its ARN ${JSON.stringify(arn)} ${parsed.error}` };
    }
    if (bucket === undefined) {
      return {
        invalid: `it has neither a ${ANNOTATION_S3_BUCKET_NAME} nor an ${ANNOTATION_AWS_ARN} annotation`,
      };
    }
    return {
      invalid: `its bucket name ${JSON.stringify(bucket)} ${validateBucketName(
        bucket,
      ).join(', ')}`,
    };
  }
  const account = annotations[ANNOTATION_AWS_ACCOUNT_ID];
  const owners = annotations[ANNOTATION_S3_OWNERS]
    ? ownersOfAnnotation(annotations[ANNOTATION_S3_OWNERS])
    : (entity.relations ?? [])
        .filter(r => r.type === RELATION_OWNED_BY)
        .map(r => r.targetRef);
  const service = (entity.relations ?? []).find(
    r =>
      r.type === RELATION_DEPENDENCY_OF && r.targetRef.startsWith('component:'),
  )?.targetRef;
  return {
    identity: {
      entityRef: stringifyEntityRef(entity),
      documented: true,
      title: entity.metadata.title,
      bucket,
      arn: arn && parsed?.ok ? arn : `arn:aws:s3:::${bucket}`,
      accountId: account && isValidAwsAccountId(account) ? account : undefined,
      owners:
        owners.length > 0
          ? owners
          : [String(entity.spec?.owner ?? '')].filter(Boolean),
      service:
        service ??
        (Array.isArray(entity.spec?.dependencyOf)
          ? (entity.spec!.dependencyOf as string[]).find(d =>
              d.startsWith('component:'),
            )
          : undefined),
    },
  };
}

/** What a bucket entity says about its bucket; undefined when it names no valid bucket. */
export function bucketIdentityOf(entity: Entity): BucketIdentity | undefined {
  const read = readBucketIdentity(entity);
  return 'identity' in read ? read.identity : undefined;
}
