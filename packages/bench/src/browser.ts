/**
 * Browser (issue 7 part 5): the portal's production build (packages/app, cached under
 * node_modules/.cache/bench-app by a hash of its sources) served as static files next to the
 * serving backend, driven in Debian's headless Chromium with playwright-core. Measures the
 * browse page /s3 with every bucket: navigation start to the first table rows, and a filter
 * pick to the updated rows.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Server } from 'node:http';
import { join, relative, resolve } from 'node:path';
import express from 'express';
import { Browser, Page, chromium } from 'playwright-core';
import type { ServingEnv } from './serving';
import { median } from './stats';

const ROOT = resolve(__dirname, '../../..');
const APP_DIR = join(ROOT, 'packages/app');
/** What the app build is made of; a change to any of these rebuilds it. */
const BUILD_INPUTS = [
  'packages/app/src',
  'packages/app/public',
  'packages/app/package.json',
  'plugins/s3-frontend/src',
  'plugins/s3-frontend/package.json',
  'plugins/s3-common/src',
  'plugins/s3-common/package.json',
  'app-config.yaml',
  'package-lock.json',
];
/** The account the filter picks: half of the generated buckets are in it. */
const FILTER_ACCOUNT = '210000000002';

export interface BrowserFigures {
  /** Buckets the page lists (the API's total for the browsing user). */
  buckets: number;
  runs: number;
  /** Navigation to /s3 (signed in, app files in the browser cache) to the first rows. */
  firstRowsMs: number;
  /** The same with the browser cache emptied first (a first visit). */
  firstRowsColdMs: number;
  /** Picking an account in the filter to the table showing that account's buckets. */
  filterMs: number;
  /** In the cached-files navigation: when the list request went out and came back. */
  listSentMs: number;
  listAnsweredMs: number;
  runsFirstRowsMs: number[];
  runsFirstRowsColdMs: number[];
  runsFilterMs: number[];
  build: 'cached' | 'built';
  buildSec?: number;
  screenshot: string;
}

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap(name => listFiles(join(path, name)));
}

