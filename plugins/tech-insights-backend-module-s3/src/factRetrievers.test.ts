import { mockServices } from '@backstage/backend-test-utils';
import { FactRetrieverContext } from '@backstage-community/plugin-tech-insights-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BucketPosture,
  BucketSummary,
  CHECK_IDS,
  EntityPostureSummary,
  ROLLUP_ENTITY_KINDS,
} from '@s3-posture/plugin-s3-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  S3_POSTURE_FACT_SCHEMA,
  S3_ROLLUP_ENTITY_FILTER,
  S3_ROLLUP_FACT_SCHEMA,
  bucketFacts,
  checkFactName,
  createS3PostureFactRetriever,
  createS3PostureRollupFactRetriever,
  rollupFacts,
} from './factRetrievers';

const counts = { pass: 0, fail: 0, error: 0, notApplicable: 0 };

function summary(over: Partial<BucketSummary> = {}): BucketSummary {
  return {
    entityRef: 'resource:default/a-bucket',
    documented: true,
    bucket: 'a',
    arn: 'arn:aws:s3:::a',
    owners: [],
    status: 'compliant',
    stale: false,
    counts,
    failingChecks: [],
    ...over,
  };
}

describe('checkFactName', () => {
  it('camel-cases the check id after s3Check_', () => {
    expect(checkFactName('tls-only')).toBe('s3Check_tlsOnly');
    expect(checkFactName('no-cross-account-sensitive-actions')).toBe(
      's3Check_noCrossAccountSensitiveActions',
    );
    expect(new Set(CHECK_IDS.map(checkFactName)).size).toBe(30);
  });
});

describe('fact schemas', () => {
  it('declares the bucket facts and one boolean per check', () => {
    expect(Object.keys(S3_POSTURE_FACT_SCHEMA)).toHaveLength(34);
    for (const id of CHECK_IDS) {
      expect(S3_POSTURE_FACT_SCHEMA[checkFactName(id)]).toMatchObject({
        type: 'boolean',
        metadata: { checkId: id },
      });
    }
    expect(S3_POSTURE_FACT_SCHEMA.s3PostureScore.type).toBe('integer');
    expect(S3_POSTURE_FACT_SCHEMA.s3PostureStatus.type).toBe('string');
    expect(S3_ROLLUP_FACT_SCHEMA.s3AllBucketsCompliant.type).toBe('boolean');
  });
});

describe('bucketFacts', () => {
  it('publishes only the status of a bucket never assessed', () => {
    expect(bucketFacts(summary({ status: 'unknown' }))).toEqual({
      s3PostureStatus: 'unknown',
    });
  });

  it('counts failing critical and high checks, and maps pass/fail to booleans', () => {
    const posture = {
      checks: [
        { id: 'no-public-read', status: 'fail', severity: 'critical' },
        { id: 'tls-only', status: 'pass', severity: 'medium' },
        { id: 'mfa-delete-enabled', status: 'not-applicable', severity: 'low' },
        { id: 'iam-keys-rotated', status: 'error', severity: 'medium' },
      ],
    } as unknown as BucketPosture;
    expect(
      bucketFacts(
        summary({
          status: 'non-compliant',
          score: 41,
          checkedAt: '2026-01-01T00:00:00Z',
          failingChecks: [
            { id: 'no-public-read', title: '', severity: 'critical' },
            { id: 'acls-disabled', title: '', severity: 'high' },
            { id: 'versioning-enabled', title: '', severity: 'high' },
            { id: 'lifecycle-configured', title: '', severity: 'low' },
          ],
        }),
        posture,
      ),
    ).toEqual({
      s3PostureStatus: 'non-compliant',
      s3PostureScore: 41,
      s3FailingCritical: 1,
      s3FailingHigh: 2,
      s3Check_noPublicRead: false,
      s3Check_tlsOnly: true,
    });
  });
});

