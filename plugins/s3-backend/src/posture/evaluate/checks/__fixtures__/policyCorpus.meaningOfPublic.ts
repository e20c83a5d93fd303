/**
 * Cases from "The meaning of public" (S3 Block Public Access, user guide) and the
 * PublicAccessBlockConfiguration reference: which grants make a bucket policy public.
 *
 * The rule (S3 user guide): "To be considered non-public, a bucket policy must grant access
 * only to fixed values (values that don't contain a wildcard or an AWS Identity and Access
 * Management Policy Variable)" of a principal, aws:SourceIp CIDRs, aws:SourceArn,
 * aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount,
 * s3:x-amz-server-side-encryption-aws-kms-key-id, aws:userid outside "AROLEID:*",
 * s3:DataAccessPointArn (account fixed) and s3:DataAccessPointAccount; IP ranges broader
 * than /8 (IPv4) or /32 (IPv6), RFC 1918 excepted, are public.
 */
import {
  BUCKET_AND_OBJECTS,
  BUCKET_ARN,
  GUARDS,
  GUARD_EXPECTATIONS,
  KMS_KEY_ARN,
  NO_GUARD_EXPECTATIONS,
  OBJECTS_ARN,
  OWN_ACCOUNT,
  PolicyCase,
  SRC,
  THIRD_ACCOUNT,
  doc,
  globalKey,
  operatorDoc,
} from './policyCorpusTypes';

const BAD_ACTIONS_SOURCE =
  'https://docs.aws.amazon.com/sdkfornet/v3/apidocs/items/S3/TPublicAccessBlockConfiguration.html';

// ------------------------------------------------------------------ the documented examples

