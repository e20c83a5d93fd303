import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs every package's tests at once on two cores: a render can take seconds there.
// Nothing here times the UI; these limits only keep a slow machine from failing a test.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 5_000 });
