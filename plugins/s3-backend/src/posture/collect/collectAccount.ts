import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountAuthorizationDetailsCommandOutput,
  GetCredentialReportCommand,
} from '@aws-sdk/client-iam';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { AwsClients } from '../aws/AwsClients';
import {
  ACCOUNT_LEVEL_SETTINGS_UNSUPPORTED,
  AccountSnapshot,
  Collected,
  PublicAccessBlock,
} from '@s3-posture/plugin-s3-node';
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

/**
 * How S3-compatible servers without the S3 Control API answer its
 * `GET /v20180820/configuration/publicAccessBlock`: Ceph RGW (and MinIO) take `v20180820` for a
 * bucket name (`NoSuchBucket`, or `NoSuchKey` should such a bucket exist); others refuse the
 * method or the route (`MethodNotAllowed`/405, `NotImplemented`/501, a bare 404). Only
 * trusted when `s3.endpoint` is configured: from AWS itself each of these stays an error.
 */
const NO_S3_CONTROL_CODES: ReadonlySet<string> = new Set([
  'NoSuchBucket',
  'NoSuchKey',
  'NotFound',
  'HTTP404',
  'MethodNotAllowed',
  'HTTP405',
  'NotImplemented',
  'HTTP501',
]);

/**
 * On an S3-compatible server (`s3.endpoint`) without S3 Control, the account has no
 * account-level Block Public Access: recorded as `absent` (no flags on), so each bucket's
 * own settings decide. AccessDenied, throttling and the like stay errors everywhere.
 */
function accountPublicAccessBlockOnEndpoint(
  collected: Collected<PublicAccessBlock>,
  endpoint: string | undefined,
): Collected<PublicAccessBlock> {
  if (
    endpoint !== undefined &&
    collected.status === 'error' &&
    NO_S3_CONTROL_CODES.has(collected.code)
  ) {
    return { status: 'absent', code: ACCOUNT_LEVEL_SETTINGS_UNSUPPORTED };
  }
  return collected;
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
    ).then(c =>
      accountPublicAccessBlockOnEndpoint(c, clients.settings.endpoint),
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
