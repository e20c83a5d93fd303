import fc from 'fast-check';
import { formatS3BucketArn, parseS3Arn, s3ConsoleUrl } from './arn';

describe('parseS3Arn', () => {
  it.each([
    ['arn:aws:s3:::my-bucket', { partition: 'aws', bucket: 'my-bucket' }],
    ['arn:aws-cn:s3:::cn-bucket', { partition: 'aws-cn', bucket: 'cn-bucket' }],
    [
      'arn:aws-us-gov:s3:::gov-bucket',
      { partition: 'aws-us-gov', bucket: 'gov-bucket' },
    ],
    [
      'arn:aws:s3:::my-bucket/a/b:c.txt',
      { partition: 'aws', bucket: 'my-bucket', key: 'a/b:c.txt' },
    ],
    [
      'arn:aws:s3:::my-bucket/',
      { partition: 'aws', bucket: 'my-bucket', key: '' },
    ],
  ])('parses %s', (arn, expected) => {
    expect(parseS3Arn(arn)).toEqual({ ok: true, arn: expected });
  });

  it.each([
    ['my-bucket', /is not an ARN/],
    ['arn:aws:s3', /not a complete ARN/],
    [
      'arn:aws:dynamodb:eu-north-1:111122223333:table/orders',
      /not an S3 ARN \(its service is "dynamodb"\)/,
    ],
    [
      'arn:aws:s3:eu-north-1:111122223333:accesspoint/ap',
      /carry no region or account/,
    ],
    ['arn:aws-mars:s3:::b', /unknown partition/],
    ['arn:aws:s3:::', /names no bucket/],
  ])('refuses %s', (arn, message) => {
    const result = parseS3Arn(arn);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('round-trips bucket ARNs and never throws (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('aws', 'aws-cn', 'aws-us-gov' as const),
        fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
        (partition, bucket) => {
          expect(parseS3Arn(formatS3BucketArn(bucket, partition))).toEqual({
            ok: true,
            arn: { partition, bucket },
          });
        },
      ),
    );
    fc.assert(
      fc.property(fc.string(), text => {
        const result = parseS3Arn(text);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

describe('s3ConsoleUrl', () => {
  it('links to the console of the partition', () => {
    expect(s3ConsoleUrl({ partition: 'aws', bucket: 'b1' })).toBe(
      'https://s3.console.aws.amazon.com/s3/buckets/b1',
    );
    expect(s3ConsoleUrl({ partition: 'aws-cn', bucket: 'b1' })).toBe(
      'https://console.amazonaws.cn/s3/buckets/b1',
    );
  });
});
