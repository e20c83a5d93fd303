/**
 * The benchmark's simulated AWS world, generated in code: `count` buckets spread over two
 * accounts, with varied configurations (public access blocks, policies, ACLs, encryption,
 * versioning, logging, lifecycle, tags) so every check has something to judge.
 */

export interface BenchAccount {
  accountId: string;
  accessKeyId: string;
}

export interface BenchBucket {
  name: string;
  accountId: string;
  region: string;
  team: string;
}

export const BENCH_ACCOUNTS: BenchAccount[] = [
  { accountId: '210000000001', accessKeyId: 'AKIABENCHKEY00000001' },
  { accountId: '210000000002', accessKeyId: 'AKIABENCHKEY00000002' },
];

export const TEAMS = [
  'checkout',
  'payments',
  'catalog',
  'search',
  'analytics',
  'platform',
  'identity',
  'marketing',
];
const PURPOSES = ['orders', 'exports', 'logs', 'images', 'backups', 'reports'];
const ENVS = ['production', 'staging'];
const REGIONS = ['eu-north-1', 'us-east-1', 'eu-west-1', 'us-west-2'];

/** The generated buckets, spread over the first `accounts` bench accounts. */
export function benchBuckets(
  count: number,
  accounts = BENCH_ACCOUNTS.length,
): BenchBucket[] {
  const buckets: BenchBucket[] = [];
  for (let i = 0; i < count; i++) {
    const team = TEAMS[i % TEAMS.length];
    const purpose = PURPOSES[Math.floor(i / TEAMS.length) % PURPOSES.length];
    const env = ENVS[i % 2];
    buckets.push({
      name: `bench-${team}-${purpose}-${env}-${String(i).padStart(5, '0')}`,
      accountId: BENCH_ACCOUNTS[i % accounts].accountId,
      region: REGIONS[i % REGIONS.length],
      team,
    });
  }
  return buckets;
}

function bucketPolicy(name: string, publicRead: boolean) {
  const resources = [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`];
  const statements: object[] = [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: resources,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
  if (publicRead) {
    statements.push({
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${name}/*`,
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The raw scenario object, as `loadScenario` takes it; buckets in the first `accounts`. */
export function benchScenario(
  count: number,
  accounts = BENCH_ACCOUNTS.length,
): object {
  const simulated = BENCH_ACCOUNTS.map((account, a) => ({
    id: account.accountId,
    name: `bench-${a + 1}`,
    created: '5y',
    accessKeys: [{ id: account.accessKeyId, user: 'backstage-posture-reader' }],
    publicAccessBlock: a === 0 ? true : undefined,
    iam: {
      managedPolicies: [
        {
          name: 'DataReaders',
          path: '/',
          created: '400d',
          document: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['s3:GetObject', 's3:ListBucket'],
                Resource: '*',
              },
            ],
          },
        },
      ],
      groups: [
        {
          name: 'data-engineers',
          managedPolicies: [
            'DataReaders',
            'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
          ],
        },
      ],
      users: [
        {
          name: 'backstage-posture-reader',
          managedPolicies: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
          accessKeys: [{ created: '90d', lastUsed: '1d' }],
        },
        ...TEAMS.map((team, t) => ({
          name: `${team}-service`,
          groups: t % 2 === 0 ? ['data-engineers'] : [],
          managedPolicies:
            t % 3 === 0 ? ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] : [],
          password: t % 4 === 0,
          mfa: t % 8 === 0,
          accessKeys: [
            { created: `${100 + t * 60}d`, lastUsed: `${t * 10 + 1}d` },
          ],
        })),
      ],
      roles: [{ name: 'backstage-s3-posture' }],
    },
  }));

  const buckets = benchBuckets(count, accounts).map((b, i) => {
    const bucket: Record<string, unknown> = {
      name: b.name,
      account: b.accountId,
      region: b.region,
      created: `${(i % 900) + 10}d`,
      tags: {
        team: b.team,
        env: b.name.includes('production') ? 'prod' : 'stg',
      },
    };
    if (i % 5 !== 4) bucket.publicAccessBlock = true;
    if (i % 3 !== 2) bucket.ownership = 'BucketOwnerEnforced';
    if (i % 4 === 0) {
      bucket.encryption = {
        algorithm: 'aws:kms',
        kmsKeyId: `arn:aws:kms:eu-north-1:${b.accountId}:key/bench-${i % 7}`,
        bucketKey: true,
      };
    } else if (i % 4 !== 3) {
      bucket.encryption = { algorithm: 'AES256' };
    }
    if (i % 2 === 0) bucket.versioning = { status: 'Enabled' };
    if (i % 6 === 0) {
      bucket.logging = {
        targetBucket: benchBuckets(1)[0].name,
        targetPrefix: `${b.name}/`,
      };
    }
    if (i % 3 === 0) {
      bucket.lifecycle = [
        {
          id: 'expire-old',
          status: 'Enabled',
          prefix: '',
          expirationDays: 365,
          noncurrentExpirationDays: 30,
          abortIncompleteMultipartUploadDays: 7,
        },
      ];
    }
    if (i % 7 !== 6) bucket.policy = bucketPolicy(b.name, i % 50 === 5);
    if (i % 3 === 2 && i % 11 === 5)
      bucket.acl = [{ grantee: 'AllUsers', permission: 'READ' }];
    return bucket;
  });

  return {
    accounts: simulated.map(a =>
      Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)),
    ),
    buckets,
  };
}
