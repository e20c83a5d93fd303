import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AwsClients } from '../aws/AwsClients';
import { AwsSettings } from '../aws/awsSettings';
import {
  AccountSnapshot,
  BucketSetting,
  BucketSnapshot,
} from '@s3-posture/plugin-s3-node';
import {
  BucketTarget,
  BucketUnreadableError,
  collectBucket,
} from './collectBucket';
import { CollectAccountOptions, collectAccount } from './collectAccount';
import {
  BucketLocation,
  BucketLocator,
  ListedBucket,
  listBucketPages,
} from './locate';

/**
 * The AWS side of an assessment (locate, collect bucket, collect account) behind one object,
 * sharing clients, limits and the locator's caches.
 */
export class AwsPostureCollector {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; settings?: AwsSettings },
  ): AwsPostureCollector {
    return new AwsPostureCollector(AwsClients.fromConfig(config, options));
  }

  readonly locator: BucketLocator;

  constructor(
    readonly clients: AwsClients,
    private readonly options: {
      accountOptions?: CollectAccountOptions;
      /** Read even the settings whose answer others imply (impliedSettings); tests. */
      readImplied?: boolean;
    } = {},
  ) {
    this.locator = new BucketLocator(clients);
  }

  locate(bucket: string, accountHint?: string): Promise<BucketLocation> {
    return this.locator.locate(bucket, accountHint);
  }

  /** `settings`: those the active checks read (`settingsReadBy`); default: all. */
  async collectBucket(
    target: BucketTarget,
    settings?: readonly BucketSetting[],
  ): Promise<BucketSnapshot> {
    try {
      return await collectBucket(this.clients, target, {
        settings,
        // Not the calls whose answer the settings read first imply (impliedSettings).
        skipImplied: !this.options.readImplied,
        regionOf: (bucket, accountId) =>
          this.locator.regionOf(bucket, accountId),
        onRegionMoved: bucket => this.locator.forget(bucket),
      });
    } catch (error) {
      // A deleted bucket's cached region must not skip the next refresh's locate.
      if (
        error instanceof BucketUnreadableError &&
        error.code === 'NoSuchBucket'
      ) {
        this.locator.forget(target.bucket);
      }
      throw error;
    }
  }

  /** The accounts whose buckets the inventory lists: configured ones and the main account. */
  accountIds(): Promise<string[]> {
    return this.clients.searchableAccountIds();
  }

  /** An account's buckets, a `ListBuckets` page at a time. */
  listBuckets(accountId: string): AsyncIterable<ListedBucket[]> {
    return listBucketPages(this.clients, accountId);
  }

  collectAccount(accountId: string): Promise<AccountSnapshot> {
    return collectAccount(this.clients, accountId, this.options.accountOptions);
  }
}