/** The production build for this backend and app URL, built once per source change. */
function ensureAppBuild(
  env: ServingEnv,
  log: (line: string) => void,
): { dir: string; built: boolean; buildSec?: number } {
  // Only the URLs differ from the portal's config: they are baked into the build.
  const benchConfig = `app:\n  baseUrl: ${env.appUrl}\nbackend:\n  baseUrl: ${env.backendUrl}\n`;
  const hash = createHash('sha256').update(benchConfig);
  for (const file of BUILD_INPUTS.flatMap(p => listFiles(join(ROOT, p)))) {
    hash.update(relative(ROOT, file)).update(readFileSync(file));
  }
  const key = hash.digest('hex').slice(0, 16);
  const cacheRoot = join(ROOT, 'node_modules/.cache/bench-app');
  const dir = join(cacheRoot, key);
  if (existsSync(join(dir, 'index.html'))) {
    log(`browser: app build ${key} from the cache`);
    return { dir, built: false };
  }
  log('browser: building the app (production build)…');
  mkdirSync(cacheRoot, { recursive: true });
  const configPath = join(cacheRoot, `app-config.${key}.yaml`);
  writeFileSync(configPath, benchConfig);
  const started = performance.now();
  const result = spawnSync(
    'npx',
    [
      'backstage-cli',
      'package',
      'build',
      '--config',
      '../../app-config.yaml',
      '--config',
      configPath,
    ],
    { cwd: APP_DIR, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (result.status !== 0) {
    throw new Error(`browser: the app build failed (${result.status})`);
  }
  const buildSec = (performance.now() - started) / 1000;
  // Only the newest build is kept.
  rmSync(cacheRoot, { recursive: true, force: true });
  cpSync(join(APP_DIR, 'dist'), dir, { recursive: true });
  log(`browser: app built in ${buildSec.toFixed(0)} s, cached as ${key}`);
  return { dir, built: true, buildSec };
}

/** Serves the build the way a production host would: hashed files cached for good, index.html never. */
function serveApp(dir: string, port: number): Promise<Server> {
  const app = express();
  app.use(
    '/static',
    express.static(join(dir, 'static'), {
      immutable: true,
      maxAge: '365d',
      fallthrough: false,
    }),
  );
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  app.use((_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.sendFile(join(dir, 'index.html'));
  });
  return new Promise((ok, fail) => {
    const server = app.listen(port, () => ok(server));
    server.once('error', fail);
  });
}

const ROWS = 'table[aria-label="S3 buckets"] tbody tr';

/** Where the time to first rows goes: ms since navigation start. */
interface FirstRowsTiming {
  rowsMs: number;
  /** The list request: sent, and its answer fully received. */
  listSentMs: number;
  listAnsweredMs: number;
}

/** Opens /s3 and times the first rows (ms since navigation start) and the list request. */
async function openBrowsePage(
  page: Page,
  appUrl: string,
  total: number,
): Promise<FirstRowsTiming> {
  await page.goto(`${appUrl}/s3`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    ([rows, text]) => {
      const status = document.querySelector('[role="status"]');
      return document.querySelector(rows) && status?.textContent === text
        ? performance.now()
        : false;
    },
    [ROWS, `${total.toLocaleString('en')} buckets`] as const,
    { polling: 'raf', timeout: 30_000 },
  );
  const rowsMs = (await handle.jsonValue()) as number;
  const list = await page.evaluate(() => {
    const entry = (
      performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    ).find(e => e.name.includes('/api/s3/v1/buckets'));
    return entry
      ? { sent: entry.startTime, answered: entry.responseEnd }
      : { sent: NaN, answered: NaN };
  });
  return { rowsMs, listSentMs: list.sent, listAnsweredMs: list.answered };
}

/**
 * BENCH_BROWSER_WATERFALL: every request of the page since `sinceMs` (navigation start when
 * 0), as "start–end name", to show what the first rows or a filter change wait for.
 */
async function logWaterfall(
  page: Page,
  what: string,
  sinceMs: number,
  log: (line: string) => void,
) {
  if (!process.env.BENCH_BROWSER_WATERFALL) return;
  const entries = await page.evaluate(since => {
    const nav = performance.getEntriesByType(
      'navigation',
    )[0] as PerformanceNavigationTiming;
    const rows = (
      performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    )
      .filter(e => e.startTime >= since)
      .map(e => ({
        start: e.startTime - since,
        end: e.responseEnd - since,
        name: e.name.replace(/^https?:\/\/[^/]+/, ''),
        bytes: e.transferSize,
      }));
    return {
      domContentLoaded: nav ? nav.domContentLoadedEventEnd - since : NaN,
      rows,
    };
  }, sinceMs);
  log(
    `browser waterfall (${what}), ms since ${sinceMs ? 'the click' : 'navigation start'}; DOMContentLoaded ${entries.domContentLoaded.toFixed(0)}`,
  );
  for (const e of entries.rows) {
    log(
      `  ${e.start.toFixed(0).padStart(5)}–${e.end.toFixed(0).padEnd(5)} ${String(e.bytes).padStart(8)} B  ${e.name.slice(0, 110)}`,
    );
  }
}

/** Picks an account in the Account filter; ms from the click to the filtered rows. */
async function pickAccount(
  page: Page,
  expected: number,
  log: (line: string) => void,
): Promise<number> {
  await page.getByLabel('Account', { exact: true }).click();
  const option = page.getByRole('option', { name: new RegExp(FILTER_ACCOUNT) });
  await option.waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    document.addEventListener(
      'click',
      () => {
        (window as any).__benchClickAt = performance.now();
      },
      { capture: true, once: true },
    );
  });
  await option.click();
  const handle = await page.waitForFunction(
    ([rows, text, account]) => {
      const clickedAt = (window as any).__benchClickAt as number | undefined;
      const status = document.querySelector('[role="status"]');
      const table = document.querySelector('table[aria-label="S3 buckets"]');
      const shown = [...document.querySelectorAll(rows)];
      const done =
        clickedAt !== undefined &&
        status?.textContent === text &&
        table?.getAttribute('aria-busy') === 'false' &&
        shown.length > 0 &&
        shown.every(r => r.textContent?.includes(account));
      return done ? performance.now() - clickedAt : false;
    },
    [
      ROWS,
      `${expected.toLocaleString('en')} buckets match`,
      FILTER_ACCOUNT,
    ] as const,
    { polling: 'raf', timeout: 30_000 },
  );
  const ms = (await handle.jsonValue()) as number;
  await logWaterfall(
    page,
    'filter change',
    await page.evaluate(() => (window as any).__benchClickAt as number),
    log,
  );
  return ms;
}

