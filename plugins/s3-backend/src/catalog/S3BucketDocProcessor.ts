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
  CatalogProcessorEmit,
  CatalogProcessorParser,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_S3_OWNERS,
  isS3BucketEntity,
} from '@s3-posture/plugin-s3-common';
import { readFile, stat } from 'fs/promises';
import { glob, isDynamicPattern } from 'tinyglobby';
import { isMarkdownLocation } from './bucketDocParser';

/**
 * The catalog side of bucket docs, next to the entity data parser:
 *
 * - A glob of markdown docs (`file` or `url`) becomes one location per doc. The catalog
 *   drops everything a location yields when any part of it fails, so reading a whole
 *   folder in one location would let one broken doc hold back every other doc in it.
 * - Every owner of a doc gets `ownedBy`/`ownerOf` relations. `spec.owner` holds only
 *   the first (the catalog relates that one itself); all of them travel in the
 *   `s3.backstage.io/owners` annotation.
 */
export class S3BucketDocProcessor implements CatalogProcessor {
  constructor(private readonly reader: UrlReaderService) {}

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
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (!isMarkdownLocation(location) || !isGlob(location)) {
      return false;
    }
    if (location.type === 'file' && (await isFile(location.target))) {
      // A doc whose file name holds glob characters (`?`, `*`, `[`, `{`): the catalog's
      // file reader would take its path for a pattern and miss the file, so read it here.
      let data: Buffer;
      try {
        data = await readFile(location.target);
      } catch (e) {
        emit(
          processingResult.generalError(
            location,
            `${location.type} ${location.target} could not be read, ${e}`,
          ),
        );
        return true;
      }
      for await (const result of parser({ data, location })) {
        emit(result);
      }
      emit(processingResult.refresh(`file:${location.target}`));
      return true;
    }
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
      return true;
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
    return true;
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
    for (const ref of owners.split(',').map(o => o.trim())) {
      if (!ref || ref === first) continue;
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

function isGlob(location: LocationSpec): boolean {
  if (location.type === 'file') {
    return isDynamicPattern(location.target);
  }
  if (location.type === 'url') {
    // URL readers search when the path has a wildcard; `?` starts a query string there.
    return location.target.split(/[?#]/)[0].includes('*');
  }
  return false;
}
