import { CheckId } from '@s3-posture/plugin-s3-common';
import { BucketLocation } from '../collect/locate';
import {
  BUCKET_OPERATIONS,
  ExampleAssessor,
  Judgement,
  Outcome,
  exampleDocs,
  judge,
} from '../__testUtils__/assessExamples';
import { useSimulatedAws } from '../__testUtils__/simulatedAws';
import { SETTINGS_READ_BY_CHECK } from '../evaluate/settingsRead';
import { BUCKET_SETTINGS } from '@s3-posture/plugin-s3-node';

// DESIGN §13, issue 8: AccessDenied on each collected call in turn. Only the checks that
// read that call may turn to `error` (naming AccessDenied); every other check of every
// example bucket keeps its fault-free verdict word for word.

jest.setTimeout(60_000);

/**
 * Which checks read each call (DESIGN §5). `always`: the check cannot be decided without
 * it, on any bucket. `maybe`: it needs the call only on some buckets (an ACL matters only
 * while ACLs are enabled; Block Public Access or a readable ACL can settle public access on
 * its own; a policy that could deny a user matters only for users with keys or wildcards).
 */
const READ_BY: Record<string, { always: CheckId[]; maybe?: CheckId[] }> = {
  's3:GetPublicAccessBlock': {
    always: ['bucket-public-access-block'],
    maybe: ['no-public-read', 'no-public-write'],
  },
  's3:GetBucketPolicy': {
    always: [
      'no-cross-account-sensitive-actions',
      'presigned-url-age-limited',
      'tls-only',
      'tls-minimum-version',
      'private-network-only',
    ],
    maybe: [
      'no-public-read',
      'no-public-write',
      'iam-least-privilege',
      'iam-keys-rotated',
      'iam-unused-credentials',
    ],
  },
  // Collected for the evidence; every verdict is reached from the policy itself.
  's3:GetBucketPolicyStatus': { always: [] },
  's3:GetBucketAcl': {
    always: [],
    maybe: [
      'no-public-read',
      'no-public-write',
      'no-cross-account-sensitive-actions',
    ],
  },
  's3:GetBucketOwnershipControls': {
    always: ['acls-disabled'],
    maybe: [
      'no-public-read',
      'no-public-write',
      'no-cross-account-sensitive-actions',
    ],
  },
  's3:GetBucketEncryption': {
    always: ['default-encryption', 'kms-encryption'],
    maybe: ['cross-region-replication'],
  },
  's3:GetBucketVersioning': {
    always: ['versioning-enabled', 'mfa-delete-enabled', 'versioned-lifecycle'],
  },
  's3:GetObjectLockConfiguration': { always: ['object-lock-enabled'] },
  's3:GetBucketLogging': { always: ['server-access-logging'] },
  's3:GetBucketLifecycleConfiguration': {
    always: ['lifecycle-configured'],
    // Not applicable without versioning, whatever the lifecycle.
    maybe: ['versioned-lifecycle'],
  },
  's3:GetBucketReplication': { always: ['cross-region-replication'] },
  's3:GetBucketCors': { always: ['cors-restricted'] },
  's3:GetBucketRequestPayment': { always: ['requester-pays-scoped'] },
  // The public-dataset tag matters only on a Requester Pays bucket.
  's3:GetBucketTagging': { always: [], maybe: ['requester-pays-scoped'] },
  's3:GetBucketNotificationConfiguration': { always: ['event-notifications'] },
  's3:ListBucketIntelligentTieringConfigurations': {
    always: ['intelligent-tiering'],
  },
  // The region of each replication destination (the bucket's own is located beforehand).
  's3:GetBucketLocation': { always: [], maybe: ['cross-region-replication'] },
  's3control:GetPublicAccessBlock': {
    always: ['account-public-access-block'],
    maybe: ['no-public-read', 'no-public-write'],
  },
  'iam:GetAccountAuthorizationDetails': {
    always: [
      'iam-least-privilege',
      'iam-keys-rotated',
      'iam-unused-credentials',
      'dedicated-iam-user',
    ],
  },
  'iam:GenerateCredentialReport': {
    always: ['iam-keys-rotated', 'iam-unused-credentials'],
    // Decided without the report where no IAM user is named like the bucket.
    maybe: ['dedicated-iam-user'],
  },
  'iam:GetCredentialReport': {
    always: ['iam-keys-rotated', 'iam-unused-credentials'],
    maybe: ['dedicated-iam-user'],
  },
};

