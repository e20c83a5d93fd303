/*
 * Realistic S3 posture data in the REST API's shapes, for tests and the dev app.
 * Not part of the plugin's public API.
 */
import {
  BucketError,
  BucketHistoryResponse,
  BucketListResponse,
  BucketPosture,
  BucketSummary,
  CheckId,
  CheckResult,
  CheckStatus,
  EntityPostureSummary,
  InventoryAccountsResponse,
  POSTURE_STATUSES,
  PostureStatus,
  PROFILES,
  computeScore,
  computeStatus,
  countChecks,
  bucketRefOf,
  failingChecks,
  formatInventoryRef,
  getCheckDefinition,
  worstStatus,
} from '@s3-posture/plugin-s3-common';

type Verdict = {
  status: CheckStatus;
  reason?: string;
  evidence?: Record<string, unknown>;
};

const DEFAULT_REASONS: Record<CheckStatus, string> = {
  pass: 'Configured as the control expects.',
  fail: 'Not configured as the control expects.',
  error: 'AccessDenied: the assessment role may not read this setting.',
  'not-applicable': 'Does not apply to this bucket.',
};

export function makeCheck(id: CheckId, verdict: Verdict): CheckResult {
  const def = getCheckDefinition(id);
  return {
    id,
    title: def.title,
    category: def.category,
    severity: def.severity,
    status: verdict.status,
    reason: verdict.reason ?? DEFAULT_REASONS[verdict.status],
    evidence: verdict.evidence ?? {},
    remediation: def.remediation,
    anchors: def.anchors,
  };
}

/** Every check of the default profile passes, except the ones given. */
export function makeChecks(
  overrides: Partial<Record<CheckId, Verdict>> = {},
  base: CheckStatus = 'pass',
): CheckResult[] {
  return PROFILES['aws-foundational'].checks.map(id =>
    makeCheck(id, overrides[id] ?? { status: base }),
  );
}

export function makePosture(options: {
  name: string;
  bucket?: string;
  accountId?: string;
  region?: string;
  owners?: string[];
  service?: string;
  checks: CheckResult[];
  checkedAt?: string;
  stale?: boolean;
  lastError?: BucketError;
  /** Undocumented: known from the account's `ListBuckets` only, with these suggestions. */
  inventory?: { suggestedOwners?: string[]; suggestedService?: string };
}): BucketPosture {
  const bucket = options.bucket ?? options.name;
  const assessed = options.checkedAt !== undefined;
  const origin = options.inventory
    ? {
        inventoryRef: formatInventoryRef(options.accountId!, bucket),
        documented: false,
        ...options.inventory,
      }
    : { entityRef: `resource:default/${options.name}`, documented: true };
  return {
    ...origin,
    bucket,
    arn: `arn:aws:s3:::${bucket}`,
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.region ? { region: options.region } : {}),
    owners:
      options.owners ??
      (options.inventory ? [] : ['group:default/team-platform']),
    ...(options.service ? { service: options.service } : {}),
    status: assessed ? computeStatus(options.checks) : 'unknown',
    ...(assessed && computeScore(options.checks) !== undefined
      ? { score: computeScore(options.checks) }
      : {}),
    profile: 'aws-foundational',
    ...(options.checkedAt ? { checkedAt: options.checkedAt } : {}),
    stale: options.stale ?? false,
    ...(options.lastError ? { lastError: options.lastError } : {}),
    counts: countChecks(options.checks),
    checks: options.checks,
  };
}

export function toSummary(
  posture: BucketPosture,
  title?: string,
): BucketSummary {
  const { checks, profile, ...rest } = posture;
  return {
    ...rest,
    ...(title ? { title } : {}),
    failingChecks: failingChecks(checks),
  };
}

const ago = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

