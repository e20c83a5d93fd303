import {
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  ListBucketIntelligentTieringConfigurationsCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { RunningAwsSimulator, startAwsSimulator } from './server';
import { EXAMPLE_SCENARIO_PATH, PRODUCTION, STAGING } from './testUtils';

const PROD_CREDENTIALS = {
  accessKeyId: PRODUCTION.accessKeyId,
  secretAccessKey: 'simulated',
};

describe('startAwsSimulator', () => {
  let aws: RunningAwsSimulator;

  beforeAll(async () => {
    aws = await startAwsSimulator({ scenario: EXAMPLE_SCENARIO_PATH });
  });
  afterAll(() => aws.stop());

  const s3 = (region = 'eu-north-1', credentials = PROD_CREDENTIALS) =>
    new S3Client({
      region,
      endpoint: aws.url,
      forcePathStyle: true,
      credentials,
      followRegionRedirects: true,
    });

  it('listens on loopback', () => {
    expect(aws.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves S3 to the real SDK, which parses every body', async () => {
    const client = s3();
    const buckets = await client.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map(b => b.Name)).toContain(
      'securecart-orders-production',
    );

    const acl = await client.send(
      new GetBucketAclCommand({ Bucket: 'securecart-orders-production' }),
    );
    expect(acl.Grants?.[0]).toEqual({
      Grantee: expect.objectContaining({
        Type: 'CanonicalUser',
        ID: acl.Owner?.ID,
      }),
      Permission: 'FULL_CONTROL',
    });

    const policy = await client.send(
      new GetBucketPolicyCommand({ Bucket: 'securecart-orders-production' }),
    );
    expect(JSON.parse(policy.Policy!).Statement[0].Sid).toBe(
      'DenyInsecureTransport',
    );

    const replication = await client.send(
      new GetBucketReplicationCommand({
        Bucket: 'securecart-transaction-logs-production',
      }),
    );
    expect(replication.ReplicationConfiguration?.Rules?.[0]).toMatchObject({
      Status: 'Enabled',
      Destination: {
        Bucket: 'arn:aws:s3:::securecart-transaction-logs-replica-production',
        EncryptionConfiguration: {
          ReplicaKmsKeyID: expect.stringContaining('arn:aws:kms:eu-west-1'),
        },
      },
      SourceSelectionCriteria: {
        SseKmsEncryptedObjects: { Status: 'Enabled' },
      },
    });

    const notifications = await client.send(
      new GetBucketNotificationConfigurationCommand({
        Bucket: 'securecart-transaction-logs-production',
      }),
    );
    expect(notifications.EventBridgeConfiguration).toBeDefined();

    const tiering = await client.send(
      new ListBucketIntelligentTieringConfigurationsCommand({
        Bucket: 'securecart-product-images-production',
      }),
    );
    expect(tiering.IntelligentTieringConfigurationList?.[0]).toMatchObject({
      Id: 'archive-old-originals',
      Status: 'Enabled',
      Tierings: [{ Days: 90, AccessTier: 'ARCHIVE_ACCESS' }],
    });
  });

  it('follows the region redirect and maps legacy locations', async () => {
    const client = s3('us-east-1');
    const acl = await client.send(
      new GetBucketAclCommand({ Bucket: 'securecart-orders-production' }),
    );
    expect(acl.Grants).toHaveLength(1);
    const location = await client.send(
      new GetBucketLocationCommand({
        Bucket: 'securecart-transaction-logs-replica-production',
      }),
    );
    expect(location.LocationConstraint).toBe('EU');
    expect(aws.stats.errors.PermanentRedirect).toBeGreaterThanOrEqual(1);
  });

  // S3 Control's endpoint rules put the account id in front of any host, which a local
  // address cannot take; a fixed endpoint provider keeps requests on the simulator.
  const s3Control = (credentials = PROD_CREDENTIALS) =>
    new S3ControlClient({
      region: 'eu-north-1',
      endpointProvider: () => ({ url: new URL(aws.url) }),
      disableHostPrefix: true,
      credentials,
    });

  it('serves S3 Control to a client whose endpoint is pinned', async () => {
    const client = s3Control();
    const block = await client.send(
      new GetPublicAccessBlockCommand({ AccountId: PRODUCTION.accountId }),
    );
    expect(block.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const staging = s3Control({
      accessKeyId: STAGING.accessKeyId,
      secretAccessKey: 'simulated',
    });
    await expect(
      staging.send(
        new GetPublicAccessBlockCommand({ AccountId: STAGING.accountId }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
  });

  it('serves IAM and STS; assumed-role credentials act in the role’s account', async () => {
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials: PROD_CREDENTIALS,
    });
    const details = await iam.send(
      new GetAccountAuthorizationDetailsCommand({}),
    );
    expect(details.UserDetailList?.map(u => u.UserName)).toContain(
      'securecart-backups-production',
    );

    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials: PROD_CREDENTIALS,
    });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(PRODUCTION.accountId);

    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${STAGING.accountId}:role/backstage-s3-posture`,
        RoleSessionName: 'backstage',
        ExternalId: 'securecart-backstage',
      }),
    );
    const c = assumed.Credentials!;
    const staging = s3('eu-north-1', {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    } as typeof PROD_CREDENTIALS);
    const buckets = await staging.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map(b => b.Name)).toContain(
      'securecart-orders-staging',
    );
    expect(buckets.Buckets?.map(b => b.Name)).not.toContain(
      'securecart-orders-production',
    );

    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${STAGING.accountId}:role/backstage-s3-posture`,
          RoleSessionName: 'backstage',
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('counts requests per operation', () => {
    expect(aws.stats.byOperation['s3:GetBucketAcl']).toBeGreaterThanOrEqual(2);
    expect(aws.stats.byOperation['iam:GetAccountAuthorizationDetails']).toBe(1);
    expect(aws.stats.byAccount[STAGING.accountId]['s3:ListBuckets']).toBe(1);
  });
});
