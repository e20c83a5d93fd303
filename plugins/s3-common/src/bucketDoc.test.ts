import fc from 'fast-check';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import {
  MAX_BUCKET_DOC_BYTES,
  parseBucketDoc,
  toEntityName,
} from './bucketDoc';

const examples = resolve(__dirname, '../../../examples');
const seed = readFileSync(resolve(examples, 'buckets/users-bucket.md'), 'utf8');
const broken = (name: string) =>
  readFileSync(resolve(examples, 'broken', name), 'utf8');

/** A valid doc with one frontmatter line replaced. */
function docWith(replace: Record<string, string>): string {
  let text = seed;
  for (const [from, to] of Object.entries(replace)) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

function errorsOf(text: string) {
  const result = parseBucketDoc(text);
  if (result.kind !== 'invalid') {
    throw new Error(`expected errors, got ${JSON.stringify(result)}`);
  }
  return result.errors;
}

describe('parseBucketDoc', () => {
  it('reads the seed doc verbatim', () => {
    const result = parseBucketDoc(seed);
    expect(result.kind).toBe('doc');
    if (result.kind !== 'doc') return;
    const { body, ...doc } = result.doc;
    expect(doc).toEqual({
      name: 'UsersBucket',
      entityName: 'users-bucket',
      description: 'S3 bucket for user service',
      arn: 'arn:aws:s3:::textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39',
      partition: 'aws',
      bucket: 'textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39',
      accountId: undefined,
      service: 'user-service',
      owners: ['dboyne'],
      system: undefined,
      tags: undefined,
      lifecycle: undefined,
      links: undefined,
      catalog: {
        updatedAt: '2024-01-18T17:43:36.066Z',
        parent: 's3',
        path: 'user-bucket',
        generic: true,
      },
    });
    expect(body).toMatch(/^\n\n## Introduction/);
    expect(body).toContain('## Conclusion');
  });

  it('accepts a single owner written as a string, CRLF line ends and a BOM', () => {
    const text =
      `\uFEFF${docWith({ 'owners:\n  - dboyne': 'owners: group:team-identity' })}`.replace(
        /\n/g,
        '\r\n',
      );
    const result = parseBucketDoc(text);
    expect(result.kind).toBe('doc');
    expect(result.kind === 'doc' && result.doc.owners).toEqual([
      'group:team-identity',
    ]);
  });

  it('keeps a 12-digit account id and accepts one written as a number', () => {
    for (const account of ["'123456789012'", '123456789012']) {
      const result = parseBucketDoc(
        docWith({ "Account: ''": `Account: ${account}` }),
      );
      expect(result.kind === 'doc' && result.doc.accountId).toBe(
        '123456789012',
      );
    }
  });

  it('skips docs about other AWS services quietly', () => {
    expect(parseBucketDoc(broken('not-s3-service.md'))).toEqual({
      kind: 'skipped',
      reason: 'AWS.Service is "dynamodb", not s3',
    });
  });

  describe('bad input names the field', () => {
    it.each([
      ['no-frontmatter.md', '(frontmatter)', /is missing/],
      [
        'yaml-syntax-error.md',
        '(frontmatter)',
        /YAML syntax error at line \d+, column \d+/,
      ],
      [
        'wrong-types.md',
        'owners',
        /must be a name or a list of names, got number 42/,
      ],
      ['missing-owners.md', 'owners', /is required/],
      [
        'not-s3-arn.md',
        'AWS.Arn',
        /is not an S3 ARN \(its service is "dynamodb"\)/,
      ],
      [
        'invalid-bucket-name.md',
        'AWS.Arn',
        /bucket name "Invalid_Bucket\.\.Name" breaks S3's naming rules/,
      ],
      [
        'bad-account-id.md',
        'AWS.Account',
        /"12345" is not a 12-digit account id/,
      ],
      ['alias-bomb.md', '(frontmatter)', /alias bomb/],
    ])('%s', (file, field, message) => {
      const errors = errorsOf(broken(file));
      expect(errors).toContainEqual({
        field,
        message: expect.stringMatching(message),
      });
    });

    it('refuses a file over 256 KiB before parsing it', () => {
      const huge = `${seed}\n${'x'.repeat(MAX_BUCKET_DOC_BYTES)}`;
      expect(errorsOf(huge)).toEqual([
        {
          field: '(file)',
          message: expect.stringMatching(/at most 262144 bytes/),
        },
      ]);
    });

    it('counts bytes, not characters, against the limit', () => {
      // 100k three-byte characters: 300 KB in UTF-8, 100k UTF-16 code units.
      const wide = `${seed}\n${'€'.repeat(100_000)}`;
      expect(errorsOf(wide)[0].field).toBe('(file)');
    });

    it('reports every problem at once', () => {
      const errors = errorsOf(
        docWith({
          'Arn: arn:aws:s3:::textract': 'Arn: arn:aws:s3:::Bad_Name',
          "Account: ''": "Account: '42'",
          '  - dboyne': '  - "user:"',
        }),
      );
      expect(errors.map(e => e.field)).toEqual([
        'AWS.Arn',
        'AWS.Account',
        'owners[0]',
      ]);
    });

    it.each([
      [
        'an object ARN',
        {
          'Arn: arn:aws:s3:::textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39':
            'Arn: arn:aws:s3:::my-bucket/some/key',
        },
        'AWS.Arn',
        /object ARN/,
      ],
      [
        'an unknown partition',
        { 'arn:aws:s3': 'arn:aws-mars:s3' },
        'AWS.Arn',
        /unknown partition "aws-mars"/,
      ],
      [
        'a region in an S3 ARN',
        { 'arn:aws:s3:::': 'arn:aws:s3:eu-north-1::' },
        'AWS.Arn',
        /carry no region or account/,
      ],
      [
        'an account id of 11 digits as a number',
        { "Account: ''": 'Account: 12345678901' },
        'AWS.Account',
        /quote the value/,
      ],
      [
        'an empty owners list',
        { 'owners:\n  - dboyne': 'owners: []' },
        'owners',
        /at least one owner/,
      ],
      [
        'a name that is not text',
        { 'name: UsersBucket': 'name: [a, b]' },
        'name',
        /must be a string, got a list/,
      ],
      [
        'a name with no letters',
        { 'name: UsersBucket': "name: '!!!'" },
        'name',
        /does not make a valid entity name/,
      ],
      [
        'AWS that is not a mapping',
        {
          "AWS:\n  Arn: arn:aws:s3:::textract-console-us-west-2-9bc2a179-b0ea-4bb2-9038-dd15e06a3c39\n  Account: ''\n  Service: s3":
            'AWS: nope',
        },
        'AWS',
        /must be a mapping, got string "nope"/,
      ],
      [
        'a missing Service',
        { '  Service: s3\n': '' },
        'AWS.Service',
        /is required/,
      ],
      [
        'a bad tag',
        {
          'service: user-service': 'service: user-service\ntags: [Has Spaces]',
        },
        'tags[0]',
        /not a valid tag/,
      ],
      [
        'a link without a URL',
        {
          'service: user-service':
            'service: user-service\nlinks:\n  - title: docs\n    url: not a url',
        },
        'links[0].url',
        /must be an http or https URL/,
      ],
      [
        'a duplicate key',
        { 'service: user-service': 'service: user-service\nservice: other' },
        '(frontmatter)',
        /YAML syntax error/,
      ],
      [
        'frontmatter that is a list',
        { 'name: UsersBucket\n': '- a\n- b\n' },
        '(frontmatter)',
        /YAML syntax error|mapping/,
      ],
    ])('%s', (_, replace, field, message) => {
      expect(
        errorsOf(docWith(replace as Record<string, string>)),
      ).toContainEqual({
        field,
        message: expect.stringMatching(message),
      });
    });

    it('survives absurdly deep nesting', () => {
      const deep = `---\nname: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n---\n`;
      const result = parseBucketDoc(deep);
      expect(result.kind).toBe('invalid');
    });
  });

  it('never throws, and always answers with a doc, a skip or named errors (property)', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '---',
        'name: X',
        'AWS:',
        '  Arn: arn:aws:s3:::abc',
        '  Service: s3',
        'owners: [a]',
        'owners:',
        '  - *a',
        'x: &a [1,2]',
        '...',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), lines => {
        const result = parseBucketDoc(lines.join('\n'));
        return result.kind === 'invalid'
          ? result.errors.length > 0 &&
              result.errors.every(e => e.field && e.message)
          : result.kind === 'doc' || result.kind === 'skipped';
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mutated copies of the seed (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(seed.length),
        fc.string({ maxLength: 8 }),
        (at, insert) => {
          const result = parseBucketDoc(
            seed.slice(0, at) + insert + seed.slice(at),
          );
          expect(['doc', 'skipped', 'invalid']).toContain(result.kind);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('toEntityName', () => {
  it.each([
    ['UsersBucket', 'users-bucket'],
    ['S3Bucket', 's3-bucket'],
    ['HTTPLogsBucket', 'http-logs-bucket'],
    ['orders_production bucket', 'orders-production-bucket'],
    ['  Already-kebab  ', 'already-kebab'],
  ])('%s → %s', (name, expected) => {
    expect(toEntityName(name)).toBe(expected);
  });
});
