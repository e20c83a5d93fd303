import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import { createAwsHandlers } from './createAwsHandlers';
import { SimulatorKnobs } from './knobs';
import { loadScenario } from './scenario/loadScenario';
import { Scenario } from './scenario/types';
import { EventQueue } from './sqs/EventQueue';
import { RequestStats } from './stats';

export interface StartAwsSimulatorOptions {
  /** A loaded scenario, or the path of a scenario YAML file. */
  scenario: Scenario | string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Loopback by default: the simulator has no authentication worth the name. */
  host?: string;
  knobs?: SimulatorKnobs;
}

export interface RunningAwsSimulator {
  /** Base URL to use as `s3.endpoint`, e.g. `http://127.0.0.1:4566`. */
  url: string;
  stats: RequestStats;
  setKnobs(knobs: SimulatorKnobs): void;
  /**
   * The simulator's SQS queue of CloudTrail envelopes (one per bucket write it applies), for
   * `@backstage/plugin-events-backend-module-aws-sqs` (`queue.endpoint` = `url`).
   */
  queueUrl: string;
  stop(): Promise<void>;
}

async function toFetchRequest(
  req: IncomingMessage,
  origin: string,
): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined)
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody =
    req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function writeResponse(
  res: ServerResponse,
  response: Response,
  head: boolean,
) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = head ? undefined : Buffer.from(await response.arrayBuffer());
  if (body) headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Serves the simulated AWS account on a local port (plain `node:http`), feeding each request
 * through the same msw handlers the tests use. Point `s3.endpoint` at `url`.
 */
export async function startAwsSimulator(
  options: StartAwsSimulatorOptions,
): Promise<RunningAwsSimulator> {
  const scenario =
    typeof options.scenario === 'string'
      ? loadScenario(options.scenario)
      : options.scenario;
  const { handlers, stats, setKnobs, events } = createAwsHandlers(
    scenario,
    options.knobs,
    { anyHost: true },
  );
  const host = options.host ?? '127.0.0.1';

  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host ?? host}`;
    toFetchRequest(req, origin)
      .then(async request => {
        const response =
          (await getResponse(handlers, request)) ??
          new Response('<Error><Code>NotImplemented</Code></Error>', {
            status: 501,
          });
        await writeResponse(res, response, req.method === 'HEAD');
      })
      .catch(error => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(
          `simulator error: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    stats,
    setKnobs,
    queueUrl: `${url}/${scenario.accounts[0]?.id ?? '000000000000'}/${EventQueue.NAME}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        events.close();
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