/** A compliant bucket: only a low-severity check fails. */
export const usersBucket = makePosture({
  name: 'users-bucket',
  bucket: 'securecart-users-production',
  accountId: '111122223333',
  region: 'eu-west-1',
  owners: ['group:default/team-identity', 'user:default/dboyne'],
  service: 'component:default/user-service',
  checkedAt: ago(42),
  checks: makeChecks({
    'cross-region-replication': {
      status: 'fail',
      reason: 'No replication rule is configured.',
      evidence: { ReplicationConfiguration: null },
    },
    'mfa-delete-enabled': {
      status: 'fail',
      reason: 'Versioning is on but MFA delete is Disabled.',
      evidence: { Status: 'Enabled', MFADelete: 'Disabled' },
    },
    'object-lock-enabled': {
      status: 'not-applicable',
      reason: 'Object Lock is not required for this data class.',
    },
    'tls-only': {
      status: 'pass',
      reason:
        'An explicit Deny covers every principal and S3 action when aws:SecureTransport is false.',
      evidence: {
        simulated: 'anonymous GetObject over HTTP → explicitly denied',
        statement: {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [
            'arn:aws:s3:::securecart-users-production',
            'arn:aws:s3:::securecart-users-production/*',
          ],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      },
    },
  }),
});

/** At risk: medium checks fail. */
export const ordersBucket = makePosture({
  name: 'orders-bucket',
  bucket: 'securecart-orders-production',
  accountId: '111122223333',
  region: 'eu-west-1',
  owners: ['group:default/team-checkout'],
  service: 'component:default/order-service',
  checkedAt: ago(60 * 5),
  checks: makeChecks({
    'versioning-enabled': {
      status: 'fail',
      reason:
        'Versioning is Suspended: overwritten or deleted orders cannot be recovered.',
      evidence: { Status: 'Suspended' },
    },
    'server-access-logging': {
      status: 'fail',
      reason: 'Server access logging is off.',
      evidence: { LoggingEnabled: null },
    },
    'mfa-delete-enabled': {
      status: 'not-applicable',
      reason: 'Versioning is not enabled, so MFA delete cannot be.',
    },
    'versioned-lifecycle': {
      status: 'not-applicable',
      reason: 'The bucket is not versioned.',
    },
    'iam-keys-rotated': {
      status: 'fail',
      reason:
        'The access key AKIA…7QXZ of user orders-exporter is 212 days old (limit 90).',
      evidence: {
        principal: 'arn:aws:iam::111122223333:user/orders-exporter',
        accessKeyId: 'AKIA…7QXZ',
        ageDays: 212,
        maxAgeDays: 90,
      },
    },
  }),
});

/** Non-compliant: public read through the bucket policy. */
export const assetsBucket = makePosture({
  name: 'public-assets-bucket',
  bucket: 'securecart-public-assets',
  accountId: '444455556666',
  region: 'us-east-1',
  owners: ['group:default/team-storefront'],
  service: 'component:default/storefront',
  checkedAt: ago(60 * 26),
  checks: makeChecks({
    'no-public-read': {
      status: 'fail',
      reason:
        'The bucket policy allows anonymous s3:GetObject on every object, and Block Public Access does not stop it.',
      evidence: {
        effectiveBlockPublicAccess: {
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
        grantingStatement: {
          Sid: 'PublicRead',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::securecart-public-assets/*',
        },
      },
    },
    'bucket-public-access-block': {
      status: 'fail',
      reason: 'BlockPublicPolicy and RestrictPublicBuckets are off.',
      evidence: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
    },
    'account-public-access-block': {
      status: 'fail',
      reason: 'Account-level Block Public Access is not configured.',
      evidence: { PublicAccessBlockConfiguration: null },
    },
    'kms-encryption': {
      status: 'fail',
      reason: 'Default encryption is AES256 (SSE-S3), not KMS.',
      evidence: { SSEAlgorithm: 'AES256' },
    },
    'lifecycle-configured': {
      status: 'fail',
      reason: 'No lifecycle rule is configured.',
    },
  }),
});

/** Unknown and stale: the last refresh was refused. */
export const analyticsBucket = makePosture({
  name: 'analytics-exports-staging-bucket',
  bucket: 'securecart-analytics-exports-staging',
  accountId: '777788889999',
  region: 'eu-north-1',
  owners: ['group:default/team-data'],
  service: 'component:default/analytics-pipeline',
  checkedAt: ago(60 * 24 * 3),
  stale: true,
  lastError: {
    code: 'AccessDenied',
    message:
      'User: arn:aws:sts::777788889999:assumed-role/backstage-s3-posture/backstage is not authorized to perform: s3:GetBucketPolicy',
    at: ago(60 * 24 * 3),
  },
  checks: makeChecks(
    {
      'default-encryption': { status: 'pass' },
      'versioning-enabled': { status: 'pass' },
      'lifecycle-configured': { status: 'pass' },
    },
    'error',
  ),
});

/** Registered in the catalog, never assessed. */
export const newBucket = makePosture({
  name: 'ml-features-bucket',
  bucket: 'securecart-ml-features',
  owners: ['group:default/team-data'],
  service: 'component:default/analytics-pipeline',
  checks: [],
});

/** A doc whose bucket does not exist in its account. */
export const missingBucket = makePosture({
  name: 'legacy-marketing-assets-bucket',
  bucket: 'securecart-legacy-marketing-assets',
  accountId: '444455556666',
  owners: ['group:default/team-storefront'],
  checks: [],
  lastError: {
    code: 'NoSuchBucket',
    message:
      'The account 444455556666 has no bucket securecart-legacy-marketing-assets',
    at: ago(12),
  },
});

/** Undocumented, with an owner and a service suggested by its tags; at risk. */
export const checkoutExportsBucket = makePosture({
  name: 'securecart-checkout-exports-production',
  accountId: '111122223333',
  region: 'eu-west-1',
  checkedAt: ago(30),
  inventory: {
    suggestedOwners: ['group:default/team-checkout'],
    suggestedService: 'component:default/order-service',
  },
  checks: makeChecks({
    'versioning-enabled': {
      status: 'fail',
      reason: 'Versioning has never been enabled.',
      evidence: { Status: null },
    },
    'mfa-delete-enabled': {
      status: 'not-applicable',
      reason: 'Versioning is not enabled, so MFA delete cannot be.',
    },
    'versioned-lifecycle': {
      status: 'not-applicable',
      reason: 'The bucket is not versioned.',
    },
  }),
});

/** Undocumented, nothing suggested, and public. */
export const legacyUploadsBucket = makePosture({
  name: 'legacy-uploads',
  accountId: '444455556666',
  region: 'us-east-1',
  checkedAt: ago(35),
  inventory: {},
  checks: makeChecks({
    'no-public-read': {
      status: 'fail',
      reason: 'The bucket ACL grants READ to AllUsers.',
      evidence: { Grantee: 'http://acs.amazonaws.com/groups/global/AllUsers' },
    },
    'bucket-public-access-block': {
      status: 'fail',
      reason: 'Block Public Access is off.',
      evidence: { PublicAccessBlockConfiguration: null },
    },
  }),
});

/** The undocumented buckets, by inventory ref. */
export const inventoryPostures: BucketPosture[] = [
  checkoutExportsBucket,
  legacyUploadsBucket,
];

export const inventoryAccounts: InventoryAccountsResponse = {
  enabled: true,
  items: [
    {
      accountId: '111122223333',
      buckets: 3,
      undocumented: 1,
      nonCompliant: 0,
      listedAt: ago(30),
    },
    {
      accountId: '444455556666',
      buckets: 3,
      undocumented: 1,
      nonCompliant: 2,
      listedAt: ago(35),
    },
    {
      accountId: '777788889999',
      buckets: 1,
      undocumented: 0,
      nonCompliant: 0,
      listError: {
        code: 'AccessDenied',
        message:
          'User: arn:aws:sts::777788889999:assumed-role/backstage-s3-posture/backstage is not authorized to perform: s3:ListAllMyBuckets',
        at: ago(30),
      },
    },
  ],
};

export const allPostures: BucketPosture[] = [
  usersBucket,
  ordersBucket,
  assetsBucket,
  analyticsBucket,
  newBucket,
];

export const TITLES: Record<string, string> = {
  'resource:default/users-bucket': 'UsersBucket',
  'resource:default/orders-bucket': 'OrdersBucket',
  'resource:default/public-assets-bucket': 'PublicAssetsBucket',
  'resource:default/analytics-exports-staging-bucket':
    'AnalyticsExportsStagingBucket',
  'resource:default/ml-features-bucket': 'MlFeaturesBucket',
  'resource:default/legacy-marketing-assets-bucket':
    'LegacyMarketingAssetsBucket',
};

export const allSummaries: BucketSummary[] = allPostures.map(p =>
  toSummary(p, TITLES[p.entityRef!]),
);

/** Documented, missing and undocumented buckets: what a caller with `s3.inventory.read` lists. */
export const inventorySummaries = (): BucketSummary[] => [
  ...allSummaries,
  toSummary(missingBucket, TITLES[missingBucket.entityRef!]),
  ...inventoryPostures.map(p => toSummary(p)),
];

export function entitySummary(
  entityRef: string,
  buckets: BucketSummary[],
): EntityPostureSummary {
  const scores = buckets.flatMap(b => (b.score === undefined ? [] : [b.score]));
  return {
    entityRef,
    status: worstStatus(buckets.map(b => b.status)),
    bucketCount: buckets.length,
    nonCompliantCount: buckets.filter(b => b.status === 'non-compliant').length,
    ...(scores.length ? { worstScore: Math.min(...scores) } : {}),
    buckets,
  };
}

/** A score history ending at the bucket's current posture. */

export function historyOf(
  posture: BucketPosture,
  scores: number[] = [58, 61, 61, 70, 74, 74, 80],
): BucketHistoryResponse {
  if (!posture.checkedAt) {
    return {
      entityRef: posture.entityRef,
      inventoryRef: posture.inventoryRef,
      items: [],
    };
  }
  const end = Date.parse(posture.checkedAt);
  const statusOf = (latest: boolean, score: number): PostureStatus => {
    if (latest) return posture.status;
    return score >= 80 ? 'compliant' : 'at-risk';
  };
  const all = [...scores, posture.score ?? 0];
  return {
    entityRef: posture.entityRef,
    inventoryRef: posture.inventoryRef,
    items: all
      .map((score, i) => ({
        checkedAt: new Date(
          end - (all.length - 1 - i) * 24 * 3600_000,
        ).toISOString(),
        status: statusOf(i === all.length - 1, score),
        score,
        counts: posture.counts,
      }))
      .reverse(),
  };
}

const STATUS_RANK: Record<PostureStatus, number> = {
  'non-compliant': 0,
  'at-risk': 1,
  unknown: 2,
  compliant: 3,
};

/**
 * What `GET /v1/buckets` answers for these buckets: filters, order and paging as the
 * backend applies them.
 */
export function listBucketsFrom(
  summaries: BucketSummary[],
  query: URLSearchParams,
): BucketListResponse {
  const q = query.get('q')?.toLocaleLowerCase('en-US');
  const owner = query.get('owner');
  const service = query.get('service');
  // As the fake summary relates buckets: a component's by service, others' by owner.
  const relatedTo = query.get('relatedTo');
  const related = (b: BucketSummary) =>
    !relatedTo ||
    (relatedTo.startsWith('component:')
      ? b.service === relatedTo
      : b.owners.includes(relatedTo));
  const account = query.get('account');
  const region = query.get('region');
  const documented = query.get('documented');
  const statuses = query.get('status')?.split(',').filter(Boolean);
  const orderBy = query.get('orderBy') ?? 'name';
  const order = query.get('order') === 'desc' ? -1 : 1;
  const offset = Number(query.get('offset') ?? 0);
  const limit = Number(query.get('limit') ?? 50);

  const matching = summaries.filter(
    b =>
      (!q ||
        b.bucket.toLocaleLowerCase('en-US').includes(q) ||
        bucketRefOf(b).includes(q) ||
        (b.title ?? '').toLocaleLowerCase('en-US').includes(q)) &&
      (!owner || b.owners.includes(owner)) &&
      (!service || b.service === service) &&
      related(b) &&
      (!account || b.accountId === account) &&
      (!region || b.region === region),
  );
  const ofStatus = (b: BucketSummary) =>
    !statuses?.length || statuses.includes(b.status);
  const ofDocumented = (b: BucketSummary) =>
    documented === null || String(b.documented) === documented;
  const statusCounts = Object.fromEntries(
    POSTURE_STATUSES.map(s => [
      s,
      matching.filter(b => ofDocumented(b) && b.status === s).length,
    ]),
  ) as Record<PostureStatus, number>;
  const withStatus = matching.filter(ofStatus);
  const documentedCounts = {
    documented: withStatus.filter(b => b.documented).length,
    undocumented: withStatus.filter(b => !b.documented).length,
  };
  const filtered = withStatus.filter(ofDocumented);
  const sorted = [...filtered].sort((a, b) => {
    let diff = 0;
    if (orderBy === 'score') {
      if (a.score === undefined || b.score === undefined) {
        return (
          (a.score === undefined ? 1 : 0) - (b.score === undefined ? 1 : 0)
        );
      }
      diff = a.score - b.score;
    } else if (orderBy === 'status') {
      diff = STATUS_RANK[a.status] - STATUS_RANK[b.status];
    } else if (orderBy === 'checkedAt') {
      diff = Date.parse(a.checkedAt ?? '0') - Date.parse(b.checkedAt ?? '0');
    }
    return (
      diff * order ||
      bucketRefOf(a).localeCompare(bucketRefOf(b)) *
        (orderBy === 'name' ? order : 1)
    );
  });
  return {
    items: sorted.slice(offset, offset + limit),
    totalCount: filtered.length,
    statusCounts,
    documentedCounts,
  };
}

/** Many generated buckets, for paging. */
export function manySummaries(count: number): BucketSummary[] {
  const templates = [usersBucket, ordersBucket, assetsBucket, analyticsBucket];
  return Array.from({ length: count }, (_, i) => {
    const t = templates[i % templates.length];
    const n = String(i + 1).padStart(4, '0');
    return {
      ...toSummary(t),
      entityRef: `resource:default/bucket-${n}`,
      bucket: `securecart-bucket-${n}`,
      arn: `arn:aws:s3:::securecart-bucket-${n}`,
      title: `Bucket${n}`,
      score: t.score === undefined ? undefined : Math.max(0, t.score - (i % 7)),
    };
  });
}
