import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How the plugin talks to AWS (config `s3.endpoint`, `s3.forcePathStyle`, `s3.aws.*`). */
export interface AwsSettings {
  /** Endpoint override for S3, S3 Control, IAM and STS (S3-compatible servers, the simulator). */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Attempts per call, the first included (SDK adaptive retry mode). */
  maxAttempts: number;
  /** Socket inactivity timeout of every attempt. */
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  /** Calls in flight at once, all accounts together. */
  concurrency: number;
  /** Calls in flight at once per account (AWS throttles per account). */
  accountConcurrency: number;
  /** Region for global calls: IAM, STS, ListBuckets, GetBucketLocation. */
  defaultRegion: string;
}

export const DEFAULT_AWS_SETTINGS: AwsSettings = {
  forcePathStyle: false,
  maxAttempts: 5,
  requestTimeoutMs: 10_000,
  connectionTimeoutMs: 5_000,
  concurrency: 20,
  accountConcurrency: 10,
  defaultRegion: 'us-east-1',
};

function positiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(
      `s3.aws.${key} must be a positive whole number, got ${value}`,
    );
  }
  return value;
}

function readEndpoint(config: Config): string | undefined {
  const endpoint = config.getOptionalString('s3.endpoint');
  if (endpoint === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(
      `s3.endpoint must be a URL such as http://localhost:4566, got "${endpoint}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `s3.endpoint must be an http or https URL, got "${endpoint}"`,
    );
  }
  return endpoint.replace(/\/+$/, '');
}

export function readAwsSettings(config: Config): AwsSettings {
  const aws = config.getOptionalConfig('s3.aws');
  const endpoint = readEndpoint(config);
  const d = DEFAULT_AWS_SETTINGS;
  return {
    endpoint,
    // A local endpoint has no per-bucket host names, so path style is the useful default there.
    forcePathStyle:
      config.getOptionalBoolean('s3.forcePathStyle') ?? endpoint !== undefined,
    maxAttempts: positiveInteger(aws, 'maxAttempts', d.maxAttempts),
    requestTimeoutMs: positiveInteger(
      aws,
      'requestTimeoutMs',
      d.requestTimeoutMs,
    ),
    connectionTimeoutMs: positiveInteger(
      aws,
      'connectionTimeoutMs',
      d.connectionTimeoutMs,
    ),
    concurrency: positiveInteger(aws, 'concurrency', d.concurrency),
    accountConcurrency: positiveInteger(
      aws,
      'accountConcurrency',
      d.accountConcurrency,
    ),
    defaultRegion: aws?.getOptionalString('defaultRegion') ?? d.defaultRegion,
  };
}
