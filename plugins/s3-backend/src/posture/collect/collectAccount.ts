import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountAuthorizationDetailsCommandOutput,
  GetCredentialReportCommand,
} from '@aws-sdk/client-iam';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { AwsClients } from '../aws/AwsClients';
import { AccountSnapshot } from '../snapshot';
import { authorizationOf } from './authorization';
import { publicAccessBlockOf } from './bucketSettings';
import { collect } from './collected';
import { parseCredentialReport } from './credentialReport';

export interface CollectAccountOptions {
  /** How long to wait for IAM to finish generating the credential report. Default 30 s. */
  credentialReportWaitMs?: number;
  /** Pause between GenerateCredentialReport polls. Default 2 s. */
  credentialReportPollMs?: number;
  now?: () => Date;
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** A report that is still being generated when the wait is over. */
class ReportInProgressError extends Error {
  constructor(waitedMs: number) {
    super(
      `IAM was still generating the credential report after ${Math.round(waitedMs / 1000)} s`,
    );
    this.name = 'ReportInProgress';
  }
}

/**
 * Reads the settings of an account that every bucket in it shares: account-level Block
 * Public Access, who can reach what (IAM authorization details, all pages) and the
 * credential report. Meant to run once per account per refresh. Never throws for AWS
 * failures: each part is `ok`, `absent` or `error` on its own.
 */
export async function collectAccount(
  clients: AwsClients,
  accountId: string,
  options: CollectAccountOptions = {},
): Promise<AccountSnapshot> {
  const iam = clients.iam(accountId);
  const call = <O>(send: () => Promise<O>) => clients.call(accountId, send);
  const waitMs = options.credentialReportWaitMs ?? 30_000;
  const pollMs = options.credentialReportPollMs ?? 2_000;

  const [publicAccessBlock, authorization, credentials] = await Promise.all([
    collect(
      () =>
        call(() =>
          clients
            .s3Control(accountId)
            .send(new GetPublicAccessBlockCommand({ AccountId: accountId })),
        ),
      o => publicAccessBlockOf(o.PublicAccessBlockConfiguration),
    ),
    collect(async () => {
      const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
      let marker: string | undefined;
      do {
        const command = new GetAccountAuthorizationDetailsCommand({
          MaxItems: 1000,
          Marker: marker,
        });
        const page = await call(() => iam.send(command));
        pages.push(page);
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      return pages;
    }, authorizationOf),
    collect(async () => {
      const started = Date.now();
      for (;;) {
        const generation = await call(() =>
          iam.send(new GenerateCredentialReportCommand({})),
        );
        if (generation.State === 'COMPLETE') break;
        if (Date.now() - started >= waitMs)
          throw new ReportInProgressError(waitMs);
        await sleep(pollMs);
      }
      const report = await call(() =>
        iam.send(new GetCredentialReportCommand({})),
      );
      return new TextDecoder().decode(report.Content ?? new Uint8Array());
    }, parseCredentialReport),
  ]);

  return {
    accountId,
    collectedAt: (options.now?.() ?? new Date()).toISOString(),
    publicAccessBlock,
    authorization,
    credentials,
  };
}
