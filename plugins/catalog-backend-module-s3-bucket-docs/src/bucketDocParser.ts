import {
  CatalogProcessorParser,
  CatalogProcessorResult,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  BucketEntityOptions,
  MAX_BUCKET_DOC_BYTES,
  bucketDocToEntity,
  parseBucketDoc,
} from '@s3-posture/plugin-s3-common';

/** True for locations that point at markdown: `.md` or `.markdown`, a URL's query and fragment aside. */
export function isMarkdownLocation(location: LocationSpec): boolean {
  // `?` and `#` are ordinary characters in file names, so only URLs lose them.
  const path =
    location.type === 'url'
      ? location.target.split(/[?#]/)[0]
      : location.target;
  return /\.(md|markdown)$/i.test(path);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The bucket-doc parser: a markdown file becomes a `Resource` entity of type `s3-bucket`.
 * It is not the catalog's entity data parser: `S3BucketDocProcessor` reads markdown
 * locations and calls it, so every other file keeps going through the catalog's own
 * parser. One bad doc yields errors that name the file and the field; it never throws.
 */
export function createBucketDocParser(
  options: BucketEntityOptions = {},
): CatalogProcessorParser {
  return async function* bucketDocParser({ data, location }) {
    yield* parseMarkdown(data, location, options);
  };
}

function* parseMarkdown(
  data: Buffer,
  location: LocationSpec,
  options: BucketEntityOptions,
): Iterable<CatalogProcessorResult> {
  const file = location.target;
  const fail = (field: string, message: string) =>
    processingResult.inputError(location, `${file}: ${field}: ${message}`);

  // Refuse oversized files before decoding them.
  if (data.length > MAX_BUCKET_DOC_BYTES) {
    yield fail(
      '(file)',
      `is ${data.length} bytes; bucket docs may be at most ${MAX_BUCKET_DOC_BYTES} bytes (256 KiB)`,
    );
    return;
  }
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    yield fail('(file)', 'is not valid UTF-8 text');
    return;
  }

  const result = parseBucketDoc(text);
  if (result.kind === 'skipped') {
    // A doc about another AWS service: someone else's, not an error.
    return;
  }
  if (result.kind === 'invalid') {
    for (const error of result.errors) {
      yield fail(error.field, error.message);
    }
    return;
  }
  try {
    yield processingResult.entity(
      location,
      bucketDocToEntity(result.doc, options),
    );
  } catch (e) {
    yield fail(
      '(document)',
      `could not be turned into an entity: ${e.message}`,
    );
  }
}
