import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModelExtensionPoint } from '@backstage/plugin-catalog-node/alpha';
import { createBucketDocParser } from './bucketDocParser';
import { S3BucketDocProcessor } from './S3BucketDocProcessor';

/**
 * Catalog module that ingests S3 bucket docs (markdown with YAML frontmatter)
 * registered as ordinary `file` or `url` locations, as `Resource` entities of type
 * `s3-bucket`.
 *
 * @public
 */
export const catalogModuleS3BucketDocs = createBackendModule({
  pluginId: 'catalog',
  moduleId: 's3-bucket-docs',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
        model: catalogModelExtensionPoint,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, reader, model, processing }) {
        const ownerDefaultKind =
          config.getOptionalString('s3.catalog.ownerDefaultKind') ?? 'group';
        // The catalog has one entity data parser: ours reads markdown bucket docs and
        // hands every other file to the standard YAML parser.
        model.setEntityDataParser(createBucketDocParser({ ownerDefaultKind }));
        processing.addProcessor(new S3BucketDocProcessor(reader));
      },
    });
  },
});
