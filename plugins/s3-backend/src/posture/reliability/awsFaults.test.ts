import { SimulatorKnobs } from '@internal/aws-simulator';
import { BucketLocation } from '../collect/locate';
import {
  EXAMPLE_AWS_CONFIG,
  PRODUCTION,
  STAGING,
  useSimulatedAws,
} from '../__testUtils__/simulatedAws';
import {
  BUCKET_OPERATIONS,
  ExampleAssessor,
  ExampleDoc,
  FaultRule,
  Judgement,
  Outcome,
  exampleDocs,
  judge,
} from '../__testUtils__/assessExamples';

// DESIGN §13, issue 8: AWS faults through the simulator's knobs, against a fault-free run of
// the example company. Each fault's run is held to the same rule: every bucket finishes, a
// check keeps its verdict or is `error` naming the cause, and nothing fails that did not.

jest.setTimeout(60_000);

const docs: ExampleDoc[] = exampleDocs();
let locations: Map<string, BucketLocation>;
let baseline: Outcome[];
const bucketsOf = (account: string) =>
  docs.filter(d => locations.get(d.bucket)?.accountId === account);

/** Few attempts, so that faults get past the retries and their errors can be inspected. */
const FEW_ATTEMPTS = new ExampleAssessor({ maxAttempts: 2 });

const tally: Array<{ fault: string } & Omit<Judgement, 'violations'>> = [];

