import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { FailingCheck, parseInventoryRef } from '@s3-posture/plugin-s3-common';
import { NotificationsConfig } from './config';
import { AssessedBucket } from '../posture/service/types';
import { ComparedVerdict, PostureChange, postureChange } from './postureChange';

/**
 * Tells a bucket's owners when its posture regresses or recovers, through Backstage's
 * notifications (one notification per bucket: the topic is the bucket's entity ref, so the
 * next change updates it). Sending never fails an assessment: without the notifications
 * backend, or when it is down, a warning is logged and the assessment stands.
 */
export class PostureNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      logger: LoggerService;
      config: NotificationsConfig;
    },
  ) {}

  private warned = false;

  /** Compares and, when the owners should hear of it, notifies them. */
  async assessed(bucket: AssessedBucket): Promise<void> {
    const { config, notifications, logger } = this.options;
    // Buckets no doc describes have no owners: only the configured recipients hear of them.
    const recipients = bucket.documented
      ? bucket.owners
      : config.undocumentedRecipients;
    if (!config.enabled || recipients.length === 0) return;
    const change = postureChange(
      bucket.previous,
      bucket.current,
      config.minSeverity,
    );
    if (!change) return;
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: notificationPayload(bucket, change),
      });
      this.warned = false;
    } catch (e) {
      // Logged once until sending works again: a missing notifications backend would
      // otherwise log on every assessment.
      if (!this.warned) {
        this.warned = true;
        logger.warn(
          `Could not notify the owners of ${bucket.entityRef} (is the notifications backend installed?): ${e}`,
        );
      }
    }
  }
}

/**
 * The bucket's name and where its posture is shown: the bucket entity's S3 tab, or for a
 * bucket no doc describes its page under the browse page (`/s3/inventory/<account>/<bucket>`).
 */
function nameAndLink(ref: string): { name: string; link: string } {
  const inventory = parseInventoryRef(ref);
  if (inventory) {
    return {
      name: inventory.bucket,
      link: `/s3/inventory/${inventory.accountId}/${encodeURIComponent(
        inventory.bucket,
      )}`,
    };
  }
  const entity = parseEntityRef(ref);
  return {
    name: entity.name,
    link: `/catalog/${encodeURIComponent(entity.namespace)}/${encodeURIComponent(
      entity.kind.toLowerCase(),
    )}/${encodeURIComponent(entity.name)}/s3`,
  };
}

/** Title, description, link and severity of the notification for a change. */
export function notificationPayload(
  bucket: {
    entityRef: string;
    bucket?: string;
    accountId?: string;
    current: ComparedVerdict;
  },
  change: PostureChange,
): NotificationPayload {
  const { name, link } = nameAndLink(bucket.entityRef);
  if (change.kind === 'missing') {
    // High: a deleted bucket's name can be created again by any account, and whatever
    // still writes to it (per the doc, something does) would write to that account.
    const where = bucket.accountId ? ` in account ${bucket.accountId}` : '';
    return {
      title: `${name} was not found in AWS`,
      description: `S3 answers ${change.error.code} for bucket ${
        bucket.bucket ?? name
      }${where}. It was deleted, or the doc names the wrong bucket or account: fix the doc's ARN or account, or delete the doc if the bucket is gone for good. It was ${change.from} when last assessed.`,
      link,
      severity: 'high',
      topic: bucket.entityRef,
      scope: bucket.entityRef,
    };
  }
  const now = `${bucket.current.status}${
    bucket.current.score === undefined ? '' : `, score ${bucket.current.score}`
  }`;
  const stillFailing = bucket.current.failingChecks;
  if (change.kind === 'regression') {
    const title =
      change.from === change.to
        ? `${name} has newly failing checks (still ${change.to})`
        : `${name} is now ${change.to}`;
    const failing = change.newlyFailing.length
      ? `Newly failing: ${list(change.newlyFailing)}.`
      : `Failing: ${list(stillFailing)}.`;
    return {
      title,
      description: `${failing} Now ${now} (was ${change.from}).`,
      link,
      severity: change.severity,
      topic: bucket.entityRef,
      scope: bucket.entityRef,
    };
  }
  const fixed = change.fixed.length ? `Fixed: ${list(change.fixed)}. ` : '';
  const remaining = stillFailing.length
    ? ` Still failing: ${list(stillFailing)}.`
    : '';
  return {
    title: `Resolved: ${name} is now ${change.to}`,
    description: `${fixed}Now ${now} (was ${change.from}).${remaining}`,
    link,
    severity: 'low',
    topic: bucket.entityRef,
    scope: bucket.entityRef,
  };
}

function list(checks: FailingCheck[]): string {
  return checks.map(c => `${c.title} (${c.id}, ${c.severity})`).join(', ');
}
