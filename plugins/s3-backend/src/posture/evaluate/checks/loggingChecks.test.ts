import { loggingCheckEvaluators } from './loggingChecks';
import { BUCKET, callFailed, makeInput, makeSettings, ok } from './testInput';
import { CheckEvaluator } from '../types';
import { PostureInput } from '@s3-posture/plugin-s3-node';

function evaluate(
  id: keyof typeof loggingCheckEvaluators,
  input: PostureInput,
) {
  // Widened to the engine's signature: the settings argument is part of the contract.
  const evaluator: CheckEvaluator = loggingCheckEvaluators[id];
  return evaluator(input, makeSettings());
}

describe('server-access-logging', () => {
  it('passes when logs go to another bucket', () => {
    const verdict = evaluate('server-access-logging', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(
      /Access logs go to bucket central-logs under prefix orders-production\//,
    );
    expect(verdict.evidence).toEqual({
      loggingEnabled: true,
      targetBucket: 'central-logs',
      targetPrefix: `${BUCKET}/`,
    });
  });

  it('fails when logging is off', () => {
    const verdict = evaluate(
      'server-access-logging',
      makeInput({ bucket: { logging: ok({}) } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/Server access logging is off/);
    expect(verdict.evidence).toEqual({ loggingEnabled: false });
  });

  it('fails when logs go to the bucket itself', () => {
    const verdict = evaluate(
      'server-access-logging',
      makeInput({
        bucket: {
          logging: ok({ targetBucket: BUCKET, targetPrefix: 'logs/' }),
        },
      }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/Access logs go to the bucket itself/);
    expect(verdict.evidence).toEqual({
      loggingEnabled: true,
      targetBucket: BUCKET,
      targetPrefix: 'logs/',
    });
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate(
      'server-access-logging',
      makeInput({ bucket: { logging: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/s3:GetBucketLogging.*AccessDenied/);
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});

describe('event-notifications', () => {
  const none = { topics: 0, queues: 0, lambdaFunctions: 0, eventBridge: false };

  it('passes with a queue', () => {
    const verdict = evaluate('event-notifications', makeInput());
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/events go to 1 SQS queue/);
    expect(verdict.evidence).toEqual({ ...none, queues: 1 });
  });

  it('passes with EventBridge alone', () => {
    const verdict = evaluate(
      'event-notifications',
      makeInput({
        bucket: { notifications: ok({ ...none, eventBridge: true }) },
      }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.reason).toMatch(/Amazon EventBridge/);
    expect(verdict.evidence).toEqual({ ...none, eventBridge: true });
  });

  it('fails with nothing configured', () => {
    const verdict = evaluate(
      'event-notifications',
      makeInput({ bucket: { notifications: ok(none) } }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(
      /no event notifications and EventBridge is off/,
    );
    expect(verdict.evidence).toEqual(none);
  });

  it('is undecided when the call failed', () => {
    const verdict = evaluate(
      'event-notifications',
      makeInput({ bucket: { notifications: callFailed() } }),
    );
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/s3:GetBucketNotification.*AccessDenied/);
    expect(verdict.evidence).toEqual({ errorCode: 'AccessDenied' });
  });
});
