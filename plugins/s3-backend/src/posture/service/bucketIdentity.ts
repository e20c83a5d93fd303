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
  parseS3Arn,
} from '@s3-posture/plugin-s3-common';
import { BucketIdentity } from '../store/PostureStore';

/**
 * What a bucket entity says about its bucket. Undefined when the entity names no valid
 * bucket: bucket names are checked here, before any URL is built from them.
 */
export function bucketIdentityOf(entity: Entity): BucketIdentity | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const arn = annotations[ANNOTATION_AWS_ARN];
  const parsed = arn ? parseS3Arn(arn) : undefined;
  const bucket =
    annotations[ANNOTATION_S3_BUCKET_NAME] ??
    (parsed?.ok ? parsed.arn.bucket : undefined);
  if (!bucket || !isValidBucketName(bucket)) {
    return undefined;
  }
  const account = annotations[ANNOTATION_AWS_ACCOUNT_ID];
  const owners = annotations[ANNOTATION_S3_OWNERS]
    ? annotations[ANNOTATION_S3_OWNERS].split(',')
        .map(o => o.trim())
        .filter(Boolean)
    : (entity.relations ?? [])
        .filter(r => r.type === RELATION_OWNED_BY)
        .map(r => r.targetRef);
  const service = (entity.relations ?? []).find(
    r =>
      r.type === RELATION_DEPENDENCY_OF && r.targetRef.startsWith('component:'),
  )?.targetRef;
  return {
    entityRef: stringifyEntityRef(entity),
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
  };
}