const documented: PolicyCase[] = [
  {
    id: 'bpa-doc-federated-facebook',
    source: SRC.meaningOfPublic,
    title: 'Federated graph.facebook.com may PutObject on *',
    why: 'The user guide lists this exact statement under "the following example policies are considered public".',
    policy: doc({
      Principal: { Federated: 'graph.facebook.com' },
      Resource: '*',
      Action: 's3:PutObject',
      Effect: 'Allow',
    }),
    expect: {
      'no-public-write': 'fail',
      'no-public-read': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'bpa-doc-principal-star-putobject',
    source: SRC.meaningOfPublic,
    title: 'Principal * may PutObject on *',
    why: 'Listed verbatim among the public example policies of the user guide.',
    policy: doc({
      Principal: '*',
      Resource: '*',
      Action: 's3:PutObject',
      Effect: 'Allow',
    }),
    expect: {
      'no-public-write': 'fail',
      'no-public-read': 'pass',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'bpa-doc-sourcevpc-wildcard',
    source: SRC.meaningOfPublic,
    title: 'Principal * PutObject limited by StringLike aws:SourceVpc vpc-*',
    why: 'Listed among the public examples: a wildcard value of aws:SourceVpc is not fixed.',
    policy: doc({
      Principal: '*',
      Resource: '*',
      Action: 's3:PutObject',
      Effect: 'Allow',
      Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } },
    }),
    expect: { 'no-public-write': 'fail', 'no-public-read': 'pass' },
  },
  {
    id: 'bpa-doc-sourcevpc-fixed',
    source: SRC.meaningOfPublic,
    title:
      'Principal * PutObject limited by StringEquals aws:SourceVpc vpc-91237329',
    why: '"you can make the last policy preceding non-public by setting aws:SourceVpc to a fixed value".',
    policy: doc({
      Principal: '*',
      Resource: '*',
      Action: 's3:PutObject',
      Effect: 'Allow',
      Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } },
    }),
    expect: {
      'no-public-write': 'pass',
      'no-public-read': 'pass',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'bpa-doc-sourcevpc-fixed-guarded',
    source: SRC.meaningOfPublic,
    title:
      'The fixed aws:SourceVpc grant next to the TLS, TLS-version and signature-age Denies',
    why: 'Fixed aws:SourceVpc is non-public; the three Denies cover every principal, action, the bucket and its objects.',
    policy: doc(
      {
        Principal: '*',
        Resource: '*',
        Action: 's3:PutObject',
        Effect: 'Allow',
        Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } },
      },
      ...GUARDS,
    ),
    expect: {
      'no-public-write': 'pass',
      'no-public-read': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
      ...GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'bpa-doc-mixed-public-and-nonpublic',
    source: `${SRC.meaningOfPublic.split('#')[0]}#access-control-block-public-access-policy-example`,
    title:
      'CloudTrail service, a second account, and Principal * with no Condition',
    why: '"This policy qualifies as public because of the third statement" (Principal * with no limiting Condition).',
    policy: doc(
      {
        Sid: 'CloudTrail',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${BUCKET_ARN}/AWSLogs/${OWN_ACCOUNT}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': OWN_ACCOUNT } },
      },
      {
        Sid: 'Account2',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` },
        Action: 's3:GetObject',
        Resource: OBJECTS_ARN,
      },
      {
        Sid: 'Everyone',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: OBJECTS_ARN,
      },
    ),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'bpa-doc-mixed-without-public-statement',
    source: `${SRC.meaningOfPublic.split('#')[0]}#access-control-block-public-access-policy-example`,
    title: 'The same policy with the Principal * statement removed',
    why: '"if you remove statement 3 from the policy, then the policy doesn\'t qualify as public".',
    policy: doc(
      {
        Sid: 'CloudTrail',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${BUCKET_ARN}/AWSLogs/${OWN_ACCOUNT}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': OWN_ACCOUNT } },
      },
      {
        Sid: 'Account2',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` },
        Action: 's3:GetObject',
        Resource: OBJECTS_ARN,
      },
    ),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'bpa-doc-access-point-arn-wildcard-name',
    source: SRC.meaningOfPublic,
    title:
      's3:DataAccessPointArn arn:aws:s3:us-west-2:123456789012:accesspoint/* (account fixed)',
    why: 'The note on s3:DataAccessPointArn: a wildcard for the access point name does not render a bucket policy public "as long as the account id is fixed".',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: OBJECTS_ARN,
      Condition: {
        StringLike: {
          's3:DataAccessPointArn': `arn:aws:s3:us-west-2:${OWN_ACCOUNT}:accesspoint/*`,
        },
      },
    }),
    expect: { 'no-public-read': 'pass', 'no-public-write': 'pass' },
  },
  {
    id: 'bpa-doc-access-point-arn-wildcard-account',
    source: SRC.meaningOfPublic,
    title: 's3:DataAccessPointArn with a wildcard account id',
    why: 'The exemption holds only "as long as the account id is fixed"; arn:aws:s3:*:*:accesspoint/* matches anyone\'s access point.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: {
        StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:*:*:accesspoint/*' },
      },
    }),
    expect: { 'no-public-read': 'fail' },
  },
];

// ------------------------------------------------------------------ restricting keys

interface RestrictingKey {
  slug: string;
  key: string;
  /** Positive operator for a fixed value, its negation, and the wildcard operator. */
  op: string;
  notOp: string;
  likeOp: string;
  fixed: string;
  wildcard: string;
  /** AWS includes the key in every request context (so IfExists/ForAllValues change nothing). */
  alwaysPresent: boolean;
  /** The key exists only on writes (a PutObject header), so only write grants are tested. */
  writeOnly?: boolean;
  source: string;
}

const RESTRICTING_KEYS: RestrictingKey[] = [
  {
    slug: 'sourcevpce',
    key: 'aws:SourceVpce',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: 'vpce-1a2b3c4d',
    wildcard: 'vpce-*',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'sourcevpc',
    key: 'aws:SourceVpc',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: 'vpc-91237329',
    wildcard: 'vpc-1*',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'sourcearn',
    key: 'aws:SourceArn',
    op: 'ArnEquals',
    notOp: 'ArnNotEquals',
    likeOp: 'ArnLike',
    fixed: `arn:aws:cloudtrail:eu-north-1:${OWN_ACCOUNT}:trail/org-trail`,
    wildcard: 'arn:aws:cloudtrail:*:*:trail/*',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'sourceaccount',
    key: 'aws:SourceAccount',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: OWN_ACCOUNT,
    wildcard: '*',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'sourceowner',
    key: 'aws:SourceOwner',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: OWN_ACCOUNT,
    wildcard: '1234*',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'principalorgid',
    key: 'aws:PrincipalOrgID',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: 'o-aa111bb222',
    wildcard: 'o-*',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'principalaccount',
    key: 'aws:PrincipalAccount',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: OWN_ACCOUNT,
    wildcard: '1*',
    // Global condition keys, aws:PrincipalAccount: in every signed request; anonymous
    // requests do not carry it, so ...IfExists lets them through.
    alwaysPresent: false,
    source: globalKey('principalaccount'),
  },
  {
    slug: 'kmskeyid',
    key: 's3:x-amz-server-side-encryption-aws-kms-key-id',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: KMS_KEY_ARN,
    wildcard: 'arn:aws:kms:*',
    alwaysPresent: false,
    writeOnly: true,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'userid',
    key: 'aws:userid',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: 'AIDAJQABLZS4A3QDU576Q',
    wildcard: 'AROA*',
    // Not proven present in every request (calls an AWS service principal makes need
    // not carry it), so ...IfExists cannot be relied on to keep anyone out.
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'accesspointaccount',
    key: 's3:DataAccessPointAccount',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: OWN_ACCOUNT,
    wildcard: '*',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'accesspointarn',
    key: 's3:DataAccessPointArn',
    op: 'StringEquals',
    notOp: 'StringNotEquals',
    likeOp: 'StringLike',
    fixed: `arn:aws:s3:eu-north-1:${OWN_ACCOUNT}:accesspoint/orders-reader`,
    wildcard: 'arn:aws:s3:eu-north-1:*:accesspoint/orders-reader',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
  {
    slug: 'principalarn',
    key: 'aws:PrincipalArn',
    op: 'ArnEquals',
    notOp: 'ArnNotEquals',
    likeOp: 'ArnLike',
    fixed: `arn:aws:iam::${THIRD_ACCOUNT}:role/Reader`,
    wildcard: 'arn:aws:iam::*:role/*',
    alwaysPresent: false,
    source: globalKey('principalarn'),
  },
  {
    slug: 'sourceip',
    key: 'aws:SourceIp',
    op: 'IpAddress',
    notOp: 'NotIpAddress',
    likeOp: 'IpAddress',
    fixed: '192.0.2.0/24',
    // The "wildcard" of an address key: a range broader than /8.
    wildcard: '0.0.0.0/1',
    alwaysPresent: false,
    source: SRC.meaningOfPublic,
  },
];

type Access = 'read' | 'write';

function grant(
  access: Access,
  condition: Record<string, Record<string, unknown>>,
): object {
  return {
    Sid: access === 'read' ? 'PublicRead' : 'PublicWrite',
    Effect: 'Allow',
    Principal: '*',
    Action: access === 'read' ? 's3:GetObject' : 's3:PutObject',
    Resource: OBJECTS_ARN,
    Condition: condition,
  };
}

function publicExpect(access: Access, isPublic: boolean) {
  return {
    'no-public-read': access === 'read' && isPublic ? 'fail' : 'pass',
    'no-public-write': access === 'write' && isPublic ? 'fail' : 'pass',
    // GetObject and PutObject are not among the sensitive (permission-changing) actions.
    'no-cross-account-sensitive-actions': 'pass',
  } as const;
}

function operatorSection(op: string): string {
  if (op.startsWith('Arn')) return 'Conditions_ARN';
  if (op === 'IpAddress') return 'Conditions_IPAddress';
  return 'Conditions_String';
}

function keyCases(k: RestrictingKey): PolicyCase[] {
  const cases: PolicyCase[] = [];
  const accesses: Access[] = k.writeOnly ? ['write'] : ['read', 'write'];
  const add = (
    form: string,
    access: Access,
    condition: Record<string, Record<string, unknown>>,
    isPublic: boolean,
    why: string,
    source: string,
    guarded: boolean,
  ) => {
    cases.push({
      id: `key-${k.slug}-${form}-${access}${guarded ? '-guarded' : ''}`,
      source,
      title: `Principal * ${access === 'read' ? 'GetObject' : 'PutObject'} with ${Object.keys(
        condition,
      )
        .map(op => `${op} ${JSON.stringify(condition[op])}`)
        .join(' and ')}${guarded ? ', next to the three guard Denies' : ''}`,
      why,
      policy: guarded
        ? doc(grant(access, condition), ...GUARDS)
        : doc(grant(access, condition)),
      expect: {
        ...publicExpect(access, isPublic),
        ...(guarded ? GUARD_EXPECTATIONS : NO_GUARD_EXPECTATIONS),
      },
    });
  };
  for (const access of accesses) {
    add(
      'fixed',
      access,
      { [k.op]: { [k.key]: k.fixed } },
      false,
      `A fixed value of ${k.key} is one of the limits that make a policy non-public.`,
      k.source,
      access === 'read' || !!k.writeOnly,
    );
    add(
      'wildcard',
      access,
      { [k.likeOp]: { [k.key]: k.wildcard } },
      true,
      k.slug === 'sourceip'
        ? 'Ranges broader than /8 for IPv4 are evaluated as public (note under "The meaning of public").'
        : `${k.wildcard} contains a wildcard, so it is not a fixed value: the policy is public.`,
      k.source,
      access === 'write',
    );
  }
  const access: Access = k.writeOnly ? 'write' : 'read';
  add(
    'negated',
    access,
    { [k.notOp]: { [k.key]: k.fixed } },
    true,
    `${k.notOp} grants to every value but one (and to requests without the key): nothing limits the grant to fixed values.`,
    operatorDoc(operatorSection(k.op)),
    true,
  );
  add(
    'ifexists',
    access,
    { [`${k.op}IfExists`]: { [k.key]: k.fixed } },
    !k.alwaysPresent,
    k.alwaysPresent
      ? `${k.key} is in every request context, so ...IfExists changes nothing: still a fixed limit.`
      : `...IfExists evaluates to true when ${k.key} is absent, so requests without it are granted: public.`,
    operatorDoc('Conditions_IfExists'),
    false,
  );
  add(
    'forallvalues',
    access,
    { [`ForAllValues:${k.op}`]: { [k.key]: [k.fixed] } },
    !k.alwaysPresent,
    k.alwaysPresent
      ? `${k.key} is always present and single-valued, so ForAllValues matches only the fixed value.`
      : `ForAllValues "returns true if there are no keys in the request": requests without ${k.key} are granted.`,
    SRC.multiValueConditions,
    true,
  );
  add(
    'foranyvalue',
    access,
    { [`ForAnyValue:${k.op}`]: { [k.key]: [k.fixed] } },
    false,
    `ForAnyValue needs at least one request value equal to the fixed ${k.key}: the same limit as ${k.op}.`,
    SRC.multiValueConditions,
    false,
  );
  return cases;
}

const restrictingKeys: PolicyCase[] = RESTRICTING_KEYS.flatMap(keyCases);

// ------------------------------------------------------------------ aws:SourceIp breadth

const ipRanges: Array<[string, string | string[], boolean, string]> = [
  ['v4-slash8', '54.0.0.0/8', false, 'A /8 is not broader than /8.'],
  ['v4-slash7', '54.0.0.0/7', true, 'A /7 is broader than /8 for IPv4.'],
  [
    'v4-slash1',
    '0.0.0.0/1',
    true,
    'The guide\'s own example: "(for example, 0.0.0.0/1) are evaluated as public".',
  ],
  ['v4-all', '0.0.0.0/0', true, 'Every IPv4 address: broader than /8.'],
  [
    'v4-rfc1918-10',
    '10.0.0.0/8',
    false,
    'RFC 1918 ranges are excluded from the breadth rule, and /8 is not broader than /8.',
  ],
  [
    'v4-rfc1918-172',
    '172.16.0.0/12',
    false,
    'An RFC 1918 private range narrower than /8.',
  ],
  [
    'v4-rfc1918-192',
    '192.168.0.0/16',
    false,
    'An RFC 1918 private range narrower than /8.',
  ],
  [
    'v4-10-slash7',
    '10.0.0.0/7',
    true,
    'Broader than /8 and not an RFC 1918 range (it includes 11.0.0.0/8).',
  ],
  [
    'v4-single-address',
    '203.0.113.7',
    false,
    'A single address (no prefix) is a /32.',
  ],
  [
    'v4-list-with-all',
    ['192.0.2.0/24', '0.0.0.0/0'],
    true,
    'One of the listed ranges is broader than /8.',
  ],
  [
    'v6-slash32',
    '2001:db8::/32',
    false,
    'A /32 is not broader than /32 for IPv6.',
  ],
  ['v6-slash31', '2001:db8::/31', true, 'A /31 is broader than /32 for IPv6.'],
  [
    'v6-slash64',
    '2001:DB8:1234:5678::/64',
    false,
    'The IPv6 range of the user guide\'s "AllowIPmix" example, narrower than /32.',
  ],
  [
    'v6-ula-fd00',
    'fd00::/8',
    false,
    'The IPv6 counterpart of the RFC 1918 exception (unique-local, RFC 4193): aws:SourceIp is the public address a request comes from, and requests through a VPC endpoint carry none, so no request carries a private address.',
  ],
  ['v6-all', '::/0', true, 'Every IPv6 address: broader than /32.'],
  [
    'v4-v6-narrow-mix',
    ['192.0.2.0/24', '2001:DB8:1234:5678::/64'],
    false,
    'Both ranges are within the breadth limits.',
  ],
];

const ipBreadth: PolicyCase[] = ipRanges.map(
  ([slug, range, isPublic, why]) => ({
    id: `ip-${slug}`,
    source: SRC.meaningOfPublic,
    title: `Principal * GetObject from aws:SourceIp ${JSON.stringify(range)}`,
    why,
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: { IpAddress: { 'aws:SourceIp': range } },
    }),
    expect: {
      'no-public-read': isPublic ? 'fail' : 'pass',
      'no-public-write': 'pass',
    },
  }),
);

// ------------------------------------------------------------------ bad actions

const S36 = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutEncryptionConfiguration',
];

const badActions: Array<[string, string | string[], Access | 'both', boolean]> =
  [
    // [action, resource, what it exposes, whether it includes a Security Hub S3.6 action]
    ['s3:GetObject', OBJECTS_ARN, 'read', false],
    ['s3:GetObjectVersion', OBJECTS_ARN, 'read', false],
    ['s3:GetObjectAcl', OBJECTS_ARN, 'read', false],
    ['s3:GetObjectTagging', OBJECTS_ARN, 'read', false],
    ['s3:GetBucketAcl', BUCKET_ARN, 'read', false],
    ['s3:GetBucketPolicy', BUCKET_ARN, 'read', false],
    ['s3:ListBucket', BUCKET_ARN, 'read', false],
    ['s3:ListBucketVersions', BUCKET_ARN, 'read', false],
    ['s3:ListBucketMultipartUploads', BUCKET_ARN, 'read', false],
    ['s3:ListMultipartUploadParts', OBJECTS_ARN, 'read', false],
    ['s3:Get*', BUCKET_AND_OBJECTS, 'read', false],
    ['s3:List*', BUCKET_AND_OBJECTS, 'read', false],
    ['s3:PutObject', OBJECTS_ARN, 'write', false],
    ['s3:PutObjectTagging', OBJECTS_ARN, 'write', false],
    ['s3:DeleteObject', OBJECTS_ARN, 'write', false],
    ['s3:DeleteObjectVersion', OBJECTS_ARN, 'write', false],
    ['s3:AbortMultipartUpload', OBJECTS_ARN, 'write', false],
    ['s3:RestoreObject', OBJECTS_ARN, 'write', false],
    ['s3:PutBucketCORS', BUCKET_ARN, 'write', false],
    ['s3:PutObjectAcl', OBJECTS_ARN, 'write', true],
    ['s3:PutBucketPolicy', BUCKET_ARN, 'write', true],
    ['s3:DeleteBucketPolicy', BUCKET_ARN, 'write', true],
    ['s3:PutBucketAcl', BUCKET_ARN, 'write', true],
    ['s3:PutEncryptionConfiguration', BUCKET_ARN, 'write', true],
    ['s3:Put*', BUCKET_AND_OBJECTS, 'write', true],
    ['s3:Delete*', BUCKET_AND_OBJECTS, 'write', true],
    ['s3:*', BUCKET_AND_OBJECTS, 'both', true],
    ['*', BUCKET_AND_OBJECTS, 'both', true],
  ];

const badActionCases: PolicyCase[] = badActions.map(
  ([action, resource, exposes, sensitive]) => ({
    id: `bad-action-${action === '*' ? 'all-services' : action.replace(/^s3:/, '').replace(/\*/g, 'star')}`,
    source: BAD_ACTIONS_SOURCE,
    title: `Principal * may ${action} with no Condition`,
    why: `"Bad actions" are s3:Get*, s3:List*, s3:AbortMultipartUpload, s3:Delete*, s3:Put* and s3:RestoreObject; ${action} ${
      exposes === 'both' ? 'includes reads and writes' : `is a ${exposes}`
    } granted to everyone${sensitive ? ', including an S3.6 action' : ''}.`,
    policy: doc({
      Sid: 'Everyone',
      Effect: 'Allow',
      Principal: '*',
      Action: action,
      Resource: resource,
    }),
    expect: {
      'no-public-read': exposes === 'write' ? 'pass' : 'fail',
      'no-public-write': exposes === 'read' ? 'pass' : 'fail',
      'no-cross-account-sensitive-actions': sensitive ? 'fail' : 'pass',
      ...NO_GUARD_EXPECTATIONS,
    },
  }),
);

// Sanity: the S3.6 list above is what Security Hub names.
if (S36.length !== 5) throw new Error('Security Hub S3.6 names five actions');

// ------------------------------------------------------------------ principals

const principals: PolicyCase[] = [
  ...[
    'accounts.google.com',
    'cognito-identity.amazonaws.com',
    'www.amazon.com',
  ].map((provider): PolicyCase => ({
    id: `principal-federated-${provider.split('.')[0]}`,
    source: SRC.meaningOfPublic,
    title: `Federated ${provider} may GetObject`,
    why: "Like the guide's graph.facebook.com example: anyone can sign in with a public identity provider, so the principal is not fixed.",
    policy: doc({
      Effect: 'Allow',
      Principal: { Federated: provider },
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
    }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
  })),
  {
    id: 'principal-aws-star',
    source: `${SRC.principal}#principal-anonymous`,
    title: 'Principal {"AWS": "*"} may GetObject',
    why: '"For anonymous users, the following elements are equivalent": "*" and {"AWS": "*"}.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
    }),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'principal-aws-star-in-list',
    source: `${SRC.principal}#principal-anonymous`,
    title: 'Principal AWS [a fixed account, "*"] may PutObject',
    why: 'One of the listed principals is "*", which grants to everyone including anonymous users.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:root`, '*'] },
      Action: 's3:PutObject',
      Resource: OBJECTS_ARN,
    }),
    expect: { 'no-public-write': 'fail', 'no-public-read': 'pass' },
  },
  {
    id: 'principal-fixed-account-root',
    source: SRC.meaningOfPublic,
    title: 'A fixed account (arn:aws:iam::111122223333:root) may GetObject',
    why: 'A fixed AWS principal is non-public.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` },
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
    }),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'principal-fixed-account-id',
    source: SRC.principal,
    title: 'A fixed account id (111122223333) may PutObject',
    why: 'An account id in Principal is a fixed principal: non-public; PutObject is not an S3.6 action.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: THIRD_ACCOUNT },
      Action: 's3:PutObject',
      Resource: OBJECTS_ARN,
    }),
    expect: PRIVATE_BUNDLE(),
  },
  {
    id: 'principal-fixed-role',
    source: SRC.meaningOfPublic,
    title: 'A fixed role of another account may read and list',
    why: 'A fixed role is a fixed principal: non-public; reads and lists are not S3.6 actions.',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:role/Reader` },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: PRIVATE_BUNDLE(),
  },
  {
    id: 'principal-service-logging',
    source: SRC.meaningOfPublic,
    title: 'Service logging.s3.amazonaws.com may PutObject',
    why: 'A service principal is a fixed principal: non-public.',
    policy: doc({
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${BUCKET_ARN}/logs/*`,
    }),
    expect: PRIVATE_BUNDLE(),
  },
  {
    id: 'principal-canonical-user-fixed',
    source: `${SRC.principal}#principal-accounts`,
    title: 'A fixed CanonicalUser may GetObject',
    why: 'S3 accepts a canonical user id as an account principal; a fixed one is non-public.',
    policy: doc({
      Effect: 'Allow',
      Principal: {
        CanonicalUser:
          'be31aa0a12a1f6c87e1b3f5c6e9d0b5a4e1b2c3d4e5f60718293a4b5c6d7e8f9',
      },
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
    }),
    expect: PRIVATE_BUNDLE(),
  },
  {
    id: 'principal-notprincipal-allow',
    source: `${SRC.notPrincipal}#specifying-notprincipal-allow`,
    title: 'Allow with NotPrincipal (one account) GetObject',
    why: '"Doing so allows all principals except the one named ... you might grant access to anonymous (unauthenticated) users."',
    policy: doc({
      Effect: 'Allow',
      NotPrincipal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` },
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
    }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'principal-notprincipal-allow-star-action',
    source: `${SRC.notPrincipal}#specifying-notprincipal-allow`,
    title: 'Allow with NotPrincipal (own account) s3:*',
    why: 'NotPrincipal with Allow grants to everyone but the named principal: reads, writes and policy changes by anyone.',
    policy: doc({
      Effect: 'Allow',
      NotPrincipal: { AWS: `arn:aws:iam::${OWN_ACCOUNT}:root` },
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'fail',
      'no-cross-account-sensitive-actions': 'fail',
    },
  },
];

function PRIVATE_BUNDLE() {
  return {
    'no-public-read': 'pass',
    'no-public-write': 'pass',
    'no-cross-account-sensitive-actions': 'pass',
  } as const;
}

export const MEANING_OF_PUBLIC_CASES: PolicyCase[] = [
  ...documented,
  ...restrictingKeys,
  ...ipBreadth,
  ...badActionCases,
  ...principals,
];
