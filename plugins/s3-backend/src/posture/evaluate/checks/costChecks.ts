import { CheckEvaluators } from '../types';
import { fail, notApplicable, pass, undecided } from '../verdicts';
import {
  INTELLIGENT_TIERING,
  LIFECYCLE,
  REQUEST_PAYMENT,
  TAGGING,
  VERSIONING,
} from './settingNames';

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const costCheckEvaluators = {
  'lifecycle-configured': ({ bucket }) => {
    const lifecycle = bucket.lifecycle;
    if (lifecycle.status === 'error') return undecided(LIFECYCLE, lifecycle);
    if (lifecycle.status === 'absent') {
      return fail(
        `The bucket has no lifecycle rules (${lifecycle.code}); add one to expire or transition old data.`,
        { lifecycle: 'not configured', awsCode: lifecycle.code },
      );
    }
    const rules = lifecycle.value.rules ?? [];
    const enabled = rules.filter(r => r.status === 'Enabled');
    const evidence = {
      ruleCount: rules.length,
      enabledRules: enabled.map(r => r.id ?? '(unnamed)'),
    };
    if (enabled.length > 0) {
      return pass(
        `${enabled.length} of ${rules.length} lifecycle rules ${enabled.length === 1 ? 'is' : 'are'} Enabled.`,
        evidence,
      );
    }
    return fail(
      rules.length === 0
        ? 'The lifecycle configuration has no rules.'
        : `All ${rules.length} lifecycle rules are Disabled; enable one.`,
      evidence,
    );
  },

  'versioned-lifecycle': ({ bucket }) => {
    const versioning = bucket.versioning;
    if (versioning.status === 'error') {
      return undecided(VERSIONING, versioning);
    }
    // Suspended buckets still hold the noncurrent versions made while versioning was on.
    const status =
      (versioning.status === 'ok' && versioning.value.status) ||
      'Never enabled';
    if (status === 'Never enabled') {
      return notApplicable(
        'Versioning was never enabled, so the bucket has no noncurrent versions to expire.',
        { versioning: status },
      );
    }
    const lifecycle = bucket.lifecycle;
    if (lifecycle.status === 'error') {
      return undecided(LIFECYCLE, lifecycle, { versioning: status });
    }
    if (lifecycle.status === 'absent') {
      return fail(
        `Versioning is ${status} but the bucket has no lifecycle rules (${lifecycle.code}), so noncurrent versions are kept forever.`,
        {
          versioning: status,
          lifecycle: 'not configured',
          awsCode: lifecycle.code,
        },
      );
    }
    const rule = (lifecycle.value.rules ?? []).find(
      r =>
        r.status === 'Enabled' &&
        r.noncurrentVersionExpirationDays !== undefined &&
        r.noncurrentVersionExpirationDays !== null,
    );
    if (rule) {
      return pass(
        `Lifecycle rule ${rule.id ? `'${rule.id}' ` : ''}expires noncurrent versions after ${rule.noncurrentVersionExpirationDays} days.`,
        {
          versioning: status,
          rule: rule.id ?? '(unnamed)',
          noncurrentVersionExpirationDays: rule.noncurrentVersionExpirationDays,
        },
      );
    }
    return fail(
      `Versioning is ${status} but no Enabled lifecycle rule expires noncurrent versions, so they are kept forever.`,
      { versioning: status, noncurrentVersionExpirationDays: null },
    );
  },

  'intelligent-tiering': ({ bucket }) => {
    const tiering = bucket.intelligentTiering;
    if (tiering.status === 'error') {
      return undecided(INTELLIGENT_TIERING, tiering);
    }
    const configurations =
      tiering.status === 'ok' ? (tiering.value.configurations ?? []) : [];
    const evidence = {
      configurations: configurations.map(c => ({ id: c.id, status: c.status })),
    };
    if (configurations.length === 0) {
      return fail(
        'The bucket has no Intelligent-Tiering configuration.',
        evidence,
      );
    }
    const enabled = configurations.filter(c => c.status === 'Enabled');
    // The catalog asks only that a configuration exists; say so when none is in force.
    return pass(
      enabled.length > 0
        ? `Intelligent-Tiering configuration ${enabled.map(c => `'${c.id}'`).join(', ')} is Enabled.`
        : `Intelligent-Tiering configuration ${configurations.map(c => `'${c.id}'`).join(', ')} exists but is Disabled.`,
      evidence,
    );
  },

  'requester-pays-scoped': ({ bucket }, settings) => {
    const payment = bucket.requestPayment;
    if (payment.status === 'error') {
      return undecided(REQUEST_PAYMENT, payment);
    }
    // No Requester Pays answer means the default: the bucket owner pays.
    const payer = payment.status === 'ok' ? payment.value.payer : 'BucketOwner';
    const { key, value } = settings.publicDatasetTag;
    const marker = `${key}=${value}`;
    const tagging = bucket.tagging;
    // NoSuchTagSet: the bucket has no tags at all.
    const tags = tagging.status === 'ok' ? tagging.value : {};
    const isPublicDataset = tagging.status !== 'error' && tags[key] === value;

    if (payer === 'Requester') {
      if (tagging.status === 'error') {
        return undecided(TAGGING, tagging, { payer, publicDatasetTag: marker });
      }
      const evidence = {
        payer,
        publicDatasetTag: marker,
        taggedAsPublicDataset: isPublicDataset,
      };
      return isPublicDataset
        ? pass(
            `Requester Pays is on and the bucket is tagged ${marker} as a public dataset.`,
            evidence,
          )
        : fail(
            `Requester Pays is on but the bucket is not tagged ${marker} as a public dataset; turn it off or tag the bucket.`,
            evidence,
          );
    }

    // The owner paying is always acceptable; the tags only add a note.
    if (tagging.status === 'error') {
      return pass(
        'The bucket owner pays for requests (Requester Pays is off).',
        {
          payer,
        },
      );
    }
    const evidence = {
      payer,
      publicDatasetTag: marker,
      taggedAsPublicDataset: isPublicDataset,
    };
    return pass(
      isPublicDataset
        ? `The bucket owner pays although the bucket is tagged ${marker}; Requester Pays would bill the dataset's downloaders instead.`
        : 'The bucket owner pays for requests (Requester Pays is off).',
      evidence,
    );
  },
} satisfies CheckEvaluators;
