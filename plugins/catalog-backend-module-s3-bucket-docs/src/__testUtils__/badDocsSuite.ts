import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { stringify } from 'yaml';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import catalogModuleS3BucketDocs from '..';
import { Knex } from 'knex';

/*
 * Bad documents through the real catalog (DESIGN §3, §13): one folder, registered as a
 * markdown glob, holds a few hundred generated bad docs, the nasties (alias bomb, deep
 * nesting, 10 MB, invalid UTF-8, UTF-16, NUL) and good docs. Every good doc becomes an
 * entity; every bad doc yields a catalog error event naming its file and the field.
 */

type Frontmatter = Record<string, any>;

function goodFrontmatter(name: string, bucket: string): Frontmatter {
  return {
    name,
    description: `Bucket ${name}`,
    AWS: {
      Arn: `arn:aws:s3:::${bucket}`,
      Account: '123456789012',
      Service: 's3',
    },
    catalog: { updatedAt: '2025-01-01T00:00:00.000Z', path: bucket },
    service: 'orders-service',
    owners: ['team-platform', 'group:team-data'],
  };
}

const doc = (fm: Frontmatter, body = '## Usage\n\nRead only.\n') =>
  `---\n${stringify(fm)}---\n${body}`;

/** One defect applied to a valid frontmatter, and the field the error must name. */
interface Defect {
  field: string;
  apply: (fm: Frontmatter) => string | Buffer;
}

const set =
  (path: string, value: unknown) =>
  (fm: Frontmatter): string => {
    const keys = path.split('.');
    let target = fm;
    for (const key of keys.slice(0, -1)) target = target[key];
    target[keys[keys.length - 1]] = value;
    return doc(fm);
  };
const drop = (path: string) => set(path, undefined);

const badArns = [
  'not-an-arn',
  'arn:aws:dynamodb:::orders',
  'arn:aws:s3:eu-west-1::bucket-name',
  'arn:aws:s3::123456789012:bucket-name',
  'arn:aws-mars:s3:::bucket-name',
  'arn:aws:s3:::bucket-name/some/key',
  'arn:aws:s3:::../../etc/passwd',
  'arn:aws:s3:::%2F%2F',
  'arn:aws:s3:::a?b=c',
  'arn:aws:s3:::a#frag',
  'arn:aws:s3:::has space',
  'arn:aws:s3:::UPPER_case',
  'arn:aws:s3:::two..dots',
  'arn:aws:s3:::192.168.1.1',
  `arn:aws:s3:::${'a'.repeat(64)}`,
  'arn:aws:s3:::',
  'arn:aws:s3:::bücket',
];
const badAccounts = [
  '12345',
  'abcdefghijkl',
  '1234567890123',
  '12345678901a',
  ' 42 ',
];
const badRefs = [
  '../x',
  'group:../admin',
  'a b',
  'x?y',
  '%2F',
  'a#b',
  'user:default/../x',
  'a'.repeat(64),
];
const badNames = ['!!!', '???', '../', '%%%', '#', 'ü', 'a'.repeat(70)];

const defects: Array<[string, Defect[]]> = [
  ['missing-name', [{ field: 'name', apply: drop('name') }]],
  ['missing-owners', [{ field: 'owners', apply: drop('owners') }]],
  ['missing-arn', [{ field: 'AWS.Arn', apply: drop('AWS.Arn') }]],
  ['missing-aws', [{ field: 'AWS', apply: drop('AWS') }]],
  ['owners-number', [{ field: 'owners', apply: set('owners', 42) }]],
  ['name-list', [{ field: 'name', apply: set('name', ['a', 'b']) }]],
  ['account-list', [{ field: 'AWS.Account', apply: set('AWS.Account', [1]) }]],
  [
    'bad-arn',
    badArns.map(arn => ({ field: 'AWS.Arn', apply: set('AWS.Arn', arn) })),
  ],
  [
    'bad-account',
    badAccounts.map(a => ({
      field: 'AWS.Account',
      apply: set('AWS.Account', a),
    })),
  ],
  [
    'bad-owner',
    badRefs.map(ref => ({
      field: 'owners[1]',
      apply: set('owners', ['team-a', ref]),
    })),
  ],
  [
    'bad-service',
    badRefs.map(ref => ({ field: 'service', apply: set('service', ref) })),
  ],
  [
    'bad-name',
    badNames.map(name => ({ field: 'name', apply: set('name', name) })),
  ],
  [
    'control-char',
    ['\0', '\x07', '\x1b[31m', '\x7f'].map(c => ({
      field: 'description',
      apply: set('description', `red${c}alert`),
    })),
  ],
  [
    'script-link',
    [
      {
        field: 'links[0].url',
        // eslint-disable-next-line no-script-url
        apply: set('links', [{ url: 'javascript:alert(1)' }]),
      },
    ],
  ],
  ['bad-tag', [{ field: 'tags[0]', apply: set('tags', ['Has Spaces']) }]],
  [
    'no-frontmatter',
    [
      {
        field: '(frontmatter)',
        apply: fm => `# ${fm.name}\n\nNo frontmatter here.\n`,
      },
    ],
  ],
  [
    'unclosed',
    [
      {
        field: '(frontmatter)',
        apply: fm => `---\n${stringify(fm)}\n## Usage\n`,
      },
    ],
  ],
  [
    'yaml-error',
    [
      {
        field: '(frontmatter)',
        apply: fm => doc(fm).replace('owners:', 'owners: [unclosed\nx:'),
      },
    ],
  ],
  [
    'tab-indent',
    [
      {
        field: '(frontmatter)',
        apply: fm => doc(fm).replace('  Arn:', '\tArn:'),
      },
    ],
  ],
  [
    'duplicate-key',
    [
      {
        field: '(frontmatter)',
        apply: fm => doc(fm).replace('owners:', 'name: Again\nowners:'),
      },
    ],
  ],
];

