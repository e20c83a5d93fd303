/** No credentials are configured for an account, so nothing can be read from it. */
export class AccountNotConfiguredError extends Error {
  constructor(readonly accountId: string) {
    super(
      `No AWS credentials for account ${accountId}: add it to aws.accounts (or set aws.accountDefaults.roleName)`,
    );
    this.name = 'AccountNotConfigured';
  }
}
