import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_ARN,
  ANNOTATION_S3_BUCKET_ARN,
  ANNOTATION_S3_BUCKET_NAME,
  ANNOTATION_S3_DOC_PATH,
  ANNOTATION_S3_DOC_UPDATED_AT,
  ANNOTATION_S3_OWNERS,
  S3_BUCKET_RESOURCE_TYPE,
} from './annotations';
import { s3ConsoleUrl } from './arn';
import { BucketDoc } from './bucketDoc';

/**
 * Options of {@link bucketDocToEntity}.
 *
 * @public
 */
export interface BucketEntityOptions {
  /** Kind for bare owner names (`s3.catalog.ownerDefaultKind`); default `group`. */
  ownerDefaultKind?: string;
  /** Namespace of the entity and of bare refs; default `default`. */
  namespace?: string;
}

/**
 * The full entity refs of a doc's owners, in the doc's order, without duplicates.
 *
 * @public
 */
export function resolveBucketOwners(
  doc: BucketDoc,
  options: BucketEntityOptions = {},
): string[] {
  const defaultNamespace = options.namespace ?? DEFAULT_NAMESPACE;
  const refs = doc.owners.map(owner =>
    stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: options.ownerDefaultKind ?? 'group',
        defaultNamespace,
      }),
    ),
  );
  return [...new Set(refs)];
}

/**
 * The owners the `s3.backstage.io/owners` annotation lists, as written (full entity refs,
 * comma separated), without blanks; none when it is absent.
 *
 * @public
 */
export function ownersOfAnnotation(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(owner => owner.trim())
    .filter(Boolean);
}

/**
 * The `Resource` entity of a bucket doc (DESIGN §3).
 *
 * @public
 */
export function bucketDocToEntity(
  doc: BucketDoc,
  options: BucketEntityOptions = {},
): Entity {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const owners = resolveBucketOwners(doc, options);

  const annotations: Record<string, string> = {
    [ANNOTATION_AWS_ARN]: doc.arn,
    ...(doc.accountId ? { [ANNOTATION_AWS_ACCOUNT_ID]: doc.accountId } : {}),
    [ANNOTATION_S3_BUCKET_ARN]: doc.arn,
    [ANNOTATION_S3_BUCKET_NAME]: doc.bucket,
    // Read back by ownersOfAnnotation.
    [ANNOTATION_S3_OWNERS]: owners.join(','),
    ...(doc.catalog?.path
      ? { [ANNOTATION_S3_DOC_PATH]: doc.catalog.path }
      : {}),
    ...(doc.catalog?.updatedAt
      ? { [ANNOTATION_S3_DOC_UPDATED_AT]: doc.catalog.updatedAt }
      : {}),
  };

  const tags = [...new Set(['s3', ...(doc.tags ?? [])])];
  const links = [
    {
      url: s3ConsoleUrl({ partition: doc.partition, bucket: doc.bucket }),
      title: 'AWS console',
      icon: 'cloud',
    },
    ...(doc.links ?? []),
  ];

  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: doc.entityName,
      namespace,
      title: doc.name,
      ...(doc.description ? { description: doc.description } : {}),
      annotations,
      tags,
      links,
    },
    spec: {
      type: S3_BUCKET_RESOURCE_TYPE,
      owner: owners[0],
      ...(doc.service
        ? {
            dependencyOf: [
              stringifyEntityRef(
                parseEntityRef(doc.service, {
                  defaultKind: 'component',
                  defaultNamespace: namespace,
                }),
              ),
            ],
          }
        : {}),
      ...(doc.system ? { system: doc.system } : {}),
      ...(doc.lifecycle ? { lifecycle: doc.lifecycle } : {}),
    },
  };
}

/**
 * True for the Resource entities made from bucket docs.
 *
 * @public
 */
export function isS3BucketEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === S3_BUCKET_RESOURCE_TYPE
  );
}

/**
 * The kinds whose pages roll up the posture of their buckets
 * (`GET /v1/entities/:namespace/:kind/:name/summary`): a Component's dependencies, a
 * System's parts and its components' dependencies, the buckets a Group or User owns.
 * Lower case, as in entity refs.
 *
 * @public
 */
export const ROLLUP_ENTITY_KINDS = [
  'component',
  'system',
  'group',
  'user',
] as const;

/**
 * One of {@link ROLLUP_ENTITY_KINDS}.
 *
 * @public
 */
export type RollUpEntityKind = (typeof ROLLUP_ENTITY_KINDS)[number];

/**
 * True for the kinds that roll up bucket posture, whatever their case.
 *
 * @public
 */
export function isRollUpEntityKind(kind: string): kind is RollUpEntityKind {
  return (ROLLUP_ENTITY_KINDS as readonly string[]).includes(
    kind.toLocaleLowerCase('en-US'),
  );
}
