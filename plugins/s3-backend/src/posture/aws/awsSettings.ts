/**
 * How the plugin talks to AWS (config `s3.endpoint`, `s3.forcePathStyle`, `s3.aws.*`,
 * read by `readS3Config` in ../config.ts).
 */
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
