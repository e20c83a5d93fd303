#!/usr/bin/env node
/*
 * `npm run test:e2e` (and the last step of `npm test`): the end-to-end tests in Chromium.
 * Without a Chromium they are skipped with a notice, unless REQUIRE_E2E=1 (set by .ci/run),
 * which makes a missing browser an error. CHROMIUM_PATH overrides /usr/bin/chromium.
 */
/* eslint-disable no-console */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
let executable = false;
try {
  fs.accessSync(chromium, fs.constants.X_OK);
  executable = true;
} catch {
  executable = false;
}

if (!executable) {
  const required = process.env.REQUIRE_E2E === '1';
  const line = '='.repeat(78);
  console.error(
    [
      line,
      `${required ? 'ERROR' : 'NOTICE'}: end-to-end tests ${
        required ? 'cannot run' : 'skipped'
      }: no Chromium at ${chromium}.`,
      'Install one (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH,',
      'then run `npm run test:e2e`.',
      line,
    ].join('\n'),
  );
  process.exit(required ? 1 : 0);
}

const appDir = path.resolve(__dirname, '..');
const result = spawnSync(
  'npx',
  [
    'playwright',
    'test',
    '--config',
    'e2e/playwright.config.ts',
    ...process.argv.slice(2),
  ],
  {
    cwd: appDir,
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  },
);
process.exit(result.status ?? 1);
