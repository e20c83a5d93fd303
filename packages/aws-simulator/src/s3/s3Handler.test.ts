import { STAGING, authorization, simulator } from '../testUtils';

const BUCKET = 'securecart-orders-production';

describe('S3 REST handlers', () => {
  it('answers GetBucketLocation in the S3 namespace, empty for us-east-1 and EU for legacy eu-west-1', async () => {
    const { s3 } = simulator();
    const located = await s3(`/${BUCKET}?location`, { region: 'us-east-1' });
    expect(located.status).toBe(200);
    expect(await located.text()).toContain(
      '<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-north-1</LocationConstraint>',
    );
    const legacy = await s3(
      '/securecart-transaction-logs-replica-production?location',
    );
    expect(await legacy.text()).toContain('>EU</LocationConstraint>');
    const usEast = await s3('/marketing-assets-2019?location', {
      accessKeyId: STAGING.accessKeyId,
    });
    expect(await usEast.text()).toContain(
      '<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>',
    );
  });

  it('renders ACL grantees with xsi:type, the owner always holding FULL_CONTROL', async () => {
    const { s3 } = simulator();
    const acl = await (
      await s3('/marketing-assets-2019?acl', {
        accessKeyId: STAGING.accessKeyId,
        region: 'us-east-1',
      })
    ).text();
    expect(acl).toMatch(
      /<AccessControlPolicy xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/"><Owner><ID>[0-9a-f]{64}<\/ID>/,
    );
    expect(acl).toContain(
      '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission>',
    );
    expect(acl).toContain('xsi:type="CanonicalUser"');
  });

  it('serves the bucket policy as JSON and versioning with MfaDelete', async () => {
    const { s3 } = simulator();
    const policy = await s3(`/${BUCKET}?policy`);
    expect(policy.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(await policy.text()).Version).toBe('2012-10-17');
    expect(await (await s3(`/${BUCKET}?versioning`)).text()).toContain(
      '<Status>Enabled</Status><MfaDelete>Enabled</MfaDelete>',
    );
    const never = await s3('/securecart-orders-staging?versioning', {
      accessKeyId: STAGING.accessKeyId,
    });
    expect(await never.text()).toContain(
      '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>',
    );
  });

  it.each([
    [
      'securecart-product-images-staging?publicAccessBlock',
      'NoSuchPublicAccessBlockConfiguration',
    ],
    ['marketing-assets-2019?policy', 'NoSuchBucketPolicy'],
    ['marketing-assets-2019?policyStatus', 'NoSuchBucketPolicy'],
    [
      'securecart-analytics-exports-staging?ownershipControls',
      'OwnershipControlsNotFoundError',
    ],
    [
      'securecart-orders-staging?object-lock',
      'ObjectLockConfigurationNotFoundError',
    ],
    ['marketing-assets-2019?lifecycle', 'NoSuchLifecycleConfiguration'],
    [
      'securecart-orders-staging?replication',
      'ReplicationConfigurationNotFoundError',
    ],
    [
      'marketing-assets-2019?encryption',
      'ServerSideEncryptionConfigurationNotFoundError',
    ],
    ['securecart-orders-staging?cors', 'NoSuchCORSConfiguration'],
    ['securecart-analytics-exports-staging?tagging', 'NoSuchTagSet'],
  ])('answers %s with 404 %s in S3 error XML', async (target, code) => {
    const { s3, stats } = simulator();
    const region = target.startsWith('marketing') ? 'us-east-1' : 'eu-north-1';
    const response = await s3(`/${target}`, {
      accessKeyId: STAGING.accessKeyId,
      region,
    });
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<Error><Code>${code}</Code><Message>[^<]+</Message><BucketName>[a-z0-9-]+</BucketName><RequestId>[0-9A-F]{16}</RequestId>`,
      ),
    );
    expect(stats.errors[code]).toBe(1);
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const response = await simulator().s3('/securecart-deleted-production?acl');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<Code>NoSuchBucket</Code>');
  });

  it('redirects a request signed for the wrong region with 301 and x-amz-bucket-region', async () => {
    const response = await simulator().s3(`/${BUCKET}?acl`, {
      region: 'us-east-1',
    });
    expect(response.status).toBe(301);
    expect(response.headers.get('x-amz-bucket-region')).toBe('eu-north-1');
    expect(await response.text()).toContain('<Code>PermanentRedirect</Code>');
  });

  it("denies another account's bucket, and answers HeadBucket with headers only", async () => {
    const { s3 } = simulator();
    const denied = await s3(`/${BUCKET}?acl`, {
      accessKeyId: STAGING.accessKeyId,
    });
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('<Code>AccessDenied</Code>');
    const head = await s3(`/${BUCKET}`, {
      method: 'HEAD',
      accessKeyId: STAGING.accessKeyId,
    });
    expect(head.status).toBe(403);
    expect(head.headers.get('x-amz-bucket-region')).toBe('eu-north-1');
    expect(await head.text()).toBe('');
    const own = await s3(`/${BUCKET}`, { method: 'HEAD' });
    expect(own.status).toBe(200);
  });

  it('rejects an unknown access key with InvalidAccessKeyId', async () => {
    const response = await simulator().s3(`/${BUCKET}?acl`, {
      accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(
      '<Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message>',
    );
  });

  it('lists only the calling account’s buckets, with regions, page by page', async () => {
    const { s3 } = simulator();
    const first = await (
      await s3('/?max-buckets=2', { accessKeyId: STAGING.accessKeyId })
    ).text();
    expect(first.match(/<Name>/g)).toHaveLength(2);
    expect(first).toContain('<Name>marketing-assets-2019</Name>');
    expect(first).toContain('<BucketRegion>us-east-1</BucketRegion>');
    const token = /<ContinuationToken>([^<]+)</.exec(first)![1];
    const rest = await (
      await s3(
        `/?max-buckets=10&continuation-token=${encodeURIComponent(token)}`,
        {
          accessKeyId: STAGING.accessKeyId,
        },
      )
    ).text();
    expect(rest.match(/<Name>/g)).toHaveLength(4);
    expect(rest).toContain('<Name>securecart-vendor-handoff</Name>');
    expect(rest).not.toContain('ContinuationToken');
    expect(rest).not.toContain('securecart-orders-production');
  });

  it('serves the undocumented staging bucket as public: policy to *, no Block Public Access', async () => {
    const { s3 } = simulator();
    const as = { accessKeyId: STAGING.accessKeyId };
    const status = await s3('/securecart-vendor-handoff?policyStatus', as);
    expect(await status.text()).toContain('<IsPublic>true</IsPublic>');
    const bpa = await s3('/securecart-vendor-handoff?publicAccessBlock', as);
    expect(await bpa.text()).toContain(
      '<Code>NoSuchPublicAccessBlockConfiguration</Code>',
    );
  });

  it('names bucket regions only when asked with a parameter, as S3 does', async () => {
    const { s3 } = simulator();
    const plain = await (await s3('/')).text();
    expect(plain).toContain('<Name>securecart-orders-production</Name>');
    expect(plain).not.toContain('BucketRegion');
    expect(plain).not.toContain('ContinuationToken');
    const filtered = await (await s3('/?prefix=securecart-cart')).text();
    expect(filtered).toContain(
      '<Bucket><Name>securecart-cart-snapshots-production</Name>',
    );
    expect(filtered).toContain('<BucketRegion>eu-north-1</BucketRegion>');
    expect(filtered.match(/<Name>/g)).toHaveLength(1);
  });

  it('pages in byte order, one bucket at a time, without losing or repeating one', async () => {
    const { s3 } = simulator();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await (
        await s3(
          `/?max-buckets=1${
            token ? `&continuation-token=${encodeURIComponent(token)}` : ''
          }`,
        )
      ).text();
      seen.push(...[...page.matchAll(/<Name>([^<]+)</g)].map(m => m[1]));
      token = /<ContinuationToken>([^<]+)</.exec(page)?.[1];
    } while (token);
    const all = [
      ...(await (await s3('/')).text()).matchAll(/<Name>([^<]+)</g),
    ].map(m => m[1]);
    expect(seen).toEqual(all);
    expect(seen).toEqual([...all].sort());
    expect(seen).toContain('securecart-cart-snapshots-production');
  });

  it.each(['0', '10001', 'ten'])(
    'rejects max-buckets=%s with InvalidArgument',
    async max => {
      const response = await simulator().s3(`/?max-buckets=${max}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('<Code>InvalidArgument</Code>');
    },
  );

  it('understands virtual-hosted-style requests', async () => {
    const { send } = simulator();
    const response = await send(
      new Request(
        `https://${BUCKET}.s3.eu-north-1.amazonaws.com/?requestPayment`,
        {
          headers: {
            authorization: authorization(
              'AKIASECURECARTPROD01',
              'eu-north-1',
              's3',
            ),
          },
        },
      ),
    );
    expect(await response.text()).toContain('<Payer>BucketOwner</Payer>');
  });

  it('answers requests to a configured local endpoint, path-style', async () => {
    const { send } = simulator({}, { endpoints: ['http://aws.local:4566'] });
    const response = await send(
      new Request(
        `http://aws.local:4566/securecart-public-datasets-production?tagging`,
        {
          headers: {
            authorization: authorization(
              'AKIASECURECARTPROD01',
              'eu-north-1',
              's3',
            ),
          },
        },
      ),
    );
    expect(await response.text()).toContain(
      '<Tag><Key>public-dataset</Key><Value>true</Value></Tag>',
    );
  });
});
