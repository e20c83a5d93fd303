import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import fc from 'fast-check';
import { stringify } from 'yaml';
import {
  BucketDocParseResult,
  MAX_BUCKET_DOC_BYTES,
  MAX_FRONTMATTER_BYTES,
  parseBucketDoc,
} from './bucketDoc';
import { bucketDocToEntity } from './bucketEntity';
import { isValidBucketName } from './bucketName';

/*
 * Bad documents (DESIGN §3, §13): thousands of generated malformed docs. Whatever the
 * input, the parser answers (never throws), every error names a field of the format, a
 * mutated field is the one the errors name, valid mutants still parse, and every doc it
 * accepts makes an entity that the catalog's own validation accepts.
 */

const RUNS = 1000;

/** The fields an error may name: the format's fields, or the file / YAML block as a whole. */
const KNOWN_FIELD =
  /^(\(file\)|\(frontmatter\)|name|description|AWS(\.(Arn|Account|Service))?|catalog(\.(updatedAt|parent|path|generic))?|service|owners(\[\d+\])?|system|tags(\[\d+\])?|lifecycle|links(\[\d+\](\.(url|title|icon|type))?)?)$/;

/** Per-doc parse times (ms) and doc counts, per property; printed after the run. */
const stats = new Map<string, number[]>();
const outcomes = new Map<string, number>();

function timedParse(property: string, text: string): BucketDocParseResult {
  const start = performance.now();
  const result = parseBucketDoc(text);
  const ms = performance.now() - start;
  stats.set(property, [...(stats.get(property) ?? []), ms]);
  const kind = `${property}: ${result.kind}`;
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
  return result;
}

