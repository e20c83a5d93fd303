/**
 * `npm run bench [-- part...]`: parts are `ingest`, `evaluate`, `assess` (assessment and its
 * memory), `serve`, `browser`, `peer`, `events` (change events and replicas), `inventory`
 * (10,000 undocumented buckets in one account) or nothing for all. Prints a table of each figure next to its target; with BENCH_OUT set,
 * writes the same figures as JSON. See BENCHMARKS.md at the repository root.
 */
/* eslint-disable no-console */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { AssessmentFigures, benchAssessment } from './assessment';
import { EvaluationFigures, benchEvaluation } from './evaluation';
import { EventsPartFigures, benchEvents } from './events';
import { IngestionFigures, benchIngestion } from './ingestion';
import { InventoryFigures, benchInventory } from './inventory';
import { PeerFigures, benchPeer } from './peer';
import {
  ServingAndBrowserFigures,
  benchServingAndBrowser,
} from './servingParts';

const PARTS = [
  'ingest',
  'evaluate',
  'assess',
  'serve',
  'browser',
  'peer',
  'events',
  'inventory',
] as const;
type Part = (typeof PARTS)[number];
const ALIASES: Record<string, Part> = {
  ingest: 'ingest',
  ingestion: 'ingest',
  evaluate: 'evaluate',
  evaluation: 'evaluate',
  assess: 'assess',
  assessment: 'assess',
  memory: 'assess',
  serve: 'serve',
  serving: 'serve',
  browser: 'browser',
  peer: 'peer',
  events: 'events',
  replicas: 'events',
  inventory: 'inventory',
};

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  return value ? Number(value) : fallback;
}

interface Row {
  figure: string;
  value: string;
  target: string;
  ok?: boolean;
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function printTable(rows: Row[]) {
  const head = { figure: 'figure', value: 'median', target: 'target' };
  const w = (k: keyof typeof head) =>
    Math.max(head[k].length, ...rows.map(r => r[k].length));
  const line = (r: Row | typeof head, mark: string) =>
    `${r.figure.padEnd(w('figure'))}  ${r.value.padStart(w('value'))}  ${r.target.padEnd(w('target'))}  ${mark}`;
  console.log(line(head, ''));
  console.log(
    line(
      {
        figure: '-'.repeat(w('figure')),
        value: '-'.repeat(w('value')),
        target: '-'.repeat(w('target')),
      },
      '',
    ),
  );
  for (const r of rows) {
    let mark = '';
    if (r.ok !== undefined) mark = r.ok ? 'ok' : 'MISSED';
    console.log(line(r, mark));
  }
}

async function main() {
  const args = process.argv.slice(2).filter(a => a !== '--');
  const unknown = args.filter(a => !ALIASES[a]);
  if (unknown.length > 0) {
    console.error(
      `bench: unknown part ${unknown.join(', ')}; use ${Object.keys(ALIASES).join(', ')}`,
    );
    process.exit(2);
  }
  const parts = new Set<Part>(args.length ? args.map(a => ALIASES[a]) : PARTS);
  const started = performance.now();
  const out: {
    machine: object;
    ingestion?: IngestionFigures;
    evaluation?: EvaluationFigures;
    assessment?: Omit<
      AssessmentFigures,
      'peakRssMb' | 'runsPeakRssMb' | 'kernelMaxRssMb' | 'startRssMb'
    >;
    memory?: {
      peakRssMb: number;
      runsPeakRssMb: number[];
      kernelMaxRssMb: number;
      startRssMb: number;
    };
    serving?: ServingAndBrowserFigures['serving'];
    browser?: ServingAndBrowserFigures['browser'];
    peer?: PeerFigures;
    events?: EventsPartFigures['events'];
    replicas?: EventsPartFigures['replicas'];
    inventory?: InventoryFigures;
    durationSec?: number;
  } = {
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model,
      node: process.version,
    },
  };
  const rows: Row[] = [];

  if (parts.has('ingest')) {
    const docs = envNumber('BENCH_DOCS', 10_000);
    const runs = envNumber('BENCH_INGEST_RUNS', 5);
    console.error(`bench: ingestion of ${docs} docs, ${runs} runs…`);
    const f = await benchIngestion(docs, runs);
    out.ingestion = f;
    rows.push(
      {
        figure: `ingestion: ours (bucket docs, ${docs})`,
        value: `${fmt(f.oursDocsPerSec, 0)} docs/s`,
        target: '',
      },
      {
        figure: 'ingestion: Backstage parseEntityYaml',
        value: `${fmt(f.baselineDocsPerSec, 0)} docs/s`,
        target: '',
      },
      {
        figure: 'ingestion: ratio ours / Backstage',
        value: `${fmt(f.ratio, 2)}×`,
        target: '≥ 0.70×',
        ok: f.ratio >= 0.7,
      },
    );
  }

