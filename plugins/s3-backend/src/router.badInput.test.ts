import {
  printHistogram,
  runBadInputSuite,
} from './__testUtils__/badInputSuite';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

// Bad API input against the real backend on SQLite (issue 8 part 4); see badInputSuite.ts.

jest.setTimeout(120_000);

useSimulatedAws({ allowLoopback: true });

afterAll(printHistogram);

runBadInputSuite('SQLite', { numRuns: 150 });
