import { randomUUID } from 'crypto';

/**
 * An EventBridge envelope of a CloudTrail management event, as EventBridge puts it on an
 * SQS queue (the message body) and the SQS events module publishes it.
 */
export function cloudTrailEvent(options: {
  eventName: string;
  account: string;
  bucket?: string;
  source?: 'aws.s3' | 'aws.iam';
  region?: string;
  errorCode?: string;
  readOnly?: boolean;
  requestParameters?: Record<string, unknown>;
}): Record<string, unknown> {
  const source = options.source ?? 'aws.s3';
  const region = options.region ?? 'eu-north-1';
  const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source,
    account: options.account,
    time,
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLE',
        arn: `arn:aws:iam::${options.account}:user/ops`,
        accountId: options.account,
        userName: 'ops',
      },
      eventTime: time,
      eventSource:
        source === 'aws.iam' ? 'iam.amazonaws.com' : 's3.amazonaws.com',
      eventName: options.eventName,
      awsRegion: region,
      sourceIPAddress: '203.0.113.7',
      userAgent: 'aws-cli/2.9.19',
      requestParameters:
        options.requestParameters ??
        (options.bucket
          ? {
              bucketName: options.bucket,
              Host: `${options.bucket}.s3.${region}.amazonaws.com`,
            }
          : null),
      responseElements: null,
      ...(options.errorCode
        ? { errorCode: options.errorCode, errorMessage: 'Access Denied' }
        : {}),
      requestID: 'EXAMPLE123',
      eventID: randomUUID(),
      readOnly: options.readOnly ?? false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: options.account,
      eventCategory: 'Management',
    },
  };
}
