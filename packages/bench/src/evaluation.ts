/**
 * Evaluation: how long the bucket-policy checks take on policies up to S3's 20 KB limit,
 * including adversarial ones an outsider could write (many wildcards against a key the
 * policy itself supplies). Every policy check runs on each policy, in this process;
 * the figure per policy is the slowest of several runs' sums over all policy checks.
 */
import { CheckId } from '@s3-posture/plugin-s3-common';
import { CHECK_EVALUATORS } from '../../../plugins/s3-backend/src/posture/evaluate/checkEvaluators';
import {
  ALL_BLOCK_PUBLIC_ACCESS_OFF,
  makeInput,
  makeSettings,
  ok,
} from '../../../plugins/s3-backend/src/posture/evaluate/checks/testInput';
import { percentile } from './stats';

const POLICY_CHECKS: CheckId[] = [
  'no-public-read',
  'no-public-write',
  'no-cross-account-sensitive-actions',
  'tls-only',
  'tls-minimum-version',
  'presigned-url-age-limited',
  'private-network-only',
];

const BUCKET = 'orders-production';
const ARN = `arn:aws:s3:::${BUCKET}`;
/** S3's limit on the size of a bucket policy. */
const MAX_POLICY_BYTES = 20 * 1024;

export interface EvaluationFigures {
  policies: number;
  largestPolicyBytes: number;
  maxPolicyMs: number;
  p95PolicyMs: number;
  medianPolicyMs: number;
  /** The slowest policy, by name. */
  slowest: string;
}

type Statement = Record<string, unknown>;

function account(i: number): string {
  return String(100000000000 + i * 7919).slice(0, 12);
}

/** A statement of the kinds real policies hold, varied by `i`. */
function realisticStatement(i: number): Statement {
  switch (i % 6) {
    case 0:
      return {
        Sid: `Partner${i}`,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account(i)}:role/reader-${i}` },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [ARN, `${ARN}/partners/${i}/*`],
      };
    case 1:
      return {
        Sid: `Vpce${i}`,
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `${ARN}/shared/${i}/*`,
        Condition: { StringEquals: { 'aws:SourceVpce': `vpce-0${i}abcdef` } },
      };
    case 2:
      return {
        Sid: `Office${i}`,
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: `${ARN}/uploads/${i}/*`,
        Condition: {
          IpAddress: { 'aws:SourceIp': [`198.51.${i % 250}.0/24`] },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      };
    case 3:
      return {
        Sid: `DenyHttp${i}`,
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [ARN, `${ARN}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      };
    case 4:
      return {
        Sid: `Org${i}`,
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `${ARN}/org/${i}/*`,
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': `o-${i}abcdefgh` },
          StringLike: { 's3:x-amz-acl': 'bucket-owner-*' },
        },
      };
    default:
      return {
        Sid: `DenyOthers${i}`,
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:PutBucketPolicy'],
        Resource: [ARN, `${ARN}/*`],
        Condition: {
          StringNotEquals: { 'aws:PrincipalAccount': ['123456789012'] },
        },
      };
  }
}

/** Statements made by `make(i)` until the policy is as large as S3 allows. */
function grow(make: (i: number) => Statement): string {
  const statements: Statement[] = [];
  let text = '';
  for (let i = 0; ; i += 1) {
    const next = JSON.stringify({
      Version: '2012-10-17',
      Statement: [...statements, make(i)],
    });
    if (next.length > MAX_POLICY_BYTES) return text;
    statements.push(make(i));
    text = next;
  }
}

/** `*a*a…*a*b`: exponential for a backtracking matcher against `aaa…a`. */
function stars(n: number): string {
  return `${'*a'.repeat(n)}*b`;
}

function policies(): Array<{ name: string; text: string }> {
  const sized = (bytes: number, offset = 0) => {
    const statements: Statement[] = [];
    let i = offset;
    while (
      JSON.stringify({ Version: '2012-10-17', Statement: statements }).length <
      bytes
    ) {
      statements.push(realisticStatement(i));
      i += 1;
    }
    return JSON.stringify({ Version: '2012-10-17', Statement: statements });
  };
  const adversarialKey = `${ARN}/${'a'.repeat(60)}`;
  // A spread of sizes up to the limit, each mixing the statement kinds differently.
  const spread = Array.from({ length: 100 }, (_, k) => ({
    name: `realistic ${((k + 1) * 200) / 1000} KB #${k}`,
    text: sized((k + 1) * 200, k),
  }));
  return [
    ...spread,
    { name: 'realistic 2 KB', text: sized(2 * 1024) },
    { name: 'realistic 12 KB', text: sized(12 * 1024) },
    { name: 'realistic 20 KB', text: grow(realisticStatement) },
    {
      name: 'wildcard resources 20 KB',
      text: grow(i => ({
        Sid: `W${i}`,
        Effect: i % 2 ? 'Deny' : 'Allow',
        Principal: '*',
        Action: ['s3:Get*', 's3:Put*', 's3:List*'],
        Resource: [
          `${ARN}/${'*?'.repeat(8)}${i}*`,
          `arn:aws:s3:::${'*'.repeat(6)}`,
        ],
        Condition: {
          StringLike: { 'aws:SourceVpce': `vpce-*${i}*` },
        },
      })),
    },
    {
      name: 'adversarial 50 stars',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Stars',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: [`${ARN}/${stars(50)}`, adversarialKey],
            Condition: {
              ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${stars(50)}` },
            },
          },
          {
            Sid: 'DenyStars',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`${ARN}/${stars(50)}`, ARN],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    },
    {
      name: 'adversarial stars 20 KB',
      text: grow(i => ({
        Sid: `S${i}`,
        Effect: i % 2 ? 'Deny' : 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: [`${ARN}/${stars(40)}`, `${ARN}/${'a'.repeat(40)}${i}`],
      })),
    },
  ];
}

function timeOnce(text: string): number {
  const input = makeInput({
    bucket: {
      policy: ok(text),
      publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }),
    },
    account: { publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }) },
  });
  const settings = makeSettings();
  const started = performance.now();
  for (const id of POLICY_CHECKS) CHECK_EVALUATORS[id](input, settings);
  return performance.now() - started;
}

export function benchEvaluation(runs = 5, only?: RegExp): EvaluationFigures {
  const chosen = policies().filter(({ name }) => !only || only.test(name));
  const timed = chosen.map(({ name, text }) => {
    // A fresh snapshot each run: nothing parsed in one run helps the next.
    const times = Array.from({ length: runs }, () => timeOnce(text));
    return { name, bytes: text.length, ms: Math.max(...times) };
  });
  const all = timed.map(entry => entry.ms).sort((a, b) => a - b);
  const slowest = timed.reduce((a, b) => (b.ms > a.ms ? b : a));
  for (const entry of timed.filter(e => !e.name.includes('#'))) {
    // eslint-disable-next-line no-console
    console.error(
      `bench: evaluation ${entry.name} (${entry.bytes} bytes): ${entry.ms.toFixed(1)} ms`,
    );
  }
  return {
    policies: timed.length,
    largestPolicyBytes: Math.max(...timed.map(entry => entry.bytes)),
    maxPolicyMs: slowest.ms,
    p95PolicyMs: percentile(all, 0.95),
    medianPolicyMs: percentile(all, 0.5),
    slowest: slowest.name,
  };
}
