import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AwsCredentialProvider,
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import pLimit from 'p-limit';
import { AccountNotConfiguredError } from './AccountNotConfiguredError';
import { guardAgainstListings } from './listingGuard';
import { readS3Config } from '../config';
import { AwsSettings, DEFAULT_AWS_SETTINGS } from './awsSettings';

type Limit = ReturnType<typeof pLimit>;
type CredentialIdentityProvider =
  AwsCredentialProvider['sdkCredentialProvider'];
type AwsCredentialIdentity = Awaited<ReturnType<CredentialIdentityProvider>>;

/** Which accounts credentials exist for, as `aws.*` config says. */
export interface AwsAccountsInfo {
  /** `aws.accounts[].accountId`. */
  configured: string[];
  /** `aws.accountDefaults.roleName` is set: any account can be assumed into. */
  anyAccount: boolean;
  /** `aws.mainAccount` is set: its account (found with STS) is searched for buckets too. */
  mainAccount: boolean;
}

export interface AwsClientsOptions {
  credentials: AwsCredentialsManager;
  accounts: AwsAccountsInfo;
  settings?: Partial<AwsSettings>;
  logger: LoggerService;
  /** Milliseconds since the epoch (tests); default: Date.now. */
  now?: () => number;
}

/** After a failed lookup of the main account: first wait, doubled per failure, up to max. */
export const MAIN_ACCOUNT_RETRY = { firstMs: 5_000, maxMs: 10 * 60_000 };

/**
 * AWS SDK clients per account and region, created once, with the same retry, timeout and
 * endpoint settings everywhere, and the concurrency limits every call goes through.
 * Credentials are always chosen by account id: S3 ARNs carry none.
 */
