import { ConfigReader } from '@backstage/config';
import { DEFAULT_AWS_SETTINGS } from './aws/awsSettings';
import { readS3Config } from './config';

const readAwsSettings = (config: ConfigReader) => readS3Config(config).aws;

describe('readS3Config: how the plugin calls AWS', () => {
  it('defaults to AWS itself, 5 attempts, 10 s timeouts, 20 calls at once and 10 per account', () => {
    expect(readAwsSettings(new ConfigReader({}))).toEqual({
      endpoint: undefined,
      forcePathStyle: false,
      maxAttempts: 5,
      requestTimeoutMs: 10_000,
      connectionTimeoutMs: 5_000,
      concurrency: 20,
      accountConcurrency: 10,
      defaultRegion: 'us-east-1',
    });
    expect(DEFAULT_AWS_SETTINGS.maxAttempts).toBe(5);
  });

  it('reads every key, and path style follows an endpoint unless set', () => {
    const settings = readAwsSettings(
      new ConfigReader({
        s3: {
          endpoint: 'http://localhost:4566/',
          aws: {
            maxAttempts: 3,
            requestTimeoutMs: 2000,
            connectionTimeoutMs: 500,
            concurrency: 50,
            accountConcurrency: 5,
            defaultRegion: 'eu-north-1',
          },
        },
      }),
    );
    expect(settings).toEqual({
      endpoint: 'http://localhost:4566',
      forcePathStyle: true,
      maxAttempts: 3,
      requestTimeoutMs: 2000,
      connectionTimeoutMs: 500,
      concurrency: 50,
      accountConcurrency: 5,
      defaultRegion: 'eu-north-1',
    });
    const virtualHosts = readAwsSettings(
      new ConfigReader({
        s3: { endpoint: 'https://s3.example.com', forcePathStyle: false },
      }),
    );
    expect(virtualHosts.forcePathStyle).toBe(false);
  });

  it('rejects values that cannot work, naming the key', () => {
    expect(() =>
      readAwsSettings(new ConfigReader({ s3: { aws: { concurrency: 0 } } })),
    ).toThrow('s3.aws.concurrency must be a positive whole number, got 0');
    expect(() =>
      readAwsSettings(new ConfigReader({ s3: { endpoint: 'localhost:4566' } })),
    ).toThrow(/s3.endpoint must be/);
    expect(() =>
      readAwsSettings(new ConfigReader({ s3: { endpoint: 'not a url' } })),
    ).toThrow(/s3.endpoint must be a URL/);
  });
});
