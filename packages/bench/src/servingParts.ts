/**
 * The `serve` and `browser` parts of `npm run bench`: one backend with every bucket assessed
 * (startServingEnv) serves both, then is stopped. Returns the figures and the table rows.
 */
/* eslint-disable no-console */
import { BrowserFigures, benchBrowser } from './browser';
import { ServingFigures, benchServing, startServingEnv } from './serving';

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  return value ? Number(value) : fallback;
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export interface ServingAndBrowserFigures {
  serving?: ServingFigures;
  browser?: BrowserFigures;
  rows: Array<{ figure: string; value: string; target: string; ok?: boolean }>;
}

export async function benchServingAndBrowser(parts: {
  serve: boolean;
  browser: boolean;
}): Promise<ServingAndBrowserFigures> {
  const buckets = envNumber('BENCH_SERVE_BUCKETS', 5000);
  const log = (line: string) => console.error(`bench: ${line}`);
  log(
    `serving: ${buckets} bucket docs, backend with the catalog and the s3 plugin…`,
  );
  const env = await startServingEnv({
    buckets,
    backendPort: envNumber('BENCH_SERVE_PORT', 7217),
    appPort: envNumber('BENCH_APP_PORT', 3217),
    postgresUrl:
      process.env.BENCH_SERVE_DATABASE === 'postgres'
        ? (process.env.BENCH_POSTGRES_URL ??
          'postgresql://postgres@127.0.0.1:5432')
        : undefined,
    accessCacheSeconds: process.env.BENCH_ACCESS_CACHE_SECONDS
      ? Number(process.env.BENCH_ACCESS_CACHE_SECONDS)
      : undefined,
    cpuProfDir: process.env.BENCH_SERVE_CPU_PROF,
    log,
  });
  const out: ServingAndBrowserFigures = { rows: [] };
  try {
    if (process.env.BENCH_SERVE_HOLD) {
      // For looking around or profiling by hand: keep the world up until Ctrl-C.
      log(
        `serving: holding; token ${env.token}, backend ${env.backendUrl}, app ${env.appUrl}`,
      );
      await new Promise(ok => process.once('SIGINT', ok));
      log('serving: stopping');
      return out;
    }
    const s = env.setup;
    out.rows.push(
      {
        figure: `serving setup: catalog ingests ${buckets} docs (${env.database})`,
        value: `${fmt(s.catalogReadySec)} s`,
        target: '(backend start to last relation)',
      },
      {
        figure: `serving setup: first assessment of ${buckets - s.assessedBeforeTrigger} buckets`,
        value: `${fmt(s.assessSec)} s`,
        target: `(${fmt(s.assessBucketsPerSec, 0)} buckets/s, simulator at 0 ms)`,
      },
    );
    // The browser first, on a backend that has not just been under load.
    if (parts.browser) {
      const f = await benchBrowser(
        env,
        { runs: envNumber('BENCH_BROWSER_RUNS', 5) },
        log,
      );
      out.browser = f;
      out.rows.push(
        {
          figure: `browser: /s3 to first rows (${buckets})`,
          value: `${fmt(f.firstRowsMs, 0)} ms`,
          target: '< 1 s',
          ok: f.firstRowsMs < 1000,
        },
        {
          figure: 'browser: of which: list request sent / answered at',
          value: `${fmt(f.listSentMs, 0)} / ${fmt(f.listAnsweredMs, 0)} ms`,
          target: '',
        },
        {
          figure: 'browser: same, empty browser cache',
          value: `${fmt(f.firstRowsColdMs, 0)} ms`,
          target: '< 1 s',
          ok: f.firstRowsColdMs < 1000,
        },
        {
          figure: 'browser: filter change to updated rows',
          value: `${fmt(f.filterMs, 0)} ms`,
          target: '< 300 ms',
          ok: f.filterMs < 300,
        },
      );
    }
    if (parts.serve) {
      const connections = envNumber('BENCH_SERVE_CONNECTIONS', 50);
      const f = await benchServing(
        env,
        {
          connections,
          durationSec: envNumber('BENCH_SERVE_DURATION', 10),
          warmupSec: envNumber('BENCH_SERVE_WARMUP', 3),
          runs: envNumber('BENCH_SERVE_RUNS', 3),
        },
        log,
      );
      out.serving = f;
      const endpoint = (
        name: string,
        e: ServingFigures['summary'],
        targets: boolean,
      ) => [
        {
          figure: `serving: ${name} req/s (c=${connections}, access cache ${f.accessCacheSeconds} s)`,
          value: fmt(e.rps, 0),
          target: targets ? '≥ 1,000' : '',
          ok: targets ? e.rps >= 1000 : undefined,
        },
        {
          figure: `serving: ${name} p50 / p99`,
          value: `${fmt(e.p50Ms)} / ${fmt(e.p99Ms)} ms`,
          target: '',
        },
        {
          figure: `serving: ${name} p95`,
          value: `${fmt(e.p95Ms)} ms`,
          target: targets ? '< 50 ms' : '',
          ok: targets ? e.p95Ms < 50 : undefined,
        },
      ];
      out.rows.push(
        ...endpoint('summary (50 buckets)', f.summary, true),
        ...endpoint(`list (${buckets}, first page)`, f.list, false),
        ...endpoint('list (search + account)', f.listFiltered, false),
      );
    }
  } finally {
    await env.stop();
  }
  return out;
}
