/**
 * The `serve` and `browser` parts of `npm run bench`: one backend with every bucket assessed
 * (startServingEnv) serves both, then is stopped. Returns the figures and the table rows.
 */
/* eslint-disable no-console */
import { BrowserFigures, benchBrowser } from './browser';
import {
  EndpointFigures,
  ServingFigures,
  benchListLarge,
  benchServing,
  growServingWorld,
  startServingEnv,
} from './serving';

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
  browser?: BrowserFigures & { large?: BrowserFigures };
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
    const browserRows = (f: BrowserFigures) => [
      {
        figure: `browser: /s3 to first rows (${fmt(f.buckets, 0)})`,
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
    ];
    const browserRuns = envNumber('BENCH_BROWSER_RUNS', 5);
    const connections = envNumber('BENCH_SERVE_CONNECTIONS', 50);
    const load = {
      connections,
      durationSec: envNumber('BENCH_SERVE_DURATION', 10),
      warmupSec: envNumber('BENCH_SERVE_WARMUP', 3),
      runs: envNumber('BENCH_SERVE_RUNS', 3),
    };
    // Throughput and latency rows; `target` for the summary's or the list's targets.
    const endpoint = (
      name: string,
      e: EndpointFigures,
      target: 'summary' | 'list',
    ) => {
      const summary = target === 'summary';
      return [
        {
          figure: `serving: ${name} req/s (c=${connections})`,
          value: fmt(e.rps, 0),
          target: summary ? '≥ 1,000' : '≥ 500',
          ok: e.rps >= (summary ? 1000 : 500),
        },
        {
          figure: `serving: ${name} p50 / p99`,
          value: `${fmt(e.p50Ms)} / ${fmt(e.p99Ms)} ms`,
          target: summary ? '' : 'p99 < 250 ms',
          ok: summary ? undefined : e.p99Ms < 250,
        },
        {
          figure: `serving: ${name} p95`,
          value: `${fmt(e.p95Ms)} ms`,
          target: summary ? '< 50 ms' : '< 100 ms',
          ok: e.p95Ms < (summary ? 50 : 100),
        },
      ];
    };
    const listRows = (
      size: string,
      f: {
        list: EndpointFigures;
        filtered: EndpointFigures;
        pages: ServingFigures['listPages'];
      },
    ) => [
      ...endpoint(`list (${size}, first page)`, f.list, 'list'),
      ...endpoint(`list (${size}, search + account)`, f.filtered, 'list'),
      ...endpoint(`list (${size}, status)`, f.pages.status, 'list'),
      ...endpoint(`list (${size}, search)`, f.pages.search, 'list'),
      ...endpoint(`list (${size}, random pages)`, f.pages.paged, 'list'),
      ...(f.pages.undocumented
        ? endpoint(`list (${size}, undocumented)`, f.pages.undocumented, 'list')
        : []),
    ];
    // The browser first, on a backend that has not just been under load.
    if (parts.browser) {
      out.browser = await benchBrowser(env, { runs: browserRuns }, log);
      out.rows.push(...browserRows(out.browser));
    }
    if (parts.serve) {
      log(
        `serving: access cache ${env.accessCacheSeconds} s, ${connections} connections`,
      );
      const f = await benchServing(env, load, log);
      out.serving = f;
      out.rows.push(
        ...endpoint('summary (50 buckets)', f.summary, 'summary'),
        ...listRows(fmt(buckets, 0), {
          list: f.list,
          filtered: f.listFiltered,
          pages: f.listPages,
        }),
      );
    }
    // The same at 50,000 buckets: rows added to the store's tables (servingLarge.ts).
    const large = envNumber('BENCH_SERVE_LARGE', 50_000);
    if (large > buckets && env.postgres) {
      const seed = await growServingWorld(
        env,
        large,
        envNumber('BENCH_SERVE_LARGE_UNDOCUMENTED', 0.5),
        log,
      );
      out.rows.push({
        figure: `serving setup: rows added up to ${fmt(seed.buckets, 0)} (${fmt(seed.seededUndocumented, 0)} undocumented)`,
        value: `${fmt(seed.seedSec)} s`,
        target: '(copies of assessed verdicts)',
      });
      if (parts.browser) {
        const f = await benchBrowser(env, { runs: browserRuns }, log);
        out.browser = { ...out.browser!, large: f };
        out.rows.push(...browserRows(f));
      }
      if (parts.serve) {
        const f = await benchListLarge(env, seed, load, log);
        out.serving!.listLarge = f;
        out.rows.push(...listRows(fmt(f.buckets, 0), { ...f, list: f }));
      }
    } else if (large > buckets) {
      log(
        `serving: ${large} buckets need PostgreSQL (BENCH_SERVE_DATABASE=postgres); not measured`,
      );
    }
  } finally {
    await env.stop();
  }
  return out;
}
