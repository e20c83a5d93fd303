import { admit } from '../http/admit';
import { World } from '../world';
import { EventQueue } from './EventQueue';

/** True for an SQS call in the AWS JSON protocol (`X-Amz-Target: AmazonSQS.<Action>`). */
export function isSqsRequest(request: Request): boolean {
  return (
    request.method === 'POST' &&
    (request.headers.get('x-amz-target') ?? '').startsWith('AmazonSQS.')
  );
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
  });
}

function sqsError(type: string, message: string, status = 400): Response {
  return new Response(
    JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }),
    {
      status,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': `AWS.SimpleQueueService.${type};Sender`,
      },
    },
  );
}

/**
 * The simulator's SQS queue in the JSON protocol the AWS SDK speaks (what
 * `@backstage/plugin-events-backend-module-aws-sqs` calls): ReceiveMessage with long
 * polling, DeleteMessage, DeleteMessageBatch, GetQueueAttributes, GetQueueUrl. Any queue URL
 * whose path ends in `/s3-posture-events` is that queue. Requests are counted like the
 * others, not checked for credentials (the simulator listens on loopback).
 */
export async function handleSqs(
  request: Request,
  world: World,
): Promise<Response> {
  const action = request.headers
    .get('x-amz-target')!
    .slice('AmazonSQS.'.length);
  await admit(world, { operation: `sqs:${action}` });
  let input: Record<string, any>;
  try {
    input = JSON.parse((await request.text()) || '{}');
  } catch {
    return sqsError('InvalidParameterValue', 'The request body is not JSON');
  }
  const queue = world.events;
  if (action === 'GetQueueUrl') {
    if (input.QueueName !== EventQueue.NAME) {
      return sqsError(
        'QueueDoesNotExist',
        'The specified queue does not exist.',
      );
    }
    return json({
      QueueUrl: `${new URL(request.url).origin}/${world.scenario.accounts[0]?.id ?? '000000000000'}/${EventQueue.NAME}`,
    });
  }
  const queueUrl = String(input.QueueUrl ?? '');
  if (!queueUrl.replace(/\/+$/, '').endsWith(`/${EventQueue.NAME}`)) {
    return sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
  }
  switch (action) {
    case 'ReceiveMessage': {
      const messages = await queue.receive({
        max: Number(input.MaxNumberOfMessages ?? 1),
        waitMs: Math.min(20, Number(input.WaitTimeSeconds ?? 0)) * 1000,
        visibilityMs: Number(input.VisibilityTimeout ?? 30) * 1000,
      });
      return json(messages.length > 0 ? { Messages: messages } : {});
    }
    case 'DeleteMessage':
      if (!queue.delete(String(input.ReceiptHandle ?? ''))) {
        return sqsError(
          'ReceiptHandleIsInvalid',
          'The receipt handle is not valid.',
        );
      }
      return json({});
    case 'DeleteMessageBatch': {
      const entries: Array<{ Id: string; ReceiptHandle: string }> =
        input.Entries ?? [];
      const successful: Array<{ Id: string }> = [];
      const failed: Array<Record<string, unknown>> = [];
      for (const entry of entries) {
        if (queue.delete(entry.ReceiptHandle))
          successful.push({ Id: entry.Id });
        else
          failed.push({
            Id: entry.Id,
            SenderFault: true,
            Code: 'ReceiptHandleIsInvalid',
            Message: 'The receipt handle is not valid.',
          });
      }
      return json({ Successful: successful, Failed: failed });
    }
    case 'GetQueueAttributes': {
      const { visible, inFlight } = queue.counts();
      return json({
        Attributes: {
          ApproximateNumberOfMessages: String(visible),
          ApproximateNumberOfMessagesNotVisible: String(inFlight),
          ReceiveMessageWaitTimeSeconds: '0',
          VisibilityTimeout: '30',
        },
      });
    }
    default:
      return sqsError(
        'InvalidAction',
        `The action ${action} is not valid for this endpoint.`,
      );
  }
}
