/* eslint-disable jest/no-export */
// A suite shared by the SQLite and PostgreSQL test files; it exports and holds tests.
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fc from 'fast-check';
import request from 'supertest';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import { isRollUpEntityKind } from '@s3-posture/plugin-s3-common';
import s3Plugin from '..';
import { eventually, exampleBackendConfig } from '@internal/test-utils';

/*
 * Bad API input (issue 8 part 4): every route of src/router.ts with generated malformed
 * entity refs, unknown kinds, out-of-range and non-numeric paging values, injection strings,
 * very long and non-ASCII strings, arrays and objects where scalars belong, duplicate and
 * unknown query parameters. Each answer is checked against what the input deserves: 400 with
 * Backstage's error JSON naming every bad parameter, 404 for well-formed names of nothing,
 * 200 where the input is valid; never a 500.
 */

const USER = mockCredentials.user.header();

/** Every status code seen, by route, printed at the end (figures for the report). */
const histogram: Record<string, Record<number, number>> = {};
function tally(route: string, status: number) {
  histogram[route] ??= {};
  histogram[route][status] = (histogram[route][status] ?? 0) + 1;
}
export function printHistogram() {
  // eslint-disable-next-line no-console
  console.log(`status codes by route: ${JSON.stringify(histogram, null, 1)}`);
}

/** Strings that have broken APIs before. */
const HOSTILE = [
  "' OR 1=1--",
  "'; DROP TABLE bucket_postures; --",
  '" OR ""="',
  '1; SELECT pg_sleep(1)',
  '%',
  '%%',
  '_',
  '\\',
  '\\%',
  '*',
  '%00',
  '\u0000',
  'a\u0000b',
  '\n',
  '\r\nX-Injected: 1',
  '../',
  '../../etc/passwd',
  '..%2F..%2F',
  '%2e%2e%2f',
  'a/b',
  'a?b',
  'a#b',
  'a b',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  'ℌ𝔢𝔩𝔩𝔬',
  '😀',
  'ﬁ',
  'İstanbul',
  'ß',
  '\u202eevil',
  'a'.repeat(254),
  'a'.repeat(2000),
  'resource:default/users-bucket',
  'default/users-bucket',
];

const text = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 300 }),
);

const ENTITY_NAME = /^[A-Za-z0-9._-]{1,253}$/;

/** Path segments: names that pass, names that break the rules, hostile strings. */
function segment(valid: string[]) {
  return fc
    .oneof(
      fc.constantFrom(...valid),
      fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,60}$/),
      text,
    )
    .filter(s => s.length > 0 && s !== '.' && s !== '..');
}

/**
 * What a caller observes: the status, Backstage's error JSON (by its status code) or what
 * `ok` reads from a good body, and which of `names` the error message fails to mention.
 */
function outcome(
  res: request.Response,
  names: string[],
  ok: (body: any) => unknown,
) {
  const error = res.body?.error;
  return {
    status: res.status,
    body: error
      ? {
          errorName: typeof error.name,
          statusCode: res.body.response?.statusCode,
        }
      : ok(res.body),
    unnamed: names.filter(n => !String(error?.message ?? '').includes(n)),
  };
}

/** The outcome a request deserves. */
function deserves(status: number, okBody: unknown) {
  return {
    status,
    body: status === 200 ? okBody : { errorName: 'string', statusCode: status },
    unnamed: [],
  };
}