describe('AWS faults (DESIGN §13): the assessment finishes, only affected checks error, no false fail', () => {
  const aws = useSimulatedAws();

  beforeAll(async () => {
    locations = await FEW_ATTEMPTS.locateAll(docs);
    baseline = await FEW_ATTEMPTS.assessAll(docs, locations);
  });

  afterAll(() => {
    // The figures of the reliability report: runs, checks judged under faults, false fails.
    // eslint-disable-next-line no-console
    console.info(
      `AWS faults: ${tally.length} faults, ${tally.reduce((n, t) => n + t.assessments, 0)} assessments\n${tally
        .map(
          t =>
            `${t.fault}: ${t.assessments} assessments, ${t.failedRefreshes} failed refreshes, ${t.checks} checks, ${t.errors} errors, ${t.falseFails} false fails`,
        )
        .join('\n')}`,
    );
  });

  async function runUnder(
    fault: string,
    knobs: SimulatorKnobs,
    rule: FaultRule,
    options: {
      assessor?: ExampleAssessor;
      docs?: ExampleDoc[];
      region?: string;
    } = {},
  ): Promise<Judgement> {
    aws.setKnobs(knobs);
    const assessor = options.assessor ?? FEW_ATTEMPTS;
    const run = await assessor.assessAll(options.docs ?? docs, locations, {
      region: options.region,
    });
    const judgement = judge(baseline, run, rule);
    const { violations, ...counts } = judgement;
    tally.push({ fault, ...counts });
    expect(violations).toEqual([]);
    expect(judgement.falseFails).toBe(0);
    return judgement;
  }

  it('has a fault-free baseline of every example bucket', () => {
    expect(baseline).toHaveLength(13);
    const verdicts = baseline.flatMap(o => ('checks' in o ? o.checks : []));
    expect(verdicts).toHaveLength(13 * 30);
    expect(verdicts.filter(c => c.status === 'error')).toEqual([]);
    // Both outcomes occur, so a flip between them would be seen.
    expect(verdicts.filter(c => c.status === 'pass').length).toBeGreaterThan(
      100,
    );
    expect(verdicts.filter(c => c.status === 'fail').length).toBeGreaterThan(
      100,
    );
  });

  it('20% throttling: retried, and what is left over is an error naming SlowDown or Throttling', async () => {
    // Adaptive retry slows each client down after throttling (as AWS wants): a few buckets
    // of both accounts keep this quick.
    const few = [
      'securecart-orders-production',
      'securecart-invoices-production',
      'securecart-orders-staging',
      'securecart-product-images-staging',
    ];
    const judgement = await runUnder(
      'throttling 20%, 2 attempts',
      {
        throttleRate: 0.2,
        seed: 20,
        // Which random calls stay throttled depends on the order calls arrive in; one call
        // throttled past both attempts makes sure an error is always there to judge.
        failNext: [
          {
            operation: 's3:GetBucketCors',
            bucket: 'securecart-orders-production',
            fault: 'Throttling',
            times: 2,
          },
        ],
      },
      { cause: /SlowDown|Throttling/ },
      { docs: docs.filter(d => few.includes(d.bucket)) },
    );
    expect(judgement.assessments).toBe(4);
    expect(aws.stats.errors.SlowDown).toBeGreaterThan(5);
    // Calls throttled past both attempts leave their checks in error, not failing.
    expect(judgement.errors).toBeGreaterThanOrEqual(1);
  });

  it('5% server errors: an error naming InternalError or ServiceFailure, never a fail', async () => {
    const judgement = await runUnder(
      '5xx 5%, 2 attempts',
      { serverErrorRate: 0.05, seed: 5 },
      { cause: /InternalError|ServiceFailure/ },
    );
    expect(aws.stats.errors.InternalError).toBeGreaterThan(0);
    expect(judgement.assessments).toBe(13);
  });

  it("per-call timeouts: the slow calls' checks error with TimeoutError, all others keep their verdicts", async () => {
    const slow = 1200;
    const judgement = await runUnder(
      'timeouts (3 slow operations)',
      {
        slowOperations: [
          { operation: 's3:GetBucketLogging', latencyMs: slow },
          { operation: 's3:GetBucketEncryption', latencyMs: slow },
          { operation: 'iam:GetAccountAuthorizationDetails', latencyMs: slow },
        ],
      },
      {
        cause: /TimeoutError.*requestTimeout/,
        mustError: [
          'server-access-logging',
          'default-encryption',
          'kms-encryption',
          'iam-least-privilege',
          'iam-keys-rotated',
          'iam-unused-credentials',
          'dedicated-iam-user',
        ],
        mayError: [
          'server-access-logging',
          'default-encryption',
          'kms-encryption',
          'iam-least-privilege',
          'iam-keys-rotated',
          'iam-unused-credentials',
          'dedicated-iam-user',
          // Replicas must be encrypted: undecided while the encryption is unknown.
          'cross-region-replication',
        ],
      },
      {
        assessor: new ExampleAssessor({
          maxAttempts: 2,
          requestTimeoutMs: 300,
        }),
      },
    );
    // Seven checks of each of the 13 buckets; each slow call was tried twice.
    expect(judgement.errors).toBe(13 * 7);
    expect(aws.stats.byOperation['s3:GetBucketLogging']).toBe(13 * 2);
  });

  it('region redirects: a client in the wrong region gets the same verdicts as the baseline', async () => {
    await runUnder(
      'region redirects (every client in us-east-1)',
      {},
      { cause: /^$/, mayError: [] },
      { region: 'us-east-1' },
    );
    expect(aws.stats.errors.PermanentRedirect).toBeGreaterThan(0);
  });

  it('a bucket deleted between locate and collect: its refresh fails with NoSuchBucket, the others are untouched', async () => {
    const gone = 'securecart-orders-production';
    const judgement = await runUnder(
      'bucket deleted after locate',
      { deletedBuckets: [gone] },
      {
        cause: new RegExp(
          `^NoSuchBucket: Bucket ${gone} no longer exists in account ${PRODUCTION}`,
        ),
        mayError: [],
        mustFail: [gone],
      },
    );
    expect(judgement.failedRefreshes).toBe(1);
  });

  it("an account whose role cannot be assumed: its buckets' refreshes fail naming sts:AssumeRole, the other account is untouched", async () => {
    const roleBased = new ExampleAssessor(
      { maxAttempts: 2 },
      {
        aws: {
          mainAccount: EXAMPLE_AWS_CONFIG.aws.accounts[0],
          accounts: [
            EXAMPLE_AWS_CONFIG.aws.accounts[0],
            {
              accountId: STAGING,
              roleName: 'backstage-s3-posture',
              externalId: 'securecart-backstage',
            },
          ],
        },
      },
    );
    // The role works: same verdicts as with the staging account's own keys.
    const assumed = judge(
      baseline,
      await roleBased.assessAll(docs, locations),
      { cause: /^$/, mayError: [] },
    );
    expect(assumed.violations).toEqual([]);
    expect(aws.stats.byOperation['sts:AssumeRole']).toBeGreaterThan(0);

    const staging = bucketsOf(STAGING).map(d => d.bucket);
    expect(staging).toHaveLength(4);
    await runUnder(
      'role cannot be assumed',
      { accessDenied: ['sts:AssumeRole'] },
      {
        cause:
          /^AccessDenied: No setting of bucket \S+ could be read: User: arn:aws:iam::111122223333:\S+ is not authorized to perform: sts:AssumeRole/,
        mayError: [],
        mustFail: staging,
      },
      { assessor: roleBased },
    );
  });

  it('AWS out of reach (every bucket call times out): every refresh fails naming the timeout, no verdict is made up', async () => {
    const judgement = await runUnder(
      'every bucket call times out',
      {
        // Twenty times the request timeout: on a loaded machine a 5x margin once let an
        // answer in before its timer fired (a stalled event loop runs both at once).
        slowOperations: BUCKET_OPERATIONS.map(operation => ({
          operation,
          latencyMs: 2000,
        })),
      },
      {
        cause:
          /^TimeoutError: No setting of bucket \S+ could be read: .*requestTimeout/,
        mustFail: docs.map(d => d.bucket),
      },
      {
        assessor: new ExampleAssessor({
          maxAttempts: 1,
          requestTimeoutMs: 100,
        }),
      },
    );
    expect(judgement.checks).toBe(0);
  });
});
