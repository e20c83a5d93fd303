/**
 * The peer: Roadie's `AWSS3BucketProvider` (@roadiehq/catalog-backend-module-aws) ingesting
 * one simulated account's buckets, in a fresh process (forked by peer.ts, one per account, so
 * each has that account's ambient credentials, as a backend running in the account would).
 * The provider's code runs unchanged; the edge is the EntityProviderConnection, which records
 * the entities the provider applies.
 *
 * Env (set by peer.ts): BENCH_SIM_BUCKETS, BENCH_PEER_ACCOUNT, BENCH_PEER_REGION, plus the AWS
 * SDK's own variables (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).
 * Messages: out `{ type: 'ready' }`; in `{ type: 'go' }`; out `{ type: 'result', ... }`.
 */
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { AWSS3BucketProvider } from '@roadiehq/catalog-backend-module-aws';
import { benchScenario } from './scenario';
import { measureRun, readyThenGo, silentLogger } from './workerKit';

export interface PeerWorkerResult {
  type: 'result';
  accountId: string;
  /** Buckets of this account in the scenario. */
  buckets: number;
  /** Entities the provider applied (one full mutation). */
  entities: number;
  /** Scenario buckets of this account with no entity among them. */
  missing: number;
  /** Entities whose labels carry the bucket's tags (team, env). */
  withTags: number;
  /** Buckets in the provider's region (their tags are readable) whose entity lacks them. */
  inRegionWithoutTags: number;
  inRegion: number;
  /** Wall clock (ms since the epoch, high resolution) around `run()`. */
  startMs: number;
  endMs: number;
  cpuMs: number;
  peakRssMb: number;
  error?: string;
}

interface ScenarioBucket {
  name: string;
  account: string;
  region: string;
  tags: Record<string, string>;
}

async function main() {
  const count = Number(process.env.BENCH_SIM_BUCKETS ?? 2000);
  const accountId = process.env.BENCH_PEER_ACCOUNT!;
  const region = process.env.BENCH_PEER_REGION!;
  const mine = (
    benchScenario(count) as { buckets: ScenarioBucket[] }
  ).buckets.filter(b => b.account === accountId);

  // The provider's config as an adopter writes it under catalog.providers.aws. It parses the
  // account id out of the role ARN; with useTemporaryCredentials off (the default) its S3 and
  // STS clients use the SDK's default credentials chain and region (the env set by peer.ts).
  const provider = AWSS3BucketProvider.fromConfig(
    new ConfigReader({
      accountId,
      roleName: 'backstage-s3-posture',
      roleArn: `arn:aws:iam::${accountId}:role/backstage-s3-posture`,
      region,
    }),
    { logger: silentLogger },
  );
  const applied: Entity[] = [];
  const connection: Parameters<AWSS3BucketProvider['connect']>[0] = {
    async applyMutation(mutation) {
      if (mutation.type === 'full') {
        applied.push(...mutation.entities.map(e => e.entity));
      }
    },
    async refresh() {},
  };
  // No task runner: connect() only keeps the connection; run() is called below, timed.
  await provider.connect(connection);

  await readyThenGo();

  const stop = measureRun();
  let error: string | undefined;
  const startMs = performance.timeOrigin + performance.now();
  try {
    await provider.run();
  } catch (e) {
    error = `${e.name}: ${e.message}`;
  }
  const endMs = performance.timeOrigin + performance.now();
  const { cpuMs, peakRssMb } = stop();

  const byTitle = new Map(applied.map(e => [e.metadata.title, e]));
  const hasTags = (e: Entity | undefined, b: ScenarioBucket) =>
    Object.entries(b.tags).every(([k, v]) => e?.metadata.labels?.[k] === v);
  const inRegion = mine.filter(b => b.region === region);
  const result: PeerWorkerResult = {
    type: 'result',
    accountId,
    buckets: mine.length,
    entities: applied.length,
    missing: mine.filter(b => !byTitle.has(b.name)).length,
    withTags: mine.filter(b => hasTags(byTitle.get(b.name), b)).length,
    inRegionWithoutTags: inRegion.filter(b => !hasTags(byTitle.get(b.name), b))
      .length,
    inRegion: inRegion.length,
    startMs,
    endMs,
    cpuMs,
    peakRssMb,
    error,
  };
  process.send!(result, () => process.exit(0));
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
