/**
 * The bucket-policy corpus of issue 14 run through the real check evaluators: every case
 * is a policy from (or systematically varied from) AWS documentation, with the verdicts
 * AWS's own semantics give. Block Public Access is off at both levels and the ACL grants
 * nothing public, so the bucket policy alone decides.
 */
import { PostureInput } from '@s3-posture/plugin-s3-node';
import { CHECK_EVALUATORS } from '../checkEvaluators';
import {
  CORPUS_CHECKS,
  CorpusCheckId,
  CorpusExpectation,
  CorpusStatus,
  POLICY_CORPUS,
  POLICY_CORPUS_BY_SOURCE,
  PolicyCase,
} from './__fixtures__/policyCorpus';
import {
  ACCOUNT_ID,
  ALL_BLOCK_PUBLIC_ACCESS_OFF,
  BUCKET,
  OWNER_CANONICAL_ID,
  makeInput,
  makeSettings,
  ok,
} from './testInput';

const AWS_SOURCE =
  /^\S+ https:\/\/(docs\.aws\.amazon\.com|repost\.aws|aws\.amazon\.com)\//;

function inputFor(policyCase: PolicyCase): PostureInput {
  const bucket = policyCase.bucket ?? BUCKET;
  const accountId = policyCase.accountId ?? ACCOUNT_ID;
  return makeInput({
    bucket: {
      bucket,
      accountId,
      policy: ok(JSON.stringify(policyCase.policy)),
      publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }),
      acl: ok({
        ownerId: OWNER_CANONICAL_ID,
        grants: [
          {
            grantee: { type: 'CanonicalUser', id: OWNER_CANONICAL_ID },
            permission: 'FULL_CONTROL',
          },
        ],
      }),
    },
    account: {
      accountId,
      publicAccessBlock: ok({ ...ALL_BLOCK_PUBLIC_ACCESS_OFF }),
    },
    doc: { documentedAccountId: accountId },
  });
}

function acceptable(expectation: CorpusExpectation): readonly CorpusStatus[] {
  return typeof expectation === 'string' ? [expectation] : expectation;
}

describe('the bucket-policy corpus', () => {
  it('has at least 300 cases, unique ids, an AWS source, a title and a reason each', () => {
    expect(POLICY_CORPUS.length).toBeGreaterThanOrEqual(300);
    const ids = POLICY_CORPUS.map(c => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const c of POLICY_CORPUS) {
      expect(`${c.id} ${c.source}`).toMatch(AWS_SOURCE);
      expect(`${c.id} ${c.title}`).toMatch(/^\S+ \S.{4,}/);
      expect(`${c.id} ${c.why}`).toMatch(/^\S+ \S.{9,}/);
      expect(Object.keys(c.expect).length).toBeGreaterThan(0);
      for (const check of Object.keys(c.expect)) {
        expect(CORPUS_CHECKS).toContain(check);
      }
    }
  });
});

describe('unknown condition keys', () => {
  // "__proto__" and "constructor" must behave like any other key no request carries: the
  // same policy with the key renamed to another name without a service prefix (no
  // request context has one) gets the same verdicts.
  const prototypeCases = POLICY_CORPUS.filter(c =>
    /^key-named-(proto|constructor)-/.test(c.id),
  );

  it('covers __proto__ and constructor', () => {
    expect(prototypeCases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(prototypeCases.map(c => [`${c.id} (${c.title})`, c] as const))(
    '%s: same verdicts as with an ordinary unknown key',
    (_name, policyCase) => {
      const renamed: PolicyCase = {
        ...policyCase,
        policy: JSON.parse(
          JSON.stringify(policyCase.policy).replace(
            /"(__proto__|constructor)"/g,
            '"unknownkey"',
          ),
        ),
      };
      const verdicts = (c: PolicyCase) =>
        Object.fromEntries(
          CORPUS_CHECKS.map(check => [
            check,
            CHECK_EVALUATORS[check](inputFor(c), makeSettings()).status,
          ]),
        );
      expect(verdicts(policyCase)).toEqual(verdicts(renamed));
    },
  );
});

describe.each(Object.entries(POLICY_CORPUS_BY_SOURCE))(
  'corpus: %s',
  (_family, cases) => {
    const rows = cases.flatMap(policyCase =>
      (
        Object.entries(policyCase.expect) as Array<
          [CorpusCheckId, CorpusExpectation]
        >
      ).map(
        ([check, expectation]) =>
          [
            `${policyCase.id} (${policyCase.title})`,
            check,
            policyCase,
            expectation,
          ] as const,
      ),
    );

    it.each(rows)('%s: %s', (_name, check, policyCase, expectation) => {
      const evaluator = CHECK_EVALUATORS[check];
      const verdict = evaluator(inputFor(policyCase), makeSettings());
      const allowed = acceptable(expectation);
      const outcome = allowed.includes(verdict.status as CorpusStatus)
        ? 'as AWS documents'
        : `${check} said ${verdict.status} ("${verdict.reason}"), AWS semantics say ${allowed.join(' or ')}: ${policyCase.why} [${policyCase.source}]`;
      expect(outcome).toBe('as AWS documents');
      expect(verdict.reason).toMatch(/\S+\s+\S+/);
    });
  },
);
