import { Collected, PublicAccessBlock } from '../../snapshot';
import { CheckEvaluators, Verdict } from '../types';
import { fail, pass, undecided } from '../verdicts';

const ACCOUNT_PUBLIC_ACCESS_BLOCK =
  "the account's Block Public Access settings (s3:GetAccountPublicAccessBlock)";
const BUCKET_PUBLIC_ACCESS_BLOCK =
  "the bucket's Block Public Access settings (s3:GetBucketPublicAccessBlock)";
const OWNERSHIP_CONTROLS =
  "the bucket's Object Ownership (s3:GetBucketOwnershipControls)";

/** The four flags, with the names the console and the CLI use. */
const FLAG_NAMES: Array<[keyof PublicAccessBlock, string]> = [
  ['blockPublicAcls', 'BlockPublicAcls'],
  ['ignorePublicAcls', 'IgnorePublicAcls'],
  ['blockPublicPolicy', 'BlockPublicPolicy'],
  ['restrictPublicBuckets', 'RestrictPublicBuckets'],
];

/** Shared by the account and the bucket check: only the scope and the wording differ. */
function judgePublicAccessBlock(
  collected: Collected<PublicAccessBlock>,
  setting: string,
  scope: string,
  context: Record<string, unknown>,
): Verdict {
  if (collected.status === 'error') {
    return undecided(setting, collected, context);
  }
  if (collected.status === 'absent') {
    return fail(
      `${scope} has no Block Public Access configuration (${collected.code}), so all four settings are off.`,
      {
        ...context,
        publicAccessBlock: 'not configured',
        awsCode: collected.code,
      },
    );
  }
  const flags = collected.value;
  const off = FLAG_NAMES.filter(([key]) => flags[key] !== true).map(
    ([, name]) => name,
  );
  const evidence = {
    ...context,
    blockPublicAcls: flags.blockPublicAcls,
    ignorePublicAcls: flags.ignorePublicAcls,
    blockPublicPolicy: flags.blockPublicPolicy,
    restrictPublicBuckets: flags.restrictPublicBuckets,
    flagsOff: off,
  };
  if (off.length === 0) {
    return pass(
      `${scope} has all four Block Public Access settings on.`,
      evidence,
    );
  }
  return fail(
    `${scope} has Block Public Access partly off: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off.`,
    evidence,
  );
}

/** Precise keys (not just CheckEvaluators) so evaluatePosture can prove every id is covered. */
export const accessCheckEvaluators = {
  'account-public-access-block': ({ account }) =>
    judgePublicAccessBlock(
      account.publicAccessBlock,
      ACCOUNT_PUBLIC_ACCESS_BLOCK,
      `Account ${account.accountId}`,
      { accountId: account.accountId },
    ),

  'bucket-public-access-block': ({ bucket }) =>
    judgePublicAccessBlock(
      bucket.publicAccessBlock,
      BUCKET_PUBLIC_ACCESS_BLOCK,
      'The bucket',
      {},
    ),

  'acls-disabled': ({ bucket }) => {
    const ownership = bucket.ownershipControls;
    if (ownership.status === 'error') {
      return undecided(OWNERSHIP_CONTROLS, ownership);
    }
    // Without ownership controls S3 behaves as ObjectWriter: ACLs are in force.
    if (ownership.status === 'absent') {
      return fail(
        `The bucket has no Object Ownership setting (${ownership.code}), so ACLs are enabled; set it to BucketOwnerEnforced.`,
        { objectOwnership: 'not configured', awsCode: ownership.code },
      );
    }
    const { objectOwnership } = ownership.value;
    if (objectOwnership === 'BucketOwnerEnforced') {
      return pass(
        'Object Ownership is BucketOwnerEnforced, so ACLs are disabled.',
        { objectOwnership },
      );
    }
    return fail(
      `Object Ownership is ${objectOwnership}, so ACLs are still enabled; set it to BucketOwnerEnforced.`,
      { objectOwnership },
    );
  },
} satisfies CheckEvaluators;
