import { CheckEvaluators } from '../types';
import { fail, pass, undecided } from '../verdicts';
import { LOGGING, NOTIFICATIONS } from './settingNames';

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const loggingCheckEvaluators = {
  'server-access-logging': ({ bucket }) => {
    const logging = bucket.logging;
    if (logging.status === 'error') return undecided(LOGGING, logging);
    const targetBucket =
      logging.status === 'ok' ? logging.value.targetBucket : undefined;
    const targetPrefix =
      logging.status === 'ok' ? logging.value.targetPrefix : undefined;
    if (!targetBucket) {
      return fail(
        'Server access logging is off; send the logs to a central log bucket.',
        { loggingEnabled: false },
      );
    }
    const evidence = {
      loggingEnabled: true,
      targetBucket,
      targetPrefix: targetPrefix ?? '',
    };
    // Logs in the bucket itself loop and can be deleted along with the data they describe.
    if (targetBucket === bucket.bucket) {
      return fail(
        'Access logs go to the bucket itself; send them to a separate log bucket.',
        evidence,
      );
    }
    return pass(
      `Access logs go to bucket ${targetBucket}${targetPrefix ? ` under prefix ${targetPrefix}` : ''}.`,
      evidence,
    );
  },

  'event-notifications': ({ bucket }) => {
    const notifications = bucket.notifications;
    if (notifications.status === 'error') {
      return undecided(NOTIFICATIONS, notifications);
    }
    const { topics, queues, lambdaFunctions, eventBridge } =
      notifications.status === 'ok'
        ? notifications.value
        : { topics: 0, queues: 0, lambdaFunctions: 0, eventBridge: false };
    const evidence = { topics, queues, lambdaFunctions, eventBridge };
    const targets = [
      topics > 0 ? `${topics} SNS topic${topics === 1 ? '' : 's'}` : '',
      queues > 0 ? `${queues} SQS queue${queues === 1 ? '' : 's'}` : '',
      lambdaFunctions > 0
        ? `${lambdaFunctions} Lambda function${lambdaFunctions === 1 ? '' : 's'}`
        : '',
      eventBridge ? 'Amazon EventBridge' : '',
    ].filter(Boolean);
    if (targets.length > 0) {
      return pass(`Bucket events go to ${targets.join(', ')}.`, evidence);
    }
    return fail(
      'The bucket has no event notifications and EventBridge is off.',
      evidence,
    );
  },
} satisfies CheckEvaluators;
