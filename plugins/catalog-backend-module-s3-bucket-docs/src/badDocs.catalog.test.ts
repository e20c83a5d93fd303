import { describeBadDocsThroughCatalog } from './__testUtils__/badDocsSuite';

jest.setTimeout(120_000);

describeBadDocsThroughCatalog('SQLite');
