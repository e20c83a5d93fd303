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
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_S3_OWNERS,
  isS3BucketEntity,
} from '@s3-posture/plugin-s3-common';

/**
 * Gives every owner of a bucket doc `ownedBy`/`ownerOf` relations. `spec.owner` holds
 * only the first owner (the catalog relates that one itself); the others travel in the
 * `s3.backstage.io/owners` annotation.
 */
export class S3BucketOwnersProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'S3BucketOwnersProcessor';
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
      emit(processingResult.relation({ source: self, type: RELATION_OWNED_BY, target: owner }));
      emit(processingResult.relation({ source: owner, type: RELATION_OWNER_OF, target: self }));
    }
    return entity;
  }
}