describe('rollupFacts', () => {
  const rollup = (
    statuses: BucketSummary['status'][],
    worstScore?: number,
  ): EntityPostureSummary => ({
    entityRef: 'component:default/svc',
    status: 'unknown',
    bucketCount: statuses.length,
    nonCompliantCount: statuses.filter(s => s === 'non-compliant').length,
    ...(worstScore === undefined ? {} : { worstScore }),
    buckets: statuses.map(status => summary({ status })),
  });

  it('is all compliant with no buckets, and has no worst score', () => {
    expect(rollupFacts(rollup([]))).toEqual({
      s3BucketCount: 0,
      s3NonCompliantCount: 0,
      s3AllBucketsCompliant: true,
    });
  });

  it('is not all compliant when a bucket is at-risk or non-compliant', () => {
    expect(rollupFacts(rollup(['compliant', 'at-risk'], 70))).toEqual({
      s3BucketCount: 2,
      s3NonCompliantCount: 0,
      s3WorstScore: 70,
      s3AllBucketsCompliant: false,
    });
    expect(
      rollupFacts(rollup(['unknown', 'non-compliant'], 20))
        .s3AllBucketsCompliant,
    ).toBe(false);
  });

  it('leaves "all compliant" out while a bucket is still unassessed', () => {
    expect(rollupFacts(rollup(['compliant', 'unknown'], 100))).toEqual({
      s3BucketCount: 2,
      s3NonCompliantCount: 0,
      s3WorstScore: 100,
    });
  });
});

const base = 'http://s3-plugin.test/api/s3';

/** The context Tech Insights hands a retriever, with the s3 plugin at `base`. */
function retrieverContext(
  entityFilter: FactRetrieverContext['entityFilter'],
): FactRetrieverContext {
  return {
    config: mockServices.rootConfig(),
    discovery: {
      getBaseUrl: async () => base,
      getExternalBaseUrl: async () => base,
    },
    logger: mockServices.logger.mock(),
    auth: mockServices.auth(),
    urlReader: mockServices.urlReader.mock(),
    entityFilter,
  } as FactRetrieverContext;
}

describe('the roll-up entity filter', () => {
  it('covers every kind the s3 plugin rolls up, users included', () => {
    expect(S3_ROLLUP_ENTITY_FILTER).toEqual(
      ROLLUP_ENTITY_KINDS.map(kind => ({ kind })),
    );
    expect(S3_ROLLUP_ENTITY_FILTER.map(f => f.kind).sort()).toEqual([
      'component',
      'group',
      'system',
      'user',
    ]);
  });
});

