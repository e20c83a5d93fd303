import { HttpHandler, http } from 'msw';
import { awsServiceOfHost } from './http/awsHosts';
import { handleQuery, isQueryRequest } from './http/queryHandler';
import { SimulatorKnobs } from './knobs';
import { handleS3 } from './s3/s3Handler';
import { handleS3Control, isS3ControlPath } from './s3control/s3ControlHandler';
import { Scenario } from './scenario/types';
import { EventQueue } from './sqs/EventQueue';
import { handleSqs, isSqsRequest } from './sqs/sqsHandler';
import { RequestStats } from './stats';
import { World } from './world';

export interface AwsHandlersOptions {
  /**
   * Local endpoints (origins such as `http://127.0.0.1:4566`) whose requests the handlers
   * answer too, as an `s3.endpoint` override would send them. Real AWS host names
   * (`*.amazonaws.com`) are always answered.
   */
  endpoints?: string[];
  /** Answer requests for any host (the simulator's own HTTP server). */
  anyHost?: boolean;
}

export interface AwsHandlers {
  /** msw request handlers: pass them to `setupServer(...handlers)`. */
  handlers: HttpHandler[];
  /** Requests answered so far, by operation, bucket and account. */
  stats: RequestStats;
  /** Changes the knobs from now on (merged into the current ones). */
  setKnobs(knobs: SimulatorKnobs): void;
  /** The SQS queue of CloudTrail envelopes, one per applied bucket write. */
  events: EventQueue;
}

/**
 * The simulated AWS account as msw handlers speaking the real wire protocols: S3 REST (path
 * and virtual-hosted style), S3 Control, and the IAM and STS Query APIs. The signing key id
 * of each request picks the account it acts in.
 */
export function createAwsHandlers(
  scenario: Scenario,
  knobs: SimulatorKnobs = {},
  options: AwsHandlersOptions = {},
): AwsHandlers {
  const world = new World(scenario, knobs);
  const endpoints = new Set(
    (options.endpoints ?? []).map(e => new URL(e).origin),
  );
  const isLocal = (url: URL) =>
    options.anyHost === true || endpoints.has(url.origin);

  const handlers = [
    // SQS (JSON protocol) on a local endpoint or SQS's own host names.
    http.post(
      ({ request }) => {
        const url = new URL(request.url);
        return (
          isSqsRequest(request) &&
          (isLocal(url) ||
            /^sqs\.[a-z0-9-]+\.amazonaws\.com$/.test(url.hostname))
        );
      },
      ({ request }) => handleSqs(request, world),
    ),
    http.post(
      ({ request }) => {
        const url = new URL(request.url);
        const service = awsServiceOfHost(url.hostname);
        const forQuery = service === 'iam' || service === 'sts' || isLocal(url);
        return forQuery && isQueryRequest(request);
      },
      ({ request }) => handleQuery(request, world),
    ),
    http.all(
      ({ request }) => {
        const url = new URL(request.url);
        const service = awsServiceOfHost(url.hostname);
        return (
          service === 's3control' ||
          (isLocal(url) && isS3ControlPath(url.pathname))
        );
      },
      ({ request }) => handleS3Control(request, world),
    ),
    http.all(
      ({ request }) => {
        const url = new URL(request.url);
        return awsServiceOfHost(url.hostname) === 's3' || isLocal(url);
      },
      ({ request }) => handleS3(request, world),
    ),
  ];

  return {
    handlers,
    stats: world.stats,
    setKnobs: next => world.faults.set(next),
    events: world.events,
  };
}
