import { CheckResult, resolveActiveChecks } from '@s3-posture/plugin-s3-common';
import { HttpResponse, http } from 'msw';
import {
  STAGING,
  testClients,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import { collectAccount } from '../collect/collectAccount';
import { collectBucket } from '../collect/collectBucket';
import { evaluatePosture } from '../evaluate/evaluatePosture';
import { DEFAULT_EVALUATION_SETTINGS } from '../evaluate/types';
import { BucketDocFacts } from '@s3-posture/plugin-s3-node';

/*
 * Issue 14: an S3-compatible server behind `s3.endpoint`, on the wire (msw in front of the
 * simulated account, the real SDK). Such servers (Ceph RGW, MinIO) lack the S3 Control API
 * and some bucket sub-resources; what they answer must neither hide a public bucket behind
 * `error` nor turn a call the server does not know into a verdict on a made-up setting.
 */

jest.setTimeout(30_000);

const ENDPOINT = 'http://aws.local:4566';
/** Public through an AllUsers READ ACL; no bucket-level Block Public Access. */
const PUBLIC_BUCKET = 'marketing-assets-2019';
const DOC: BucketDocFacts = {
  owners: [{ ref: 'group:default/team-marketing', exists: true }],
};

/** Ceph RGW 16's answer to S3 Control GetPublicAccessBlock, byte for byte. */
const CEPH_NO_S3_CONTROL =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message></Message><BucketName>v20180820</BucketName><RequestId>tx00000329bd89de0e62ee1-006b16063f-1020-default</RequestId><HostId>1020-default-default</HostId></Error>';

/** What Ceph RGW 16 answers to a bucket sub-resource it does not know: the listing. */
const listing = (bucket: string) =>
  new HttpResponse(
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Marker></Marker></ListBucketResult>`,
    { status: 200, headers: { 'Content-Type': 'application/xml' } },
  );

describe('an S3-compatible server behind s3.endpoint (real SDK, msw)', () => {
  const aws = useSimulatedAws();

  const cephS3Control = () =>
    http.get(
      ({ request }) =>
        new URL(request.url).pathname ===
        '/v20180820/configuration/publicAccessBlock',
      () =>
        new HttpResponse(CEPH_NO_S3_CONTROL, {
          status: 404,
          headers: { 'Content-Type': 'application/xml' },
        }),
    );

  async function assess(s3: object): Promise<Record<string, CheckResult>> {
    const clients = testClients({ s3: { ...s3, aws: { maxAttempts: 1 } } });
    try {
      const [bucket, account] = await Promise.all([
        collectBucket(clients, {
          bucket: PUBLIC_BUCKET,
          partition: 'aws',
          accountId: STAGING,
          region: 'us-east-1',
        }),
        collectAccount(clients, STAGING),
      ]);
      const results = evaluatePosture(
        { bucket, account, doc: DOC },
        // Every check of the catalog.
        resolveActiveChecks('strict'),
        { ...DEFAULT_EVALUATION_SETTINGS, now: new Date() },
      );
      return Object.fromEntries(results.map(r => [r.id, r]));
    } finally {
      clients.destroy();
    }
  }

  it('without S3 Control, a public bucket is judged on its own settings: no-public-read fails', async () => {
    aws.server.use(cephS3Control());
    const checks = await assess({ endpoint: ENDPOINT });
    expect(checks['account-public-access-block']).toMatchObject({
      status: 'not-applicable',
      reason: expect.stringMatching(
        /endpoint has no account-level Block Public Access.*S3 Control.*bucket-level Block Public Access settings decide/,
      ),
    });
    expect(checks['no-public-read'].status).toBe('fail');
    expect(checks['no-public-read'].reason).toMatch(/AllUsers/);
  });

  it('on AWS itself the same answer stays an error: the verdict is never guessed', async () => {
    aws.server.use(cephS3Control());
    const checks = await assess({});
    expect(checks['account-public-access-block']).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(
        /s3:GetAccountPublicAccessBlock\): NoSuchBucket/,
      ),
    });
    expect(checks['no-public-read'].status).toBe('error');
  });

  it('a sub-resource the server does not know (answered with the bucket listing) is an error, not an empty setting', async () => {
    const unknown = ['ownershipControls', 'encryption', 'intelligent-tiering'];
    aws.server.use(
      http.get(
        ({ request }) => {
          const url = new URL(request.url);
          return (
            url.origin === ENDPOINT &&
            unknown.some(q => url.searchParams.has(q))
          );
        },
        () => listing(PUBLIC_BUCKET),
      ),
    );
    const checks = await assess({ endpoint: ENDPOINT });
    for (const [id, call] of [
      ['acls-disabled', 's3:GetBucketOwnershipControls'],
      ['default-encryption', 's3:GetEncryptionConfiguration'],
      ['intelligent-tiering', 's3:GetIntelligentTieringConfiguration'],
    ]) {
      expect(checks[id]).toMatchObject({ status: 'error' });
      expect(checks[id].reason).toContain(call.split(':')[1]);
      expect(checks[id].reason).toMatch(
        /NotImplemented \(The S3 endpoint answered \w+ with a bucket listing \(ListBucketResult\): it does not implement this call\)/,
      );
    }
    // The calls the server knows are judged as usual.
    expect(checks['versioning-enabled'].status).toBe('fail');
    expect(checks['no-public-read'].status).toBe('fail');
  });
});