/** The nasties, as raw bytes. */
const nasties: Array<[string, string, (fm: Frontmatter) => string | Buffer]> = [
  [
    'alias-bomb',
    '(frontmatter)',
    fm =>
      doc(fm).replace(
        'owners:',
        `a: &a [x, x, x, x, x, x, x, x, x]\n${'bcdefghi'
          .split('')
          .map(
            (k, i) =>
              `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`,
          )
          .join('\n')}\nowners:`,
      ),
  ],
  [
    'deep-brackets',
    '(frontmatter)',
    fm => doc(fm).replace('owners:', `x: ${'['.repeat(100_000)}\nowners:`),
  ],
  [
    'deep-braces-16k',
    '(frontmatter)',
    fm => doc(fm).replace('owners:', `x: ${'{'.repeat(15_000)}\nowners:`),
  ],
  ['ten-megabytes', '(file)', fm => doc(fm, 'x'.repeat(10 * 1024 * 1024))],
  [
    'unclosed-quotes',
    '(frontmatter)',
    fm => doc(fm).replace('owners:', `${'"\n'.repeat(50_000)}owners:`),
  ],
  [
    'invalid-utf8',
    '(file)',
    fm =>
      Buffer.concat([
        Buffer.from(doc(fm)),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      ]),
  ],
  ['utf16', '(file)', fm => Buffer.from(`\ufeff${doc(fm)}`, 'utf16le')],
  [
    'nul-in-name',
    'name',
    fm => doc(fm).replace(`name: ${fm.name}`, `name: ${fm.name}\0x`),
  ],
  ['empty', '(frontmatter)', () => ''],
  ['frontmatter-only-unclosed', '(frontmatter)', fm => `---\n${stringify(fm)}`],
];

interface BadFile {
  file: string;
  field: string;
}

const catalogErrors: Array<{ entity: string; errors: Error[] }> = [];
const errorListener = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bad-docs-error-listener',
  register(env) {
    env.registerInit({
      deps: { events: eventsServiceRef },
      async init({ events }) {
        await events.subscribe({
          id: 'bad-docs-error-listener',
          topics: ['experimental.catalog.errors'],
          async onEvent(event) {
            catalogErrors.push(event.eventPayload as any);
          },
        });
      },
    });
  },
});

/**
 * The suite, on the catalog's database of choice: the test backend's default (SQLite) or
 * the knex of a `TestDatabases` database.
 */
