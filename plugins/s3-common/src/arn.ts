/**
 * The AWS partitions an S3 ARN may name.
 *
 * @public
 */
export const AWS_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
/**
 * One of {@link AWS_PARTITIONS}.
 *
 * @public
 */
export type AwsPartition = (typeof AWS_PARTITIONS)[number];

/**
 * An S3 ARN, split into its parts. S3 ARNs carry no region or account.
 *
 * @public
 */
export interface S3Arn {
  partition: AwsPartition;
  bucket: string;
  /** The object key for object ARNs (`arn:aws:s3:::bucket/key`), else undefined. */
  key?: string;
}

/**
 * The result of {@link parseS3Arn}: the ARN, or why it is not an S3 ARN.
 *
 * @public
 */
export type S3ArnParseResult =
  { ok: true; arn: S3Arn } | { ok: false; error: string };

/**
 * Parses `arn:<partition>:s3:::<bucket>[/<key>]`.
 * Bucket naming rules are checked separately by {@link validateBucketName}.
 *
 * @public
 */
export function parseS3Arn(value: string): S3ArnParseResult {
  if (typeof value !== 'string' || !value.startsWith('arn:')) {
    return { ok: false, error: 'is not an ARN (it must start with "arn:")' };
  }
  const parts = value.split(':');
  if (parts.length < 6) {
    return {
      ok: false,
      error: 'is not a complete ARN (expected arn:<partition>:s3:::<bucket>)',
    };
  }
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (!(AWS_PARTITIONS as readonly string[]).includes(partition)) {
    return {
      ok: false,
      error: `names an unknown partition "${partition}" (expected one of ${AWS_PARTITIONS.join(', ')})`,
    };
  }
  if (service !== 's3') {
    return {
      ok: false,
      error: `is not an S3 ARN (its service is "${service}")`,
    };
  }
  if (region !== '' || account !== '') {
    return {
      ok: false,
      error:
        'is not an S3 bucket ARN: S3 ARNs carry no region or account (arn:<partition>:s3:::<bucket>)',
    };
  }
  if (resource === '') {
    return { ok: false, error: 'names no bucket' };
  }
  const slash = resource.indexOf('/');
  if (slash === -1) {
    return {
      ok: true,
      arn: { partition: partition as AwsPartition, bucket: resource },
    };
  }
  return {
    ok: true,
    arn: {
      partition: partition as AwsPartition,
      bucket: resource.slice(0, slash),
      key: resource.slice(slash + 1),
    },
  };
}

/**
 * The ARN of a bucket.
 *
 * @public
 */
export function formatS3BucketArn(
  bucket: string,
  partition: AwsPartition = 'aws',
): string {
  return `arn:${partition}:s3:::${bucket}`;
}

const CONSOLE_HOSTS: Record<AwsPartition, string> = {
  aws: 'https://s3.console.aws.amazon.com',
  'aws-cn': 'https://console.amazonaws.cn',
  'aws-us-gov': 'https://console.amazonaws-us-gov.com',
};

/**
 * The AWS console page of a bucket in its partition.
 *
 * @public
 */
export function s3ConsoleUrl(arn: S3Arn): string {
  return `${CONSOLE_HOSTS[arn.partition]}/s3/buckets/${encodeURIComponent(arn.bucket)}`;
}