export async function benchBrowser(
  env: ServingEnv,
  options: { runs: number },
  log: (line: string) => void,
): Promise<BrowserFigures> {
  const build = ensureAppBuild(env, log);
  const server = await serveApp(build.dir, Number(new URL(env.appUrl).port));
  // What the page should say: the API's own counts, for every bucket and for the account.
  const total: number = (await env.api('/api/s3/v1/buckets?limit=1'))
    .totalCount;
  const inAccount: number = (
    await env.api(`/api/s3/v1/buckets?limit=1&account=${FILTER_ACCOUNT}`)
  ).totalCount;
  const screenshot = join(ROOT, `e2e-screenshots/bench-browse-${total}.png`);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
    });
    const cold: number[] = [];
    const warm: FirstRowsTiming[] = [];
    const filter: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      // A fresh profile each run: sign in as the guest, as a user would.
      const context = await browser.newContext({
        viewport: { width: 1600, height: 1000 },
      });
      try {
        const page = await context.newPage();
        await page.goto(`${env.appUrl}/`);
        await page.getByRole('button', { name: 'Enter' }).click();
        await page
          .getByRole('navigation', { name: 'sidebar nav' })
          .getByRole('link', { name: 'Catalog' })
          .waitFor({ timeout: 30_000 });
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.clearBrowserCache');
        cold.push((await openBrowsePage(page, env.appUrl, total)).rowsMs);
        // BENCH_BROWSER_CPU_PROF: the page's JavaScript profiled during the first warm visit.
        const profDir =
          r === 0 ? process.env.BENCH_BROWSER_CPU_PROF : undefined;
        if (profDir) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        warm.push(await openBrowsePage(page, env.appUrl, total));
        if (profDir) {
          const { profile } = await cdp.send('Profiler.stop');
          mkdirSync(profDir, { recursive: true });
          const file = join(profDir, 'browse-first-rows.cpuprofile');
          writeFileSync(file, JSON.stringify(profile));
          log(`browser: CPU profile of the page in ${file}`);
        }
        if (r === 0) {
          await logWaterfall(page, 'first rows, app files cached', 0, log);
          mkdirSync(join(ROOT, 'e2e-screenshots'), { recursive: true });
          await page.screenshot({ path: screenshot, fullPage: true });
        }
        if (profDir) await cdp.send('Profiler.start');
        filter.push(
          await pickAccount(page, inAccount, r === 0 ? log : () => {}),
        );
        if (profDir) {
          const { profile } = await cdp.send('Profiler.stop');
          const file = join(profDir, 'browse-filter.cpuprofile');
          writeFileSync(file, JSON.stringify(profile));
          log(`browser: CPU profile of the filter change in ${file}`);
        }
        log(
          `browser run ${r + 1}/${options.runs}: first rows ${warm[r].rowsMs.toFixed(0)} ms (list request sent at ${warm[r].listSentMs.toFixed(0)}, answered at ${warm[r].listAnsweredMs.toFixed(0)}; empty cache ${cold[r].toFixed(0)} ms), filter ${filter[r].toFixed(0)} ms`,
        );
      } finally {
        await context.close();
      }
    }
    return {
      buckets: total,
      runs: options.runs,
      firstRowsMs: median(warm.map(w => w.rowsMs)),
      listSentMs: median(warm.map(w => w.listSentMs)),
      listAnsweredMs: median(warm.map(w => w.listAnsweredMs)),
      firstRowsColdMs: median(cold),
      filterMs: median(filter),
      runsFirstRowsMs: warm.map(w => w.rowsMs),
      runsFirstRowsColdMs: cold,
      runsFilterMs: filter,
      build: build.built ? 'built' : 'cached',
      buildSec: build.buildSec,
      screenshot,
    };
  } finally {
    await browser?.close();
    await new Promise(r => server.close(r));
  }
}
