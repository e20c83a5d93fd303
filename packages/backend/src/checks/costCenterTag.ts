import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  S3PostureCheck,
  s3PostureChecksExtensionPoint,
} from '@s3-posture/plugin-s3-node';

/** The bucket tag finance charges storage back by. */
const TAG = 'cost-center';

/**
 * An example house rule, added the way an adopter adds one: a check object and a backend
 * module that hands it to the `s3` plugin through its extension point.
 */
export const costCenterTagCheck: S3PostureCheck = {
  id: 'cost-center-tag',
  title: 'Bucket carries a cost-center tag',
  description: `Passes when the bucket has a non-empty \`${TAG}\` tag.`,
  rationale:
    'Finance charges storage and requests back to the cost center on the bucket; an untagged bucket lands on the platform budget and nobody sees what it costs.',
  remediation: `Tag the bucket with its team's cost center. Keep its other tags: \`put-bucket-tagging\` replaces the whole set.

\`\`\`sh
aws s3api put-bucket-tagging --bucket <bucket> \\
  --tagging 'TagSet=[{Key=${TAG},Value=<cost-center>},{Key=team,Value=<team>}]'
\`\`\``,
  category: 'house',
  severity: 'low',
  profiles: ['house-rules', 'strict'],
  anchors: { guidance: ['Platform house rules: cost allocation tags'] },
  reads: ['tagging'],
  evaluate({ bucket }) {
    const { tagging } = bucket;
    if (tagging.status === 'error') {
      return {
        status: 'error',
        reason: `The bucket's tags could not be read (${tagging.code}): ${tagging.message}`,
      };
    }
    // `absent`: S3 answered NoSuchTagSet, the bucket has no tags at all.
    const value = tagging.status === 'ok' ? tagging.value[TAG]?.trim() : '';
    return value
      ? {
          status: 'pass',
          reason: `The bucket is tagged ${TAG}=${value}.`,
          evidence: { [TAG]: value },
        }
      : {
          status: 'fail',
          reason: `The bucket has no ${TAG} tag, so its cost lands on no team's budget.`,
          evidence: {
            tags: tagging.status === 'ok' ? Object.keys(tagging.value) : [],
          },
        };
  },
};

/** Adds {@link costCenterTagCheck} to the S3 posture plugin. */
export const costCenterTagModule = createBackendModule({
  pluginId: 's3',
  moduleId: 'cost-center-tag',
  register(reg) {
    reg.registerInit({
      deps: { checks: s3PostureChecksExtensionPoint },
      async init({ checks }) {
        checks.addChecks(costCenterTagCheck);
      },
    });
  },
});
