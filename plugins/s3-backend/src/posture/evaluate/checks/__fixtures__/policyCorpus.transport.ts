/**
 * The coverage checks: tls-only (aws:SecureTransport), tls-minimum-version (s3:TlsVersion)
 * and presigned-url-age-limited (s3:signatureAge, bound 60 minutes by default). Sources: the
 * S3 user guide's HTTPS example and condition key example 8, Security Hub S3.5, the AWS
 * Config rule s3-bucket-ssl-requests-only and its Knowledge Center article, the presigned
 * URL guide, the SigV4 condition keys and the presigned-URL prescriptive guidance.
 *
 * Each check passes only when a Deny covers every principal, every S3 action, the bucket
 * and all its objects under the condition it names, with no exemption.
 */
import {
  BUCKET_AND_OBJECTS,
  BUCKET_ARN,
  DENY_HTTP,
  DENY_OLD_SIGNATURES,
  DENY_OLD_TLS,
  GUARDS,
  GUARD_EXPECTATIONS,
  OBJECTS_ARN,
  OTHER_ACCOUNT,
  OWN_ACCOUNT,
  PolicyCase,
  SRC,
  THIRD_ACCOUNT,
  doc,
  doc2008,
  globalKey,
  operatorDoc,
} from './policyCorpusTypes';

const HTTPS_EXAMPLE = `${SRC.bucketPolicyExamples}#example-bucket-policies-use-case-HTTP-HTTPS-1`;
const S3_5 = `${SRC.securityHubS3}#s3-5`;

type Statement = Record<string, unknown>;

// ------------------------------------------------------------------ the documented TLS Denies

const documentedTls: PolicyCase[] = [
  {
    id: 'tls-doc-restrict-to-tls',
    source: HTTPS_EXAMPLE,
    title:
      'RestrictToTLSRequestsOnly: Deny s3:* on bucket and objects when aws:SecureTransport is false',
    why: 'The user guide\'s example "explicitly denies HTTP requests" for every principal, action, the bucket and its objects.',
    policy: doc({
      Sid: 'RestrictToTLSRequestsOnly',
      Action: 's3:*',
      Effect: 'Deny',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Principal: '*',
    }),
    expect: {
      'tls-only': 'pass',
      'tls-minimum-version': 'fail',
      'presigned-url-age-limited': 'fail',
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'tls-securityhub-s3-5-remediation',
    source: S3_5,
    title: 'Security Hub S3.5 remediation policy (AllowSSLRequestsOnly)',
    why: 'S3.5 asks for a policy that denies all requests (Action s3:*) over HTTP, indicated by aws:SecureTransport; this is its remediation.',
    policy: {
      Id: 'ExamplePolicy',
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowSSLRequestsOnly',
          Action: 's3:*',
          Effect: 'Deny',
          Resource: BUCKET_AND_OBJECTS,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Principal: '*',
        },
      ],
    },
    expect: { 'tls-only': 'pass' },
  },
  {
    id: 'tls-knowledge-center-compliant',
    source: SRC.knowledgeCenterTls,
    title:
      'Knowledge Center: the policy that complies with s3-bucket-ssl-requests-only',
    why: 'The article\'s compliant example "explicitly denies all actions on the bucket and objects when the request meets the condition aws:SecureTransport false".',
    policy: doc({
      Sid: 'AllowSSLRequestsOnly',
      Action: 's3:*',
      Effect: 'Deny',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Principal: '*',
    }),
    expect: { 'tls-only': 'pass' },
  },
  {
    id: 'tls-knowledge-center-noncompliant-allow-https',
    source: SRC.knowledgeCenterTls,
    title:
      'Knowledge Center: Allow * GetObject when aws:SecureTransport is true (no Deny)',
    why: 'The article\'s non-compliant example: allowing HTTPS "without explicitly denying HTTP" does not comply, and it grants anonymous GetObject.',
    policy: doc({
      Sid: 'NOT-RECOMMENDED-FOR__AWSCONFIG-Rule_s3-bucket-ssl-requests-only',
      Action: 's3:GetObject',
      Effect: 'Allow',
      Resource: OBJECTS_ARN,
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      Principal: '*',
    }),
    expect: {
      'tls-only': 'fail',
      'no-public-read': 'fail',
      'no-public-write': 'pass',
    },
  },
  {
    id: 'tls-config-rule-allow-https-plus-deny-http',
    source: SRC.configSslRequestsOnly,
    title: 'Allow * GetObject over HTTPS plus the Deny of HTTP',
    why: 'The rule is NON_COMPLIANT only "if any S3 bucket has policies allowing HTTP requests"; the Deny removes HTTP, while HTTPS reads stay public.',
    policy: doc(
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: OBJECTS_ARN,
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
      DENY_HTTP,
    ),
    expect: {
      'tls-only': 'pass',
      'no-public-read': 'fail',
      'no-public-write': 'pass',
    },
  },
  {
    id: 'tls-allow-star-next-to-deny-https',
    source: SRC.evaluationLogic,
    title: 'Allow * GetObject next to a Deny when aws:SecureTransport is TRUE',
    why: 'The Deny removes HTTPS only; explicit-deny-then-allow leaves plain HTTP reads allowed for everyone.',
    policy: doc(
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: OBJECTS_ARN,
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: BUCKET_AND_OBJECTS,
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ),
    expect: {
      'no-public-read': 'fail',
      'tls-only': 'fail',
      'no-public-write': 'pass',
    },
  },
  {
    id: 'tls-allow-star-next-to-deny-http',
    source: SRC.evaluationLogic,
    title: 'Allow * s3:* next to the Deny of HTTP',
    why: 'The Deny removes HTTP only; HTTPS requests from anyone are allowed everything.',
    policy: doc(
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: BUCKET_AND_OBJECTS,
      },
      DENY_HTTP,
    ),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'fail',
      'no-cross-account-sensitive-actions': 'fail',
      'tls-only': 'pass',
    },
  },
  {
    id: 'tls-all-three-guards',
    source: S3_5,
    title: 'The three guard Denies alone',
    why: 'HTTP, TLS < 1.2 and signatures older than 10 minutes are each denied for everyone on the bucket and its objects.',
    policy: doc(...GUARDS),
    expect: {
      ...GUARD_EXPECTATIONS,
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'tls-version-2008',
    source: SRC.version,
    title: 'The TLS Deny in a 2008-10-17 policy',
    why: 'The 2008 language only lacks policy variables; the Deny means the same.',
    policy: doc2008(DENY_HTTP),
    expect: { 'tls-only': 'pass' },
  },
  {
    id: 'tls-no-version-element',
    source: SRC.version,
    title: 'The TLS Deny in a policy without a Version element',
    why: 'Without Version the policy is read in the old language, which has the same Deny semantics.',
    policy: { Statement: [DENY_HTTP] },
    expect: { 'tls-only': 'pass' },
  },
];

