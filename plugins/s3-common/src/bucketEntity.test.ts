import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseBucketDoc } from './bucketDoc';
import { ANNOTATION_S3_OWNERS } from './annotations';
import {
  ROLLUP_ENTITY_KINDS,
  bucketDocToEntity,
  isRollUpEntityKind,
  isS3BucketEntity,
  ownersOfAnnotation,
} from './bucketEntity';

const seed = readFileSync(
  resolve(__dirname, '../../../examples/buckets/users-bucket.md'),
  'utf8',
);

function parse(text: string) {
  const result = parseBucketDoc(text);
  if (result.kind !== 'doc') throw new Error(JSON.stringify(result));
  return result.doc;
}

const ARN =
  'arn:aws:s3:::textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39';

describe('bucketDocToEntity', () => {
  it('maps the seed doc to the entity of DESIGN §3', () => {
    expect(bucketDocToEntity(parse(seed))).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'users-bucket',
        namespace: 'default',
        title: 'UsersBucket',
        description: 'S3 bucket for user service',
        annotations: {
          'amazonaws.com/arn': ARN,
          'amazon.com/s3-bucket-arn': ARN,
          's3.backstage.io/bucket-name':
            'textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39',
          's3.backstage.io/owners': 'group:default/dboyne',
          's3.backstage.io/doc-path': 'user-bucket',
          's3.backstage.io/doc-updated-at': '2024-01-18T17:43:36.066Z',
        },
        tags: ['s3'],
        links: [
          {
            url: 'https://s3.console.aws.amazon.com/s3/buckets/textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39',
            title: 'AWS console',
            icon: 'cloud',
          },
        ],
      },
      spec: {
        type: 's3-bucket',
        owner: 'group:default/dboyne',
        dependencyOf: ['component:default/user-service'],
      },
    });
  });

  it('resolves bare owners with the configured kind and keeps refs as written', () => {
    const doc = parse(
      seed
        .replace("Account: ''", "Account: '111122223333'")
        .replace(
          '  - dboyne',
          '  - dboyne\n  - group:team-identity\n  - dboyne\n  - user:ops/oncall',
        ),
    );
    const entity = bucketDocToEntity(doc, { ownerDefaultKind: 'user' });
    expect(entity.spec?.owner).toBe('user:default/dboyne');
    expect(entity.metadata.annotations?.['s3.backstage.io/owners']).toBe(
      'user:default/dboyne,group:default/team-identity,user:ops/oncall',
    );
    expect(entity.metadata.annotations?.['amazonaws.com/account-id']).toBe(
      '111122223333',
    );
  });

  it('passes the optional extras through', () => {
    const doc = parse(
      seed.replace(
        'service: user-service',
        'service: component:identity/user-service\nsystem: securecart\nlifecycle: production\ntags: [pii, s3]\nlinks:\n  - url: https://wiki.example.com/users\n    title: Runbook',
      ),
    );
    const entity = bucketDocToEntity(doc);
    expect(entity.spec).toMatchObject({
      dependencyOf: ['component:identity/user-service'],
      system: 'securecart',
      lifecycle: 'production',
    });
    expect(entity.metadata.tags).toEqual(['s3', 'pii']);
    expect(entity.metadata.links?.[1]).toEqual({
      url: 'https://wiki.example.com/users',
      title: 'Runbook',
    });
    expect(isS3BucketEntity(entity)).toBe(true);
  });
});

describe('ownersOfAnnotation', () => {
  it('reads back the owners bucketDocToEntity writes, in order', () => {
    const doc = parse(
      seed.replace('owners:\n  - dboyne', 'owners: [payments, user:jdoe]'),
    );
    const entity = bucketDocToEntity(doc);
    expect(
      ownersOfAnnotation(entity.metadata.annotations?.[ANNOTATION_S3_OWNERS]),
    ).toEqual(['group:default/payments', 'user:default/jdoe']);
  });

  it('drops blanks and spaces, and is empty without the annotation', () => {
    expect(ownersOfAnnotation(' group:default/a , ,user:default/b,')).toEqual([
      'group:default/a',
      'user:default/b',
    ]);
    expect(ownersOfAnnotation(undefined)).toEqual([]);
    expect(ownersOfAnnotation('')).toEqual([]);
  });
});

describe('ROLLUP_ENTITY_KINDS', () => {
  it('lists the kinds whose pages roll up their buckets, users included', () => {
    expect(ROLLUP_ENTITY_KINDS).toEqual([
      'component',
      'system',
      'group',
      'user',
    ]);
    expect(isRollUpEntityKind('User')).toBe(true);
    expect(isRollUpEntityKind('resource')).toBe(false);
  });
});
