/**
 * Ingestion: our bucket-doc parser (markdown → Resource entity) against Backstage's own entity
 * YAML parsing of the same entities, on generated docs, side by side in one process.
 */
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { stringify } from 'yaml';
import { createBucketDocParser } from '../../../plugins/catalog-backend-module-s3-bucket-docs/src/bucketDocParser';
import { TEAMS } from './scenario';
import { median } from './stats';

const PURPOSES = ['orders', 'exports', 'logs', 'images', 'backups', 'reports'];
const TAGS = ['pii', 'orders', 'analytics', 'public', 'logs', 'finance', 'ml'];
const PEOPLE = ['asvensson', 'bnakamura', 'cokafor', 'dmuller', 'eperez'];

function pascal(words: string[]): string {
  return words.map(w => w[0].toUpperCase() + w.slice(1)).join('');
}

/** One valid bucket doc, shaped like examples/buckets/*.md, varied by `i`. */
export function generateDoc(i: number): { path: string; text: string } {
  const team = TEAMS[i % TEAMS.length];
  const purpose = PURPOSES[Math.floor(i / TEAMS.length) % PURPOSES.length];
  const env = i % 2 === 0 ? 'production' : 'staging';
  const n = String(i).padStart(5, '0');
  const bucket = `acme-${team}-${purpose}-${env}-${n}`;
  const account = i % 2 === 0 ? '111122223333' : '444455556666';
  const tags = [TAGS[i % TAGS.length], TAGS[(i * 3 + 1) % TAGS.length]].filter(
    (t, k, all) => all.indexOf(t) === k,
  );
  const owners = [`group:team-${team}`];
  if (i % 3 === 0) owners.push(PEOPLE[i % PEOPLE.length]);
  const path = `${team}-${purpose}-${env}-${n}-bucket`;
  const text = `---
name: ${pascal([team, purpose, env])}Bucket${n}
description: ${pascal([purpose])} data of the ${team} team (${env})
AWS:
  Arn: arn:aws:s3:::${bucket}
  Account: '${account}'
  Service: s3
catalog:
  updatedAt: '2025-03-${String((i % 28) + 1).padStart(2, '0')}T09:24:51.318Z'
  parent: s3
  path: ${path}
  generic: true
service: ${team}-service
owners:
${owners.map(o => `  - ${o}`).join('\n')}
system: acme-${team}
tags:
${tags.map(t => `  - ${t}`).join('\n')}
links:
  - url: https://acme.example/runbooks/${path}
    title: ${pascal([purpose])} bucket runbook
---

## Purpose

\`${bucket}\` holds the ${purpose} of the ${team} team in ${env}. Objects are written by
\`${team}-service\` and read by the reporting jobs.

## What is stored

- \`${purpose}/<yyyy>/<mm>/<id>.json\`: one document per record.
- Contains ${i % 4 === 0 ? '**personal data**: treat as PII' : 'no personal data'}.

## Retention

Kept for ${(i % 7) + 1} years, then expired by a lifecycle rule.

## Contacts

Owned by the ${team} team. On-call: \`#team-${team}-oncall\`.
`;
  return { path, text };
}

function location(target: string): LocationSpec {
  return { type: 'url', target };
}

async function drain(
  results:
    Iterable<CatalogProcessorResult> | AsyncIterable<CatalogProcessorResult>,
  out: { entities: number; errors: number; last?: Entity; error?: unknown },
) {
  for await (const r of results) {
    if (r.type === 'entity') {
      out.entities++;
      out.last = r.entity;
    } else if (r.type === 'error') {
      out.errors++;
      out.error ??= r.error;
    }
  }
}

export interface IngestionFigures {
  docs: number;
  runs: number;
  oursDocsPerSec: number;
  baselineDocsPerSec: number;
  ratio: number;
  oursRunsDocsPerSec: number[];
  baselineRunsDocsPerSec: number[];
  markdownBytesPerDoc: number;
  yamlBytesPerDoc: number;
}

export async function benchIngestion(
  docs: number,
  runs: number,
): Promise<IngestionFigures> {
  const parser = createBucketDocParser();
  const base = 'https://github.com/acme/bucket-docs/blob/main/buckets/';
  const markdown = Array.from({ length: docs }, (_, i) => {
    const doc = generateDoc(i);
    return {
      data: Buffer.from(doc.text, 'utf8'),
      location: location(`${base}${doc.path}.md`),
    };
  });

  // The same entities, serialised as YAML: what the baseline parses.
  const entities: Entity[] = [];
  for (const doc of markdown) {
    const out = { entities: 0, errors: 0 } as Parameters<typeof drain>[1];
    await drain(parser({ data: doc.data, location: doc.location }), out);
    if (out.errors > 0 || !out.last) {
      throw new Error(
        `generated doc ${doc.location.target} is not valid: ${String(out.error)}`,
      );
    }
    entities.push(out.last);
  }
  const yaml = entities.map(e => ({
    data: Buffer.from(stringify(e), 'utf8'),
    location: location(`${base}${e.metadata.name}.yaml`),
  }));

  async function ours(): Promise<number> {
    const out = { entities: 0, errors: 0 };
    const t0 = performance.now();
    for (const doc of markdown) {
      await drain(parser({ data: doc.data, location: doc.location }), out);
    }
    const seconds = (performance.now() - t0) / 1000;
    if (out.entities !== docs)
      throw new Error(`ours: ${out.entities} entities`);
    return docs / seconds;
  }

  async function baseline(): Promise<number> {
    const out = { entities: 0, errors: 0 };
    const t0 = performance.now();
    for (const doc of yaml) {
      // parseEntityYaml is synchronous; iterate it as the catalog does.
      for (const r of parseEntityYaml(doc.data, doc.location)) {
        if (r.type === 'entity') out.entities++;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    if (out.entities !== docs) {
      throw new Error(`baseline: ${out.entities} entities`);
    }
    return docs / seconds;
  }

  // Warm-up of both, then alternate so both see the same machine state.
  await ours();
  await baseline();
  const oursRuns: number[] = [];
  const baselineRuns: number[] = [];
  for (let r = 0; r < runs; r++) {
    if (r % 2 === 0) {
      oursRuns.push(await ours());
      baselineRuns.push(await baseline());
    } else {
      baselineRuns.push(await baseline());
      oursRuns.push(await ours());
    }
  }
  const oursDocsPerSec = median(oursRuns);
  const baselineDocsPerSec = median(baselineRuns);
  return {
    docs,
    runs,
    oursDocsPerSec,
    baselineDocsPerSec,
    ratio: oursDocsPerSec / baselineDocsPerSec,
    oursRunsDocsPerSec: oursRuns,
    baselineRunsDocsPerSec: baselineRuns,
    markdownBytesPerDoc:
      markdown.reduce((s, d) => s + d.data.length, 0) / markdown.length,
    yamlBytesPerDoc: yaml.reduce((s, d) => s + d.data.length, 0) / yaml.length,
  };
}