// ------------------------------------------------------------------ systematic TLS variations

interface Variation {
  slug: string;
  change: (statement: Statement) => Statement | Statement[];
  covered: boolean;
  why: string;
  source: string;
}

function without(statement: Statement, key: string): Statement {
  const copy = { ...statement };
  delete copy[key];
  return copy;
}

function withExtraCondition(
  statement: Statement,
  extra: Record<string, Record<string, unknown>>,
): Statement {
  return {
    ...statement,
    Condition: {
      ...(statement.Condition as Record<string, unknown>),
      ...extra,
    },
  };
}

/** Variations of a coverage Deny; each check applies them to its own canonical Deny. */
const VARIATIONS: Variation[] = [
  {
    slug: 'principal-aws-star',
    change: s => ({ ...s, Principal: { AWS: '*' } }),
    // {"AWS": "*"} includes anonymous users, but AWS does not promise it matches service
    // principals ("some services behave differently" for the two forms, AWS CDK
    // AnyPrincipal/StarPrincipal), so a Deny written so is not proven to cover everyone.
    covered: false,
    why: 'A Deny on {"AWS": "*"} is not proven to cover AWS service principals; only "*" is.',
    source: `${SRC.principal}#principal-anonymous`,
  },
  {
    slug: 'principal-own-account',
    change: s => ({
      ...s,
      Principal: { AWS: `arn:aws:iam::${OWN_ACCOUNT}:root` },
    }),
    covered: false,
    why: "Only the bucket owner's account is denied; anonymous and other accounts are not.",
    source: SRC.principal,
  },
  {
    slug: 'principal-two-accounts',
    change: s => ({ ...s, Principal: { AWS: [THIRD_ACCOUNT, OTHER_ACCOUNT] } }),
    covered: false,
    why: 'Two named accounts are denied; every other principal is not.',
    source: SRC.principal,
  },
  {
    slug: 'principal-service',
    change: s => ({ ...s, Principal: { Service: 's3.amazonaws.com' } }),
    covered: false,
    why: 'Only one service principal is denied.',
    source: SRC.principal,
  },
  {
    slug: 'notprincipal-own-account',
    change: s => ({
      ...without(s, 'Principal'),
      NotPrincipal: { AWS: `arn:aws:iam::${OWN_ACCOUNT}:root` },
    }),
    covered: false,
    why: 'NotPrincipal with Deny exempts the named principal: an exemption.',
    source: `${SRC.notPrincipal}#specifying-notprincipal`,
  },
  {
    slug: 'notprincipal-doc-bob',
    change: s => ({
      ...without(s, 'Principal'),
      NotPrincipal: {
        AWS: [
          `arn:aws:iam::${OTHER_ACCOUNT}:user/Bob`,
          `arn:aws:iam::${OTHER_ACCOUNT}:root`,
        ],
      },
    }),
    covered: false,
    why: 'The NotPrincipal documentation\'s example: "all principals except the user named Bob" are denied; Bob is exempt.',
    source: `${SRC.notPrincipal}#specifying-notprincipal`,
  },
  {
    slug: 'action-star',
    change: s => ({ ...s, Action: '*' }),
    covered: true,
    why: '"*" covers every action, all S3 actions included.',
    source: SRC.action,
  },
  {
    slug: 'action-list-s3-star',
    change: s => ({ ...s, Action: ['s3:*'] }),
    covered: true,
    why: 'A one-element list is the same as the value.',
    source: SRC.grammar,
  },
  {
    slug: 'action-upper-case',
    change: s => ({ ...s, Action: 'S3:*' }),
    covered: true,
    why: '"The prefix and the action name are case insensitive."',
    source: SRC.action,
  },
  {
    slug: 'notaction-iam',
    change: s => ({ ...without(s, 'Action'), NotAction: 'iam:*' }),
    covered: true,
    why: 'Deny with NotAction iam:* denies every action outside IAM, every S3 action included.',
    source: SRC.notAction,
  },
  {
    slug: 'notaction-getobject',
    change: s => ({ ...without(s, 'Action'), NotAction: 's3:GetObject' }),
    covered: false,
    why: 'NotAction leaves s3:GetObject out of the Deny.',
    source: SRC.notAction,
  },
  {
    slug: 'action-get-star',
    change: s => ({ ...s, Action: 's3:Get*' }),
    covered: false,
    why: 'Only the s3:Get* actions are denied.',
    source: SRC.action,
  },
  {
    slug: 'action-get-put-list-delete',
    change: s => ({
      ...s,
      Action: ['s3:Get*', 's3:Put*', 's3:List*', 's3:Delete*'],
    }),
    covered: false,
    why: 'Actions such as s3:AbortMultipartUpload, s3:RestoreObject and s3:BypassGovernanceRetention are left out.',
    source: SRC.action,
  },
  {
    slug: 'action-star-object',
    change: s => ({ ...s, Action: 's3:*Object' }),
    covered: false,
    why: 's3:*Object misses s3:ListBucket, s3:PutBucketPolicy and others.',
    source: SRC.action,
  },
  {
    slug: 'resource-star',
    change: s => ({ ...s, Resource: '*' }),
    covered: true,
    why: 'Resource "*" covers the bucket and every object.',
    source: SRC.resource,
  },
  {
    slug: 'resource-bucket-prefix-star',
    change: s => ({ ...s, Resource: `${BUCKET_ARN}*` }),
    covered: true,
    why: '"The asterisk (*) character can expand to replace everything within a segment, including ... /": it matches the bucket and its objects.',
    source: SRC.resource,
  },
  {
    slug: 'resource-all-buckets',
    change: s => ({ ...s, Resource: 'arn:aws:s3:::*' }),
    covered: true,
    why: 'arn:aws:s3:::* matches every bucket and object ARN.',
    source: SRC.resource,
  },
  {
    slug: 'resource-objects-only',
    change: s => ({ ...s, Resource: OBJECTS_ARN }),
    covered: false,
    why: 'The bucket ARN itself (ListBucket, PutBucketPolicy…) is not covered.',
    source: SRC.resource,
  },
  {
    slug: 'resource-bucket-only',
    change: s => ({ ...s, Resource: BUCKET_ARN }),
    covered: false,
    why: 'The objects (bucket/*) are not covered.',
    source: SRC.resource,
  },
  {
    slug: 'resource-one-prefix',
    change: s => ({ ...s, Resource: [BUCKET_ARN, `${BUCKET_ARN}/private/*`] }),
    covered: false,
    why: 'Objects outside private/ are not covered.',
    source: SRC.resource,
  },
  {
    slug: 'resource-doc-test-pattern',
    change: s => ({ ...s, Resource: [BUCKET_ARN, `${BUCKET_ARN}/*/test/*`] }),
    covered: false,
    why: 'The IAM guide\'s bucket/*/test/* "would not match" keys such as test/object.jpg.',
    source: SRC.resource,
  },
  {
    slug: 'resource-other-bucket',
    change: s => ({
      ...s,
      Resource: [
        'arn:aws:s3:::orders-staging',
        'arn:aws:s3:::orders-staging/*',
      ],
    }),
    covered: false,
    why: 'The Deny names another bucket.',
    source: SRC.resource,
  },
  {
    slug: 'notresource-other-bucket',
    change: s => ({
      ...without(s, 'Resource'),
      NotResource: 'arn:aws:s3:::orders-staging/*',
    }),
    covered: true,
    why: "NotResource of another bucket's objects leaves this bucket and its objects inside the Deny.",
    source: SRC.notResource,
  },
  {
    slug: 'notresource-public-prefix',
    change: s => ({
      ...without(s, 'Resource'),
      NotResource: `${BUCKET_ARN}/public/*`,
    }),
    covered: false,
    why: 'NotResource exempts the objects under public/.',
    source: SRC.notResource,
  },
  {
    slug: 'split-bucket-and-objects',
    change: s => [
      { ...s, Sid: 'OnBucket', Resource: BUCKET_ARN },
      { ...s, Sid: 'OnObjects', Resource: OBJECTS_ARN },
    ],
    covered: true,
    why: 'Two Denies, one on the bucket and one on bucket/*, together cover both.',
    source: SRC.evaluationLogic,
  },
  {
    slug: 'split-by-principal-kind',
    change: s => [
      { ...s, Sid: 'Anonymous', Principal: '*' },
      { ...s, Sid: 'OwnAccount', Principal: { AWS: OWN_ACCOUNT } },
    ],
    covered: true,
    why: 'One of the two Denies already names every principal.',
    source: SRC.evaluationLogic,
  },
  {
    slug: 'extra-sourcevpce-exemption',
    change: s =>
      withExtraCondition(s, {
        StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' },
      }),
    covered: false,
    why: 'Requests through vpce-1a2b3c4d are exempt from the Deny (conditions are ANDed).',
    source: globalKey('sourcevpce'),
  },
  {
    slug: 'extra-principalarn-exemption',
    change: s =>
      withExtraCondition(s, {
        ArnNotLike: {
          'aws:PrincipalArn': `arn:aws:iam::${OWN_ACCOUNT}:role/Admin*`,
        },
      }),
    covered: false,
    why: 'Roles matching the pattern are exempt (the aws:PrincipalArn alternative to NotPrincipal).',
    source: `${SRC.principal}#principal-anonymous`,
  },
  {
    slug: 'extra-principalaccount-exemption',
    change: s =>
      withExtraCondition(s, {
        StringNotEquals: { 'aws:PrincipalAccount': OWN_ACCOUNT },
      }),
    covered: false,
    why: "The bucket owner's account is exempt.",
    source: globalKey('principalaccount'),
  },
  {
    slug: 'extra-sourceip-exemption',
    change: s =>
      withExtraCondition(s, {
        NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
      }),
    covered: false,
    why: 'Requests from 192.0.2.0/24 are exempt.',
    source: operatorDoc('Conditions_IPAddress'),
  },
  {
    slug: 'extra-caller-header',
    change: s =>
      withExtraCondition(s, {
        StringEquals: { 's3:x-amz-acl': 'public-read' },
      }),
    covered: false,
    why: 'Only requests that send x-amz-acl public-read are denied.',
    source: SRC.s3ConditionKeyExamples,
  },
  {
    slug: 'extra-null-sourcevpce',
    change: s => withExtraCondition(s, { Null: { 'aws:SourceVpce': 'true' } }),
    covered: false,
    why: 'Requests through any VPC endpoint are exempt.',
    source: operatorDoc('Conditions_Null'),
  },
  {
    slug: 'extra-mfa-in-same-block',
    change: s =>
      withExtraCondition(s, {
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
      }),
    covered: false,
    why: 'Requests with MFA are exempt (BoolIfExists is false when the key is true).',
    source: globalKey('multifactorauthpresent'),
  },
  {
    slug: 'extra-absent-key-ifexists',
    change: s =>
      withExtraCondition(s, {
        StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' },
      }),
    covered: false,
    why: 'Requests through vpce-1a2b3c4d are exempt; requests without an endpoint are still denied.',
    source: operatorDoc('Conditions_IfExists'),
  },
  {
    slug: 'extra-kms-key-never-present',
    change: s =>
      withExtraCondition(s, {
        StringEquals: { 'kms:CallerAccount': OWN_ACCOUNT },
      }),
    covered: false,
    why: 'kms:CallerAccount is never in an S3 request: the Deny never applies.',
    source: SRC.conditionOperators,
  },
  {
    slug: 'extra-kms-key-negated',
    change: s =>
      withExtraCondition(s, {
        StringNotEquals: { 'kms:CallerAccount': OWN_ACCOUNT },
      }),
    covered: true,
    why: 'A negated operator on a key S3 requests never carry is true: no exemption.',
    source: SRC.conditionOperators,
  },
  {
    slug: 'extra-principalaccount-variable',
    change: s =>
      withExtraCondition(s, {
        StringNotEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' },
      }),
    covered: false,
    why: "In 2012-10-17 ${aws:ResourceAccount} is substituted: principals of the bucket's own account are exempt.",
    source: SRC.variables,
  },
  {
    slug: 'resource-variable-username',
    change: s => ({
      ...s,
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/home/\${aws:username}/*`],
    }),
    covered: false,
    why: "Policy variables in Resource narrow it to each user's folder: other objects are not covered.",
    source: `${SRC.variables}#policy-vars-resourceelement`,
  },
];

interface CoverageCheck {
  id: 'tls-only' | 'tls-minimum-version' | 'presigned-url-age-limited';
  slug: string;
  deny: Statement;
  source: string;
}

const COVERAGE_CHECKS: CoverageCheck[] = [
  { id: 'tls-only', slug: 'tls', deny: DENY_HTTP, source: HTTPS_EXAMPLE },
  {
    id: 'tls-minimum-version',
    slug: 'tlsver',
    deny: DENY_OLD_TLS,
    source: SRC.tlsVersionExample,
  },
  {
    id: 'presigned-url-age-limited',
    slug: 'sigage',
    deny: DENY_OLD_SIGNATURES,
    source: SRC.presignedUrls,
  },
];

/** Every variation for tls-only; a representative subset for the other two. */
const SUBSET = new Set([
  'principal-aws-star',
  'principal-own-account',
  'notprincipal-own-account',
  'action-star',
  'notaction-iam',
  'notaction-getobject',
  'resource-star',
  'resource-objects-only',
  'resource-bucket-only',
  'notresource-public-prefix',
  'split-bucket-and-objects',
  'extra-sourcevpce-exemption',
  'extra-principalarn-exemption',
  'extra-principalaccount-exemption',
]);

const variations: PolicyCase[] = COVERAGE_CHECKS.flatMap(check =>
  VARIATIONS.filter(v => check.id === 'tls-only' || SUBSET.has(v.slug)).map(
    (v): PolicyCase => {
      const changed = v.change({ ...check.deny });
      const statements = Array.isArray(changed) ? changed : [changed];
      return {
        id: `${check.slug}-${v.slug}`,
        source: v.source,
        title: `The ${check.id} Deny, varied: ${v.slug.replace(/-/g, ' ')}`,
        why: v.why,
        policy: doc(...statements),
        expect: { [check.id]: v.covered ? 'pass' : 'fail' },
      };
    },
  ),
);

// ------------------------------------------------------------------ TLS conditions

const tlsConditions: Array<[string, unknown, boolean, string]> = [
  [
    'bool-json-false',
    { Bool: { 'aws:SecureTransport': false } },
    true,
    'A JSON boolean false is the same value as "false".',
  ],
  [
    'bool-array-false',
    { Bool: { 'aws:SecureTransport': ['false'] } },
    true,
    'A one-value list is the same as the value.',
  ],
  [
    'boolifexists-false',
    { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    true,
    'aws:SecureTransport "is always included in the request context", so IfExists changes nothing.',
  ],
  [
    'bool-true',
    { Bool: { 'aws:SecureTransport': 'true' } },
    false,
    'This Deny removes HTTPS, not HTTP.',
  ],
  [
    'null-securetransport',
    { Null: { 'aws:SecureTransport': 'true' } },
    false,
    'The key is always present, so Null true never holds.',
  ],
  [
    'key-upper-case',
    { Bool: { 'AWS:SECURETRANSPORT': 'false' } },
    true,
    'Condition key names are case-insensitive.',
  ],
  [
    'bool-and-tls-version',
    {
      Bool: { 'aws:SecureTransport': 'false' },
      NumericLessThan: { 's3:TlsVersion': '1.2' },
    },
    false,
    'Both must hold; an HTTP request has no s3:TlsVersion, so the Deny never applies to it.',
  ],
  [
    'bool-and-mfa-false',
    {
      Bool: {
        'aws:SecureTransport': 'false',
        'aws:MultiFactorAuthPresent': 'false',
      },
    },
    false,
    'Requests with long-term keys have no MFA key, so they are not denied.',
  ],
  [
    'no-condition-on-transport',
    { StringEquals: { 'aws:PrincipalType': 'Anonymous' } },
    false,
    'The Deny does not mention aws:SecureTransport: HTTP from signed callers is allowed.',
  ],
];

function tlsConditionSource(slug: string): string {
  if (slug.startsWith('bool')) return operatorDoc('Conditions_Boolean');
  if (slug === 'key-upper-case') return SRC.conditionElement;
  return globalKey('securetransport');
}

const tlsConditionCases: PolicyCase[] = tlsConditions.map(
  ([slug, condition, covered, why]) => ({
    id: `tls-condition-${slug}`,
    source: tlsConditionSource(slug),
    title: `Deny s3:* on bucket and objects with Condition ${JSON.stringify(condition)}`,
    why,
    policy: doc({ ...DENY_HTTP, Condition: condition }),
    expect: { 'tls-only': covered ? 'pass' : 'fail' },
  }),
);

// ------------------------------------------------------------------ s3:TlsVersion

const tlsVersion: PolicyCase[] = [
  {
    id: 'tlsver-doc-deny-putobject',
    source: SRC.tlsVersionExample,
    title: 'Example 8: Deny PutObject when s3:TlsVersion < 1.2',
    why: 'The example "denies PutObject requests" only; GetObject and every other action over TLS 1.1 are allowed.',
    policy: doc({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    }),
    expect: { 'tls-minimum-version': 'fail', 'tls-only': 'fail' },
  },
  {
    id: 'tlsver-doc-deny-all-actions',
    source: SRC.tlsVersionExample,
    title: 'Example 8 widened to s3:* (numeric value 1.2)',
    why: 'Denies every action by every principal on the bucket and its objects when TLS is older than 1.2.',
    policy: doc({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    }),
    expect: { 'tls-minimum-version': 'pass', 'tls-only': 'fail' },
  },
  {
    id: 'tlsver-doc-allow-above-1-1',
    source: SRC.tlsVersionExample,
    title: 'Example 8: Allow * PutObject when s3:TlsVersion > 1.1',
    why: "An Allow is not a Deny: other grants (or the owner's IAM policies) still work over TLS 1.0; and it grants public write.",
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { NumericGreaterThan: { 's3:TlsVersion': 1.1 } },
    }),
    expect: {
      'tls-minimum-version': 'fail',
      'no-public-write': 'fail',
      'no-public-read': 'pass',
    },
  },
];

const tlsVersionValues: Array<
  [string, Record<string, unknown>, boolean, string]
> = [
  [
    'lt-1-3',
    { NumericLessThan: { 's3:TlsVersion': '1.3' } },
    true,
    'Below 1.3 includes every version below 1.2.',
  ],
  [
    'lt-1-1',
    { NumericLessThan: { 's3:TlsVersion': '1.1' } },
    false,
    'TLS 1.1 itself is not denied.',
  ],
  [
    'lt-1-0',
    { NumericLessThan: { 's3:TlsVersion': '1.0' } },
    false,
    'TLS 1.0 and 1.1 are not denied.',
  ],
  [
    'lt-ifexists-1-2',
    { NumericLessThanIfExists: { 's3:TlsVersion': '1.2' } },
    true,
    'IfExists also denies requests without the key; every TLS < 1.2 request is still denied.',
  ],
  [
    'gt-1-2-wrong-way',
    { NumericGreaterThan: { 's3:TlsVersion': '1.2' } },
    false,
    'This denies the newer versions, not the older ones.',
  ],
  [
    'key-upper-case',
    { NumericLessThan: { 'S3:TLSVERSION': '1.2' } },
    true,
    'Condition key names are case-insensitive.',
  ],
  [
    'string-equals-1-0',
    { StringEquals: { 's3:TlsVersion': '1.0' } },
    false,
    'TLS 1.1 is not denied.',
  ],
];

const tlsVersionValueCases: PolicyCase[] = tlsVersionValues.map(
  ([slug, condition, covered, why]) => ({
    id: `tlsver-condition-${slug}`,
    source:
      slug === 'key-upper-case'
        ? SRC.conditionElement
        : operatorDoc('Conditions_Numeric'),
    title: `Deny s3:* on bucket and objects with ${JSON.stringify(condition)}`,
    why,
    policy: doc({ ...DENY_OLD_TLS, Condition: condition }),
    expect: { 'tls-minimum-version': covered ? 'pass' : 'fail' },
  }),
);

// ------------------------------------------------------------------ s3:signatureAge

const signatureAge: PolicyCase[] = [
  {
    id: 'sigage-doc-presigned-url-guide',
    source: SRC.presignedUrls,
    title:
      'Presigned URL guide: Deny account 444455556666 s3:* on objects when signatureAge > 600000',
    why: 'The example denies only one account and only objects: other principals and the bucket ARN are not covered.',
    policy: doc({
      Sid: 'Deny a presigned URL request if the signature is more than 10 min old',
      Effect: 'Deny',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: 's3:*',
      Resource: OBJECTS_ARN,
      Condition: { NumericGreaterThan: { 's3:signatureAge': 600000 } },
    }),
    expect: { 'presigned-url-age-limited': 'fail' },
  },
  {
    id: 'sigage-doc-widened',
    source: SRC.presignedUrls,
    title: 'The presigned URL example widened to Principal * and the bucket',
    why: 'Every signature older than 10 minutes (below the 60-minute bound) is denied for everyone on the bucket and objects.',
    policy: doc({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { NumericGreaterThan: { 's3:signatureAge': 600000 } },
    }),
    expect: { 'presigned-url-age-limited': 'pass', 'tls-only': 'fail' },
  },
  {
    id: 'sigage-guardrail-15-minutes',
    source: SRC.presignedGuardrails,
    title: 'Prescriptive guidance: DenyPresignedOver15Minutes on Resource *',
    why: 'Signatures older than 15 minutes are denied everywhere, which is within the 60-minute bound.',
    policy: doc(
      {
        Sid: 'DenyPresignedOver15Minutes',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { NumericGreaterThan: { 's3:signatureAge': '900000' } },
      },
      {
        Sid: 'DenySignatureVersion2',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEquals: { 's3:signatureversion': 'AWS' } },
      },
    ),
    expect: {
      'presigned-url-age-limited': 'pass',
      'no-public-read': 'pass',
      'no-public-write': 'pass',
    },
  },
];

const signatureAgeValues: Array<
  [string, Record<string, unknown>, boolean, string]
> = [
  [
    'gt-bound',
    { NumericGreaterThan: { 's3:signatureAge': '3600000' } },
    true,
    'Exactly the 60-minute bound: everything above it is denied.',
  ],
  [
    'gt-above-bound',
    { NumericGreaterThan: { 's3:signatureAge': '3600001' } },
    false,
    'A signature 3,600,001 ms old is above the bound and not denied.',
  ],
  [
    'gt-seven-days',
    { NumericGreaterThan: { 's3:signatureAge': '604800000' } },
    false,
    'SigV4 signatures are valid up to seven days; this Deny allows all of them.',
  ],
  [
    'gte-10-minutes',
    { NumericGreaterThanEquals: { 's3:signatureAge': '600000' } },
    true,
    'At least 10 minutes old is denied, well within the bound.',
  ],
  [
    'gt-ifexists',
    { NumericGreaterThanIfExists: { 's3:signatureAge': '600000' } },
    true,
    'IfExists also denies requests without the key; old signatures are still denied.',
  ],
  [
    'lt-wrong-way',
    { NumericLessThan: { 's3:signatureAge': '600000' } },
    false,
    'This denies fresh signatures, not old ones.',
  ],
  [
    'key-upper-case',
    { NumericGreaterThan: { 'S3:SIGNATUREAGE': '600000' } },
    true,
    'Condition key names are case-insensitive.',
  ],
  [
    'with-acl-header',
    {
      NumericGreaterThan: { 's3:signatureAge': '600000' },
      StringEquals: { 's3:x-amz-acl': 'private' },
    },
    false,
    'Only old requests that also send x-amz-acl private are denied.',
  ],
];

const signatureAgeValueCases: PolicyCase[] = signatureAgeValues.map(
  ([slug, condition, covered, why]) => ({
    id: `sigage-condition-${slug}`,
    source: slug === 'key-upper-case' ? SRC.conditionElement : SRC.sigV4Keys,
    title: `Deny s3:* on bucket and objects with ${JSON.stringify(condition)}`,
    why,
    policy: doc({ ...DENY_OLD_SIGNATURES, Condition: condition }),
    expect: { 'presigned-url-age-limited': covered ? 'pass' : 'fail' },
  }),
);

// ------------------------------------------------------------------ guards, one broken at a time

const brokenGuards: PolicyCase[] = [
  {
    id: 'guards-http-deny-on-objects-only',
    source: S3_5,
    title: 'Three guards, the HTTP Deny limited to bucket/*',
    why: 'The HTTP Deny misses the bucket ARN; the other two guards are intact.',
    policy: doc(
      { ...DENY_HTTP, Resource: OBJECTS_ARN },
      DENY_OLD_TLS,
      DENY_OLD_SIGNATURES,
    ),
    expect: {
      'tls-only': 'fail',
      'tls-minimum-version': 'pass',
      'presigned-url-age-limited': 'pass',
    },
  },
  {
    id: 'guards-tls-deny-exempts-own-account',
    source: SRC.tlsVersionExample,
    title: 'Three guards, the TLS-version Deny exempting the own account',
    why: "aws:PrincipalAccount not equal to the owner: the owner's principals may use TLS 1.0.",
    policy: doc(
      DENY_HTTP,
      {
        ...DENY_OLD_TLS,
        Condition: {
          ...DENY_OLD_TLS.Condition,
          StringNotEquals: { 'aws:PrincipalAccount': OWN_ACCOUNT },
        },
      },
      DENY_OLD_SIGNATURES,
    ),
    expect: {
      'tls-only': 'pass',
      'tls-minimum-version': 'fail',
      'presigned-url-age-limited': 'pass',
    },
  },
  {
    id: 'guards-signature-bound-too-loose',
    source: SRC.presignedUrls,
    title: 'Three guards, the signature-age Deny at 2 hours',
    why: 'Signatures between 60 and 120 minutes old are allowed: above the configured bound.',
    policy: doc(DENY_HTTP, DENY_OLD_TLS, {
      ...DENY_OLD_SIGNATURES,
      Condition: { NumericGreaterThan: { 's3:signatureAge': '7200000' } },
    }),
    expect: {
      'tls-only': 'pass',
      'tls-minimum-version': 'pass',
      'presigned-url-age-limited': 'fail',
    },
  },
  {
    id: 'guards-combined-in-one-statement',
    source: SRC.conditionElement,
    title: 'HTTP, TLS-version and signature-age conditions ANDed in one Deny',
    why: 'All conditions must hold at once; an HTTP request has no TLS version, so none of the three is covered.',
    policy: doc({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
      Condition: {
        Bool: { 'aws:SecureTransport': 'false' },
        NumericLessThan: { 's3:TlsVersion': '1.2' },
        NumericGreaterThan: { 's3:signatureAge': '600000' },
      },
    }),
    expect: {
      'tls-only': 'fail',
      'tls-minimum-version': 'fail',
      'presigned-url-age-limited': 'fail',
    },
  },
  {
    id: 'guards-under-notprincipal',
    source: `${SRC.notPrincipal}#specifying-notprincipal`,
    title: 'The three guards written with NotPrincipal (one role exempt)',
    why: 'Every guard exempts the named role: none is complete.',
    policy: doc(
      ...GUARDS.map(g => ({
        ...without(g, 'Principal'),
        NotPrincipal: {
          AWS: [
            `arn:aws:iam::${OWN_ACCOUNT}:role/Deployer`,
            `arn:aws:iam::${OWN_ACCOUNT}:root`,
          ],
        },
      })),
    ),
    expect: {
      'tls-only': 'fail',
      'tls-minimum-version': 'fail',
      'presigned-url-age-limited': 'fail',
    },
  },
];

export const TRANSPORT_CASES: PolicyCase[] = [
  ...documentedTls,
  ...variations,
  ...tlsConditionCases,
  ...tlsVersion,
  ...tlsVersionValueCases,
  ...signatureAge,
  ...signatureAgeValueCases,
  ...brokenGuards,
];