export class AwsClients {
  /** `settings`: as `readS3Config` read them; read from `config` when not given. */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; settings?: AwsSettings },
  ): AwsClients {
    const accounts = config.getOptionalConfigArray('aws.accounts') ?? [];
    return new AwsClients({
      credentials: DefaultAwsCredentialsManager.fromConfig(config),
      accounts: {
        configured: accounts.map(a => a.getString('accountId')),
        anyAccount: config.has('aws.accountDefaults.roleName'),
        mainAccount: config.has('aws.mainAccount'),
      },
      settings: options.settings ?? readS3Config(config).aws,
      logger: options.logger,
    });
  }

  readonly settings: AwsSettings;
  private readonly clients = new Map<string, unknown>();
  private readonly providers = new Map<
    string,
    Promise<AwsCredentialProvider>
  >();
  private readonly identities = new Map<
    string,
    Promise<AwsCredentialIdentity>
  >();
  private readonly accountLimits = new Map<string, Limit>();
  private readonly globalLimit: Limit;
  private mainAccountId?: Promise<string | undefined>;
  /** After a failed lookup: when the next use may try again, and the wait after that. */
  private mainAccountRetry?: { at: number; nextWaitMs: number };

  constructor(private readonly options: AwsClientsOptions) {
    this.settings = { ...DEFAULT_AWS_SETTINGS, ...options.settings };
    this.globalLimit = pLimit(this.settings.concurrency);
  }

  /** Runs one AWS call under the per-account and the global concurrency limit. */
  call<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
    let accountLimit = this.accountLimits.get(accountId);
    if (!accountLimit) {
      accountLimit = pLimit(this.settings.accountConcurrency);
      this.accountLimits.set(accountId, accountLimit);
    }
    // The account slot is taken first, so calls queued behind a busy account hold no global slot.
    return accountLimit(() => this.globalLimit(fn));
  }

  s3(accountId: string, region: string): S3Client {
    return this.cached(`s3|${accountId}|${region}`, () => {
      const { endpoint, forcePathStyle } = this.settings;
      const client = new S3Client({
        ...this.common(accountId, region),
        followRegionRedirects: true,
        forcePathStyle,
        ...(endpoint ? { endpoint } : {}),
      });
      // S3-compatible servers answer calls they lack with a listing (listingGuard.ts).
      if (endpoint) guardAgainstListings(client);
      return client;
    });
  }

  s3Control(
    accountId: string,
    region = this.settings.defaultRegion,
  ): S3ControlClient {
    return this.cached(`s3control|${accountId}|${region}`, () => {
      const { endpoint } = this.settings;
      return new S3ControlClient({
        ...this.common(accountId, region),
        // S3 Control's endpoint rules prefix every host with the account id
        // (`111122223333.localhost`); an override has to be pinned as it is.
        ...(endpoint
          ? {
              disableHostPrefix: true,
              endpointProvider: () => ({ url: new URL(endpoint) }),
            }
          : {}),
      });
    });
  }

  /**
   * Drops a cached S3 client, e.g. one whose region a redirect may have left changed. Not
   * destroyed: other buckets' calls may still be in flight on it.
   */
  forgetS3(accountId: string, region: string): void {
    this.clients.delete(`s3|${accountId}|${region}`);
  }

  iam(accountId: string): IAMClient {
    return this.cached(`iam|${accountId}`, () => {
      const { endpoint, defaultRegion } = this.settings;
      return new IAMClient({
        ...this.common(accountId, defaultRegion),
        ...(endpoint ? { endpoint } : {}),
      });
    });
  }

  sts(accountId: string): STSClient {
    return this.cached(`sts|${accountId}`, () =>
      this.stsWith(this.credentialsOf(accountId)),
    );
  }

  /** Accounts to search for a bucket whose doc names none. */
  async searchableAccountIds(): Promise<string[]> {
    const ids = new Set(this.options.accounts.configured);
    const main = this.options.accounts.mainAccount
      ? await this.findMainAccountId()
      : undefined;
    if (main) ids.add(main);
    return [...ids];
  }

  /** Closes every client's sockets. */
  destroy(): void {
    for (const client of this.clients.values()) {
      (client as { destroy(): void }).destroy();
    }
    this.clients.clear();
  }

  private cached<T>(key: string, create: () => T): T {
    let client = this.clients.get(key) as T | undefined;
    if (!client) {
      client = create();
      this.clients.set(key, client);
    }
    return client;
  }

  private common(accountId: string, region: string) {
    const { maxAttempts, requestTimeoutMs, connectionTimeoutMs } =
      this.settings;
    return {
      region,
      credentials: this.credentialsOf(accountId),
      retryMode: 'adaptive',
      maxAttempts,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
      requestHandler: {
        requestTimeout: requestTimeoutMs,
        throwOnRequestTimeout: true,
        connectionTimeout: connectionTimeoutMs,
      },
    };
  }

  private stsWith(credentials: CredentialIdentityProvider): STSClient {
    const { endpoint, defaultRegion } = this.settings;
    return new STSClient({
      ...this.common('', defaultRegion),
      credentials,
      ...(endpoint ? { endpoint } : {}),
    });
  }

  /**
   * One identity per account shared by all its clients (so a role is assumed once, not once
   * per client), renewed 5 minutes before it expires. Failures are not kept: the next call
   * tries again.
   */
  private credentialsOf(accountId: string): CredentialIdentityProvider {
    return async () => {
      const cached = this.identities.get(accountId);
      if (cached && !(await this.expiresSoon(cached))) {
        return cached;
      }
      const identity = (async () => {
        let provider = this.providers.get(accountId);
        if (!provider) {
          provider = this.providerOf(accountId);
          this.providers.set(accountId, provider);
        }
        return (await provider).sdkCredentialProvider();
      })();
      this.identities.set(accountId, identity);
      identity.catch(() => {
        this.providers.delete(accountId);
        this.identities.delete(accountId);
      });
      return identity;
    };
  }

  private async expiresSoon(
    identity: Promise<AwsCredentialIdentity>,
  ): Promise<boolean> {
    try {
      const { expiration } = await identity;
      return (
        expiration !== undefined &&
        expiration.getTime() - Date.now() < 5 * 60_000
      );
    } catch {
      return true;
    }
  }

  private async providerOf(accountId: string): Promise<AwsCredentialProvider> {
    const { credentials, accounts } = this.options;
    if (accounts.configured.includes(accountId) || accounts.anyAccount) {
      return credentials.getCredentialProvider({ accountId });
    }
    // Asked directly, the credentials manager would look the main account up with an STS
    // client of its own, which ignores s3.endpoint; ours does not.
    if (
      accounts.mainAccount &&
      (await this.findMainAccountId()) === accountId
    ) {
      return credentials.getCredentialProvider();
    }
    throw new AccountNotConfiguredError(accountId);
  }

  /**
   * The main account's id, looked up once. A failed lookup (an STS hiccup) is not kept: a
   * later use tries again, after a wait that doubles with each failure (5 s up to 10 min),
   * and until then the main account is taken as unknown.
   */
  private findMainAccountId(): Promise<string | undefined> {
    if (this.mainAccountId) return this.mainAccountId;
    const now = this.options.now?.() ?? Date.now();
    const retry = this.mainAccountRetry;
    if (retry && now < retry.at) return Promise.resolve(undefined);
    const lookup = (async () => {
      try {
        const main = await this.options.credentials.getCredentialProvider();
        if (main.accountId) return main.accountId;
        const identity = await this.stsWith(main.sdkCredentialProvider).send(
          new GetCallerIdentityCommand({}),
        );
        if (!identity.Account) throw new Error('STS named no account');
        this.mainAccountRetry = undefined;
        return identity.Account;
      } catch (e) {
        const waitMs = retry?.nextWaitMs ?? MAIN_ACCOUNT_RETRY.firstMs;
        this.mainAccountRetry = {
          at: now + waitMs,
          nextWaitMs: Math.min(waitMs * 2, MAIN_ACCOUNT_RETRY.maxMs),
        };
        this.options.logger.warn(
          `Could not find the account of aws.mainAccount (trying again in ${Math.round(
            waitMs / 1000,
          )} s): ${e.name}: ${e.message}`,
        );
        return undefined;
      }
    })();
    this.mainAccountId = lookup.then(id => {
      // Not found: forgotten, so a later use (after the wait) asks again.
      if (id === undefined) this.mainAccountId = undefined;
      return id;
    });
    return this.mainAccountId;
  }
}
