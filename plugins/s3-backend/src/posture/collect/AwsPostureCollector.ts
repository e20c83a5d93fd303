import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AwsClients } from '../aws/AwsClients';
import { AccountSnapshot, BucketSetting, BucketSnapshot } from '../snapshot';
import {
  BucketTarget,
  BucketUnreadableError,
  collectBucket,
} from './collectBucket';
import { CollectAccountOptions, collectAccount } from './collectAccount';
import { BucketLocation, BucketLocator } from './locate';

/**
 * The AWS side of an assessment (locate, collect bucket, collect account) behind one object,
 * sharing clients, limits and the locator's caches.
 */
export class AwsPostureCollector {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): AwsPostureCollector {
    return new AwsPostureCollector(AwsClients.fromConfig(config, options));
  }

  readonly locator: BucketLocator;

  constructor(
    readonly clients: AwsClients,
    private readonly options: { accountOptions?: CollectAccountOptions } = {},
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

  collectAccount(accountId: string): Promise<AccountSnapshot> {
    return collectAccount(this.clients, accountId, this.options.accountOptions);
  }
}
