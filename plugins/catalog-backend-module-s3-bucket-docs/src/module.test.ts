import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  CatalogProcessorParser,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { catalogModelExtensionPoint } from '@backstage/plugin-catalog-node/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import request from 'supertest';
import {
  EXAMPLES,
  eventually,
  exampleBackendConfig,
} from '@internal/test-utils';
import catalogModuleS3BucketDocs from '.';

jest.setTimeout(60_000);

/** What the catalog publishes about processing errors, as an adopter's listener sees it. */
const catalogErrors: Array<{
  entity: string;
  location?: string;
  errors: Error[];
}> = [];
const catalogErrorListener = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-error-listener',
  register(env) {
    env.registerInit({
      deps: { events: eventsServiceRef },
      async init({ events }) {
        await events.subscribe({
          id: 'test-error-listener',
          topics: ['experimental.catalog.errors'],
          async onEvent(event) {
            catalogErrors.push(event.eventPayload as any);
          },
        });
      },
    });
  },
});

/** The example company plus the deliberately broken docs. */
const exampleConfig = exampleBackendConfig();
const withBrokenDocs = exampleBackendConfig({
  catalog: {
    ...exampleConfig.catalog,
    locations: [
      ...exampleConfig.catalog.locations,
      { type: 'file', target: `${EXAMPLES}/broken/*.md` },
    ],
  },
});

describe('catalog module: bucket docs through the real catalog', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let entities: Entity[];

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        catalogErrorListener,
        mockServices.rootConfig.factory({ data: withBrokenDocs }),
      ],
    });
    entities = await eventually(async () => {
      const res = await fetchCatalog('/api/catalog/entities');
      const items = ((await res.json()) as Entity[]).filter(
        e => e.kind === 'Resource',
      );
      // 14 example buckets plus the one good doc among the broken ones.
      return items.length >= 15 ? items : undefined;
    }, 'the bucket entities');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function fetchCatalog(path: string) {
    return request(backend.server)
      .get(path)
      .set('Authorization', mockCredentials.user.header())
      .then(res => ({ status: res.status, json: async () => res.body }));
  }

  it('ingests every example doc as an s3-bucket Resource', () => {
    const names = entities.map(e => e.metadata.name).sort();
    expect(names).toEqual(
      [
        'access-logs-production-bucket',
        'analytics-exports-production-bucket',
        'analytics-exports-staging-bucket',
        'backups-production-bucket',
        'invoices-production-bucket',
        'legacy-marketing-assets-bucket',
        'orders-production-bucket',
        'orders-staging-bucket',
        'product-images-production-bucket',
        'product-images-staging-bucket',
        'product-reviews-production-bucket',
        'public-datasets-production-bucket',
        'test-fixtures-staging-bucket',
        'transaction-logs-production-bucket',
        'users-bucket',
      ].sort(),
    );
    expect(entities.every(e => e.spec?.type === 's3-bucket')).toBe(true);
  });

  it('serves the seed doc as the entity of DESIGN §3', async () => {
    const res = await fetchCatalog(
      '/api/catalog/entities/by-name/resource/default/users-bucket',
    );
    expect(res.status).toBe(200);
    const entity: Entity = await res.json();
    const arn =
      'arn:aws:s3:::textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39';
    expect(entity.metadata).toMatchObject({
      name: 'users-bucket',
      title: 'UsersBucket',
      description: 'S3 bucket for user service',
      annotations: {
        'backstage.io/managed-by-location': `file:${EXAMPLES}/buckets/users-bucket.md`,
        'amazonaws.com/arn': arn,
        'amazon.com/s3-bucket-arn': arn,
        's3.backstage.io/bucket-name': arn.slice('arn:aws:s3:::'.length),
        's3.backstage.io/doc-path': 'user-bucket',
        's3.backstage.io/doc-updated-at': '2024-01-18T17:43:36.066Z',
      },
      tags: ['s3'],
    });
    expect(entity.metadata.annotations).not.toHaveProperty([
      'amazonaws.com/account-id',
    ]);
    expect(entity.spec).toEqual({
      type: 's3-bucket',
      owner: 'user:default/dboyne',
      dependencyOf: ['component:default/user-service'],
    });
    expect(entity.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'user:default/dboyne' },
        { type: 'dependencyOf', targetRef: 'component:default/user-service' },
      ]),
    );
  });

  it('relates every owner, not only the first, in both directions', async () => {
    const bucket = entities.find(
      e => e.metadata.name === 'access-logs-production-bucket',
    )!;
    const owned = bucket
      .relations!.filter(r => r.type === 'ownedBy')
      .map(r => r.targetRef);
    expect(owned.sort()).toEqual([
      'group:default/team-platform',
      'user:default/ebergstrom',
      'user:default/ohansen',
    ]);
    const user = await eventually(async () => {
      const res = await fetchCatalog(
        '/api/catalog/entities/by-name/user/default/ohansen',
      );
      const entity: Entity = await res.json();
      return entity.relations?.some(r => r.type === 'ownerOf')
        ? entity
        : undefined;
    }, 'the ownerOf relation of a second owner');
    expect(user.relations).toContainEqual({
      type: 'ownerOf',
      targetRef: 'resource:default/access-logs-production-bucket',
    });
  });

  it('links the owning service to its buckets', async () => {
    const service = await eventually(async () => {
      const res = await fetchCatalog(
        '/api/catalog/entities/by-name/component/default/orders-service',
      );
      const entity: Entity = await res.json();
      return entity.relations?.filter(r => r.type === 'dependsOn').length === 2
        ? entity
        : undefined;
    }, 'orders-service dependsOn relations');
    expect(
      service
        .relations!.filter(r => r.type === 'dependsOn')
        .map(r => r.targetRef)
        .sort(),
    ).toEqual([
      'resource:default/orders-production-bucket',
      'resource:default/orders-staging-bucket',
    ]);
  });

  it('reports each bad doc on its own location, naming the file and the field', async () => {
    const expected: Array<[string, string]> = [
      ['no-frontmatter.md', '(frontmatter)'],
      ['yaml-syntax-error.md', '(frontmatter)'],
      ['wrong-types.md', 'owners'],
      ['missing-owners.md', 'owners'],
      ['not-s3-arn.md', 'AWS.Arn'],
      ['invalid-bucket-name.md', 'AWS.Arn'],
      ['bad-account-id.md', 'AWS.Account'],
      ['alias-bomb.md', '(frontmatter)'],
      ['script-link.md', 'links[0].url'],
    ];
    const eventsFor = (file: string) =>
      catalogErrors.filter(e =>
        e.errors.some(err =>
          err.message.startsWith(`${EXAMPLES}/broken/${file}: `),
        ),
      );
    const messagesFor = (file: string) =>
      eventsFor(file).flatMap(e => e.errors.map(err => err.message));
    await eventually(
      async () =>
        expected.every(([file]) => messagesFor(file).length > 0)
          ? true
          : undefined,
      'processing errors for every broken doc',
    );
    for (const [file, field] of expected) {
      expect(messagesFor(file)).toContainEqual(
        expect.stringContaining(`${EXAMPLES}/broken/${file}: ${field}: `),
      );
    }
    // Each doc fails on a location of its own, so it holds back no other doc.
    const failingEntities = new Set(
      expected.map(([file]) => eventsFor(file)[0].entity),
    );
    expect(failingEntities.size).toBe(expected.length);
    // The good doc beside them, and the doc about another AWS service, raise nothing.
    expect(messagesFor('good-in-broken-folder.md')).toEqual([]);
    expect(messagesFor('not-s3-service.md')).toEqual([]);
  });
});

