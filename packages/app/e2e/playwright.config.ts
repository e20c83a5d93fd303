import { defineConfig } from '@playwright/test';
import { BACKEND_URL, APP_URL } from './portal';

/**
 * End-to-end tests of the local portal in Debian's Chromium (`/usr/bin/chromium`; no browser
 * download). Playwright starts the portal itself — the backend and the app's dev server, both on
 * app-config.yaml plus e2e/app-config.e2e.yaml (other ports, so a running `npm start` does
 * not get in the way) — and stops it afterwards. Run from the repository root with
 * `npm run test:e2e`.
 */
const extraConfig = ['--config', '../app/e2e/app-config.e2e.yaml'];

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: '../node_modules/.cache/e2e-test-results',
  use: {
    baseURL: APP_URL,
    viewport: { width: 1600, height: 1000 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Playwright gives every launch a fresh temporary --user-data-dir.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      name: 'backend',
      command: `npx backstage-cli package start --config ../../app-config.yaml ${extraConfig.join(' ')}`,
      cwd: '../../backend',
      url: `${BACKEND_URL}/api/s3/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      name: 'app',
      command: `npx backstage-cli package start --config ../../app-config.yaml --config e2e/app-config.e2e.yaml`,
      cwd: '..',
      url: APP_URL,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { BROWSER: 'none' },
    },
  ],
});