  if (parts.has('evaluate')) {
    const runs = envNumber('BENCH_EVAL_RUNS', 5);
    console.error(`bench: policy evaluation, ${runs} runs per policy…`);
    const only = process.env.BENCH_EVAL_ONLY;
    const f = benchEvaluation(runs, only ? new RegExp(only) : undefined);
    out.evaluation = f;
    rows.push(
      {
        figure: `evaluation: slowest policy, all policy checks (${f.slowest})`,
        value: `${fmt(f.maxPolicyMs)} ms`,
        target: '< 100 ms',
        ok: f.maxPolicyMs < 100,
      },
      {
        figure: `evaluation: p95 over ${f.policies} policies up to ${fmt(f.largestPolicyBytes / 1024, 1)} KB`,
        value: `${fmt(f.p95PolicyMs)} ms`,
        target: '< 100 ms',
        ok: f.p95PolicyMs < 100,
      },
    );
  }

  if (parts.has('assess')) {
    const buckets = envNumber('BENCH_BUCKETS', 2000);
    const latencyMs = envNumber('BENCH_LATENCY_MS', 25);
    const concurrency = envNumber('BENCH_CONCURRENCY', 32);
    const runs = envNumber('BENCH_RUNS', 3);
    const processes = envNumber('BENCH_ASSESS_PROCESSES', 1);
    console.error(
      `bench: assessment of ${buckets} buckets at ${latencyMs} ms/call, concurrency ${concurrency}, ${runs} runs…`,
    );
    const f = await benchAssessment({
      buckets,
      latencyMs,
      concurrency,
      runs,
      cpuProfDir: process.env.BENCH_CPU_PROF,
      processes,
      sdkFloor: process.env.BENCH_SDK_FLOOR !== '0',
    });
    const {
      peakRssMb,
      runsPeakRssMb,
      kernelMaxRssMb,
      startRssMb,
      ...assessment
    } = f;
    out.assessment = assessment;
    out.memory = { peakRssMb, runsPeakRssMb, kernelMaxRssMb, startRssMb };
    rows.push(
      {
        figure: `assessment: buckets/s (${buckets}, ${latencyMs} ms, c=${concurrency}${processes > 1 ? `, ${processes} processes` : ''})`,
        value: fmt(f.bucketsPerSec),
        target: `bound ${fmt(f.boundBucketsPerSec)}`,
      },
      {
        figure: 'assessment: ratio to bound',
        value: `${fmt(f.boundRatio * 100, 0)} %`,
        target: '≥ 80 %',
        ok: f.boundRatio >= 0.8,
      },
      // Compared at the precision shown: a bucket's own calls are whole numbers, and the
      // account-level ones (S3 Control) add about 0.001 per bucket once amortised.
      {
        figure: 'assessment: S3 calls per bucket',
        value: fmt(f.s3CallsPerBucket, 3),
        target: '≤ 17',
        ok: Math.round(f.s3CallsPerBucket * 100) / 100 <= 17,
      },
      {
        figure: 'assessment: IAM calls per bucket',
        value: fmt(f.iamCallsPerBucket, 3),
        target: '(amortised)',
      },
      {
        figure: 'assessment: all calls per bucket',
        value: fmt(f.callsPerBucket, 2),
        target: '(sets the bound)',
      },
      {
        figure: 'assessment: backend CPU ms per bucket',
        value: fmt(f.cpuMsPerBucket, 2),
        target: `(${fmt(f.cpuUtilisation * 100, 0)} % of one core)`,
      },
      ...(f.sdkFloor
        ? [
            {
              figure: `assessment: SDK alone, same ${f.sdkFloor.operations.length} S3 calls: buckets/s`,
              value: fmt(f.sdkFloor.bucketsPerSec),
              target: `(CPU ${fmt(f.sdkFloor.cpuMsPerCall, 2)} ms per call)`,
            },
            {
              figure: 'assessment: SDK alone, ratio to its bound',
              value: `${fmt(f.sdkFloor.boundRatio * 100, 0)} %`,
              target: '(the most on this machine)',
            },
            {
              figure: 'assessment: ours / SDK alone',
              value: `${fmt(f.sdkFloor.oursToFloor, 2)}×`,
              target: '(side by side)',
            },
          ]
        : []),
      {
        figure: 'assessment: failed buckets',
        value: String(f.failed),
        target: '0',
        ok: f.failed === 0,
      },
      {
        figure: 'memory: peak RSS of the assessing process',
        value: `${fmt(peakRssMb, 0)} MB`,
        target: '< 400 MB',
        ok: peakRssMb < 400,
      },
    );
    if (f.firstFailure)
      console.error(`bench: first failure: ${f.firstFailure}`);
    if (f.sdkFloor?.firstFailure)
      console.error(
        `bench: SDK alone, first failure: ${f.sdkFloor.firstFailure}`,
      );
  }