afterAll(() => {
  const all = [...stats.values()].flat().sort((a, b) => a - b);
  const lines = [...stats.entries()].map(([property, times]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return `  ${property}: ${times.length} docs, median ${sorted[
      Math.floor(sorted.length / 2)
    ].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
  });
  // Measured, not asserted: speed is never a test verdict.
  // eslint-disable-next-line no-console
  console.log(
    `parseBucketDoc on bad docs: ${all.length} docs, median ${all[
      Math.floor(all.length / 2)
    ].toFixed(
      2,
    )} ms, max ${all[all.length - 1].toFixed(1)} ms\n${lines.join('\n')}\n  outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`,
  );
});

const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** The catalog's own checks of an entity, as the catalog runs them on ingestion. */
async function catalogAccepts(result: BucketDocParseResult & { kind: 'doc' }) {
  const entity = bucketDocToEntity(result.doc, { ownerDefaultKind: 'group' });
  await catalogPolicy.enforce(entity);
  return (
    (await resourceEntityV1alpha1Validator.check(entity)) &&
    isValidBucketName(result.doc.bucket)
  );
}

/** An answer of the documented shape: a doc, a skip, or errors that each name a known field. */
function wellFormed(result: BucketDocParseResult): boolean {
  if (result.kind !== 'invalid') return true;
  return (
    result.errors.length > 0 &&
    result.errors.length <= 11 &&
    result.errors.every(
      e => KNOWN_FIELD.test(e.field) && e.message.trim().length > 0,
    )
  );
}

function names(result: BucketDocParseResult, field: string): boolean {
  return (
    result.kind === 'invalid' &&
    result.errors.some(
      e =>
        e.field === field ||
        e.field.startsWith(`${field}.`) ||
        e.field.startsWith(`${field}[`),
    )
  );
}

// ---------------------------------------------------------------- valid docs

const word = fc.stringMatching(/^[a-z][a-z0-9]{1,8}$/);
const bucketName = fc
  .array(word, { minLength: 1, maxLength: 4 })
  .map(parts => parts.join('-'))
  .filter(isValidBucketName);
const accountId = fc.stringMatching(/^\d{12}$/);
const owner = fc.oneof(
  word,
  word.map(w => `group:${w}`),
  word.map(w => `user:default/${w}`),
);
const displayName = fc
  .array(
    word.map(w => w[0].toUpperCase() + w.slice(1)),
    { minLength: 1, maxLength: 4 },
  )
  .map(parts => parts.join(''));

type Frontmatter = Record<string, any>;

const validFrontmatter: fc.Arbitrary<Frontmatter> = fc.record(
  {
    name: displayName,
    // printable ASCII: fast-check's default unit
    description: fc.string({ maxLength: 80 }),
    AWS: fc.record({
      Arn: fc
        .tuple(fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'), bucketName)
        .map(([p, b]) => `arn:${p}:s3:::${b}`),
      Account: fc.oneof(fc.constant(''), accountId),
      Service: fc.constantFrom('s3', 'S3'),
    }),
    catalog: fc.record({
      updatedAt: fc.date({ noInvalidDate: true }).map(d => d.toISOString()),
      parent: word,
      path: word,
      generic: fc.boolean(),
    }),
    service: word,
    owners: fc.oneof(owner, fc.array(owner, { minLength: 1, maxLength: 3 })),
    tags: fc.array(word, { maxLength: 3 }),
    links: fc.array(
      fc.record({ url: fc.webUrl(), title: word }, { requiredKeys: ['url'] }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['name', 'AWS', 'owners'] },
);

const body = fc.string({ maxLength: 300, unit: 'grapheme' });

function toDoc(fm: Frontmatter, text = ''): string {
  return `---\n${stringify(fm)}---\n${text}`;
}

// ---------------------------------------------------------------- nasty values

/** Strings crafted to break URLs, paths, logs, HTML or parsers. */
const nasty = fc.oneof(
  fc.constantFrom(
    '../',
    '../../etc/passwd',
    '..\\..\\windows',
    '%2F',
    '%2e%2e%2f',
    '?',
    '#',
    'a?b=c#d',
    'has spaces',
    ' ',
    '/',
    'a/b',
    'group:../x',
    'user:default/../admin',
    ':',
    'a:b:c',
    'https://evil.example/',
    // eslint-disable-next-line no-script-url
    'javascript:alert(1)',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '{{7*7}}',
    "'; DROP TABLE buckets; --",
    'ü',
    '😀',
    '\u202e',
    '\u200b',
    '\ufeff',
    'null',
    '~',
    '*a',
    '&a',
    '!!binary',
  ),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ minLength: 64, maxLength: 3000 }),
);

const controlChar = fc
  .integer({ min: 0, max: 0x7f })
  .filter(c => (c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f)
  .map(c => String.fromCharCode(c));

const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(word, fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Bucket names that break S3's rules, many of them also URL or path breakers. */
const badBucketName = fc.oneof(
  fc.constantFrom(
    '',
    'ab',
    'a'.repeat(64),
    'UPPER-case',
    'under_score',
    'two..dots',
    '192.168.1.1',
    'xn--punycode',
    'sthree-x',
    'bucket-s3alias',
    'bucket--ol-s3',
    '-leading',
    'trailing-',
    '..',
    '%2F%2F%2F',
    'a?b=c',
    'a#frag',
    'has space',
    'bücket',
    'a\\b',
  ),
  fc
    .tuple(
      bucketName,
      fc.constantFrom('?', '#', '%', ' ', '_', 'A', '\\', '"', '<', 'é'),
    )
    .map(([b, c]) => `${b.slice(0, 2)}${c}${b.slice(2)}`),
);

const badArn = fc.oneof(
  fc.string().filter(s => !s.trim().startsWith('arn:')),
  fc
    .tuple(
      fc.constantFrom('dynamodb', 'iam', 'S3', 's3-object-lambda', ''),
      bucketName,
    )
    .map(([svc, b]) => `arn:aws:${svc}:::${b}`),
  fc.tuple(word, bucketName).map(([r, b]) => `arn:aws:s3:${r}::${b}`),
  fc.tuple(accountId, bucketName).map(([a, b]) => `arn:aws:s3::${a}:${b}`),
  fc.tuple(word, bucketName).map(([p, b]) => `arn:${p}x:s3:::${b}`),
  fc
    .tuple(bucketName, fc.string({ maxLength: 20 }))
    .map(([b, key]) => `arn:aws:s3:::${b}/${key}`),
  fc.constantFrom(
    'arn:',
    'arn:aws',
    'arn:aws:s3',
    'arn:aws:s3::',
    'arn:aws:s3:::',
  ),
  badBucketName.map(b => `arn:aws:s3:::${b}`),
);

const badAccount = fc.oneof(
  fc.string().filter(s => s.trim() !== '' && !/^\d{12}$/.test(s.trim())),
  fc.stringMatching(/^\d{1,11}$/),
  fc.stringMatching(/^\d{13,20}$/),
  fc.integer().filter(n => !/^\d{12}$/.test(String(n))),
  notAString.filter(v => typeof v !== 'number'),
);

// ---------------------------------------------------------------- mutations

interface Mutation {
  /** The field the errors must name, as the parser spells it. */
  field: string;
  /** True when every such doc is invalid; false when it may be valid or not. */
  mustFail: boolean;
  apply: (fm: Frontmatter) => void;
}

function setAt(fm: Frontmatter, path: string, value: unknown) {
  const keys = path.split('.');
  let target = fm;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null)
      target[key] = {};
    target = target[key];
  }
  target[keys[keys.length - 1]] = value;
}

function deleteAt(fm: Frontmatter, path: string) {
  const keys = path.split('.');
  let target = fm;
  for (const key of keys.slice(0, -1)) target = target[key];
  delete target[keys[keys.length - 1]];
}

const OPTIONAL_TEXT = [
  'description',
  'service',
  'system',
  'lifecycle',
  'catalog.parent',
  'catalog.path',
];
/** Text fields whose bad values are errors (a bad `AWS.Service` may mean "not S3": a skip). */
const ALL_TEXT = ['name', 'AWS.Arn', 'AWS.Account', ...OPTIONAL_TEXT];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // a required field missing
  fc
    .constantFrom('name', 'AWS', 'AWS.Arn', 'AWS.Service', 'owners')
    .map((field): Mutation => ({
      field,
      mustFail: true,
      apply: fm => deleteAt(fm, field),
    })),
  // a text field of the wrong type
  fc
    .tuple(
      fc.constantFrom('name', 'AWS.Arn', 'AWS.Service', ...OPTIONAL_TEXT),
      notAString,
    )
    .map(([field, value]): Mutation => ({
      field,
      mustFail: true,
      apply: fm => setAt(fm, field, value),
    })),
  fc
    .tuple(
      fc.constantFrom(
        'AWS',
        'catalog',
        'owners',
        'tags',
        'links',
        'catalog.generic',
        'catalog.updatedAt',
      ),
      fc.oneof(fc.integer(), fc.string({ minLength: 1 }), fc.boolean()),
    )
    .map(([field, value]): Mutation => ({
      field,
      // a single owner may be written as a string; `generic` as a boolean; `updatedAt` as text
      mustFail: !(
        (field === 'owners' && typeof value === 'string') ||
        (field === 'catalog.generic' && typeof value === 'boolean') ||
        (field === 'catalog.updatedAt' && typeof value === 'string')
      ),
      apply: fm => setAt(fm, field, value),
    })),
  badArn.map((arn): Mutation => ({
    field: 'AWS.Arn',
    mustFail: true,
    apply: fm => setAt(fm, 'AWS.Arn', arn),
  })),
  badAccount.map((account): Mutation => ({
    field: 'AWS.Account',
    mustFail: true,
    apply: fm => setAt(fm, 'AWS.Account', account),
  })),
  // crafted names, owners, services: either accepted safely or refused on that field
  fc
    .tuple(
      fc.constantFrom(
        'name',
        'service',
        'system',
        'lifecycle',
        'description',
        'catalog.path',
      ),
      nasty,
    )
    .map(([field, value]): Mutation => ({
      field,
      mustFail: false,
      apply: fm => setAt(fm, field, value),
    })),
  fc
    .tuple(fc.array(owner, { maxLength: 3 }), nasty, fc.nat())
    .map(([owners, value, at]): Mutation => {
      const index = at % (owners.length + 1);
      const list = [...owners.slice(0, index), value, ...owners.slice(index)];
      return {
        field: `owners[${index}]`,
        mustFail: false,
        apply: fm => setAt(fm, 'owners', list),
      };
    }),
  fc
    .tuple(nasty, fc.constantFrom('url', 'title', 'icon'))
    .map(([value, key]): Mutation => ({
      field: 'links[0]',
      mustFail: false,
      apply: fm =>
        setAt(fm, 'links', [{ url: 'https://example.com/', [key]: value }]),
    })),
  fc.tuple(nasty).map(([tag]): Mutation => ({
    field: 'tags[0]',
    mustFail: false,
    apply: fm => setAt(fm, 'tags', [tag]),
  })),
  // control characters, raw or escaped, in any text field
  fc
    .tuple(
      fc.constantFrom(...ALL_TEXT),
      fc.string({ maxLength: 5 }),
      controlChar,
    )
    .map(([field, around, c]): Mutation => ({
      field,
      mustFail: true,
      apply: fm => setAt(fm, field, `${around}${c}${around}`),
    })),
  // a huge value
  fc
    .tuple(
      fc.constantFrom(...ALL_TEXT),
      fc.integer({ min: MAX_FRONTMATTER_BYTES, max: 200_000 }),
    )
    .map(([field, size]): Mutation => ({
      field: '(frontmatter)',
      mustFail: true,
      apply: fm => setAt(fm, field, 'x'.repeat(size)),
    })),
);

describe('parseBucketDoc on generated bad docs (property)', () => {
  it('parses every generated valid doc into an entity the catalog accepts', async () => {
    await fc.assert(
      fc.asyncProperty(validFrontmatter, body, async (fm, text) => {
        const result = timedParse('valid docs', toDoc(fm, text));
        expect(result.kind).toBe('doc');
        return result.kind === 'doc' && (await catalogAccepts(result));
      }),
      { numRuns: RUNS },
    );
  });

  it('names the mutated field; refuses what must be refused; what passes is safe', async () => {
    await fc.assert(
      fc.asyncProperty(validFrontmatter, mutation, async (fm, m) => {
        m.apply(fm);
        const result = timedParse('mutated fields', toDoc(fm));
        if (result.kind === 'doc') {
          return !m.mustFail && catalogAccepts(result);
        }
        return wellFormed(result) && names(result, m.field);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('still parses valid mutants: extra fields, CRLF, a BOM, a single owner, a numeric account', async () => {
    const extra = fc.dictionary(
      word.map(w => `x-${w}`),
      fc.jsonValue({ maxDepth: 3 }),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        validFrontmatter,
        extra,
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 100_000_000_000, max: 999_999_999_999 }),
        async (fm, more, crlf, bom, account) => {
          Object.assign(fm, more);
          setAt(fm, 'AWS.Account', account);
          let text = toDoc(fm, '## Usage\n\nBody text.\n');
          if (crlf) text = text.replace(/\n/g, '\r\n');
          if (bom) text = `\ufeff${text}`;
          const result = timedParse('valid mutants', text);
          expect(result).toMatchObject({
            kind: 'doc',
            doc: { accountId: String(account) },
          });
          return result.kind === 'doc' && (await catalogAccepts(result));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers every text mutation of a valid doc with a doc or named errors', async () => {
    const textMutation = fc.oneof(
      // truncation anywhere
      fc.nat().map(n => (t: string) => t.slice(0, n % (t.length + 1))),
      // random text, bytes-as-characters or unicode, inserted anywhere
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            fc.nat(),
            fc.oneof(
              fc.string({ unit: 'binary' }),
              fc.string({ unit: 'grapheme-ascii' }),
              controlChar,
            ),
          )
          .map(([n, s]) => (t: string) => {
            const at = n % (t.length + 1);
            return t.slice(0, at) + s + t.slice(at);
          }),
      },
      // a line dropped or doubled
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.nat(), fc.boolean())
          .map(([n, twice]) => (t: string) => {
            const lines = t.split('\n');
            const i = n % lines.length;
            return [
              ...lines.slice(0, i),
              ...(twice ? [lines[i], lines[i]] : []),
              ...lines.slice(i + 1),
            ].join('\n');
          }),
      },
      // broken frontmatter delimiters
      fc
        .tuple(
          fc.constantFrom(
            '--',
            '----',
            '- --',
            '***',
            '+++',
            ' ---',
            '—',
            '...',
            '',
          ),
          fc.boolean(),
        )
        .map(([delimiter, first]) => (t: string) => {
          const i = first ? t.indexOf('---') : t.indexOf('---', 3);
          return i < 0 ? t : t.slice(0, i) + delimiter + t.slice(i + 3);
        }),
      // indentation broken with tabs
      fc.nat().map(n => (t: string) => {
        const lines = t.split('\n');
        const i = n % lines.length;
        lines[i] = lines[i].replace(/^ +/, '\t');
        return lines.join('\n');
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        validFrontmatter,
        fc.array(textMutation, { minLength: 1, maxLength: 4 }),
        async (fm, mutations) => {
          const text = mutations.reduce(
            (t, mutate) => mutate(t),
            toDoc(fm, 'Body.\n'),
          );
          const result = timedParse('text mutations', text);
          return result.kind === 'doc'
            ? catalogAccepts(result)
            : wellFormed(result);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('answers random text, with or without a frontmatter opening, with named errors', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('bare', 'opened', 'closed'),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 2000 }),
          fc.string({ unit: 'grapheme-ascii', maxLength: 2000 }),
        ),
        (frame, rest) => {
          const framed = {
            bare: rest,
            opened: `---\n${rest}`,
            closed: `---\n${rest}\n---\n`,
          };
          const result = timedParse('random text', framed[frame]);
          return wellFormed(result) && result.kind !== 'doc';
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('parseBucketDoc on nasty documents', () => {
  const seedFm = (): Frontmatter => ({
    name: 'NastyBucket',
    AWS: {
      Arn: 'arn:aws:s3:::nasty-bucket',
      Account: '123456789012',
      Service: 's3',
    },
    owners: ['team-a'],
  });
  const valid = toDoc(seedFm(), '## Body\n');
  const errorsOf = (property: string, text: string) => {
    const result = timedParse(property, text);
    expect(wellFormed(result)).toBe(true);
    return result.kind === 'invalid' ? result.errors : [];
  };
  const head = stringify(seedFm());

  it.each([
    [
      'a billion-laughs alias bomb',
      `---\n${head}a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\n`,
      '(frontmatter)',
      /alias bomb/,
    ],
    [
      '100,000 levels of [',
      `---\n${head}x: ${'['.repeat(100_000)}\n---\n`,
      '(frontmatter)',
      /at most 16384 bytes/,
    ],
    [
      '100,000 levels of {',
      `---\n${head}x: ${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}\n---\n`,
      '(file)',
      /at most 262144 bytes/,
    ],
    [
      'nesting as deep as 16 KiB of [ allows',
      `---\n${head}x: ${'['.repeat(16_000)}${']'.repeat(100)}\n---\n`,
      '(frontmatter)',
      /YAML syntax error/,
    ],
    [
      '8,000 levels of { that close',
      `---\n${head}x: ${'{'.repeat(8_000)}${'}'.repeat(8_000)}\n---\n`,
      '(frontmatter)',
      /YAML/,
    ],
    [
      'a 10 MB file',
      `${valid}${'x'.repeat(10 * 1024 * 1024)}`,
      '(file)',
      /is 10485\d+ bytes; bucket docs may be at most 262144 bytes/,
    ],
    [
      'a 250 KB frontmatter of unclosed quotes (once 12 s)',
      `---\n${head}${'"\n'.repeat(120_000)}---\n`,
      '(frontmatter)',
      /at most 16384 bytes/,
    ],
    [
      '16 KiB of unclosed braces: errors capped',
      `---\n${head}${'{\n'.repeat(8_000)}---\n`,
      '(frontmatter)',
      /more YAML syntax errors not shown/,
    ],
    [
      'a NUL byte in the name',
      valid.replace('NastyBucket', 'Nasty\0Bucket'),
      'name',
      /control characters/,
    ],
    [
      'an escaped NUL in the description',
      valid.replace(
        'name: NastyBucket',
        'name: NastyBucket\ndescription: "a\\0b"',
      ),
      'description',
      /control characters/,
    ],
    [
      'frontmatter only, no closing line',
      `---\n${head}`,
      '(frontmatter)',
      /is missing/,
    ],
    ['body only', '## Usage\n\nJust prose.\n', '(frontmatter)', /is missing/],
    ['an empty file', '', '(frontmatter)', /is missing/],
    ['an empty frontmatter', '---\n---\nbody', '(frontmatter)', /mapping/],
    [
      'a frontmatter that is a string',
      '---\nhello\n---\n',
      '(frontmatter)',
      /mapping/,
    ],
    [
      'a second YAML document inside',
      `---\n${head}--- x\n---\n`,
      '(frontmatter)',
      /YAML/,
    ],
    [
      'a javascript: link',
      valid.replace(
        'owners:',
        'links:\n  - url: "javascript:alert(1)"\nowners:',
      ),
      'links[0].url',
      /http or https/,
    ],
    [
      'a bucket name made of URL-breaking characters',
      valid.replace('nasty-bucket', 'a%2F..%2Fb?x#y'),
      'AWS.Arn',
      /naming rules/,
    ],
    [
      'a path traversal as bucket',
      valid.replace('nasty-bucket', '../../etc/passwd'),
      'AWS.Arn',
      /object ARN/,
    ],
    [
      'an owner with a path',
      valid.replace('- team-a', '- group:../admin'),
      'owners[0]',
      /invalid namespace/,
    ],
  ])('%s', (_, text, field, message) => {
    expect(errorsOf('nasties', text)).toContainEqual({
      field,
      message: expect.stringMatching(message),
    });
  });

  it.each([
    ['a BOM', `\ufeff${valid}`],
    ['CRLF line ends', valid.replace(/\n/g, '\r\n')],
    [
      'CR-LF with a BOM and no body',
      `\ufeff${toDoc(seedFm())}`.replace(/\n/g, '\r\n'),
    ],
    ['frontmatter only', toDoc(seedFm()).trimEnd()],
    ['NUL bytes in the body', `${valid}\0\0\0`],
    [
      'a body as large as the limit allows',
      `${valid}${'x'.repeat(MAX_BUCKET_DOC_BYTES - valid.length)}`,
    ],
    [
      'an unknown YAML tag on an extra field',
      valid.replace('owners:', 'x: !!js/function "f"\nowners:'),
    ],
    [
      'a harmless alias',
      valid.replace('owners:\n  - team-a', 'owners: &o\n  - team-a\nalso: *o'),
    ],
  ])('still accepts a valid doc with %s', async (_, text) => {
    const result = timedParse('nasties', text);
    expect(result).toMatchObject({
      kind: 'doc',
      doc: { entityName: 'nasty-bucket' },
    });
    expect(result.kind === 'doc' && (await catalogAccepts(result))).toBe(true);
  });
});
