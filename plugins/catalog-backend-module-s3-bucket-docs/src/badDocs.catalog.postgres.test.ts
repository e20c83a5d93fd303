import { TestDatabases } from '@backstage/backend-test-utils';
import { describeBadDocsThroughCatalog } from './__testUtils__/badDocsSuite';

jest.setTimeout(120_000);

/** The catalog on PostgreSQL, which refuses text SQLite takes (NUL); CI sets it (TOOLCHAIN.md). */
const POSTGRES_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const databases = POSTGRES_URL
  ? TestDatabases.create({ ids: ['POSTGRES_15'] })
  : undefined;

if (!databases) {
  // eslint-disable-next-line no-console
  console.warn(
    'Bad docs on PostgreSQL need BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (CI sets it)',
  );
}

describeBadDocsThroughCatalog('PostgreSQL', {
  database: () => databases!.init('POSTGRES_15'),
  skip: !databases,
});
