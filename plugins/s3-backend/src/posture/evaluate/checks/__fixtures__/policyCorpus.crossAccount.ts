/**
 * no-cross-account-sensitive-actions, after Security Hub S3.6 ("S3 permissions granted to
 * other AWS accounts in bucket policies should be restricted": s3:DeleteBucketPolicy,
 * s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl) and
 * IAM Access Analyzer for S3 (a finding "if a bucket policy grants access to another
 * account or allows public access"). Accounts reached through conditions
 * (aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount on Principal *) and canonical
 * user grantees count. No trusted accounts are configured in these cases.
 */
import {
  BUCKET_AND_OBJECTS,
  BUCKET_ARN,
  OBJECTS_ARN,
  OTHER_ACCOUNT,
  OTHER_CANONICAL_USER,
  OWNER_CANONICAL_USER,
  OWN_ACCOUNT,
  PolicyCase,
  SRC,
  THIRD_ACCOUNT,
  doc,
  globalKey,
} from './policyCorpusTypes';

const S3_6 = `${SRC.securityHubS3}#s3-6`;
const CROSS = 'no-cross-account-sensitive-actions';

const SENSITIVE: Array<[string, string]> = [
  ['s3:DeleteBucketPolicy', BUCKET_ARN],
  ['s3:PutBucketAcl', BUCKET_ARN],
  ['s3:PutBucketPolicy', BUCKET_ARN],
  ['s3:PutEncryptionConfiguration', BUCKET_ARN],
  ['s3:PutObjectAcl', OBJECTS_ARN],
];