/**
 * Another adopter module that installs the catalog's one entity data parser: Backstage's
 * YAML parser, marking each entity it parsed.
 */
const PARSED_BY = 'example.com/parsed-by';
const markingYamlParser: CatalogProcessorParser = async function* markingYaml({
  data,
  location,
}) {
  for (const result of parseEntityYaml(data, location)) {
    if (result.type === 'entity') {
      result.entity.metadata.annotations = {
        ...result.entity.metadata.annotations,
        [PARSED_BY]: 'another-module',
      };
    }
    yield result;
  }
};
const anotherParserModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-another-entity-data-parser',
  register(env) {
    env.registerInit({
      deps: { model: catalogModelExtensionPoint },
      async init({ model }) {
        model.setEntityDataParser(markingYamlParser);
      },
    });
  },
});

describe('catalog module: leaves the entity data parser to others', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    // The catalog takes one entity data parser and refuses to start with a second; this
    // backend starts only because the bucket-doc module does not install one.
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        anotherParserModule,
        catalogModuleS3BucketDocs,
        mockServices.rootConfig.factory({
          data: exampleBackendConfig({
            catalog: {
              ...exampleConfig.catalog,
              locations: [
                { type: 'file', target: `${EXAMPLES}/org.yaml` },
                { type: 'file', target: `${EXAMPLES}/components.yaml` },
                // One doc on its own, and a glob.
                { type: 'file', target: `${EXAMPLES}/buckets/users-bucket.md` },
                { type: 'file', target: `${EXAMPLES}/buckets/orders-*.md` },
              ],
            },
          }),
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const fetchEntities = async (filter: string) =>
    (
      await request(backend.server)
        .get(`/api/catalog/entities?filter=${filter}`)
        .set('Authorization', mockCredentials.user.header())
    ).body as Entity[];

  it('hands every YAML file to the parser the catalog has', async () => {
    const components = await eventually(async () => {
      const items = await fetchEntities('kind=component');
      return items.length > 0 ? items : undefined;
    }, 'the components');
    const people = await fetchEntities('kind=user');
    expect(people.length).toBeGreaterThan(0);
    for (const entity of [...components, ...people]) {
      expect(entity.metadata.annotations).toHaveProperty(
        [PARSED_BY],
        'another-module',
      );
    }
  });

  it('still reads bucket docs, single files and globs, with its own parser', async () => {
    const buckets = await eventually(async () => {
      const items = await fetchEntities('kind=resource');
      return items.length >= 3 ? items : undefined;
    }, 'the bucket entities');
    expect(buckets.map(e => e.metadata.name).sort()).toEqual([
      'orders-production-bucket',
      'orders-staging-bucket',
      'users-bucket',
    ]);
    for (const bucket of buckets) {
      expect(bucket.spec?.type).toBe('s3-bucket');
      expect(bucket.metadata.annotations).not.toHaveProperty([PARSED_BY]);
    }
    expect(
      buckets.find(b => b.metadata.name === 'users-bucket')!.metadata
        .annotations,
    ).toMatchObject({
      'backstage.io/managed-by-location': `file:${EXAMPLES}/buckets/users-bucket.md`,
    });
  });
});
