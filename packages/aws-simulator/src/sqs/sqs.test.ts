import {
  DeleteBucketPolicyCommand,
  GetBucketVersioningCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { RunningAwsSimulator, startAwsSimulator } from '../server';
import { EXAMPLE_SCENARIO_PATH, PRODUCTION } from '../testUtils';

/*
 * Issue 17, local portal: the simulator applies the bucket writes the AWS CLI makes and puts
 * each one's CloudTrail envelope on its own SQS queue, served in the SQS JSON protocol
 * (what the AWS SDK, and so @backstage/plugin-events-backend-module-aws-sqs, speaks).
 */

const BUCKET = 'securecart-transaction-logs-production';

describe('bucket writes and the SQS queue of their CloudTrail events', () => {
  let simulator: RunningAwsSimulator;
  let s3: S3Client;

  const sqs = async (action: string, input: Record<string, unknown>) => {
    const res = await fetch(simulator.url, {
      method: 'POST',
      headers: {
        'x-amz-target': `AmazonSQS.${action}`,
        'content-type': 'application/x-amz-json-1.0',
      },
      body: JSON.stringify({ QueueUrl: simulator.queueUrl, ...input }),
    });
    return { status: res.status, body: await res.json() };
  };
  const receive = async (wait = 0) =>
    (
      await sqs('ReceiveMessage', {
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: wait,
      })
    ).body.Messages ?? [];
  const drain = async (): Promise<any[]> => {
    const messages = await receive();
    if (messages.length > 0) {
      await sqs('DeleteMessageBatch', {
        Entries: messages.map((m: any, i: number) => ({
          Id: String(i),
          ReceiptHandle: m.ReceiptHandle,
        })),
      });
    }
    return messages.map((m: any) => JSON.parse(m.Body));
  };

  beforeAll(async () => {
    simulator = await startAwsSimulator({ scenario: EXAMPLE_SCENARIO_PATH });
    s3 = new S3Client({
      endpoint: simulator.url,
      forcePathStyle: true,
      // The AWS CLI signs for its default region, not the bucket's.
      region: 'us-east-1',
      credentials: {
        accessKeyId: PRODUCTION.accessKeyId,
        secretAccessKey: 'simulated',
      },
      maxAttempts: 1,
      // Reads must go to the bucket's region (writes are let through from any).
      followRegionRedirects: true,
    });
  });

  afterAll(async () => {
    s3?.destroy();
    await simulator?.stop();
  });

  it('applies put-bucket-versioning and queues its envelope', async () => {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: BUCKET,
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    const read = await s3.send(
      new GetBucketVersioningCommand({ Bucket: BUCKET }),
    );
    expect(read.Status).toBe('Suspended');
    expect(read.MFADelete).toBe('Enabled'); // untouched

    const messages = await receive();
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message.MD5OfBody).toBe(
      createHash('md5').update(message.Body).digest('hex'),
    );
    expect(JSON.parse(message.Body)).toMatchObject({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.s3',
      account: PRODUCTION.accountId,
      region: 'eu-north-1',
      detail: {
        eventName: 'PutBucketVersioning',
        requestParameters: { bucketName: BUCKET },
        readOnly: false,
        userIdentity: { accessKeyId: PRODUCTION.accessKeyId },
      },
    });
    expect(simulator.stats.byOperation['s3:PutBucketVersioning']).toBe(1);

    // Received, not deleted: hidden for the visibility timeout; deleted: gone.
    expect(await receive()).toEqual([]);
    const del = await sqs('DeleteMessageBatch', {
      Entries: [{ Id: 'a', ReceiptHandle: message.ReceiptHandle }],
    });
    expect(del.body).toEqual({ Successful: [{ Id: 'a' }], Failed: [] });
    expect(
      (await sqs('GetQueueAttributes', { AttributeNames: ['All'] })).body
        .Attributes,
    ).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('names each write as CloudTrail does', async () => {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: BUCKET,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      }),
    );
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${BUCKET}/*`,
            },
          ],
        }),
      }),
    );
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    expect((await drain()).map(e => e.detail.eventName)).toEqual([
      'PutBucketPublicAccessBlock',
      'PutBucketPolicy',
      'DeleteBucketPolicy',
    ]);
  });

  it('refuses a policy that is not JSON, and queues nothing for it', async () => {
    await expect(
      s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: '{nope' })),
    ).rejects.toMatchObject({ name: 'MalformedPolicy' });
    expect(await drain()).toEqual([]);
  });

  it('long polling returns as soon as a write arrives', async () => {
    const started = Date.now();
    const polled = receive(5);
    await new Promise(r => setTimeout(r, 300));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: BUCKET,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const messages = await polled;
    expect(messages).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3000);
    await sqs('DeleteMessage', { ReceiptHandle: messages[0].ReceiptHandle });
  });

  it('answers an unknown queue as SQS does', async () => {
    const res = await fetch(simulator.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonSQS.ReceiveMessage',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: JSON.stringify({ QueueUrl: `${simulator.url}/1/other-queue` }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).__type).toBe(
      'com.amazonaws.sqs#QueueDoesNotExist',
    );
  });
});
