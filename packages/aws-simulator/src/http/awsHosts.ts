export type AwsService = 's3' | 's3control' | 'iam' | 'sts';

const S3_HOST = /^(?:(.+)\.)?s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

/** Which simulated service a real AWS host name belongs to (none for other hosts). */
export function awsServiceOfHost(hostname: string): AwsService | undefined {
  const host = hostname.toLowerCase();
  if (!/\.amazonaws\.com(\.cn)?$/.test(host)) return undefined;
  if (/^iam[.-]/.test(host)) return 'iam';
  if (/^sts[.-]/.test(host)) return 'sts';
  if (/(^|\.)s3-control[.-]/.test(host)) return 's3control';
  if (S3_HOST.test(host)) return 's3';
  return undefined;
}

/** The bucket of a virtual-hosted-style S3 host (`bucket.s3.eu-north-1.amazonaws.com`). */
export function bucketOfHost(hostname: string): string | undefined {
  return S3_HOST.exec(hostname.toLowerCase())?.[1];
}
