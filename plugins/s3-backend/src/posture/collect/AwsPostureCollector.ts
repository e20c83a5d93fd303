import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AwsClients } from '../aws/AwsClients';
import { AccountSnapshot, BucketSnapshot } from '../snapshot';
import { BucketTarget, collectBucket } from './collectBucket';
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

  collectBucket(target: BucketTarget): Promise<BucketSnapshot> {
    return collectBucket(this.clients, target, {
      regionOf: (bucket, accountId) => this.locator.regionOf(bucket, accountId),
      onRegionMoved: bucket => this.locator.forget(bucket),
    });
  }

  collectAccount(accountId: string): Promise<AccountSnapshot> {
    return collectAccount(this.clients, accountId, this.options.accountOptions);
  }
}
