import {
  printHistogram,
  runBadInputSuite,
} from './__testUtils__/badInputSuite';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';
import {
  POSTGRES_URL,
  createPostgresDatabase,
} from './posture/reliability/__testUtils__/harness';

// Bad API input on PostgreSQL (issue 8 part 4), a smaller pass than on SQLite: text
// comparison, LIKE and NUL bytes behave differently there. See badInputSuite.ts.

jest.setTimeout(120_000);

useSimulatedAws({ allowLoopback: true });

let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
afterAll(async () => {
  printHistogram();
  await pg?.drop();
});

if (!POSTGRES_URL) {
  // eslint-disable-next-line no-console
  console.warn(
    'Bad API input on PostgreSQL not tested: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (CI does)',
  );
}

(POSTGRES_URL ? describe : describe.skip)('PostgreSQL', () => {
  runBadInputSuite('PostgreSQL', {
    numRuns: 60,
    database: async () => {
      pg = await createPostgresDatabase(POSTGRES_URL!);
      return pg.backendDatabase;
    },
  });
});
