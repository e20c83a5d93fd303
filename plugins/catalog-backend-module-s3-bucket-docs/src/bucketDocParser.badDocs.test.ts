import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import fc from 'fast-check';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { EXAMPLES } from '@internal/test-utils';
import { createBucketDocParser } from './bucketDocParser';

/*
 * The bucket-doc parser on bad bytes (DESIGN §3, §13): whatever a file holds,
 * the parser yields entities the catalog accepts or input errors that start with the file
 * and a field of the format; it never throws.
 */

const RUNS = 1000;
const parser = createBucketDocParser({ ownerDefaultKind: 'group' });
const seed = readFileSync(resolve(EXAMPLES, 'buckets/users-bucket.md'));

const KNOWN_FIELD =
  '(\\(file\\)|\\(frontmatter\\)|\\(document\\)|name|description|AWS(\\.(Arn|Account|Service))?|catalog(\\.(updatedAt|parent|path|generic))?|service|owners(\\[\\d+\\])?|system|tags(\\[\\d+\\])?|lifecycle|links(\\[\\d+\\](\\.(url|title|icon|type))?)?)';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const times: number[] = [];
let docs = 0;
afterAll(() => {
  const sorted = [...times].sort((a, b) => a - b);
  // Measured, not asserted.
  // eslint-disable-next-line no-console
  console.log(
    `bucket doc data parser on bad bytes: ${docs} files, median ${sorted[
      Math.floor(sorted.length / 2)
    ].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
  );
});

async function parse(
  data: Buffer,
  location: LocationSpec,
): Promise<CatalogProcessorResult[]> {
  const start = performance.now();
  const results: CatalogProcessorResult[] = [];
  for await (const result of parser({ data, location })) results.push(result);
  times.push(performance.now() - start);
  docs++;
  return results;
}

/** Every result is an entity the catalog accepts or an input error naming file and field. */
async function answersWell(
  results: CatalogProcessorResult[],
  file: string,
): Promise<boolean> {
  const message = new RegExp(`^${escape(file)}: ${KNOWN_FIELD}: \\S`);
  for (const r of results) {
    if (r.type === 'entity') {
      await catalogPolicy.enforce(r.entity);
      if (!(await resourceEntityV1alpha1Validator.check(r.entity))) {
        return false;
      }
    } else if (
      r.type !== 'error' ||
      r.error.name !== 'InputError' ||
      !message.test(r.error.message)
    ) {
      return false;
    }
  }
  return results.length <= 12;
}

const byteMutation: fc.Arbitrary<(b: Buffer) => Buffer> = fc.oneof(
  // bytes inserted anywhere: invalid UTF-8 sequences, NULs, BOMs, anything
  fc
    .tuple(
      fc.nat(),
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        fc.constantFrom(
          Uint8Array.from([0xc3, 0x28]),
          Uint8Array.from([0xff, 0xfe]),
          Uint8Array.from([0xef, 0xbb, 0xbf]),
          Uint8Array.from([0xed, 0xa0, 0x80]),
          Uint8Array.from([0xf4, 0x90, 0x80, 0x80]),
          Uint8Array.from([0]),
          Uint8Array.from([0x0d]),
        ),
      ),
    )
    .map(([n, bytes]) => (b: Buffer) => {
      const at = n % (b.length + 1);
      return Buffer.concat([b.subarray(0, at), bytes, b.subarray(at)]);
    }),
  // one byte overwritten
  fc
    .tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))
    .map(([n, byte]) => (b: Buffer) => {
      const copy = Buffer.from(b);
      if (copy.length > 0) copy[n % copy.length] = byte;
      return copy;
    }),
  // truncated anywhere, even inside a multi-byte character
  fc.nat().map(n => (b: Buffer) => b.subarray(0, n % (b.length + 1))),
);

/** File and URL targets crafted to break paths and URLs. */
const target = fc.oneof(
  fc
    .constantFrom(
      'with space',
      '..%2F..%2Fetc',
      'a#frag',
      'a?query=1',
      '[1]',
      '*',
      'ü',
      '😀',
      '..',
    )
    .map(name => ({ type: 'file', target: `/docs/${name}/bucket.md` })),
  fc
    .constantFrom(
      'https://github.com/org/docs/blob/main/buckets/a%2F..%2Fb.md',
      'https://github.com/org/docs/blob/main/buckets/x.md?ref=../../main#L1',
      'https://example.com/docs/%00.md',
    )
    .map(url => ({ type: 'url', target: url })),
);

describe('bucket doc data parser on bad bytes (property)', () => {
  it('answers byte-mutated docs with accepted entities or errors naming file and field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(byteMutation, { minLength: 1, maxLength: 3 }),
        target,
        async (mutations, location) => {
          const data = mutations.reduce<Buffer>((b, mutate) => mutate(b), seed);
          const results = await parse(data, location);
          return answersWell(results, location.target);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers random bytes after a frontmatter opening with errors naming file and field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.boolean(),
        async (bytes, closed) => {
          const data = Buffer.concat([
            Buffer.from('---\n'),
            Buffer.from(bytes),
            Buffer.from(closed ? '\n---\n' : ''),
          ]);
          const results = await parse(data, {
            type: 'file',
            target: '/docs/random.md',
          });
          return (
            results.every(r => r.type === 'error') &&
            results.length > 0 &&
            answersWell(results, '/docs/random.md')
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('still reads the seed doc at every crafted target', async () => {
    await fc.assert(
      fc.asyncProperty(target, async location => {
        const results = await parse(seed, location);
        return (
          results.length === 1 &&
          results[0].type === 'entity' &&
          answersWell(results, location.target)
        );
      }),
      { numRuns: 50 },
    );
  });
});
