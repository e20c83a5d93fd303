import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'fs';
import { resolve } from 'path';
import { EXAMPLES } from '@internal/test-utils';
import { createBucketDocParser, isMarkdownLocation } from './bucketDocParser';

const parser = createBucketDocParser({ ownerDefaultKind: 'group' });

async function parse(
  data: Buffer,
  target: string,
): Promise<CatalogProcessorResult[]> {
  const results: CatalogProcessorResult[] = [];
  for await (const result of parser({
    data,
    location: { type: 'file', target },
  })) {
    results.push(result);
  }
  return results;
}

const readExample = (path: string) => readFileSync(resolve(EXAMPLES, path));

describe('createBucketDocParser', () => {
  it('turns a bucket doc into a Resource entity', async () => {
    const [result] = await parse(
      readExample('buckets/users-bucket.md'),
      '/docs/users-bucket.md',
    );
    expect(result).toMatchObject({
      type: 'entity',
      location: { type: 'file', target: '/docs/users-bucket.md' },
      entity: {
        kind: 'Resource',
        metadata: { name: 'users-bucket' },
        spec: { type: 's3-bucket', owner: 'group:default/dboyne' },
      },
    });
  });

  it('yields nothing for docs about other AWS services', async () => {
    expect(
      await parse(
        readExample('broken/not-s3-service.md'),
        '/docs/orders-table.md',
      ),
    ).toEqual([]);
  });

  it('keeps emitting good docs read after bad ones in the same batch', async () => {
    const files = readdirSync(resolve(EXAMPLES, 'broken')).filter(f =>
      f.endsWith('.md'),
    );
    const results = (
      await Promise.all(
        files.map(f => parse(readExample(`broken/${f}`), `/docs/broken/${f}`)),
      )
    ).flat();
    const entities = results.filter(r => r.type === 'entity');
    const errors = results.filter(r => r.type === 'error');
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({
      entity: { metadata: { name: 'test-fixtures-staging-bucket' } },
    });
    expect(errors.length).toBeGreaterThanOrEqual(8);
    for (const error of errors) {
      expect(error).toMatchObject({
        error: {
          name: 'InputError',
          message: expect.stringMatching(
            /^\/docs\/broken\/[a-z0-9-]+\.md: \S+: /,
          ),
        },
      });
    }
  });

  it('refuses a 10 MB file without decoding it', async () => {
    const results = await parse(
      Buffer.alloc(10 * 1024 * 1024, 'a'),
      '/docs/huge.md',
    );
    expect(results).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({
          message:
            '/docs/huge.md: (file): is 10485760 bytes; bucket docs may be at most 262144 bytes (256 KiB)',
        }),
      }),
    ]);
  });

  it('refuses invalid UTF-8', async () => {
    const data = Buffer.concat([
      readExample('buckets/users-bucket.md'),
      Buffer.from([0xc3, 0x28]),
    ]);
    const results = await parse(data, '/docs/latin1.md');
    expect(results).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({
          message: '/docs/latin1.md: (file): is not valid UTF-8 text',
        }),
      }),
    ]);
  });

  it('never throws, whatever the bytes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async bytes => {
        const data = Buffer.concat([Buffer.from('---\n'), Buffer.from(bytes)]);
        const results = await parse(data, '/docs/fuzz.md');
        for (const r of results) expect(['entity', 'error']).toContain(r.type);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isMarkdownLocation', () => {
  const at = (target: string): LocationSpec => ({ type: 'url', target });
  it.each([
    ['https://github.com/org/docs/blob/main/buckets/orders.md', true],
    ['https://github.com/org/docs/blob/main/buckets/*.md?ref=main', true],
    ['/docs/ORDERS.MARKDOWN', true],
    ['/docs/catalog-info.yaml', false],
    ['https://example.com/readme.md.yaml', false],
  ])('%s → %s', (target, expected) => {
    expect(isMarkdownLocation(at(target))).toBe(expected);
  });
});
