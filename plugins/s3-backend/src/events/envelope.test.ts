import { cloudTrailEvent } from './__testUtils__/envelopes';
import {
  BUCKET_WRITE_EVENTS,
  IAM_ACCOUNT_EVENTS,
  parsePostureEvent,
} from './envelope';

const ACCOUNT = '111122223333';
const BUCKET = 'securecart-orders-production';

describe('parsePostureEvent', () => {
  it.each(BUCKET_WRITE_EVENTS)('%s re-assesses the bucket it names', name => {
    expect(
      parsePostureEvent(
        cloudTrailEvent({ eventName: name, account: ACCOUNT, bucket: BUCKET }),
      ),
    ).toEqual({
      kind: 'bucket',
      accountId: ACCOUNT,
      bucket: BUCKET,
      eventName: name,
      region: 'eu-north-1',
    });
  });

  it('counts bucket settings added to S3 later (PutBucketAnalyticsConfiguration) as bucket writes', () => {
    expect(
      parsePostureEvent(
        cloudTrailEvent({
          eventName: 'PutBucketAnalyticsConfiguration',
          account: ACCOUNT,
          bucket: BUCKET,
        }),
      ),
    ).toMatchObject({ kind: 'bucket', bucket: BUCKET });
  });

  it.each(['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'])(
    '%s re-assesses the account',
    name => {
      expect(
        parsePostureEvent(
          cloudTrailEvent({ eventName: name, account: ACCOUNT }),
        ),
      ).toEqual({ kind: 'account', accountId: ACCOUNT, eventName: name });
    },
  );

  it.each(IAM_ACCOUNT_EVENTS)('IAM %s re-assesses the account', name => {
    expect(
      parsePostureEvent(
        cloudTrailEvent({
          eventName: name,
          account: ACCOUNT,
          source: 'aws.iam',
        }),
      ),
    ).toEqual({ kind: 'account', accountId: ACCOUNT, eventName: name });
  });

  it('ignores failed calls: nothing changed', () => {
    expect(
      parsePostureEvent(
        cloudTrailEvent({
          eventName: 'PutBucketPolicy',
          account: ACCOUNT,
          bucket: BUCKET,
          errorCode: 'AccessDenied',
        }),
      ),
    ).toEqual({
      kind: 'ignored',
      reason: 'PutBucketPolicy failed (AccessDenied): nothing changed',
    });
  });

  it('ignores read-only calls, flagged or by name', () => {
    expect(
      parsePostureEvent(
        cloudTrailEvent({
          eventName: 'GetBucketPolicy',
          account: ACCOUNT,
          bucket: BUCKET,
          readOnly: true,
        }),
      ),
    ).toMatchObject({ kind: 'ignored' });
    expect(
      parsePostureEvent(
        cloudTrailEvent({ eventName: 'ListBuckets', account: ACCOUNT }),
      ),
    ).toMatchObject({ kind: 'ignored' });
  });

  it('ignores object calls, IAM calls that reach no bucket, other sources and detail-types', () => {
    for (const event of [
      cloudTrailEvent({
        eventName: 'PutObject',
        account: ACCOUNT,
        bucket: BUCKET,
      }),
      cloudTrailEvent({
        eventName: 'TagRole',
        account: ACCOUNT,
        source: 'aws.iam',
      }),
      {
        ...cloudTrailEvent({ eventName: 'RunInstances', account: ACCOUNT }),
        source: 'aws.ec2',
      },
      {
        ...cloudTrailEvent({
          eventName: 'PutBucketPolicy',
          account: ACCOUNT,
          bucket: BUCKET,
        }),
        'detail-type': 'Object Created',
      },
    ]) {
      expect(parsePostureEvent(event)).toMatchObject({ kind: 'ignored' });
    }
  });

  it('reads the envelope from a JSON string and from an SNS notification', () => {
    const event = cloudTrailEvent({
      eventName: 'PutBucketAcl',
      account: ACCOUNT,
      bucket: BUCKET,
    });
    expect(parsePostureEvent(JSON.stringify(event))).toMatchObject({
      kind: 'bucket',
      bucket: BUCKET,
    });
    expect(
      parsePostureEvent({
        Type: 'Notification',
        MessageId: 'x',
        Message: JSON.stringify(event),
      }),
    ).toMatchObject({ kind: 'bucket', bucket: BUCKET });
  });

  it.each([
    ['not JSON', '{"detail-type": ', 'the payload is not JSON'],
    ['an array', [1, 2], 'the payload is not a JSON object'],
    ['null', null, 'the payload is not a JSON object'],
    [
      'an envelope without detail',
      {
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.s3',
        account: ACCOUNT,
      },
      'not an EventBridge envelope of a CloudTrail event (detail: Required)',
    ],
    [
      'a detail without eventName',
      {
        ...cloudTrailEvent({ eventName: 'x', account: ACCOUNT }),
        detail: { readOnly: false },
      },
      'not an EventBridge envelope of a CloudTrail event (detail.eventName: Required)',
    ],
    [
      'an account id that is not 12 digits',
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: '1234',
        bucket: BUCKET,
      }),
      'the envelope account is not a 12-digit AWS account id',
    ],
    [
      'a bucket write without bucketName',
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: ACCOUNT,
        requestParameters: {},
      }),
      'a bucket write event without detail.requestParameters.bucketName',
    ],
    [
      'a bucket name S3 would refuse (no URL is built from it)',
      cloudTrailEvent({
        eventName: 'PutBucketPolicy',
        account: ACCOUNT,
        bucket: '../../etc/passwd',
      }),
      'a bucket write event naming an invalid bucket',
    ],
  ])('calls %s malformed, by a stable kind', (_what, payload, problem) => {
    expect(parsePostureEvent(payload)).toMatchObject({
      kind: 'malformed',
      problem,
    });
  });
});