export function runBadInputSuite(
  label: string,
  options: { numRuns: number; database?: () => Promise<object> },
) {
  describe(`bad API input (${label})`, () => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let bucketNames: string[];
    let entityRefs: Set<string>;
    let entities: Entity[];

    beforeAll(async () => {
      const database = options.database
        ? { backend: { database: await options.database() } }
        : {};
      backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleS3BucketDocs,
          s3Plugin,
          mockServices.rootConfig.factory({
            data: exampleBackendConfig(database),
          }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });
      entities = await eventually(async () => {
        const res = await request(backend.server)
          .get('/api/catalog/entities')
          .set('Authorization', USER);
        const buckets = (res.body as Entity[]).filter(
          e => e.spec?.type === 's3-bucket',
        );
        return buckets.length >= 14 ? (res.body as Entity[]) : undefined;
      }, 'the example entities');
      bucketNames = entities
        .filter(e => e.spec?.type === 's3-bucket')
        .map(e => e.metadata.name);
      entityRefs = new Set(
        entities.map(e => stringifyEntityRef(e).toLocaleLowerCase('en-US')),
      );
      // Assessed buckets, so that the list queries run over real rows.
      await Promise.all(
        bucketNames.map(async name => {
          const res = await request(backend.server)
            .post(`/api/s3/v1/buckets/default/${name}/refresh`)
            .set('Authorization', USER);
          if (res.status !== 200) {
            throw new Error(`refresh of ${name}: ${res.status}`);
          }
        }),
      );
    });

    afterAll(async () => {
      await backend?.stop();
    });

    const send = (method: 'get' | 'post', path: string) =>
      request(backend.server)
        [method](`/api/s3${path}`)
        .set('Authorization', USER);

    describe.each([
      ['get', '/v1/buckets/:namespace/:name', ''],
      ['get', '/v1/buckets/:namespace/:name/history', '/history'],
      ['post', '/v1/buckets/:namespace/:name/refresh', '/refresh'],
    ] as const)('%s %s', (method, route, suffix) => {
      it('answers 400 naming the bad parameter, 404 for unknown names, 200 for buckets', async () => {
        await fc.assert(
          fc.asyncProperty(
            segment(['default', 'DEFAULT', 'other']),
            segment(bucketNames),
            async (namespace, name) => {
              const res = await send(
                method,
                `/v1/buckets/${encodeURIComponent(
                  namespace,
                )}/${encodeURIComponent(name)}${suffix}`,
              );
              tally(`${method.toUpperCase()} ${route}`, res.status);
              const bad = [
                ...(ENTITY_NAME.test(namespace) ? [] : ['"namespace"']),
                ...(ENTITY_NAME.test(name) ? [] : ['"name"']),
              ];
              const known =
                namespace.toLocaleLowerCase('en-US') === 'default' &&
                bucketNames.includes(name.toLocaleLowerCase('en-US'));
              let expected = 404;
              if (bad.length) expected = 400;
              else if (known) expected = 200;
              // 400s name the bad parameters, 404s the name that was not found.
              const names = expected === 404 ? [name] : bad;
              expect(outcome(res, names, body => body.entityRef)).toEqual(
                deserves(
                  expected,
                  `resource:default/${name.toLocaleLowerCase('en-US')}`,
                ),
              );
            },
          ),
          // Refreshing a real bucket calls AWS: fewer of those.
          {
            numRuns:
              suffix === '/refresh'
                ? Math.ceil(options.numRuns / 2)
                : options.numRuns,
          },
        );
      });
    });

    it('GET /v1/entities/:namespace/:kind/:name/summary: 400 naming the bad parameter, 404 for unknown entities, 200 for known ones', async () => {
      const known = entities.filter(e =>
        ['Component', 'System', 'Group', 'User'].includes(e.kind),
      );
      const triple = fc.oneof(
        fc
          .constantFrom(...known)
          .chain(e =>
            fc.tuple(
              fc.constantFrom(e.metadata.namespace ?? 'default'),
              fc.constantFrom(e.kind, e.kind.toLocaleLowerCase('en-US')),
              fc.constantFrom(
                e.metadata.name,
                e.metadata.name.toLocaleUpperCase('en-US'),
              ),
            ),
          ),
        fc.tuple(
          segment(['default']),
          fc.oneof(
            fc.constantFrom(
              'component',
              'Component',
              'SYSTEM',
              'group',
              'user',
              'resource',
              'api',
              'domain',
              'location',
              'template',
              'components',
            ),
            text,
          ),
          segment(known.map(e => e.metadata.name)),
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          triple.filter(
            ([, kind]) => kind.length > 0 && kind !== '.' && kind !== '..',
          ),
          async ([namespace, kind, name]) => {
            const res = await send(
              'get',
              `/v1/entities/${encodeURIComponent(
                namespace,
              )}/${encodeURIComponent(kind)}/${encodeURIComponent(
                name,
              )}/summary`,
            );
            tally(
              'GET /v1/entities/:namespace/:kind/:name/summary',
              res.status,
            );
            const lowerKind = kind.toLocaleLowerCase('en-US');
            const bad = [
              ...(ENTITY_NAME.test(namespace) ? [] : ['"namespace"']),
              ...(isRollUpEntityKind(lowerKind) ? [] : ['"kind"']),
              ...(ENTITY_NAME.test(name) ? [] : ['"name"']),
            ];
            const ref = `${lowerKind}:${namespace}/${name}`.toLocaleLowerCase(
              'en-US',
            );
            let expected = 404;
            if (bad.length) expected = 400;
            else if (entityRefs.has(ref)) expected = 200;
            const names = expected === 404 ? [name] : bad;
            expect(
              outcome(res, names, body => ({
                entityRef: body.entityRef,
                buckets: Array.isArray(body.buckets) && body.bucketCount,
              })),
            ).toEqual(
              deserves(expected, {
                entityRef: ref,
                buckets: expect.any(Number),
              }),
            );
          },
        ),
        { numRuns: options.numRuns },
      );
    });

    describe('GET /v1/buckets', () => {
      type Value = { raw: string | string[] | Record<string, string> };
      /** One query parameter's generated value, and whether the API must accept it. */
      type Param = { key: string; value: Value['raw']; valid: boolean };

      const NUMBERS = [
        '-1',
        '-0',
        '0',
        '1',
        '5',
        '007',
        '500',
        '501',
        '999999',
        '1000000',
        '1000001',
        '99999999999999999999',
        '1e3',
        '0x10',
        '1.5',
        '1.0',
        '+5',
        ' 5',
        '5 ',
        '',
        'Infinity',
        'NaN',
        'abc',
        '١٢',
      ];
      const number = (min: number, max: number) =>
        fc
          .oneof(
            fc.constantFrom(...NUMBERS),
            fc.integer({ min: -10, max: 2_000_000 }).map(String),
            fc.double().map(String),
            text,
          )
          .map(v => {
            const valid = /^\d{1,7}$/.test(v) && +v >= min && +v <= max;
            return { raw: v, valid };
          });
      const pattern = (valid: string[], rule: RegExp) =>
        fc.oneof(fc.constantFrom(...valid), text).map(v => ({
          raw: v,
          valid: rule.test(v),
        }));
      const STATUSES = ['compliant', 'at-risk', 'non-compliant', 'unknown'];

      const scalar: Record<
        string,
        fc.Arbitrary<{ raw: string; valid: boolean }>
      > = {
        q: fc
          .oneof(text, fc.constantFrom('users', 'PRODUCT-IMAGES', 'bucket'))
          .map(v => ({
            raw: v,
            // Up to 200 characters, no control characters.
            valid: v.length <= 200 && !/\p{Cc}/u.test(v),
          })),
        owner: pattern(
          [
            'user:default/dboyne',
            'group:default/team-data',
            'GROUP:default/Team-Data',
          ],
          /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i,
        ).map(v => ({ ...v, valid: v.valid && v.raw.length <= 512 })),
        service: pattern(
          ['component:default/orders-service', 'component:default/none'],
          /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i,
        ).map(v => ({ ...v, valid: v.valid && v.raw.length <= 512 })),
        account: pattern(
          [
            '111122223333',
            '444455556666',
            '000000000000',
            '11112222333',
            '1111222233334',
          ],
          /^\d{12}$/,
        ),
        region: pattern(
          ['us-west-2', 'eu-north-1', 'us-gov-west-1', 'US-WEST-2', 'mars-1'],
          /^[a-z]{2}(-[a-z]+)+-\d$/,
        ),
        status: fc
          .oneof(
            fc
              .subarray([...STATUSES, 'broken', 'COMPLIANT', ''])
              .map(s => s.join(',')),
            text,
          )
          .map(v => ({
            raw: v,
            valid: v
              .split(',')
              .map(s => s.trim())
              .filter(Boolean)
              .every(s => STATUSES.includes(s)),
          })),
        orderBy: pattern(
          [
            'score',
            'name',
            'checkedAt',
            'status',
            'Score',
            'owner',
            'score desc',
          ],
          /^(score|name|checkedAt|status)$/,
        ),
        order: pattern(['asc', 'desc', 'DESC', 'up'], /^(asc|desc)$/),
        offset: number(0, 1_000_000),
        limit: number(1, 500),
      };

      const param: fc.Arbitrary<Param> = fc.oneof(
        {
          weight: 6,
          arbitrary: fc
            .constantFrom(...Object.keys(scalar))
            .chain(key =>
              scalar[key].map(v => ({ key, value: v.raw, valid: v.valid })),
            ),
        },
        // Duplicate parameters (?limit=1&limit=2) and brackets (?limit[]=1, ?limit[a]=1).
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...Object.keys(scalar))
            .chain(key =>
              fc.oneof(
                fc.array(
                  scalar[key].map(v => v.raw),
                  { minLength: 2, maxLength: 3 },
                ),
                scalar[key].map(v => ({ x: v.raw })),
              ),
            )
            .chain(value =>
              fc
                .constantFrom(...Object.keys(scalar))
                .map(key => ({ key, value, valid: false })),
            ),
        },
        // Unknown parameters.
        {
          weight: 1,
          arbitrary: fc
            .oneof(
              fc.constantFrom(
                'Limit',
                'LIMIT',
                'page',
                'sort',
                'filter',
                'kind',
                'q ',
                'toString',
              ),
              fc.stringMatching(/^[a-z]{1,12}$/).filter(k => !(k in scalar)),
            )
            .chain(key => text.map(value => ({ key, value, valid: false }))),
        },
      );

      function encode(params: Param[]): string {
        const parts: string[] = [];
        for (const { key, value } of params) {
          const k = encodeURIComponent(key);
          if (typeof value === 'string') {
            parts.push(`${k}=${encodeURIComponent(value)}`);
          } else if (Array.isArray(value)) {
            for (const v of value) parts.push(`${k}=${encodeURIComponent(v)}`);
          } else {
            for (const [sub, v] of Object.entries(value)) {
              parts.push(
                `${k}[${encodeURIComponent(sub)}]=${encodeURIComponent(v)}`,
              );
            }
          }
        }
        return parts.join('&');
      }

      it('answers 400 naming every bad parameter, else 200 with a page', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(param, { maxLength: 4, selector: p => p.key }),
            async params => {
              const res = await send('get', `/v1/buckets?${encode(params)}`);
              tally('GET /v1/buckets', res.status);
              const bad = params.filter(p => !p.valid).map(p => `"${p.key}"`);
              expect(
                outcome(res, bad, body => ({
                  items: Array.isArray(body.items),
                  totalCount: typeof body.totalCount,
                  statusCounts: typeof body.statusCounts,
                })),
              ).toEqual(
                deserves(bad.length ? 400 : 200, {
                  items: true,
                  totalCount: 'number',
                  statusCounts: 'object',
                }),
              );
            },
          ),
          { numRuns: Math.round(options.numRuns * 1.4) },
        );
      });

      it('searches for hostile strings literally, as text', async () => {
        for (const q of HOSTILE.filter(
          h => h.length <= 200 && !/\p{Cc}/u.test(h),
        )) {
          const res = await send(
            'get',
            `/v1/buckets?q=${encodeURIComponent(q)}&limit=500`,
          );
          tally('GET /v1/buckets', res.status);
          expect(res.status).toBe(200);
          // Matched as text: every hit holds the string (LIKE wildcards `%`, `_` included).
          const needle = q.toLocaleLowerCase('en-US');
          expect(
            res.body.items.filter(
              (i: any) =>
                ![i.bucket, i.entityRef, i.title ?? ''].some(f =>
                  f.toLocaleLowerCase('en-US').includes(needle),
                ),
            ),
          ).toEqual([]);
        }
      });
    });

    it.each([
      ['get', '/health'],
      ['get', '/v1/checks'],
    ] as const)('%s %s ignores hostile query strings', async (method, path) => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
          async raw => {
            const res = await send(
              method,
              `${path}?${encodeURIComponent(raw)}=${encodeURIComponent(raw)}&x=1&x=2`,
            );
            tally(`${method.toUpperCase()} ${path}`, res.status);
            expect(res.status).toBe(200);
          },
        ),
        { numRuns: Math.ceil(options.numRuns / 4) },
      );
    });

    it.each([
      '/v1/buckets/default/..',
      '/v1/buckets/default/%2e%2e',
      '/v1/buckets/../users-bucket',
      '/v1/buckets/default/users-bucket/..%2f..%2f..%2fhealth',
      '/v1/buckets/default/%00',
      '/v1/buckets/default/%ZZ',
      '/v1/buckets/default/users-bucket%00',
      '/v1/buckets//users-bucket',
      '/v1/entities/default/component//summary',
      '/v1/entities/default/%2e%2e/orders-service/summary',
      `/v1/buckets/default/${'a'.repeat(3000)}`,
    ])('answers odd path #%# with 400 or 404, never 500', async path => {
      const res = await send('get', path);
      tally('odd paths', res.status);
      expect([400, 404]).toContain(res.status);
      expect(res.body.error.message).toEqual(expect.any(String));
    });
  });
}
