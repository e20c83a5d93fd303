import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { S3BucketDocProcessor } from './S3BucketDocProcessor';

/**
 * Catalog module that ingests S3 bucket docs (markdown with YAML frontmatter)
 * registered as ordinary `file` or `url` locations, as `Resource` entities of type
 * `s3-bucket`. It adds a processor that reads markdown locations itself; the catalog's
 * entity data parser is left alone, for Backstage's default or another module's.
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
        processing: catalogProcessingExtensionPoint,
      },
      async init({ config, reader, processing }) {
        const ownerDefaultKind =
          config.getOptionalString('s3.catalog.ownerDefaultKind') ?? 'group';
        processing.addProcessor(
          new S3BucketDocProcessor({
            reader,
            entityOptions: { ownerDefaultKind },
          }),
        );
      },
    });
  },
});