/** Every call the collectors make for a bucket and its account (DESIGN §4). */
const CALLS = [
  ...BUCKET_OPERATIONS,
  's3:GetBucketLocation',
  's3control:GetPublicAccessBlock',
  'iam:GetAccountAuthorizationDetails',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
];

/**
 * `maybe` dependencies no example bucket exercises, kept in the table because the
 * evaluators do read the call for them: no example has a public write grant for Block Public
 * Access to neutralise, nor an ACL that matters while Object Ownership is unknown, and the one
 * replicated bucket without replica keys fails replication whatever its encryption.
 */
const UNSEEN: Record<string, CheckId[]> = {
  's3:GetPublicAccessBlock': ['no-public-write'],
  's3:GetBucketOwnershipControls': [
    'no-public-read',
    'no-public-write',
    'no-cross-account-sensitive-actions',
  ],
  's3:GetBucketEncryption': ['cross-region-replication'],
  's3control:GetPublicAccessBlock': ['no-public-write'],
};

const docs = exampleDocs();
const assessor = new ExampleAssessor({ maxAttempts: 1 });
let locations: Map<string, BucketLocation>;
let baseline: Outcome[];
const runs: Array<{ call: string } & Judgement> = [];

describe('AccessDenied on each collected call in turn (DESIGN §13)', () => {
  const aws = useSimulatedAws();

  beforeAll(async () => {
    locations = await assessor.locateAll(docs);
    baseline = await assessor.assessAll(docs, locations);
  });

  afterAll(() => {
    const sum = (key: 'assessments' | 'checks' | 'errors' | 'falseFails') =>
      runs.reduce((n, r) => n + r[key], 0);
    // eslint-disable-next-line no-console
    console.info(
      `AccessDenied matrix: ${runs.length} calls denied in turn, ${sum('assessments')} assessments, ${sum('checks')} checks, ${sum('errors')} errors, ${sum('falseFails')} false fails`,
    );
  });

  it('covers every call the collectors make, and the baseline decided every check', () => {
    expect(Object.keys(READ_BY).sort()).toEqual([...CALLS].sort());
    expect(
      baseline.flatMap(o =>
        'checks' in o
          ? o.checks.filter(c => c.status === 'error').map(c => c.id)
          : [o.failure],
      ),
    ).toEqual([]);
  });

  it("the collector fetches each bucket call for every check that reads it (the collector's own table)", () => {
    // SETTINGS_READ_BY_CHECK decides which calls a profile makes: it must cover this table.
    const missing = BUCKET_SETTINGS.flatMap((setting, i) => {
      const { always, maybe = [] } = READ_BY[BUCKET_OPERATIONS[i]];
      return [...always, ...maybe]
        .filter(id => !SETTINGS_READ_BY_CHECK[id].includes(setting))
        .map(id => `${id} needs ${setting}`);
    });
    expect(missing).toEqual([]);
  });

  it.each(CALLS)(
    '%s denied: only the checks that read it error',
    async call => {
      aws.setKnobs({ accessDenied: [call] });
      const run = await assessor.assessAll(docs, locations);
      expect(aws.stats.errors.AccessDenied).toBeGreaterThan(0);
      const { always, maybe = [] } = READ_BY[call];
      const judgement = judge(baseline, run, {
        cause: /AccessDenied/,
        mustError: always,
        mayError: [...always, ...maybe],
      });
      runs.push({ call, ...judgement });
      expect(judgement.violations).toEqual([]);
      expect(judgement.falseFails).toBe(0);
      expect(judgement.assessments).toBe(13);
      // A `maybe` check that never errors would belong to no call: the table stays tight.
      const errored = new Set(
        run.flatMap(o =>
          'checks' in o
            ? o.checks.filter(c => c.status === 'error').map(c => c.id)
            : [],
        ),
      );
      expect([...always, ...maybe].filter(id => !errored.has(id))).toEqual(
        UNSEEN[call] ?? [],
      );
    },
  );
});
