import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  CatalogProcessorParser,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_S3_OWNERS,
  BucketEntityOptions,
  isS3BucketEntity,
  MAX_BUCKET_DOC_BYTES,
  ownersOfAnnotation,
} from '@s3-posture/plugin-s3-common';
import { readFile, stat } from 'fs/promises';
import { normalize } from 'path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { createBucketDocParser, isMarkdownLocation } from './bucketDocParser';

/** What the processor keeps per url location: the doc as last read, and its ETag. */
type CachedDoc = { etag: string; data: string };
const CACHE_KEY = 'bucket-doc-v1';

/**
 * The catalog side of bucket docs:
 *
 * - Markdown locations (`file` or `url` targets ending in `.md` or `.markdown`) are read
 *   here and parsed by the bucket-doc parser. The catalog's entity data parser, which
 *   the catalog has only one of, stays Backstage's (or another module's): every YAML
 *   file is read and parsed exactly as without this module.
 * - A glob of markdown docs (`file` or `url`) becomes one location per doc. The catalog
 *   drops everything a location yields when any part of it fails, so reading a whole
 *   folder in one location would let one broken doc hold back every other doc in it.
 * - Every owner of a doc gets `ownedBy`/`ownerOf` relations. `spec.owner` holds only
 *   the first (the catalog relates that one itself); all of them travel in the
 *   `s3.backstage.io/owners` annotation.
 */
export class S3BucketDocProcessor implements CatalogProcessor {
  private readonly reader: UrlReaderService;
  private readonly parse: CatalogProcessorParser;

  constructor(options: {
    reader: UrlReaderService;
    entityOptions?: BucketEntityOptions;
  }) {
    this.reader = options.reader;
    this.parse = createBucketDocParser(options.entityOptions);
  }

  getProcessorName(): string {
    return 'S3BucketDocProcessor';
  }

  /** Ahead of the catalog's file and url readers (default priority 20). */
  getPriority(): number {
    return 10;
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    _parser: CatalogProcessorParser,
    cache: CatalogProcessorCache,
  ): Promise<boolean> {
    if (!isMarkdownLocation(location)) {
      return false;
    }
    if (location.type === 'file') {
      await this.readFileLocation(location, optional, emit);
      return true;
    }
    if (location.type === 'url') {
      await this.readUrlLocation(location, optional, emit, cache);
      return true;
    }
    return false;
  }

  private async readFileLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
  ): Promise<void> {
    // A file that exists is a doc, even when its name holds glob characters
    // (`?`, `*`, `[`, `{`) that would make it a pattern.
    if (await isFile(location.target)) {
      const target = normalize(location.target);
      let data: Buffer;
      try {
        data = await readFile(target);
      } catch (e) {
        emit(
          processingResult.generalError(
            location,
            `${location.type} ${location.target} could not be read, ${e}`,
          ),
        );
        return;
      }
      await this.emitDoc(data, { type: 'file', target }, emit);
      emit(processingResult.refresh(`file:${target}`));
      return;
    }
    if (isDynamicPattern(location.target)) {
      await this.expandGlob(location, optional, emit);
      return;
    }
    if (!optional) {
      emit(
        processingResult.notFoundError(
          location,
          `${location.type} ${location.target} does not exist`,
        ),
      );
    }
  }

  private async readUrlLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<void> {
    // URL readers search when the path has a wildcard; `?` starts a query string there.
    if (location.target.split(/[?#]/)[0].includes('*')) {
      await this.expandGlob(location, optional, emit);
      return;
    }
    const cached = await cache.get<CachedDoc>(CACHE_KEY);
    let data: Buffer;
    try {
      const response = await this.reader.readUrl(location.target, {
        etag: cached?.etag,
      });
      data = await response.buffer();
      // Oversized docs are refused by the parser; keeping them would only fill the cache.
      if (response.etag && data.length <= MAX_BUCKET_DOC_BYTES) {
        await cache.set<CachedDoc>(CACHE_KEY, {
          etag: response.etag,
          data: data.toString('base64'),
        });
      }
    } catch (e) {
      if (e?.name === 'NotModifiedError' && cached) {
        // Unchanged since the last read: parse what was read then.
        await cache.set<CachedDoc>(CACHE_KEY, cached);
        data = Buffer.from(cached.data, 'base64');
      } else {
        if (e?.name !== 'NotFoundError') {
          emit(
            processingResult.generalError(
              location,
              `Unable to read ${location.type}, ${e}`.substring(0, 5000),
            ),
          );
        } else if (!optional) {
          emit(
            processingResult.notFoundError(
              location,
              `Unable to read ${location.type}, ${e}`.substring(0, 5000),
            ),
          );
        }
        return;
      }
    }
    await this.emitDoc(data, location, emit);
    emit(processingResult.refresh(`${location.type}:${location.target}`));
  }

  /** One location per doc that a glob (`file`) or wildcard URL (`url`) matches. */
  private async expandGlob(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
  ): Promise<void> {
    let targets: string[];
    try {
      targets =
        location.type === 'file'
          ? (
              await glob(location.target, { absolute: true, onlyFiles: true })
            ).sort()
          : (await this.reader.search(location.target)).files.map(f => f.url);
    } catch (e) {
      emit(
        processingResult.generalError(
          location,
          `${location.type} ${location.target} could not be searched, ${e}`,
        ),
      );
      return;
    }
    if (targets.length === 0 && !optional) {
      emit(
        processingResult.notFoundError(
          location,
          `${location.type} ${location.target} matched no bucket docs`,
        ),
      );
    }
    for (const target of targets) {
      emit(processingResult.location({ type: location.type, target }));
    }
  }

  private async emitDoc(
    data: Buffer,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<void> {
    for await (const result of this.parse({ data, location })) {
      emit(result);
    }
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const owners = entity.metadata.annotations?.[ANNOTATION_S3_OWNERS];
    if (!owners || !isS3BucketEntity(entity)) {
      return entity;
    }
    const self = getCompoundEntityRef(entity);
    const first = String(entity.spec?.owner ?? '');
    for (const ref of ownersOfAnnotation(owners)) {
      if (ref === first) continue;
      let owner;
      try {
        owner = parseEntityRef(ref);
      } catch (e) {
        emit(
          processingResult.inputError(
            location,
            `${ANNOTATION_S3_OWNERS}: "${ref}" is not an entity ref: ${e.message}`,
          ),
        );
        continue;
      }
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_OWNED_BY,
          target: owner,
        }),
      );
      emit(
        processingResult.relation({
          source: owner,
          type: RELATION_OWNER_OF,
          target: self,
        }),
      );
    }
    return entity;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