// The same suite runs on SQLite and on PostgreSQL, in two files that each stay short.
// eslint-disable-next-line jest/no-export
export function describeBadDocsThroughCatalog(
  label: string,
  options: { database?: () => Promise<Knex>; skip?: boolean } = {},
) {
  const { database, skip } = options;
  (skip ? describe.skip : describe)(
    `bad documents through the real catalog (${label})`,
    () => {
      let dir = '';
      const bad: BadFile[] = [];
      const good: string[] = [];
      const goodFiles: string[] = [];
      let backend: Awaited<ReturnType<typeof startTestBackend>>;

      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 's3-bad-docs-'));
        let n = 0;
        const write = (file: string, content: string | Buffer) =>
          writeFileSync(join(dir, file), content);
        // Each defect applied to 15 different docs at least, cycling through its variants.
        for (const [kind, variants] of defects) {
          const copies = Math.max(15, variants.length);
          for (let i = 0; i < copies; i++) {
            n++;
            const { field, apply } = variants[i % variants.length];
            const file = `bad-${String(n).padStart(3, '0')}-${kind}.md`;
            write(
              file,
              apply(goodFrontmatter(`BadBucket${n}`, `bad-bucket-${n}`)),
            );
            bad.push({ file, field });
          }
        }
        for (const [kind, field, make] of nasties) {
          n++;
          const file = `nasty-${kind}.md`;
          write(
            file,
            make(goodFrontmatter(`BadBucket${n}`, `bad-bucket-${n}`)),
          );
          bad.push({ file, field });
        }
        // Good docs, some written with a BOM, CRLF line ends, one owner, extra fields.
        for (let i = 1; i <= 40; i++) {
          const fm = goodFrontmatter(`GoodBucket${i}`, `good-bucket-${i}`);
          if (i % 4 === 1) fm.owners = 'team-platform';
          if (i % 4 === 2) fm['x-extra'] = { nested: [1, 2, { deep: true }] };
          let text = doc(fm);
          if (i % 5 === 3) text = text.replace(/\n/g, '\r\n');
          if (i % 7 === 4) text = `\ufeff${text}`;
          write(`good-${i}.md`, text);
          goodFiles.push(`good-${i}.md`);
          good.push(`good-bucket${i}`);
        }
        // Good docs whose file names break paths, URLs and glob patterns.
        const oddNames = [
          'with space',
          'hash#1',
          'query?x=1',
          'glob[1]',
          'star*',
          'pct%2F',
          'brace{a,b}',
          'ü😀',
        ];
        oddNames.forEach((name, i) => {
          const k = 41 + i;
          write(
            `good-${name}.md`,
            doc(goodFrontmatter(`GoodBucket${k}`, `good-bucket-${k}`)),
          );
          goodFiles.push(`good-${name}.md`);
          good.push(`good-bucket${k}`);
        });

        const base = exampleBackendConfig();
        backend = await startTestBackend({
          features: [
            catalogPlugin,
            catalogModuleS3BucketDocs,
            errorListener,
            ...(database
              ? [mockServices.database.factory({ knex: await database() })]
              : []),
            mockServices.rootConfig.factory({
              data: {
                ...base,
                catalog: {
                  ...base.catalog,
                  locations: [{ type: 'file', target: `${dir}/*.md` }],
                },
              },
            }),
          ],
        });
      });

      afterAll(async () => {
        await backend?.stop();
        rmSync(dir, { recursive: true, force: true });
      });

      const messagesFor = (file: string) =>
        catalogErrors
          .flatMap(e => e.errors.map(err => err.message))
          .filter(m => m.startsWith(`${join(dir, file)}: `));

      it('ingests every good doc next to hundreds of bad ones', async () => {
        expect(bad.length).toBeGreaterThan(300);
        const names = await eventually(
          async () => {
            const res = await request(backend.server)
              .get('/api/catalog/entities?filter=kind=resource')
              .set('Authorization', mockCredentials.user.header());
            const found = (res.body as Entity[]).map(e => e.metadata.name);
            return good.every(g => found.includes(g)) ? found : undefined;
          },
          'every good doc as an entity',
          100_000,
        );
        // Nothing but the good docs became an entity.
        expect(names.sort()).toEqual([...good].sort());
      });

      it('reports every bad doc with an error naming its file and the field', async () => {
        await eventually(
          async () =>
            bad.every(b => messagesFor(b.file).length > 0) ? true : undefined,
          'an error event for every bad doc',
          100_000,
        );
        const unnamed = bad.filter(
          ({ file, field }) =>
            !messagesFor(file).some(m =>
              m.startsWith(`${join(dir, file)}: ${field}: `),
            ),
        );
        expect(
          unnamed.map(b => [b.file, b.field, messagesFor(b.file)]),
        ).toEqual([]);
        // And no good doc raised any.
        expect(goodFiles.flatMap(messagesFor)).toEqual([]);
      });

      it('keeps serving after all of it', async () => {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/resource/default/good-bucket1')
          .set('Authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
        expect(res.body.metadata.annotations).toMatchObject({
          's3.backstage.io/bucket-name': 'good-bucket-1',
        });
      });
    },
  );
}
