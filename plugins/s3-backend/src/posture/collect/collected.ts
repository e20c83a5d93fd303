import { Collected } from '@s3-posture/plugin-s3-node';

/** AWS's "this setting is not configured" answers (DESIGN §4): data, not errors. */
export const NOT_CONFIGURED_CODES: ReadonlySet<string> = new Set([
  'NoSuchBucketPolicy',
  'NoSuchPublicAccessBlockConfiguration',
  'OwnershipControlsNotFoundError',
  'ObjectLockConfigurationNotFoundError',
  'NoSuchLifecycleConfiguration',
  'ReplicationConfigurationNotFoundError',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchCORSConfiguration',
  'NoSuchTagSet',
]);

/** Names the SDK gives errors whose body it could not read; the HTTP status says more. */
const VAGUE_NAMES = new Set(['Error', 'Unknown', 'UnknownError']);

/** The AWS error code of a failed call (`err.name` for SDK errors), made useful when vague. */
export function errorCodeOf(error: unknown): string {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  return VAGUE_NAMES.has(name) && status ? `HTTP${status}` : name;
}

export function errorMessageOf(error: unknown): string {
  const message = (error as { message?: string })?.message;
  return message && message !== 'UnknownError'
    ? message
    : 'The call failed without a message';
}

/** A failed call as collected data: `absent` when AWS said "not configured", else `error`. */
export function collectedFromError<T>(error: unknown): Collected<T> {
  const code = errorCodeOf(error);
  if (NOT_CONFIGURED_CODES.has(code)) {
    return { status: 'absent', code };
  }
  return { status: 'error', code, message: errorMessageOf(error) };
}

/** Runs one call and maps its answer; never throws, so one call never fails a whole bucket. */
export async function collect<O, T>(
  run: () => Promise<O>,
  map: (output: O) => T,
): Promise<Collected<T>> {
  let output: O;
  try {
    output = await run();
  } catch (error) {
    return collectedFromError(error);
  }
  try {
    return { status: 'ok', value: map(output) };
  } catch (error) {
    return {
      status: 'error',
      code: 'UnexpectedResponse',
      message: errorMessageOf(error),
    };
  }
}
