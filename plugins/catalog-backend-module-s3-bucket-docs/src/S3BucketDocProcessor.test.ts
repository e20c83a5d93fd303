import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import {
  CatalogProcessorCache,
  CatalogProcessorParser,
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { EXAMPLES } from '@internal/test-utils';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { S3BucketDocProcessor } from './S3BucketDocProcessor';

const usersDoc = readFileSync(resolve(EXAMPLES, 'buckets/users-bucket.md'));

/** The catalog's entity data parser: the processor must never call it. */
const catalogParser: CatalogProcessorParser = async function* unused() {
  throw new Error('the catalog parser was called');
};

function memoryCache(): CatalogProcessorCache & { items: Map<string, any> } {
  const items = new Map<string, any>();
  return {
    items,
    async get(key) {
      return items.get(key);
    },
    async set(key, value) {
      items.set(key, value);
    },
  };
}

async function read(
  processor: S3BucketDocProcessor,
  location: LocationSpec,
  options: { optional?: boolean; cache?: CatalogProcessorCache } = {},
) {
  const results: CatalogProcessorResult[] = [];
  const handled = await processor.readLocation(
    location,
    options.optional ?? false,
    r => results.push(r),
    catalogParser,
    options.cache ?? memoryCache(),
  );
  return { handled, results };
}

describe('S3BucketDocProcessor.readLocation', () => {
  const reader = mockServices.urlReader.mock();
  const processor = new S3BucketDocProcessor({
    reader,
    entityOptions: { ownerDefaultKind: 'user' },
  });

  afterEach(() => jest.resetAllMocks());

  it.each([
    ['file', `${EXAMPLES}/components.yaml`],
    ['file', `${EXAMPLES}/*.yaml`],
    ['url', 'https://github.com/acme/docs/blob/main/catalog-info.yaml'],
    ['url', 'https://example.com/readme.md.yaml'],
    ['github-discovery', 'https://github.com/acme/docs/blob/main/a.md'],
  ])('leaves %s %s to the catalog and its parser', async (type, target) => {
    const { handled, results } = await read(processor, { type, target });
    expect(handled).toBe(false);
    expect(results).toEqual([]);
    expect(reader.readUrl).not.toHaveBeenCalled();
  });

  it('reads a markdown file with the bucket-doc parser, not the catalog parser', async () => {
    const target = `${EXAMPLES}/buckets/users-bucket.md`;
    const { handled, results } = await read(processor, {
      type: 'file',
      target,
    });
    expect(handled).toBe(true);
    expect(results).toEqual([
      expect.objectContaining({
        type: 'entity',
        location: { type: 'file', target },
        entity: expect.objectContaining({
          kind: 'Resource',
          spec: expect.objectContaining({ owner: 'user:default/dboyne' }),
        }),
      }),
      { type: 'refresh', key: `file:${target}` },
    ]);
  });

  it('reports a missing markdown file unless it is optional', async () => {
    const target = `${EXAMPLES}/buckets/no-such-doc.md`;
    const required = await read(processor, { type: 'file', target });
    expect(required.results).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({
          name: 'NotFoundError',
          message: `file ${target} does not exist`,
        }),
      }),
    ]);
    const optional = await read(
      processor,
      { type: 'file', target },
      { optional: true },
    );
    expect(optional).toEqual({ handled: true, results: [] });
  });

  it('turns a glob into one location per doc', async () => {
    const { results } = await read(processor, {
      type: 'file',
      target: `${EXAMPLES}/buckets/orders-*.md`,
    });
    expect(results).toEqual([
      {
        type: 'location',
        location: {
          type: 'file',
          target: `${EXAMPLES}/buckets/orders-production-bucket.md`,
        },
      },
      {
        type: 'location',
        location: {
          type: 'file',
          target: `${EXAMPLES}/buckets/orders-staging-bucket.md`,
        },
      },
    ]);
  });

  describe('url locations', () => {
    const url = 'https://github.com/acme/docs/blob/main/buckets/users.md';

    it('reads the doc through the URL reader and keeps its ETag', async () => {
      reader.readUrl.mockResolvedValue({
        buffer: async () => usersDoc,
        etag: 'etag-1',
      });
      const cache = memoryCache();
      const { handled, results } = await read(
        processor,
        { type: 'url', target: url },
        { cache },
      );
      expect(handled).toBe(true);
      expect(reader.readUrl).toHaveBeenCalledWith(url, { etag: undefined });
      expect(results.map(r => r.type)).toEqual(['entity', 'refresh']);
      expect(results[1]).toEqual({ type: 'refresh', key: `url:${url}` });
      expect([...cache.items.values()]).toEqual([
        { etag: 'etag-1', data: usersDoc.toString('base64') },
      ]);
    });

    it('parses the doc it read last when the source says it is unchanged', async () => {
      const cache = memoryCache();
      reader.readUrl.mockResolvedValueOnce({
        buffer: async () => usersDoc,
        etag: 'etag-1',
      });
      const first = await read(
        processor,
        { type: 'url', target: url },
        { cache },
      );
      reader.readUrl.mockRejectedValueOnce(new NotModifiedError('unchanged'));
      const second = await read(
        processor,
        { type: 'url', target: url },
        { cache },
      );
      expect(reader.readUrl).toHaveBeenLastCalledWith(url, { etag: 'etag-1' });
      expect(second.results).toEqual(first.results);
    });

    it('reports a missing doc unless it is optional, and other failures always', async () => {
      reader.readUrl.mockRejectedValue(new NotFoundError('gone'));
      const required = await read(processor, { type: 'url', target: url });
      expect(required.results).toEqual([
        expect.objectContaining({
          type: 'error',
          error: expect.objectContaining({ name: 'NotFoundError' }),
        }),
      ]);
      const optional = await read(
        processor,
        { type: 'url', target: url },
        { optional: true },
      );
      expect(optional.results).toEqual([]);

      reader.readUrl.mockRejectedValue(new Error('rate limited'));
      const failed = await read(
        processor,
        { type: 'url', target: url },
        { optional: true },
      );
      expect(failed.results).toEqual([
        expect.objectContaining({
          type: 'error',
          error: expect.objectContaining({
            name: 'Error',
            message: 'Unable to read url, Error: rate limited',
          }),
        }),
      ]);
    });

    it('searches a wildcard URL and emits one location per doc', async () => {
      reader.search.mockResolvedValue({
        etag: 'e',
        files: [
          { url: `${url}`, content: async () => usersDoc },
          {
            url: url.replace('users', 'orders'),
            content: async () => usersDoc,
          },
        ],
      });
      const { results } = await read(processor, {
        type: 'url',
        target: 'https://github.com/acme/docs/blob/main/buckets/*.md',
      });
      expect(results).toEqual([
        { type: 'location', location: { type: 'url', target: url } },
        {
          type: 'location',
          location: { type: 'url', target: url.replace('users', 'orders') },
        },
      ]);
      expect(reader.readUrl).not.toHaveBeenCalled();
    });
  });
});
