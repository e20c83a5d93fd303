/**
 * The bucket's ARN (the annotation other AWS plugins read).
 *
 * @public
 */
export const ANNOTATION_AWS_ARN = 'amazonaws.com/arn';
/**
 * The 12-digit account that holds the bucket, when the doc names it.
 *
 * @public
 */
export const ANNOTATION_AWS_ACCOUNT_ID = 'amazonaws.com/account-id';
/**
 * The bucket ARN under the key read by existing AWS S3 cards.
 *
 * @public
 */
export const ANNOTATION_S3_BUCKET_ARN = 'amazon.com/s3-bucket-arn';
/**
 * The bare bucket name.
 *
 * @public
 */
export const ANNOTATION_S3_BUCKET_NAME = 's3.backstage.io/bucket-name';
/**
 * Every owner of the doc as full entity refs, comma separated (spec.owner holds only the first).
 *
 * @public
 */
export const ANNOTATION_S3_OWNERS = 's3.backstage.io/owners';
/**
 * `catalog.path` of the doc in the team's doc site.
 *
 * @public
 */
export const ANNOTATION_S3_DOC_PATH = 's3.backstage.io/doc-path';
/**
 * `catalog.updatedAt` of the doc.
 *
 * @public
 */
export const ANNOTATION_S3_DOC_UPDATED_AT = 's3.backstage.io/doc-updated-at';

/**
 * `spec.type` of the Resource entities made from bucket docs.
 *
 * @public
 */
export const S3_BUCKET_RESOURCE_TYPE = 's3-bucket';
