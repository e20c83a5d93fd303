/*
 * The example scenario's accounts and credentials (examples/scenario.yaml), as an adopter
 * would configure them. Plain data, usable from any test; the msw server and client helpers
 * are in ../__testUtils__/simulatedAws.ts.
 */

export const PRODUCTION = '111122223333';
export const STAGING = '444455556666';

/** Credentials of the example scenario, as an adopter would configure them. */
export const EXAMPLE_AWS_CONFIG = {
  aws: {
    accounts: [
      {
        accountId: PRODUCTION,
        accessKeyId: 'AKIASECURECARTPROD01',
        secretAccessKey: 'simulated',
      },
      {
        accountId: STAGING,
        accessKeyId: 'AKIASECURECARTSTAG01',
        secretAccessKey: 'simulated',
      },
    ],
  },
};