  if (parts.has('serve') || parts.has('browser')) {
    // One backend with 5,000 assessed buckets serves both parts (see servingParts.ts).
    const f = await benchServingAndBrowser({
      serve: parts.has('serve'),
      browser: parts.has('browser'),
    });
    out.serving = f.serving;
    out.browser = f.browser;
    rows.push(...f.rows);
  }

  if (parts.has('peer')) {
    const buckets = envNumber('BENCH_BUCKETS', 2000);
    const latencyMs = envNumber('BENCH_LATENCY_MS', 25);
    const concurrency = envNumber('BENCH_CONCURRENCY', 32);
    const runs = envNumber('BENCH_PEER_RUNS', 3);
    const region = process.env.BENCH_PEER_REGION ?? 'us-east-1';
    console.error(
      `bench: peer (Roadie's S3 provider) against our assessment, ${buckets} buckets at ${latencyMs} ms/call, ${runs} runs…`,
    );
    const f = await benchPeer({
      buckets,
      latencyMs,
      concurrency,
      runs,
      region,
    });
    out.peer = f;
    rows.push(
      {
        figure: `peer: ours, full assessment (${buckets}, c=${concurrency})`,
        value: `${fmt(f.oursSec)} s`,
        target: `(${fmt(f.oursCallsPerBucket, 2)} calls/bucket)`,
      },
      {
        figure: "peer: Roadie's S3 provider, tags only",
        value: `${fmt(f.peerSec)} s`,
        target: `(${fmt(f.peerCallsPerBucket, 2)} calls/bucket)`,
      },
      {
        figure: 'peer: ratio peer time / our time',
        value: `${fmt(f.ratio, 2)}×`,
        target: '> 1× (ours faster)',
        ok: f.ratio > 1,
      },
    );
  }

  if (parts.has('events')) {
    // Change events through the real SQS path, then the full refresh with 1 and 2 replicas.
    const f = await benchEvents();
    out.events = f.events;
    out.replicas = f.replicas;
    rows.push(...f.rows);
  }

  if (parts.has('inventory')) {
    const f = await benchInventory(line => console.error(`bench: ${line}`));
    out.inventory = f;
    rows.push(
      {
        figure: `inventory: ${fmt(f.buckets, 0)} undocumented buckets listed (1 account)`,
        value: `${fmt(f.listSec)} s`,
        target: `(${f.listBucketsCalls} ListBuckets calls, ${f.getBucketLocationCalls} GetBucketLocation)`,
      },
      {
        figure: `inventory: undocumented buckets assessed/s (${f.latencyMs} ms, c=${f.concurrency})`,
        value: fmt(f.bucketsPerSec),
        target: `(${fmt(f.assessSec)} s to the last verdict)`,
      },
      {
        figure: 'inventory: AWS calls per bucket (S3 / all)',
        value: `${fmt(f.s3CallsPerBucket, 3)} / ${fmt(f.callsPerBucket, 3)}`,
        target: '',
      },
      {
        figure: 'inventory: buckets left unassessed',
        value: String(f.unassessed),
        target: '0',
        ok: f.unassessed === 0,
      },
      {
        figure: 'inventory: backend RSS start / peak / end (whole backend)',
        value: `${fmt(f.startRssMb, 0)} / ${fmt(f.peakRssMb, 0)} / ${fmt(f.endRssMb, 0)} MB`,
        target: '(flat: peak near start)',
      },
    );
  }

  out.durationSec = (performance.now() - started) / 1000;
  console.log('');
  printTable(rows);
  console.log(
    `\n${out.durationSec.toFixed(0)} s on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
  );
  if (process.env.BENCH_OUT) {
    writeFileSync(process.env.BENCH_OUT, `${JSON.stringify(out, null, 2)}\n`);
    console.error(`bench: figures written to ${process.env.BENCH_OUT}`);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