describe('the bucket retriever against the s3 REST API', () => {
  const total = 1203;
  const names = Array.from(
    { length: total },
    (_, i) => `b-${String(i).padStart(4, '0')}`,
  );
  const requests: string[] = [];
  const tokens: Array<string | null> = [];
  const server = setupServer(
    http.get(`${base}/v1/buckets`, ({ request }) => {
      requests.push(request.url);
      tokens.push(request.headers.get('authorization'));
      const url = new URL(request.url);
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      return HttpResponse.json({
        items: names.slice(offset, offset + limit).map((name, i) =>
          summary({
            entityRef: `resource:default/${name}`,
            // Every other bucket was assessed; the rest are unknown.
            ...((offset + i) % 2 === 0
              ? { checkedAt: '2026-01-01T00:00:00Z', score: 100 }
              : { status: 'unknown' }),
          }),
        ),
        totalCount: total,
        statusCounts: {},
      });
    }),
    http.get(`${base}/v1/buckets/default/:name`, ({ params }) => {
      requests.push(String(params.name));
      if (params.name === 'b-0000')
        return HttpResponse.json({}, { status: 404 });
      return HttpResponse.json({
        checks: [{ id: 'tls-only', status: 'pass', severity: 'medium' }],
      });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('pages through every bucket, reads the assessed ones, and skips what vanished', async () => {
    const retriever = createS3PostureFactRetriever();
    const ctx = retrieverContext(retriever.entityFilter);
    const facts = await retriever.handler(ctx);
    expect(facts).toHaveLength(total);
    const pages = requests.filter(r => r.includes('/v1/buckets?'));
    expect(pages).toHaveLength(3);
    // Facts belong to entities: it asks for documented buckets only.
    for (const page of pages) {
      expect(new URL(page).searchParams.get('documented')).toBe('true');
    }
    expect(tokens).toEqual(Array(3).fill(expect.stringMatching(/^Bearer ./)));
    // Only the assessed half is read one by one.
    expect(requests.filter(r => !r.includes('/'))).toHaveLength(602);
    expect(facts[0]).toEqual({
      entity: { kind: 'resource', namespace: 'default', name: 'b-0000' },
      facts: {
        s3PostureStatus: 'compliant',
        s3PostureScore: 100,
        s3FailingCritical: 0,
        s3FailingHigh: 0,
      },
    });
    expect(facts[1].facts).toEqual({ s3PostureStatus: 'unknown' });
    expect(facts[2].facts).toMatchObject({ s3Check_tlsOnly: true });
    // A bucket that vanished meanwhile is no reason to warn.
    expect(ctx.logger.warn).not.toHaveBeenCalled();
  });
});

describe('the roll-up retriever against the s3 REST API', () => {
  const requests: string[] = [];
  const tokens: Array<string | null> = [];
  const server = setupServer(
    http.get(
      `${base}/v1/entities/:namespace/:kind/:name/summary`,
      ({ params, request }) => {
        const ref = `${params.kind}:${params.namespace}/${params.name}`;
        requests.push(ref);
        tokens.push(request.headers.get('authorization'));
        if (params.name === 'gone') {
          return HttpResponse.json(
            { error: { name: 'NotFoundError', message: `${ref} not found` } },
            { status: 404 },
          );
        }
        if (params.name === 'broken') {
          return HttpResponse.json(
            { error: { name: 'Error', message: 'database is down' } },
            { status: 500 },
          );
        }
        return HttpResponse.json({
          entityRef: ref,
          status: 'compliant',
          bucketCount: 1,
          nonCompliantCount: 0,
          worstScore: 90,
          buckets: [summary({ score: 90 })],
        } satisfies EntityPostureSummary);
      },
    ),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  /** A catalog that streams these entities, whatever the filter, and records the filter. */
  function catalogOf(refs: Array<[kind: string, name: string]>) {
    const filters: unknown[] = [];
    const catalog = {
      async *streamEntities(request: { filter: unknown }) {
        filters.push(request.filter);
        yield refs.map(([kind, name]) => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind,
          metadata: { name, namespace: 'default' },
        }));
      },
    } as unknown as CatalogService;
    return { catalog, filters };
  }

  it('rolls up every kind of the filter, users included, and skips what vanished or failed', async () => {
    const { catalog, filters } = catalogOf([
      ['Component', 'orders-service'],
      ['System', 'securecart'],
      ['Group', 'team-catalog'],
      ['User', 'rpatel'],
      ['User', 'gone'],
      ['Group', 'broken'],
      // Outside the roll-up kinds (an adopter's own filter): not asked for.
      ['API', 'orders-api'],
    ]);
    const retriever = createS3PostureRollupFactRetriever({ catalog });
    const ctx = retrieverContext(retriever.entityFilter);
    const facts = await retriever.handler(ctx);

    expect(filters).toEqual([S3_ROLLUP_ENTITY_FILTER]);
    expect(requests).toEqual([
      'component:default/orders-service',
      'system:default/securecart',
      'group:default/team-catalog',
      'user:default/rpatel',
      'user:default/gone',
      'group:default/broken',
    ]);
    expect(tokens).toEqual(Array(6).fill(expect.stringMatching(/^Bearer ./)));
    const rolledUp = {
      s3BucketCount: 1,
      s3NonCompliantCount: 0,
      s3WorstScore: 90,
      s3AllBucketsCompliant: true,
    };
    expect(facts).toEqual(
      [
        ['component', 'orders-service'],
        ['system', 'securecart'],
        ['group', 'team-catalog'],
        ['user', 'rpatel'],
      ].map(([kind, name]) => ({
        entity: { kind, namespace: 'default', name },
        facts: rolledUp,
      })),
    );
    // A 404 (the entity left the catalog meanwhile) is quiet; any other failure is logged.
    expect(ctx.logger.warn).toHaveBeenCalledTimes(1);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Could not roll up group:default\/broken: .*500/),
    );
  });
});
