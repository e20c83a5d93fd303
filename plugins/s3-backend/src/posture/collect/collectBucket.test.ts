import {
  PRODUCTION,
  STAGING,
  s3Requests,
  testClients,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { BUCKET_SETTINGS, BucketSnapshot } from '@s3-posture/plugin-s3-node';
import { collectBucket } from './collectBucket';
import { NOT_CONFIGURED_CODES } from './collected';

// Adaptive retry slows a client down after throttling, as it would against AWS: seconds.
jest.setTimeout(30_000);

// Every setting of DESIGN §4, in the snapshot's order.
const FIELDS = BUCKET_SETTINGS;

function statuses(snapshot: BucketSnapshot) {
  return Object.fromEntries(FIELDS.map(f => [f, snapshot[f].status]));
}

const target = (
  bucket: string,
  accountId = PRODUCTION,
  region = 'eu-north-1',
) => ({
  bucket,
  partition: 'aws',
  accountId,
  region,
});

describe('collectBucket (real SDK against the simulator)', () => {
  const aws = useSimulatedAws();

  it('reads every setting of a fully configured bucket in at most 17 S3 calls', async () => {
    const snapshot = await collectBucket(
      testClients(),
      target('securecart-transaction-logs-production'),
    );
    expect(statuses(snapshot)).toEqual({
      ...Object.fromEntries(FIELDS.map(f => [f, 'ok'])),
      cors: 'absent',
    });
    expect(snapshot).toMatchObject({
      bucket: 'securecart-transaction-logs-production',
      accountId: PRODUCTION,
      region: 'eu-north-1',
      publicAccessBlock: {
        value: {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
        },
      },
      policyStatus: { value: { isPublic: false } },
      ownershipControls: { value: { objectOwnership: 'BucketOwnerEnforced' } },
      encryption: {
        value: { rules: [{ sseAlgorithm: 'aws:kms', bucketKeyEnabled: true }] },
      },
      versioning: { value: { status: 'Enabled', mfaDelete: 'Enabled' } },
      objectLock: {
        value: {
          enabled: true,
          defaultRetention: { mode: 'COMPLIANCE', years: 1 },
        },
      },
      logging: { value: { targetBucket: 'securecart-access-logs-production' } },
      lifecycle: {
        value: {
          rules: [
            {
              status: 'Enabled',
              expirationDays: 1825,
              noncurrentVersionExpirationDays: 30,
            },
          ],
        },
      },
      replication: {
        value: {
          rules: [
            {
              status: 'Enabled',
              destinationBucket:
                'arn:aws:s3:::securecart-transaction-logs-replica-production',
              replicaKmsKeyId: expect.stringContaining(
                'arn:aws:kms:eu-west-1:',
              ),
              sseKmsEncryptedObjects: true,
            },
          ],
        },
      },
      requestPayment: { value: { payer: 'BucketOwner' } },
      tagging: {
        value: { team: 'payments', 'data-classification': 'pci-dss' },
      },
      notifications: { value: { eventBridge: true, topics: 0 } },
      intelligentTiering: { value: { configurations: [] } },
      // The replica answers GetBucketLocation with the legacy `EU`.
      replicationDestinationRegions: {
        'securecart-transaction-logs-replica-production': {
          status: 'ok',
          value: 'eu-west-1',
        },
      },
    });
    const policy =
      snapshot.policy.status === 'ok' ? JSON.parse(snapshot.policy.value) : {};
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toContain(
      'DenyInsecureTransport',
    );
    expect(s3Requests(aws.stats.byOperation)).toBe(17);
    expect(
      aws.stats.bucketTotal('securecart-transaction-logs-production'),
    ).toBe(16);
  });

  it('reads ACL grants, CORS and tiering of other buckets', async () => {
    const clients = testClients();
    const legacy = await collectBucket(
      clients,
      target('marketing-assets-2019', STAGING, 'us-east-1'),
    );
    expect(legacy.acl).toEqual({
      status: 'ok',
      value: {
        ownerId: expect.stringMatching(/^[0-9a-f]{64}$/),
        grants: [
          {
            grantee: {
              type: 'CanonicalUser',
              id: expect.any(String),
              displayName: 'securecart-staging',
            },
            permission: 'FULL_CONTROL',
          },
          {
            grantee: {
              type: 'Group',
              uri: 'http://acs.amazonaws.com/groups/global/AllUsers',
            },
            permission: 'READ',
          },
        ],
      },
    });
    expect(legacy.versioning).toEqual({
      status: 'ok',
      value: { status: 'Suspended' },
    });
    expect(legacy.logging).toEqual({ status: 'ok', value: {} });

    const images = await collectBucket(
      clients,
      target('securecart-product-images-production'),
    );
    expect(images.cors).toEqual({
      status: 'ok',
      value: {
        rules: [
          {
            allowedOrigins: ['https://admin.securecart.example'],
            allowedMethods: ['GET', 'PUT'],
            allowedHeaders: ['Content-Type', 'Content-MD5'],
            exposeHeaders: ['ETag'],
            maxAgeSeconds: 3000,
          },
        ],
      },
    });
    expect(images.intelligentTiering).toEqual({
      status: 'ok',
      value: {
        configurations: [{ id: 'archive-old-originals', status: 'Enabled' }],
      },
    });
    expect(images.notifications).toEqual({
      status: 'ok',
      value: { topics: 0, queues: 0, lambdaFunctions: 1, eventBridge: false },
    });
    expect(images.replicationDestinationRegions).toEqual({});
  });

  it.each([
    [
      'marketing-assets-2019',
      'publicAccessBlock',
      'NoSuchPublicAccessBlockConfiguration',
    ],
    ['marketing-assets-2019', 'policy', 'NoSuchBucketPolicy'],
    ['marketing-assets-2019', 'policyStatus', 'NoSuchBucketPolicy'],
    [
      'securecart-analytics-exports-staging',
      'ownershipControls',
      'OwnershipControlsNotFoundError',
    ],
    [
      'marketing-assets-2019',
      'objectLock',
      'ObjectLockConfigurationNotFoundError',
    ],
    ['marketing-assets-2019', 'lifecycle', 'NoSuchLifecycleConfiguration'],
    [
      'marketing-assets-2019',
      'replication',
      'ReplicationConfigurationNotFoundError',
    ],
    [
      'marketing-assets-2019',
      'encryption',
      'ServerSideEncryptionConfigurationNotFoundError',
    ],
    ['marketing-assets-2019', 'cors', 'NoSuchCORSConfiguration'],
    ['securecart-analytics-exports-staging', 'tagging', 'NoSuchTagSet'],
  ] as const)(
    '%s: %s not configured (%s) is absent, not an error',
    async (bucket, field, code) => {
      const region =
        bucket === 'marketing-assets-2019' ? 'us-east-1' : 'eu-north-1';
      const snapshot = await collectBucket(
        testClients(),
        target(bucket, STAGING, region),
      );
      expect(snapshot[field]).toEqual({ status: 'absent', code });
    },
  );

  it('knows every "not configured" code of DESIGN §4', () => {
    expect([...NOT_CONFIGURED_CODES].sort()).toEqual(
      [
        'NoSuchBucketPolicy',
        'NoSuchPublicAccessBlockConfiguration',
        'OwnershipControlsNotFoundError',
        'ObjectLockConfigurationNotFoundError',
        'NoSuchLifecycleConfiguration',
        'ReplicationConfigurationNotFoundError',
        'ServerSideEncryptionConfigurationNotFoundError',
        'NoSuchCORSConfiguration',
        'NoSuchTagSet',
      ].sort(),
    );
  });

  it('turns AccessDenied on one call into an error on that field only', async () => {
    aws.setKnobs({
      accessDenied: [
        {
          operation: 's3:GetBucketPolicy',
          bucket: 'securecart-orders-production',
        },
      ],
    });
    const snapshot = await collectBucket(
      testClients(),
      target('securecart-orders-production'),
    );
    expect(snapshot.policy).toEqual({
      status: 'error',
      code: 'AccessDenied',
      message: 'Access Denied',
    });
    const others = FIELDS.filter(f => f !== 'policy').map(
      f => snapshot[f].status,
    );
    expect(others.every(s => s === 'ok' || s === 'absent')).toBe(true);
    expect(snapshot.policyStatus.status).toBe('ok');
  });

  it('retries throttling (503 SlowDown) and 500s, and succeeds', async () => {
    aws.setKnobs({
      failNext: [
        { operation: 's3:GetBucketAcl', fault: 'Throttling', times: 2 },
        { operation: 's3:GetBucketVersioning', fault: 'ServerError', times: 1 },
      ],
    });
    const snapshot = await collectBucket(
      testClients(),
      target('securecart-orders-production'),
    );
    expect(snapshot.acl.status).toBe('ok');
    expect(snapshot.versioning).toEqual({
      status: 'ok',
      value: { status: 'Enabled', mfaDelete: 'Enabled' },
    });
    expect(aws.stats.errors.SlowDown).toBe(2);
    expect(aws.stats.errors.InternalError).toBe(1);
    expect(aws.stats.byOperation['s3:GetBucketAcl']).toBe(3);
  });

  it('survives random throttling across all calls', async () => {
    aws.setKnobs({ throttleRate: 0.2, seed: 42 });
    const snapshot = await collectBucket(
      testClients(),
      target('securecart-invoices-production'),
    );
    expect(
      Object.values(statuses(snapshot)).filter(s => s === 'error'),
    ).toEqual([]);
    expect(aws.stats.errors.SlowDown).toBeGreaterThan(0);
  });

  it('reports throttling past the retries as an error with the code, not as absent', async () => {
    aws.setKnobs({
      failNext: [
        { operation: 's3:GetBucketCors', fault: 'Throttling', times: 50 },
      ],
    });
    const clients = testClients({ s3: { aws: { maxAttempts: 2 } } });
    const snapshot = await collectBucket(
      clients,
      target('securecart-product-images-production'),
    );
    expect(snapshot.cors).toMatchObject({ status: 'error', code: 'SlowDown' });
    expect(aws.stats.byOperation['s3:GetBucketCors']).toBe(2);
  });

  it('gives up on a call that takes longer than the timeout', async () => {
    aws.setKnobs({
      slowOperations: [{ operation: 's3:GetBucketAcl', latencyMs: 400 }],
    });
    const clients = testClients({
      s3: { aws: { requestTimeoutMs: 100, maxAttempts: 1 } },
    });
    const snapshot = await collectBucket(
      clients,
      target('securecart-orders-production'),
    );
    expect(snapshot.acl).toMatchObject({
      status: 'error',
      code: 'TimeoutError',
    });
    expect(
      Object.entries(statuses(snapshot)).filter(([, s]) => s === 'error'),
    ).toEqual([['acl', 'error']]);
  });

  it('follows a 301 region redirect and reports the real region', async () => {
    const moved: string[] = [];
    const snapshot = await collectBucket(
      testClients(),
      target('securecart-orders-production', PRODUCTION, 'us-east-1'),
      { onRegionMoved: (bucket, region) => moved.push(`${bucket}@${region}`) },
    );
    expect(
      Object.values(statuses(snapshot)).filter(s => s === 'error'),
    ).toEqual([]);
    expect(snapshot.region).toBe('eu-north-1');
    expect(aws.stats.errors.PermanentRedirect).toBeGreaterThan(0);
    expect(moved).toEqual(['securecart-orders-production@eu-north-1']);
  });

  it('reads only the settings asked for, also through a region redirect; the others are listed as not read', async () => {
    const snapshot = await collectBucket(
      testClients(),
      target('securecart-orders-production', PRODUCTION, 'us-east-1'),
      { settings: ['policy', 'replication', 'versioning'] },
    );
    expect(snapshot.region).toBe('eu-north-1');
    expect(
      FIELDS.filter(f => Object.prototype.hasOwnProperty.call(snapshot, f)),
    ).toEqual(['policy', 'versioning', 'replication']);
    expect(snapshot.notRead).toEqual(
      FIELDS.filter(f => !['policy', 'versioning', 'replication'].includes(f)),
    );
    expect(snapshot.policy.status).not.toBe('error');
    expect(snapshot.versioning.status).not.toBe('error');
    const bucketCalls = Object.keys(
      aws.stats.byBucket['securecart-orders-production'],
    ).sort();
    expect(bucketCalls.filter(op => op !== 's3:GetBucketLocation')).toEqual([
      's3:GetBucketPolicy',
      's3:GetBucketReplication',
      's3:GetBucketVersioning',
    ]);
  });

  it('reads nothing when no setting is asked for', async () => {
    const snapshot = await collectBucket(
      testClients(),
      target('securecart-orders-production'),
      { settings: [] },
    );
    expect(snapshot.notRead).toEqual([...FIELDS]);
    expect(snapshot.replicationDestinationRegions).toEqual({});
    expect(aws.stats.total).toBe(0);
  });

  it('reports the real region when every redirected call succeeded', async () => {
    // One call at a time: the SDK follows each redirect itself and no call fails.
    const moved: string[] = [];
    const snapshot = await collectBucket(
      testClients({ s3: { aws: { concurrency: 1 } } }),
      target('securecart-invoices-production', PRODUCTION, 'us-west-2'),
      { onRegionMoved: (bucket, region) => moved.push(`${bucket}@${region}`) },
    );
    expect(
      Object.values(statuses(snapshot)).filter(s => s === 'error'),
    ).toEqual([]);
    expect(aws.stats.byOperation['s3:GetBucketLocation']).toBeUndefined();
    expect(aws.stats.errors.PermanentRedirect).toBeGreaterThan(0);
    expect(snapshot.region).toBe('eu-north-1');
    expect(moved).toEqual(['securecart-invoices-production@eu-north-1']);
  });

  it('reports the real region of buckets read at once through one misdirected client', async () => {
    // While the SDK follows one bucket's redirect it sends the client's other calls to that
    // region: the second bucket may be answered from eu-north-1 without a redirect of its own.
    const clients = testClients();
    const [orders, invoices] = await Promise.all(
      ['securecart-orders-production', 'securecart-invoices-production'].map(
        bucket =>
          collectBucket(clients, target(bucket, PRODUCTION, 'us-east-1')),
      ),
    );
    expect([orders.region, invoices.region]).toEqual([
      'eu-north-1',
      'eu-north-1',
    ]);
  });

  it('refuses to make an assessment of a bucket deleted since it was located', async () => {
    await expect(
      collectBucket(testClients(), target('securecart-deleted-production')),
    ).rejects.toMatchObject({
      name: 'NoSuchBucket',
      message:
        'Bucket securecart-deleted-production no longer exists in account 111122223333 (deleted since it was located)',
    });
  });

  it('refuses to make an assessment when the bucket disappears halfway through', async () => {
    const bucket = 'securecart-orders-production';
    aws.setKnobs({
      slowOperations: [{ operation: 's3:GetBucketTagging', latencyMs: 1000 }],
    });
    // Answers sent for this bucket. A call is counted when it arrives and judged a moment
    // later, so arrivals alone do not say which calls were judged before the bucket went.
    let answered = 0;
    const onAnswer = ({ request }: { request: Request }) => {
      if (request.url.includes(bucket)) answered++;
    };
    aws.server.events.on('response:mocked', onAnswer);
    try {
      const collecting = collectBucket(testClients(), target(bucket));
      // Every call has arrived, and all but the slow one are answered. Then the bucket goes.
      while (
        aws.stats.bucketTotal(bucket) < 16 ||
        answered < aws.stats.bucketTotal(bucket) - 1
      ) {
        await new Promise(r => setTimeout(r, 5));
      }
      aws.setKnobs({ deletedBuckets: [bucket] });
      const arrivedBefore = aws.stats.bucketTotal(bucket);
      await expect(collecting).rejects.toMatchObject({ name: 'NoSuchBucket' });
      // The slow call saw the bucket gone, and so did any call that arrived after it went
      // (under a loaded CI a 17th call can trail the others); a call answered before it
      // went did not.
      const arrivedAfter = aws.stats.bucketTotal(bucket) - arrivedBefore;
      expect(aws.stats.errors.NoSuchBucket).toBe(1 + arrivedAfter);
    } finally {
      aws.server.events.removeListener('response:mocked', onAnswer);
    }
  });

  it('reports a replication destination it cannot locate', async () => {
    aws.setKnobs({
      accessDenied: [
        {
          operation: 's3:GetBucketLocation',
          bucket: 'securecart-backups-replica-production',
        },
      ],
    });
    const snapshot = await collectBucket(
      testClients(),
      target('securecart-backups-production'),
    );
    expect(snapshot.replication.status).toBe('ok');
    expect(snapshot.replicationDestinationRegions).toEqual({
      'securecart-backups-replica-production': {
        status: 'error',
        code: 'AccessDenied',
        message: 'Access Denied',
      },
    });
  });

  it('refuses to make an assessment for an account without credentials', async () => {
    await expect(
      collectBucket(
        testClients(),
        target('securecart-orders-production', '999988887777'),
      ),
    ).rejects.toMatchObject({
      name: 'AccountNotConfigured',
      message: expect.stringContaining(
        'No setting of bucket securecart-orders-production could be read: No AWS credentials for account 999988887777',
      ),
    });
    expect(aws.stats.total).toBe(0);
  });

  it('refuses an invalid bucket name before building any URL', async () => {
    await expect(
      collectBucket(testClients(), target('../etc/passwd')),
    ).rejects.toThrow(/Invalid bucket name/);
    expect(aws.stats.total).toBe(0);
  });

  it('uses the s3.endpoint override, path-style', async () => {
    const clients = testClients({ s3: { endpoint: 'http://aws.local:4566' } });
    const snapshot = await collectBucket(
      clients,
      target('securecart-orders-production'),
    );
    expect(snapshot.tagging).toMatchObject({
      status: 'ok',
      value: { team: 'checkout' },
    });
    expect(
      Object.values(statuses(snapshot)).filter(s => s === 'error'),
    ).toEqual([]);
  });
});