const perAction: PolicyCase[] = SENSITIVE.flatMap(
  ([action, resource]): PolicyCase[] => {
    const name = action.replace('s3:', '');
    return [
      {
        id: `cross-other-account-${name}`,
        source: S3_6,
        title: `Account ${OTHER_ACCOUNT} may ${action}`,
        why: `S3.6 fails "if the S3 bucket policy allows any of the following actions for a principal in another AWS account", ${action} among them.`,
        policy: doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
          Action: action,
          Resource: resource,
        }),
        expect: {
          [CROSS]: 'fail',
          'no-public-read': 'pass',
          'no-public-write': 'pass',
        },
      },
      {
        id: `cross-own-account-${name}`,
        source: S3_6,
        title: `The bucket's own account may ${action}`,
        why: "S3.6 is about principals in another AWS account; the owner's own account is not one.",
        policy: doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OWN_ACCOUNT}:root` },
          Action: action,
          Resource: resource,
        }),
        expect: { [CROSS]: 'pass', 'no-public-write': 'pass' },
      },
    ];
  },
);

const cases: PolicyCase[] = [
  {
    id: 'cross-other-role-star',
    source: S3_6,
    title: 'A role of another account may s3:*',
    why: 's3:* includes every S3.6 action.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/Admin` },
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: {
      [CROSS]: 'fail',
      'no-public-read': 'pass',
      'no-public-write': 'pass',
    },
  },
  {
    id: 'cross-other-account-id-put-star',
    source: S3_6,
    title: 'Account id 444455556666 may s3:Put*',
    why: 's3:Put* matches s3:PutBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl and s3:PutEncryptionConfiguration.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: 's3:Put*',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: { [CROSS]: 'fail' },
  },
  {
    id: 'cross-other-account-acl-wildcard',
    source: S3_6,
    title: 'Account 444455556666 may s3:*Acl',
    why: 's3:*Acl matches s3:PutBucketAcl and s3:PutObjectAcl.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: 's3:*Acl',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: { [CROSS]: 'fail' },
  },
  {
    id: 'cross-other-account-notaction-get',
    source: SRC.notAction,
    title: 'Account 444455556666 may every action except s3:Get*',
    why: 'NotAction with Allow grants everything not listed, s3:PutBucketPolicy included.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      NotAction: 's3:Get*',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: { [CROSS]: 'fail' },
  },
  {
    id: 'cross-other-account-reads-only',
    source: S3_6,
    title: 'Account 444455556666 may GetObject and ListBucket',
    why: 'Reads are not among the S3.6 actions.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: { [CROSS]: 'pass', 'no-public-read': 'pass' },
  },
  {
    id: 'cross-two-accounts-one-own',
    source: S3_6,
    title: 'The own account and 444455556666 may PutBucketAcl',
    why: 'One of the named principals is another account.',
    policy: doc({
      Effect: 'Allow',
      Principal: {
        AWS: [
          `arn:aws:iam::${OWN_ACCOUNT}:root`,
          `arn:aws:iam::${OTHER_ACCOUNT}:root`,
        ],
      },
      Action: 's3:PutBucketAcl',
      Resource: BUCKET_ARN,
    }),
    expect: { [CROSS]: 'fail' },
  },
  {
    id: 'cross-other-account-other-bucket',
    source: S3_6,
    title: "Account 444455556666 may PutObjectAcl on another bucket's objects",
    why: 'The grant names another bucket: nothing on this bucket.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: 's3:PutObjectAcl',
      Resource: 'arn:aws:s3:::orders-staging/*',
    }),
    expect: { [CROSS]: 'pass' },
  },
  {
    id: 'cross-other-account-denied',
    source: SRC.evaluationLogic,
    title: 'Account 444455556666 may PutBucketPolicy, and is denied it',
    why: 'The explicit deny of the same principal, action and resource overrides the allow.',
    policy: doc(
      {
        Effect: 'Allow',
        Principal: { AWS: OTHER_ACCOUNT },
        Action: 's3:PutBucketPolicy',
        Resource: BUCKET_ARN,
      },
      {
        Effect: 'Deny',
        Principal: { AWS: OTHER_ACCOUNT },
        Action: 's3:PutBucketPolicy',
        Resource: BUCKET_ARN,
      },
    ),
    expect: { [CROSS]: 'pass' },
  },
  {
    id: 'cross-other-account-contradictory-condition',
    source: globalKey('principalaccount'),
    title:
      "Account 444455556666 may PutBucketPolicy only if aws:PrincipalAccount is the owner's",
    why: 'A principal of 444455556666 always has aws:PrincipalAccount 444455556666: the condition never holds.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: { StringEquals: { 'aws:PrincipalAccount': OWN_ACCOUNT } },
    }),
    expect: { [CROSS]: 'pass' },
  },
  {
    id: 'cross-everyone-putbucketpolicy',
    source: S3_6,
    title: 'Principal * may PutBucketPolicy',
    why: 'Every other account is among "*".',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
    }),
    expect: {
      [CROSS]: 'fail',
      'no-public-write': 'fail',
      'no-public-read': 'pass',
    },
  },
  {
    id: 'cross-principalaccount-other',
    source: globalKey('principalaccount'),
    title:
      '{"AWS": "*"} may PutBucketPolicy when aws:PrincipalAccount is 444455556666',
    why: 'The condition reaches exactly the other account: a fixed account (non-public) that is not trusted.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER_ACCOUNT } },
    }),
    expect: { [CROSS]: 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'cross-principalaccount-own',
    source: globalKey('principalaccount'),
    title:
      '{"AWS": "*"} may PutBucketPolicy when aws:PrincipalAccount is the owner\'s',
    why: "Only principals of the bucket's own account match: no other account.",
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: { StringEquals: { 'aws:PrincipalAccount': OWN_ACCOUNT } },
    }),
    expect: { [CROSS]: 'pass', 'no-public-write': 'pass' },
  },
  {
    id: 'cross-principalaccount-list',
    source: globalKey('principalaccount'),
    title:
      '{"AWS": "*"} may PutObjectAcl when aws:PrincipalAccount is the owner\'s or 111122223333',
    why: 'Values in a list are ORed: 111122223333 is another account.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutObjectAcl',
      Resource: OBJECTS_ARN,
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': [OWN_ACCOUNT, THIRD_ACCOUNT] },
      },
    }),
    expect: { [CROSS]: 'fail' },
  },
  {
    id: 'cross-principalarn-other',
    source: globalKey('principalarn'),
    title:
      '{"AWS": "*"} may PutBucketAcl when aws:PrincipalArn is a role of 444455556666',
    why: 'aws:PrincipalArn reaches a principal of the other account.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketAcl',
      Resource: BUCKET_ARN,
      Condition: {
        ArnEquals: {
          'aws:PrincipalArn': `arn:aws:iam::${OTHER_ACCOUNT}:role/Admin`,
        },
      },
    }),
    expect: { [CROSS]: 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'cross-principalarn-other-wildcard-role',
    source: globalKey('principalarn'),
    title:
      '{"AWS": "*"} may PutBucketPolicy when aws:PrincipalArn is any role of 444455556666',
    why: 'Every role of the other account matches.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: {
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${OTHER_ACCOUNT}:role/*` },
      },
    }),
    expect: { [CROSS]: 'fail' },
  },
  {
    id: 'cross-principalarn-own-wildcard-role',
    source: globalKey('principalarn'),
    title:
      '{"AWS": "*"} may PutBucketPolicy when aws:PrincipalArn is any role of the owner',
    why: "Only roles of the bucket's own account match: no other account.",
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: {
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${OWN_ACCOUNT}:role/*` },
      },
    }),
    expect: { [CROSS]: 'pass' },
  },
  {
    id: 'cross-principalarn-any-account',
    source: globalKey('principalarn'),
    title:
      '{"AWS": "*"} may PutBucketPolicy when aws:PrincipalArn is any role of any account',
    why: 'arn:aws:iam::*:role/* matches roles of every other account.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
    }),
    expect: { [CROSS]: 'fail', 'no-public-write': 'fail' },
  },
  {
    id: 'cross-sourceaccount-other',
    source: globalKey('sourceaccount'),
    title:
      'Principal * may PutBucketPolicy when aws:SourceAccount is 444455556666',
    why: 'On Principal *, aws:SourceAccount reaches requests made on behalf of the other account.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: { StringEquals: { 'aws:SourceAccount': OTHER_ACCOUNT } },
    }),
    expect: { [CROSS]: 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'cross-sourceaccount-own',
    source: globalKey('sourceaccount'),
    title:
      "Principal * may PutEncryptionConfiguration when aws:SourceAccount is the owner's",
    why: "Only requests on behalf of the owner's own resources match.",
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:PutEncryptionConfiguration',
      Resource: BUCKET_ARN,
      Condition: { StringEquals: { 'aws:SourceAccount': OWN_ACCOUNT } },
    }),
    expect: { [CROSS]: 'pass', 'no-public-write': 'pass' },
  },
  {
    id: 'cross-organization',
    source: globalKey('principalorgid'),
    title:
      '{"AWS": "*"} may PutObjectAcl when aws:PrincipalOrgID is o-aa111bb222',
    why: 'Other accounts of the organization match, and no organization is trusted in this configuration.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutObjectAcl',
      Resource: OBJECTS_ARN,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-aa111bb222' } },
    }),
    expect: { [CROSS]: 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'cross-canonical-user-other',
    source: `${SRC.principal}#principal-accounts`,
    title: 'Another canonical user may PutBucketAcl',
    why: "A canonical user id identifies an account; this one is not the bucket owner's.",
    policy: doc({
      Effect: 'Allow',
      Principal: { CanonicalUser: OTHER_CANONICAL_USER },
      Action: 's3:PutBucketAcl',
      Resource: BUCKET_ARN,
    }),
    expect: { [CROSS]: 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'cross-canonical-user-owner',
    source: `${SRC.principal}#principal-accounts`,
    title: "The bucket owner's canonical user may PutBucketAcl",
    why: "The canonical id is the owner's (the ACL names it as owner): not another account.",
    policy: doc({
      Effect: 'Allow',
      Principal: { CanonicalUser: OWNER_CANONICAL_USER },
      Action: 's3:PutBucketAcl',
      Resource: BUCKET_ARN,
    }),
    expect: { [CROSS]: 'pass' },
  },
  {
    id: 'cross-canonical-and-account',
    source: `${SRC.principal}#principal-accounts`,
    title: 'AWS account and canonical user principals mixed, PutObjectAcl',
    why: '"you can specify a principal in a bucket policy using all three methods": the other canonical user is another account.',
    policy: doc({
      Effect: 'Allow',
      Principal: {
        AWS: `arn:aws:iam::${OWN_ACCOUNT}:root`,
        CanonicalUser: OTHER_CANONICAL_USER,
      },
      Action: 's3:PutObjectAcl',
      Resource: OBJECTS_ARN,
    }),
    expect: { [CROSS]: 'fail' },
  },
  {
    id: 'cross-access-analyzer-public-sensitive',
    source: SRC.accessAnalyzerS3,
    title: 'Principal * may DeleteBucketPolicy from 192.0.2.0/24',
    why: 'Access Analyzer reports access by external entities; any account inside the range may delete the policy.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:DeleteBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
    }),
    expect: { [CROSS]: 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'cross-access-analyzer-caller-chosen',
    source: SRC.accessAnalyzerConcepts,
    title:
      '{"AWS": "*"} may PutBucketPolicy when aws:PrincipalType is AssumedRole',
    why: "Access Analyzer ignores keys external users can influence: any other account's role sessions match.",
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } },
    }),
    expect: { [CROSS]: 'fail', 'no-public-write': 'fail' },
  },
  {
    id: 'cross-access-analyzer-own-account-only',
    source: SRC.accessAnalyzerS3,
    title: "Only principals of the owner's account may s3:*",
    why: 'No external entity is granted anything: no finding.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OWN_ACCOUNT}:role/Admin` },
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: {
      [CROSS]: 'pass',
      'no-public-read': 'pass',
      'no-public-write': 'pass',
    },
  },
];

export const CROSS_ACCOUNT_CASES: PolicyCase[] = [...perAction, ...cases];
