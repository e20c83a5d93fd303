/**
 * Cases from the IAM policy language reference: evaluation logic (explicit deny, allow,
 * implicit deny), Action/NotAction and Resource/NotResource matching, policy variables and
 * the Version element, and the grammar (malformed policies are fail or error, never pass).
 */
import {
  BUCKET_AND_OBJECTS,
  BUCKET_ARN,
  DENY_HTTP,
  FAIL_OR_ERROR,
  GUARDS,
  MALFORMED_EXPECTATIONS,
  OBJECTS_ARN,
  OTHER_ACCOUNT,
  OWN_ACCOUNT,
  PolicyCase,
  SRC,
  doc,
  doc2008,
} from './policyCorpusTypes';

const EVAL = SRC.evaluationLogic;

const everyoneGet = {
  Sid: 'EveryoneGet',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS_ARN,
};

// ------------------------------------------------------------------ evaluation logic

const evaluation: PolicyCase[] = [
  {
    id: 'eval-deny-same-action-unconditional',
    source: EVAL,
    title: 'Allow * GetObject and Deny * GetObject on the same objects',
    why: '"An explicit deny in any policy overrides any allows": nobody can read.',
    policy: doc(everyoneGet, {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
    }),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'eval-deny-everything-unconditional',
    source: EVAL,
    title:
      'Allow * s3:* and an unconditional Deny * s3:* on bucket and objects',
    why: 'The explicit deny applies to every request, so the Allow never takes effect.',
    policy: doc(
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: BUCKET_AND_OBJECTS,
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: BUCKET_AND_OBJECTS,
      },
    ),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'eval-deny-resource-star',
    source: EVAL,
    title: 'Allow * GetObject and Deny {"AWS": "*"} GetObject on Resource *',
    why: 'The Deny covers every object and every AWS identity, anonymous included, but is not proven to cover AWS service principals, which the Allow "*" lets in.',
    policy: doc(everyoneGet, {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: '*',
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'eval-deny-one-prefix',
    source: EVAL,
    title: 'Allow * GetObject, Deny * GetObject on private/ only',
    why: 'Objects outside private/ are still allowed to everyone.',
    policy: doc(everyoneGet, {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${BUCKET_ARN}/private/*`,
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'eval-deny-other-action',
    source: EVAL,
    title: 'Allow * GetObject, Deny * GetObjectVersion',
    why: 'The Deny does not match the allowed action.',
    policy: doc(everyoneGet, {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObjectVersion',
      Resource: OBJECTS_ARN,
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'eval-deny-caller-chosen-condition',
    source: EVAL,
    title:
      'Allow * GetObject, Deny * GetObject unless the User-Agent is "trusted"',
    why: 'The caller sets its own User-Agent, so the Deny does not apply to a caller that chooses it.',
    policy: doc(everyoneGet, {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: { StringNotEquals: { 'aws:UserAgent': 'trusted' } },
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'eval-deny-only-non-vpce',
    source: EVAL,
    title: 'Allow * GetObject, Deny * GetObject when no VPC endpoint is used',
    why: "Requests through any VPC endpoint (anyone's) remain allowed: not a fixed aws:SourceVpce.",
    policy: doc(everyoneGet, {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: { Null: { 'aws:SourceVpce': 'true' } },
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'eval-deny-notaction-getobject',
    source: SRC.notAction,
    title: 'Allow * s3:*, Deny * every action except s3:GetObject',
    why: 'The unconditional Deny with NotAction removes every action but GetObject: reads stay public, writes are gone.',
    policy: doc(
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: BUCKET_AND_OBJECTS,
      },
      {
        Effect: 'Deny',
        Principal: '*',
        NotAction: 's3:GetObject',
        Resource: BUCKET_AND_OBJECTS,
      },
    ),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'eval-implicit-deny-only',
    source: EVAL,
    title: 'A policy whose only Allow names another bucket',
    why: '"By default, all requests are implicitly denied": nothing here is allowed on this bucket.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: [
        'arn:aws:s3:::orders-staging',
        'arn:aws:s3:::orders-staging/*',
      ],
    }),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'eval-public-read-with-guards',
    source: EVAL,
    title: 'Allow * GetObject next to the three guard Denies',
    why: 'The guards deny HTTP, old TLS and old signatures; anonymous HTTPS/TLS 1.2 reads are still allowed.',
    policy: doc(everyoneGet, ...GUARDS),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'pass',
      'tls-only': 'pass',
      'tls-minimum-version': 'pass',
      'presigned-url-age-limited': 'pass',
    },
  },
];

// ------------------------------------------------------------------ Action and NotAction

const actions: PolicyCase[] = [
  {
    id: 'action-upper-case-getobject',
    source: SRC.action,
    title: 'Principal * may "S3:GETOBJECT"',
    why: '"The prefix and the action name are case insensitive": this is s3:GetObject.',
    policy: doc({ ...everyoneGet, Action: 'S3:GETOBJECT' }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'action-question-mark',
    source: SRC.action,
    title: 'Principal * may "s3:G?tObject"',
    why: 'Action values accept the ? wildcard; s3:G?tObject matches s3:GetObject.',
    policy: doc({ ...everyoneGet, Action: 's3:G?tObject' }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'action-getobject-star',
    source: SRC.action,
    title: 'Principal * may "s3:GetObject*"',
    why: 's3:GetObject* covers GetObject, GetObjectVersion, GetObjectAcl: s3:Get* bad actions.',
    policy: doc({ ...everyoneGet, Action: 's3:GetObject*' }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'action-star-object',
    source: SRC.action,
    title: 'Principal * may "s3:*Object"',
    why: 'Matches s3:GetObject, s3:PutObject, s3:DeleteObject, s3:RestoreObject: reads and writes.',
    policy: doc({ ...everyoneGet, Action: 's3:*Object' }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'fail' },
  },
  {
    id: 'notaction-delete',
    source: SRC.notAction,
    title: 'Principal * may every action except s3:DeleteObject',
    why: 'NotAction with Allow grants everything not listed: reads, writes and policy changes.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      NotAction: 's3:DeleteObject',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'fail',
      'no-cross-account-sensitive-actions': 'fail',
    },
  },
  {
    id: 'notaction-getobject',
    source: SRC.notAction,
    title: 'Principal * may every action except s3:GetObject',
    why: 'Still grants s3:GetObjectVersion and s3:List*, and every write.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      NotAction: 's3:GetObject',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'fail' },
  },
  {
    id: 'notaction-s3',
    source: SRC.notAction,
    title: 'Principal * may every action except s3:*',
    why: 'NotAction s3:* leaves no S3 action granted.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      NotAction: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
    }),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
];

// ------------------------------------------------------------------ Resource and NotResource

const resources: Array<[string, unknown, boolean, string, string]> = [
  [
    'star',
    '*',
    true,
    'Resource * covers every object of the bucket.',
    SRC.resource,
  ],
  [
    'bucket-star-pdf',
    'arn:aws:s3:::orders-production*.pdf',
    true,
    '"*" expands across "/", so this matches orders-production/any/key.pdf.',
    SRC.resource,
  ],
  [
    'bucket-prefix-star',
    'arn:aws:s3:::orders-prod*',
    true,
    'Matches orders-production and every object in it.',
    SRC.resource,
  ],
  [
    'all-objects-all-buckets',
    'arn:aws:s3:::*/*',
    true,
    'Every object of every bucket.',
    SRC.resource,
  ],
  [
    'doc-test-pattern',
    `${BUCKET_ARN}/*/test/*`,
    true,
    "The IAM guide's pattern matches e.g. 1/test/object.jpg: some objects are public.",
    SRC.resource,
  ],
  [
    'question-mark',
    'arn:aws:s3:::orders-productio?/*',
    true,
    "? matches one character: the bucket's objects match.",
    SRC.resource,
  ],
  [
    'other-bucket',
    'arn:aws:s3:::orders-staging/*',
    false,
    "Another bucket's objects.",
    SRC.resource,
  ],
  [
    'longer-bucket-name',
    'arn:aws:s3:::orders-production-logs/*',
    false,
    'orders-production-logs is another bucket; without a wildcard the name must match exactly.',
    SRC.resource,
  ],
  [
    'notresource-other-bucket',
    null,
    true,
    "NotResource of another bucket: everything else, this bucket's objects included, is granted.",
    SRC.notResource,
  ],
  [
    'notresource-this-bucket',
    null,
    false,
    'NotResource of this bucket and its objects: nothing of this bucket is granted.',
    SRC.notResource,
  ],
];

const resourceCases: PolicyCase[] = resources.map(
  ([slug, resource, matches, why, source]) => {
    let statement: object;
    if (slug === 'notresource-other-bucket') {
      statement = {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        NotResource: 'arn:aws:s3:::orders-staging/*',
      };
    } else if (slug === 'notresource-this-bucket') {
      statement = {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        NotResource: BUCKET_AND_OBJECTS,
      };
    } else {
      statement = { ...everyoneGet, Resource: resource };
    }
    return {
      id: `resource-${slug}`,
      source,
      title: `Principal * GetObject on ${
        resource === null ? 'a NotResource' : JSON.stringify(resource)
      }`,
      why,
      policy: doc(statement),
      expect: {
        'no-public-read': matches ? 'fail' : 'pass',
        'no-public-write': 'pass',
      },
    };
  },
);

const otherBucketName: PolicyCase[] = [
  {
    id: 'resource-bucket-name-from-input',
    source: SRC.resource,
    title:
      'A public grant on doc-example-bucket/*, attached to doc-example-bucket',
    why: 'The check must judge the bucket the policy is attached to, whatever its name.',
    bucket: 'doc-example-bucket',
    policy: doc({
      ...everyoneGet,
      Resource: 'arn:aws:s3:::doc-example-bucket/*',
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'resource-tls-deny-for-named-bucket',
    source: SRC.bucketPolicyExamples,
    title:
      'The TLS Deny written for doc-example-bucket, attached to doc-example-bucket',
    why: 'The Deny covers the bucket it is attached to and its objects.',
    bucket: 'doc-example-bucket',
    policy: doc({
      ...DENY_HTTP,
      Resource: [
        'arn:aws:s3:::doc-example-bucket',
        'arn:aws:s3:::doc-example-bucket/*',
      ],
    }),
    expect: { 'tls-only': 'pass' },
  },
  {
    id: 'resource-tls-deny-for-other-bucket',
    source: SRC.bucketPolicyExamples,
    title:
      'The TLS Deny written for orders-production, attached to doc-example-bucket',
    why: 'The Deny names a different bucket, so nothing of this bucket is covered.',
    bucket: 'doc-example-bucket',
    policy: doc(DENY_HTTP),
    expect: { 'tls-only': 'fail', 'no-public-read': 'pass' },
  },
];

// ------------------------------------------------------------------ policy variables

const variables: PolicyCase[] = [
  {
    id: 'var-resource-username-2012',
    source: `${SRC.variables}#policy-vars-resourceelement`,
    title: '{"AWS": "*"} GetObject on home/${aws:username}/* (2012-10-17)',
    why: 'Any IAM user of any account reads home/<their name>/: the principal is not fixed.',
    policy: doc({
      ...everyoneGet,
      Principal: { AWS: '*' },
      Resource: `${BUCKET_ARN}/home/\${aws:username}/*`,
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'var-resource-username-2008',
    source: SRC.version,
    title: '{"AWS": "*"} GetObject on home/${aws:username}/* (2008-10-17)',
    why: 'In 2008-10-17 the variable is a literal string: everyone may read objects under the literal prefix.',
    policy: doc2008({
      ...everyoneGet,
      Principal: { AWS: '*' },
      Resource: `${BUCKET_ARN}/home/\${aws:username}/*`,
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'var-condition-sourcevpce-variable-2012',
    source: SRC.meaningOfPublic,
    title:
      'Principal * GetObject when aws:SourceVpce equals ${aws:SourceVpce} (2012-10-17)',
    why: 'Non-public needs "values that don\'t contain a wildcard or an AWS Identity and Access Management Policy Variable".',
    policy: doc({
      ...everyoneGet,
      Condition: { StringEquals: { 'aws:SourceVpce': '${aws:SourceVpce}' } },
    }),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'var-principalaccount-resourceaccount-2012',
    source: SRC.meaningOfPublic,
    title:
      '{"AWS": "*"} PutBucketPolicy when aws:PrincipalAccount is ${aws:ResourceAccount}',
    why: "The variable is substituted (only the owner's account gets in, so no other account may change the policy), but a policy variable is not a fixed value: public by AWS's definition.",
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' },
      },
    }),
    expect: {
      'no-public-write': 'fail',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'var-principalaccount-resourceaccount-2008',
    source: SRC.version,
    title: 'The same grant in a 2008-10-17 policy',
    why: '"variables such as ${aws:username} aren\'t recognized as variables and are instead treated as literal strings": no account equals the literal, so nobody is granted.',
    policy: doc2008({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutBucketPolicy',
      Resource: BUCKET_ARN,
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' },
      },
    }),
    expect: {
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'var-tls-exemption-2012',
    source: SRC.variables,
    title:
      'Deny HTTP unless aws:PrincipalAccount equals ${aws:ResourceAccount} (2012-10-17)',
    why: "The variable is substituted: the bucket owner's own principals are exempt from the TLS Deny.",
    policy: doc({
      ...DENY_HTTP,
      Condition: {
        Bool: { 'aws:SecureTransport': 'false' },
        StringNotEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' },
      },
    }),
    expect: { 'tls-only': 'fail' },
  },
  {
    id: 'var-tls-exemption-2008',
    source: SRC.version,
    title: 'The same Deny in a 2008-10-17 policy',
    why: 'The literal "${aws:ResourceAccount}" equals no account, so StringNotEquals is true for every request: no exemption.',
    policy: doc2008({
      ...DENY_HTTP,
      Condition: {
        Bool: { 'aws:SecureTransport': 'false' },
        StringNotEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' },
      },
    }),
    expect: { 'tls-only': 'pass' },
  },
  {
    id: 'var-tls-exemption-no-version',
    source: SRC.variables,
    title: 'The same Deny in a policy without a Version element',
    why: '"If you don\'t include the Version element ... variables like ${aws:username} are treated as literal strings": no exemption.',
    policy: {
      Statement: [
        {
          ...DENY_HTTP,
          Condition: {
            Bool: { 'aws:SecureTransport': 'false' },
            StringNotEquals: {
              'aws:PrincipalAccount': '${aws:ResourceAccount}',
            },
          },
        },
      ],
    },
    expect: { 'tls-only': 'pass' },
  },
  {
    id: 'var-special-star-resource',
    source: `${SRC.variables}#policy-vars-specialchars`,
    title: 'Deny HTTP on the bucket and "bucket/${*}"',
    why: '${*} stands for a literal asterisk, so the Deny covers only the object named "*", not every object.',
    policy: doc({
      ...DENY_HTTP,
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/\${*}`],
    }),
    expect: { 'tls-only': 'fail' },
  },
  {
    id: 'var-special-star-resource-2008',
    source: SRC.version,
    title: 'Deny HTTP on the bucket and "bucket/${*}" in a 2008-10-17 policy',
    why: 'In 2008-10-17 "${*}" is literal text containing a wildcard "*": it still matches only keys that start with "${" and end with "}".',
    policy: doc2008({
      ...DENY_HTTP,
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/\${*}`],
    }),
    expect: { 'tls-only': 'fail' },
  },
  {
    id: 'var-deny-principalarn-own-role-2012',
    source: SRC.variables,
    title:
      "Deny GetObject to everyone but ${aws:PrincipalAccount}'s roles, plus Allow *",
    why: 'The Deny exempts any caller whose ARN is a role of its own account — every role of every account: reads stay public.',
    policy: doc(everyoneGet, {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: {
        ArnNotLike: {
          'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*',
        },
      },
    }),
    expect: { 'no-public-read': 'fail' },
  },
];

// ------------------------------------------------------------------ malformed policies

const malformed: Array<[string, string, object, string]> = [
  [
    'principal-wildcard-account',
    `${SRC.principal}#principal-anonymous`,
    doc({ ...everyoneGet, Principal: { AWS: 'arn:aws:iam::*:root' } }),
    '"You cannot use a wildcard to match part of a principal name or ARN."',
  ],
  [
    'principal-wildcard-user',
    SRC.principal,
    doc({
      ...everyoneGet,
      Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:user/*` },
    }),
    '"you cannot use a wildcard (*) to mean all users. Principals must always name specific users."',
  ],
  [
    'principal-wildcard-session',
    SRC.principal,
    doc({
      ...everyoneGet,
      Principal: { AWS: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Reader/*` },
    }),
    '"you cannot use a wildcard "*" to mean all sessions."',
  ],
  [
    'canonical-user-star',
    SRC.principal,
    doc({ ...everyoneGet, Principal: { CanonicalUser: '*' } }),
    'A canonical user principal must be a specific canonical id; "*" is only allowed for the whole Principal or AWS.',
  ],
  [
    'deny-with-wildcard-principal',
    SRC.principal,
    doc({ ...DENY_HTTP, Principal: { AWS: 'arn:aws:iam::*:root' } }),
    'The TLS Deny names a principal AWS rejects, so it cannot count as enforcing.',
  ],
  [
    'deny-missing-action',
    SRC.grammar,
    doc({
      Sid: 'NoAction',
      Effect: 'Deny',
      Principal: '*',
      Resource: BUCKET_AND_OBJECTS,
      Condition: DENY_HTTP.Condition,
    }),
    'The grammar requires an action_block (Action or NotAction) in every statement.',
  ],
  [
    'deny-missing-resource',
    SRC.grammar,
    doc({
      Sid: 'NoResource',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Condition: DENY_HTTP.Condition,
    }),
    'The grammar requires a resource_block (Resource or NotResource) in every statement.',
  ],
  [
    'allow-missing-action-next-to-guards',
    SRC.grammar,
    doc(
      {
        Sid: 'NoAction',
        Effect: 'Allow',
        Principal: '*',
        Resource: OBJECTS_ARN,
      },
      ...GUARDS,
    ),
    'A statement without Action is malformed; the whole policy is, even next to valid guard Denies.',
  ],
  [
    'action-and-notaction',
    SRC.grammar,
    doc({ ...DENY_HTTP, NotAction: 's3:GetObject' }),
    'The action_block is Action or NotAction, not both.',
  ],
  [
    'principal-and-notprincipal',
    SRC.grammar,
    doc({
      ...DENY_HTTP,
      NotPrincipal: { AWS: `arn:aws:iam::${OWN_ACCOUNT}:root` },
    }),
    'The principal_block is Principal or NotPrincipal, not both.',
  ],
  [
    'missing-principal',
    SRC.grammar,
    doc({
      Effect: 'Deny',
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
      Condition: DENY_HTTP.Condition,
    }),
    '"The principal_block element is required in resource-based policies (for example, in Amazon S3 bucket policies)".',
  ],
  [
    'unknown-effect',
    SRC.grammar,
    doc({ ...DENY_HTTP, Effect: 'Block' }),
    'Effect must be "Allow" or "Deny".',
  ],
  [
    'unknown-principal-type',
    SRC.grammar,
    doc({ ...everyoneGet, Principal: { Everyone: '*' } }),
    'principal_map entries are AWS, Federated, Service or CanonicalUser.',
  ],
  [
    'statement-not-a-list-entry',
    SRC.grammar,
    { Version: '2012-10-17', Statement: ['Deny everything over HTTP'] },
    'Each statement must be a statement object.',
  ],
  [
    'unknown-version',
    SRC.version,
    { Version: '2021-01-01', Statement: [DENY_HTTP] },
    'Version is "2008-10-17" or "2012-10-17"; another value is not a policy S3 accepts.',
  ],
];

const malformedCases: PolicyCase[] = malformed.map(
  ([slug, source, policy, why]) => ({
    id: `malformed-${slug}`,
    source,
    title: `Malformed policy: ${slug.replace(/-/g, ' ')}`,
    why,
    policy,
    expect: MALFORMED_EXPECTATIONS,
  }),
);

const malformedWithGuards: PolicyCase[] = [
  {
    id: 'malformed-wildcard-principal-next-to-guards',
    source: SRC.principal,
    title: 'Allow arn:aws:iam::*:root GetObject next to the three guard Denies',
    why: 'The policy is malformed (partial wildcard principal): no check may pass on it.',
    policy: doc(
      { ...everyoneGet, Principal: { AWS: 'arn:aws:iam::*:root' } },
      ...GUARDS,
    ),
    expect: MALFORMED_EXPECTATIONS,
  },
  {
    id: 'malformed-canonical-star-next-to-guards',
    source: SRC.principal,
    title: 'Allow CanonicalUser * PutObject next to the three guard Denies',
    why: 'The policy is malformed: no check may pass on it.',
    policy: doc(
      {
        Effect: 'Allow',
        Principal: { CanonicalUser: '*' },
        Action: 's3:PutObject',
        Resource: OBJECTS_ARN,
      },
      ...GUARDS,
    ),
    expect: {
      'no-public-read': FAIL_OR_ERROR,
      'no-public-write': FAIL_OR_ERROR,
      'tls-only': FAIL_OR_ERROR,
      'tls-minimum-version': FAIL_OR_ERROR,
      'presigned-url-age-limited': FAIL_OR_ERROR,
    },
  },
];

export const IAM_LANGUAGE_CASES: PolicyCase[] = [
  ...evaluation,
  ...actions,
  ...resourceCases,
  ...otherBucketName,
  ...variables,
  ...malformedCases,
  ...malformedWithGuards,
];
