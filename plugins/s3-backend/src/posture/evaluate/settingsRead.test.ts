import {
  CHECK_IDS,
  CheckResult,
  PROFILE_IDS,
  resolveActiveChecks,
} from '@s3-posture/plugin-s3-common';
import {
  BUCKET_OPERATIONS,
  ExampleAssessor,
  exampleDocs,
} from '../__testUtils__/assessExamples';
import { useSimulatedAws } from '../__testUtils__/simulatedAws';
import {
  AccountSnapshot,
  BUCKET_SETTINGS,
  BucketSetting,
  BucketSnapshot,
  PostureInput,
} from '@s3-posture/plugin-s3-node';
import { absent, makeInput } from './checks/testInput';
import { CheckCatalog } from './CheckCatalog';
import { CHECK_EVALUATORS } from './checkEvaluators';
import { evaluatePosture } from './evaluatePosture';
import { SETTINGS_READ_BY_CHECK } from './settingsRead';
import { DEFAULT_EVALUATION_SETTINGS } from './types';

jest.setTimeout(60_000);

const aws = useSimulatedAws();
const docs = exampleDocs();
const NOW = new Date();
const SETTINGS = { ...DEFAULT_EVALUATION_SETTINGS, now: NOW };

/** The AWS call that reads each setting, as the simulator names it. */
const CALL_OF: Record<BucketSetting, string> = Object.fromEntries(
  BUCKET_SETTINGS.map((s, i) => [s, BUCKET_OPERATIONS[i]]),
) as Record<BucketSetting, string>;

interface Collected {
  inputs: PostureInput[];
  calls: Record<string, number>;
}

/** Every example bucket collected with the given settings (all by default), as a refresh does. */
async function collectExamples(
  settings?: readonly BucketSetting[],
): Promise<Collected> {
  const assessor = new ExampleAssessor();
  const locations = await assessor.locateAll(docs);
  aws.stats.reset();
  const collector = assessor.collector();
  const accounts = new Map<string, Promise<AccountSnapshot>>();
  try {
    const inputs = await Promise.all(
      docs.map(async doc => {
        const { accountId, region } = locations.get(doc.bucket)!;
        if (!accounts.has(accountId)) {
          accounts.set(accountId, collector.collectAccount(accountId));
        }
        const [bucket, account] = await Promise.all([
          collector.collectBucket(
            { bucket: doc.bucket, partition: 'aws', accountId, region },
            settings,
          ),
          accounts.get(accountId)!,
        ]);
        return {
          bucket,
          account,
          doc: {
            documentedAccountId: doc.account,
            owners: [{ ref: 'group:default/platform', exists: true }],
          },
        };
      }),
    );
    return { inputs, calls: { ...aws.stats.byOperation } };
  } finally {
    collector.clients.destroy();
  }
}

/** The bucket with every setting an evaluator touches recorded. */
function recording(
  bucket: BucketSnapshot,
  touched: Set<string>,
): BucketSnapshot {
  const settings = new Set<string>(BUCKET_SETTINGS);
  return new Proxy(bucket, {
    get(target, key, receiver) {
      if (typeof key === 'string' && settings.has(key)) touched.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
}

describe('settings read by each check', () => {
  let full: Collected;
  beforeAll(async () => {
    full = await collectExamples();
  });

  it('every setting is read by some check, and every check lists only settings', () => {
    const listed = new Set(Object.values(SETTINGS_READ_BY_CHECK).flat());
    expect([...listed].sort()).toEqual([...BUCKET_SETTINGS].sort());
    expect(Object.keys(SETTINGS_READ_BY_CHECK).sort()).toEqual(
      [...CHECK_IDS].sort(),
    );
  });

  it('no evaluator reads a bucket setting its check does not list', () => {
    // The all-good input, and the same without a bucket policy or CORS configuration.
    const inputs = [
      ...full.inputs,
      makeInput(),
      makeInput({
        bucket: {
          policy: absent('NoSuchBucketPolicy'),
          cors: absent('NoSuchCORSConfiguration'),
        },
      }),
    ];
    const unlisted: string[] = [];
    for (const id of CHECK_IDS) {
      for (const input of inputs) {
        const touched = new Set<string>();
        CHECK_EVALUATORS[id](
          { ...input, bucket: recording(input.bucket, touched) },
          SETTINGS,
        );
        for (const s of touched) {
          if (!SETTINGS_READ_BY_CHECK[id].includes(s as BucketSetting)) {
            unlisted.push(`${id} reads ${s} (${input.bucket.bucket})`);
          }
        }
      }
    }
    expect(unlisted).toEqual([]);
    // The recording saw real work: the example buckets exercise the policy paths.
    expect(full.inputs).toHaveLength(docs.length);
  });

  it.each(PROFILE_IDS)(
    'profile %s: only the settings its checks read are fetched, with the same verdicts as a full read',
    async profile => {
      const checks = resolveActiveChecks(profile);
      const needed = CheckCatalog.builtIn.settingsReadBy(checks);
      const partial = await collectExamples(needed);

      for (const setting of BUCKET_SETTINGS) {
        expect([setting, partial.calls[CALL_OF[setting]] ?? 0]).toEqual([
          setting,
          needed.includes(setting) ? docs.length : 0,
        ]);
      }
      const notRead = BUCKET_SETTINGS.filter(s => !needed.includes(s));
      for (const { bucket } of partial.inputs) {
        expect(bucket.notRead).toEqual(
          notRead.length > 0 ? notRead : undefined,
        );
        expect(
          notRead.filter(s => Object.prototype.hasOwnProperty.call(bucket, s)),
        ).toEqual([]);
      }

      const verdicts = (inputs: PostureInput[]): CheckResult[][] =>
        inputs.map(input => evaluatePosture(input, checks, SETTINGS));
      expect(verdicts(partial.inputs)).toEqual(verdicts(full.inputs));
    },
  );

  it('aws-foundational leaves out CORS, Requester Pays, tags and Intelligent-Tiering', () => {
    expect(
      BUCKET_SETTINGS.filter(
        s =>
          !CheckCatalog.builtIn
            .settingsReadBy(resolveActiveChecks('aws-foundational'))
            .includes(s),
      ),
    ).toEqual(['cors', 'requestPayment', 'tagging', 'intelligentTiering']);
  });

  it('a check whose setting was not read ends in error, never in a verdict', () => {
    const input = makeInput();
    const { cors: _cors, ...bucket } = input.bucket;
    const [result] = evaluatePosture(
      {
        ...input,
        bucket: { ...bucket, notRead: ['cors'] } as BucketSnapshot,
      },
      resolveActiveChecks('strict').filter(c => c.id === 'cors-restricted'),
      SETTINGS,
    );
    expect(result).toMatchObject({
      id: 'cors-restricted',
      status: 'error',
      reason: expect.stringContaining("the bucket's cors was not read"),
    });
  });
});
