/**
 * The serving benchmark's world on disk: generated bucket docs (the ingestion generator's
 * docs, pointed at the simulated buckets of scenario.ts), the org and services they name,
 * and the backend's config. One service (`component:default/storefront`) has exactly
 * SERVICE_BUCKETS buckets; the others share the rest by team.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { generateDoc } from './ingestion';
import { TEAMS, benchBuckets } from './scenario';
import { simulatedAccountsConfig } from './workerKit';

export const SERVICE = 'storefront';
export const SERVICE_REF = `component:default/${SERVICE}`;
export const SERVICE_BUCKETS = 50;
const PEOPLE = ['asvensson', 'bnakamura', 'cokafor', 'dmuller', 'eperez'];
/** The accounts generateDoc writes, in the order of BENCH_ACCOUNTS. */
const DOC_ACCOUNTS = ['111122223333', '444455556666'];

/**
 * Doc `i`: generateDoc's doc with the simulator's bucket name and account, and the
 * `storefront` service for the first SERVICE_BUCKETS docs.
 */
export function servingDoc(i: number, count: number): string {
  const bucket = benchBuckets(count)[i];
  let text = generateDoc(i).text;
  const docBucket = /Arn: arn:aws:s3:::(\S+)/.exec(text)![1];
  text = text
    .split(docBucket)
    .join(bucket.name)
    .replace(
      `Account: '${DOC_ACCOUNTS[i % 2]}'`,
      `Account: '${bucket.accountId}'`,
    );
  if (i < SERVICE_BUCKETS) {
    text = text.replace(/^service: .*$/m, `service: ${SERVICE}`);
  }
  if (!text.includes(`arn:aws:s3:::${bucket.name}\n`)) {
    throw new Error(`servingDoc(${i}): the generated doc changed shape`);
  }
  return text;
}

function orgYaml(): string {
  const entities: object[] = [
    ...TEAMS.map(team => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${team}` },
      spec: { type: 'team', children: [] },
    })),
    ...PEOPLE.map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name },
      spec: { memberOf: [`team-${TEAMS[PEOPLE.indexOf(name)]}`] },
    })),
    ...TEAMS.map(team => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `acme-${team}` },
      spec: { owner: `team-${team}` },
    })),
    ...[...TEAMS.map(team => `${team}-service`), SERVICE].map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${name === SERVICE ? TEAMS[0] : name.split('-')[0]}`,
      },
    })),
  ];
  return entities.map(e => stringify(e)).join('---\n');
}

/** The events topic of the `events` part (app-config.yaml's). */
export const EVENTS_TOPIC = 'aws-s3';

export interface ServingWorld {
  dir: string;
  configPath: string;
  token: string;
  backendUrl: string;
  appUrl: string;
}

/** Writes the docs, the org and the backend config under `dir` (emptied first). */
export function writeServingWorld(options: {
  dir: string;
  buckets: number;
  simulatorUrl: string;
  backendPort: number;
  appPort: number;
  /** `s3.posture.accessCacheSeconds`; undefined leaves the product's default. */
  accessCacheSeconds?: number;
  /** PostgreSQL server and database name prefix; undefined: SQLite in memory. */
  postgres?: { url: string; prefix: string };
  /**
   * The simulator's SQS queue, for the events backend's SQS module (the `events` part):
   * its messages are published on the s3 plugin's events topic, as in app-config.yaml.
   */
  events?: { queueUrl: string; endpoint: string; region: string };
  /** `s3.posture.refreshShards`; undefined leaves the product's default. */
  refreshShards?: number;
  /** `s3.aws.concurrency` and `accountConcurrency`; undefined leaves the product's default. */
  awsConcurrency?: number;
}): ServingWorld {
  const { dir, buckets } = options;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'buckets'), { recursive: true });
  for (let i = 0; i < buckets; i++) {
    writeFileSync(
      join(dir, 'buckets', `bucket-${String(i).padStart(5, '0')}.md`),
      servingDoc(i, buckets),
    );
  }
  writeFileSync(join(dir, 'org.yaml'), orgYaml());

  const backendUrl = `http://localhost:${options.backendPort}`;
  const appUrl = `http://localhost:${options.appPort}`;
  // What an automation client (here: the load generator) presents: a static
  // external-access token, as configured in production.
  const token = `bench-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const config = {
    app: { baseUrl: appUrl },
    backend: {
      baseUrl: backendUrl,
      listen: { port: options.backendPort },
      cors: {
        origin: appUrl,
        methods: ['GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'DELETE'],
        credentials: true,
      },
      // SQLite in memory, the portal's default, or PostgreSQL as in production (one
      // database per plugin, named with the prefix).
      database: options.postgres
        ? {
            client: 'pg',
            connection: options.postgres.url,
            prefix: options.postgres.prefix,
          }
        : { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench-load' } },
        ],
      },
    },
    auth: {
      environment: 'development',
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    permission: { enabled: true },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'Resource',
            'Location',
            'Group',
            'User',
          ],
        },
      ],
      locations: [
        { type: 'file', target: join(dir, 'org.yaml') },
        { type: 'file', target: join(dir, 'buckets', '*.md') },
      ],
    },
    aws: {
      accounts: simulatedAccountsConfig(),
    },
    s3: {
      endpoint: options.simulatorUrl,
      forcePathStyle: true,
      ...(options.awsConcurrency === undefined
        ? {}
        : {
            aws: {
              concurrency: options.awsConcurrency,
              accountConcurrency: options.awsConcurrency,
            },
          }),
      catalog: { ownerDefaultKind: 'user' },
      posture: {
        profile: 'aws-foundational',
        // No full refresh during the load; the benchmark starts the discover task itself.
        schedule: {
          frequency: { trigger: 'manual' },
          timeout: { minutes: 30 },
        },
        discoveryFrequencyMinutes: 600,
        ...(options.refreshShards === undefined
          ? {}
          : { refreshShards: options.refreshShards }),
        // The SQS module takes topics as config keys, which cannot hold a dot.
        ...(options.events ? { events: { topic: EVENTS_TOPIC } } : {}),
        // Unset: the product's default.
        ...(options.accessCacheSeconds === undefined
          ? {}
          : { accessCacheSeconds: options.accessCacheSeconds }),
      },
    },
    ...(options.events
      ? {
          events: {
            modules: {
              awsSqs: {
                awsSqsConsumingEventPublisher: {
                  topics: {
                    [EVENTS_TOPIC]: {
                      queue: {
                        url: options.events.queueUrl,
                        endpoint: options.events.endpoint,
                        region: options.events.region,
                        waitTime: { seconds: 20 },
                      },
                      waitTimeAfterEmptyReceive: { seconds: 0 },
                    },
                  },
                },
              },
            },
          },
        }
      : {}),
  };
  const configPath = join(dir, 'app-config.bench.yaml');
  writeFileSync(configPath, stringify(config));
  return { dir, configPath, token, backendUrl, appUrl };
}

/**
 * The config of a second backend process on the same database (same PostgreSQL prefix,
 * same catalog locations): only its port and base URL differ. Returns its path.
 */
export function writeReplicaConfig(world: ServingWorld, port: number): string {
  const config = parse(readFileSync(world.configPath, 'utf8'));
  config.backend.baseUrl = `http://localhost:${port}`;
  config.backend.listen = { port };
  const path = join(world.dir, `app-config.replica-${port}.yaml`);
  writeFileSync(path, stringify(config));
  return path;
}
