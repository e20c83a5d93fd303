/**
 * Cases from the IAM global condition key reference, the IAM condition operator reference
 * and IAM Access Analyzer: keys the caller chooses do not limit a grant; keys an S3 request
 * never carries make a positive condition false and a negated one true; unknown keys
 * (including `__proto__` and `constructor`) behave like any key absent from the request.
 */
import {
  BUCKET_AND_OBJECTS,
  BUCKET_ARN,
  DENY_HTTP,
  FAIL_OR_ERROR,
  GUARDS,
  GUARD_EXPECTATIONS,
  MALFORMED_EXPECTATIONS,
  NO_GUARD_EXPECTATIONS,
  OBJECTS_ARN,
  OWN_ACCOUNT,
  PolicyCase,
  SRC,
  doc,
  globalKey,
  operatorDoc,
} from './policyCorpusTypes';

type Access = 'read' | 'write' | 'list';

interface CallerChosen {
  slug: string;
  condition: Record<string, Record<string, unknown>>;
  access: Access;
  source: string;
  why: string;
}

/**
 * Conditions on facts the requester decides (its own principal type, name, MFA, the
 * signing method, headers, transport...). None is among the keys "The meaning of public"
 * accepts as a limit, and IAM Access Analyzer "considers only certain IAM condition keys
 * that external users cannot directly influence".
 */
const CALLER_CHOSEN: CallerChosen[] = [
  {
    slug: 'principaltype-user',
    condition: { StringEquals: { 'aws:PrincipalType': 'User' } },
    access: 'read',
    source: globalKey('principaltype'),
    why: "aws:PrincipalType is the requester's own kind; every AWS account can make IAM users.",
  },
  {
    slug: 'username-star',
    condition: { StringLike: { 'aws:username': '*' } },
    access: 'write',
    source: globalKey('username'),
    why: 'Any IAM user of any account has some aws:username.',
  },
  {
    slug: 'username-fixed',
    condition: { StringEquals: { 'aws:username': 'alice' } },
    access: 'read',
    source: globalKey('username'),
    why: 'A user name is chosen by whoever creates the user, in any account; it is not among the fixed limits.',
  },
  {
    slug: 'principalarn-any-account-user',
    condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } },
    access: 'write',
    source: globalKey('principalarn'),
    why: 'A wildcard account in aws:PrincipalArn matches every user of every account: not a fixed value.',
  },
  {
    slug: 'mfa-present-false',
    condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    access: 'read',
    source: globalKey('multifactorauthpresent'),
    why: "Whether the requester used MFA is the requester's choice; it limits nobody.",
  },
  {
    slug: 'mfa-present-true',
    condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    access: 'write',
    source: globalKey('multifactorauthpresent'),
    why: 'Any principal of any account can sign in with MFA.',
  },
  {
    slug: 'mfa-age',
    condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    access: 'read',
    source: globalKey('multifactorauthage'),
    why: "A recent MFA sign-in in the requester's own account is not a limit on who the requester is.",
  },
  {
    slug: 'authtype-query-string',
    condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } },
    access: 'read',
    source: SRC.sigV4Keys,
    why: 's3:authType is the authentication method the requester picks (header, query string, POST).',
  },
  {
    slug: 'signatureversion-v2',
    condition: { StringEquals: { 's3:signatureversion': 'AWS' } },
    access: 'write',
    source: SRC.sigV4Keys,
    why: 'The signature version is chosen by the client that signs.',
  },
  {
    slug: 'signatureversion-v4',
    condition: { StringEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } },
    access: 'read',
    source: SRC.sigV4Keys,
    why: 'Every SigV4 client of every account satisfies it.',
  },
  {
    slug: 'sourceidentity-star',
    condition: { StringLike: { 'aws:SourceIdentity': '*' } },
    access: 'read',
    source: globalKey('sourceidentity'),
    why: 'The source identity "was set by the principal" when assuming a role: any value it likes.',
  },
  {
    slug: 'sourceidentity-fixed',
    condition: { StringEquals: { 'aws:SourceIdentity': 'alice' } },
    access: 'write',
    source: globalKey('sourceidentity'),
    why: 'Any role session of any account can set source identity "alice".',
  },
  {
    slug: 'calledvia-athena',
    condition: {
      'ForAnyValue:StringEquals': { 'aws:CalledVia': ['athena.amazonaws.com'] },
    },
    access: 'read',
    source: globalKey('calledvia'),
    why: "Anyone can query through Athena with their own credentials; the service chain is the caller's choice.",
  },
  {
    slug: 'securetransport-false',
    condition: { Bool: { 'aws:SecureTransport': 'false' } },
    access: 'read',
    source: globalKey('securetransport'),
    why: 'Every client can send plain HTTP; the grant is open to everyone who does.',
  },
  {
    slug: 'securetransport-true',
    condition: { Bool: { 'aws:SecureTransport': 'true' } },
    access: 'write',
    source: SRC.knowledgeCenterTls,
    why: 'Requiring HTTPS limits how, not who: anonymous HTTPS requests are allowed.',
  },
  {
    slug: 'referer',
    condition: {
      StringLike: { 'aws:Referer': ['https://shop.example.com/*'] },
    },
    access: 'read',
    source: globalKey('referer'),
    why: '"Unauthorized parties can use modified or custom browsers to provide any aws:referer value that they choose."',
  },
  {
    slug: 'useragent',
    condition: { StringEquals: { 'aws:UserAgent': 'orders-app/1.0' } },
    access: 'read',
    source: globalKey('useragent'),
    why: '"unauthorized parties can use modified or custom browsers to provide any aws:UserAgent value".',
  },
  {
    slug: 'x-amz-acl',
    condition: {
      StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' },
    },
    access: 'write',
    source: SRC.bucketPolicyExamples,
    why: 'The canned ACL is a request header the uploader sets; with Principal * anyone can send it.',
  },
  {
    slug: 'prefix',
    condition: { StringEquals: { 's3:prefix': ['', 'home/'] } },
    access: 'list',
    source: SRC.s3ConditionKeyExamples,
    why: 's3:prefix is a request parameter the lister chooses; anyone may list with prefix "home/".',
  },
  {
    slug: 'existing-object-tag',
    condition: {
      StringEquals: { 's3:ExistingObjectTag/classification': 'public' },
    },
    access: 'read',
    source: SRC.bucketPolicyExamples,
    why: 'Object tags describe the object, not the requester: anyone may read the tagged objects.',
  },
  {
    slug: 'requested-region',
    condition: { StringEquals: { 'aws:RequestedRegion': 'eu-north-1' } },
    access: 'read',
    source: globalKey('requestedregion'),
    why: "Every requester can call the bucket's Region.",
  },
  {
    slug: 'current-time',
    condition: {
      DateLessThan: { 'aws:CurrentTime': '2099-01-01T00:00:00Z' },
    },
    access: 'read',
    source: globalKey('currenttime'),
    why: 'A time window limits when, not who.',
  },
  {
    slug: 'principal-tag',
    condition: { StringEquals: { 'aws:PrincipalTag/team': 'orders' } },
    access: 'write',
    source: globalKey('principaltag'),
    why: "Principal tags are set in the requester's own account: any account can tag a role team=orders.",
  },
  {
    slug: 'resource-account',
    condition: { StringEquals: { 'aws:ResourceAccount': OWN_ACCOUNT } },
    access: 'read',
    source: globalKey('resourceaccount'),
    why: "aws:ResourceAccount is the bucket owner's account on every request to this bucket: no limit on the caller.",
  },
  {
    slug: 'via-aws-service-false',
    condition: { Bool: { 'aws:ViaAWSService': 'false' } },
    access: 'read',
    source: globalKey('viaawsservice'),
    why: 'Every direct call has aws:ViaAWSService false.',
  },
  {
    slug: 'principal-is-aws-service-false',
    condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    access: 'write',
    source: globalKey('principalisawsservice'),
    why: 'True of every non-service requester, anonymous ones included.',
  },
  {
    slug: 'tls-version-at-least-1-2',
    condition: { NumericGreaterThanEquals: { 's3:TlsVersion': '1.2' } },
    access: 'read',
    source: SRC.tlsVersionExample,
    why: 'The client picks its TLS version; the condition limits how, not who.',
  },
  {
    slug: 'signature-age-fresh',
    condition: { NumericLessThan: { 's3:signatureAge': '600000' } },
    access: 'read',
    source: SRC.sigV4Keys,
    why: 'A fresh signature from any account satisfies it.',
  },
  {
    slug: 'content-sha256-signed',
    condition: {
      StringNotEquals: { 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    access: 'write',
    source: SRC.sigV4Keys,
    why: 'Signing the payload is up to the uploader; the negated condition is also true when the key is absent.',
  },
  {
    slug: 'token-issue-time',
    condition: {
      DateGreaterThan: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
    },
    access: 'read',
    source: globalKey('tokenissuetime'),
    why: 'Anyone can get fresh temporary credentials in their own account.',
  },
  {
    slug: 'null-sourcevpce-false',
    condition: { Null: { 'aws:SourceVpce': 'false' } },
    access: 'read',
    source: operatorDoc('Conditions_Null'),
    why: "Null false only requires some VPC endpoint, anyone's: not a fixed aws:SourceVpce.",
  },
  {
    slug: 'null-principalorgid-false',
    condition: { Null: { 'aws:PrincipalOrgID': 'false' } },
    access: 'read',
    source: operatorDoc('Conditions_Null'),
    why: 'Any member of any organization has aws:PrincipalOrgID; only a fixed value limits.',
  },
  {
    slug: 'https-and-tls12',
    condition: {
      Bool: { 'aws:SecureTransport': 'true' },
      NumericGreaterThanEquals: { 's3:TlsVersion': '1.2' },
    },
    access: 'read',
    source: SRC.accessAnalyzerConcepts,
    why: "Both keys are the client's choice; IAM Access Analyzer considers only keys external users cannot influence.",
  },
];

function callerChosenCase(entry: CallerChosen, index: number): PolicyCase {
  const guarded = index % 3 === 0;
  const action = {
    read: 's3:GetObject',
    write: 's3:PutObject',
    list: 's3:ListBucket',
  }[entry.access];
  const grant = {
    Sid: 'CallerChosen',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: action,
    Resource: entry.access === 'list' ? BUCKET_ARN : OBJECTS_ARN,
    Condition: entry.condition,
  };
  return {
    id: `caller-${entry.slug}${guarded ? '-guarded' : ''}`,
    source: entry.source,
    title: `{"AWS": "*"} ${action} limited only by ${JSON.stringify(entry.condition)}${guarded ? ', next to the guard Denies' : ''}`,
    why: entry.why,
    policy: guarded ? doc(grant, ...GUARDS) : doc(grant),
    expect: {
      'no-public-read': entry.access === 'write' ? 'pass' : 'fail',
      'no-public-write': entry.access === 'write' ? 'fail' : 'pass',
      'no-cross-account-sensitive-actions': 'pass',
      ...(guarded ? GUARD_EXPECTATIONS : NO_GUARD_EXPECTATIONS),
    },
  };
}

// ------------------------------------------------------------------ keys S3 never carries

const ABSENT = operatorDoc('reference_policies_elements_condition_operators');

interface AbsentKey {
  slug: string;
  condition: Record<string, Record<string, unknown>>;
  access: 'read' | 'write';
  applies: boolean;
  why: string;
}

const ABSENT_KEYS: AbsentKey[] = [
  {
    slug: 'kms-calleraccount',
    condition: { StringEquals: { 'kms:CallerAccount': OWN_ACCOUNT } },
    access: 'read',
    applies: false,
    why: 'kms:CallerAccount exists only in KMS requests; "If the key ... is not present in the request context, the values do not match and the condition is false".',
  },
  {
    slug: 'kms-viaservice',
    condition: {
      StringEquals: { 'kms:ViaService': 's3.eu-north-1.amazonaws.com' },
    },
    access: 'write',
    applies: false,
    why: 'kms:ViaService is never in an S3 request context, so the positive condition is false and the statement never applies.',
  },
  {
    slug: 'kms-encryption-context',
    condition: {
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': `${BUCKET_ARN}/*` },
    },
    access: 'read',
    applies: false,
    why: 'The KMS encryption context key exists only in KMS requests: the condition is false for S3 requests.',
  },
  {
    slug: 'kms-viaservice-negated',
    condition: {
      StringNotEquals: { 'kms:ViaService': 'ec2.eu-north-1.amazonaws.com' },
    },
    access: 'read',
    applies: true,
    why: '"If the policy condition requires that the key is not matched ... and the right key is not present, the condition is true".',
  },
  {
    slug: 'kms-calleraccount-ifexists',
    condition: { StringEqualsIfExists: { 'kms:CallerAccount': OWN_ACCOUNT } },
    access: 'write',
    applies: true,
    why: '"If the key is not present, evaluate the condition element as true" (…IfExists).',
  },
  {
    slug: 'kms-calleraccount-null-true',
    condition: { Null: { 'kms:CallerAccount': 'true' } },
    access: 'read',
    applies: true,
    why: 'Null true holds exactly when the key is absent, which it always is in S3 requests.',
  },
  {
    slug: 'kms-calleraccount-null-false',
    condition: { Null: { 'kms:CallerAccount': 'false' } },
    access: 'read',
    applies: false,
    why: 'Null false needs the key to be present; S3 requests never carry it.',
  },
  {
    slug: 'unknown-custom-key',
    condition: { StringEquals: { 'custom:team': 'orders' } },
    access: 'write',
    // AWS: no request carries the key, so the grant never applies. The evaluator takes
    // only keys without a service prefix and keys of kms, sts and iam as never present
    // (services add their own keys to requests signed with their credentials, e.g.
    // lambda:SourceFunctionArn), so it cannot prove this grant closed and fails it.
    applies: true,
    why: 'The evaluator does not assume an unknown service key is absent: it cannot prove the grant closed, so the check fails rather than passes.',
  },
  {
    slug: 'unknown-custom-key-negated',
    condition: { StringNotLike: { 'custom:team': 'orders*' } },
    access: 'write',
    applies: true,
    why: 'A negated operator on an absent key is true: the grant applies to everyone.',
  },
];

function absentKeyCase(entry: AbsentKey): PolicyCase {
  const grant = {
    Effect: 'Allow',
    Principal: '*',
    Action: entry.access === 'read' ? 's3:GetObject' : 's3:PutObject',
    Resource: OBJECTS_ARN,
    Condition: entry.condition,
  };
  return {
    id: `absent-${entry.slug}`,
    source: ABSENT,
    title: `Principal * ${grant.Action} with ${JSON.stringify(entry.condition)}`,
    why: entry.why,
    policy: doc(grant),
    expect: {
      'no-public-read':
        entry.access === 'read' && entry.applies ? 'fail' : 'pass',
      'no-public-write':
        entry.access === 'write' && entry.applies ? 'fail' : 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  };
}

// ------------------------------------------------------------------ __proto__ and constructor

/** Builds a policy from JSON text, so that `__proto__` stays an ordinary own key. */
function fromJson(text: string): object {
  return JSON.parse(text);
}

const allowWith = (condition: string, action = 's3:GetObject') =>
  fromJson(
    `{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"${action}","Resource":"${OBJECTS_ARN}","Condition":${condition}}]}`,
  );

const denyHttpWith = (extra: string) =>
  fromJson(
    `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":${JSON.stringify(BUCKET_AND_OBJECTS)},"Condition":{"Bool":{"aws:SecureTransport":"false"},${extra}}}]}`,
  );

const prototypeKeys: PolicyCase[] = ['__proto__', 'constructor'].flatMap(
  (key): PolicyCase[] => {
    const slug = key.replace(/_/g, '');
    return [
      {
        id: `key-named-${slug}-allow-positive`,
        source: ABSENT,
        title: `Principal * GetObject only when StringEquals {"${key}": "x"}`,
        why: `"${key}" is just an unknown key: absent from every request, so StringEquals is false and the grant never applies.`,
        policy: allowWith(`{"StringEquals":{"${key}":"x"}}`),
        expect: {
          'no-public-read': 'pass',
          'no-public-write': 'pass',
          'no-cross-account-sensitive-actions': 'pass',
        },
      },
      {
        id: `key-named-${slug}-allow-negated`,
        source: ABSENT,
        title: `Principal * GetObject unless StringEquals {"${key}": "x"} (StringNotEquals)`,
        why: `A negated operator on the absent key "${key}" is true: everyone may read.`,
        policy: allowWith(`{"StringNotEquals":{"${key}":"x"}}`),
        expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
      },
      {
        id: `key-named-${slug}-allow-with-https`,
        source: ABSENT,
        title: `Principal * PutObject when HTTPS and StringEquals {"${key}": "x"}`,
        why: `All conditions must hold; "${key}" is absent, so the grant never applies.`,
        policy: allowWith(
          `{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"${key}":"x"}}`,
          's3:PutObject',
        ),
        expect: { 'no-public-write': 'pass', 'no-public-read': 'pass' },
      },
      {
        id: `key-named-${slug}-deny-http-positive`,
        source: ABSENT,
        title: `Deny HTTP, but only when StringEquals {"${key}": "x"}`,
        why: `"${key}" is absent from every request, so the extra condition is false and the Deny never applies.`,
        policy: denyHttpWith(`"StringEquals":{"${key}":"x"}`),
        expect: {
          'tls-only': 'fail',
          'no-public-read': 'pass',
          'no-public-write': 'pass',
        },
      },
      {
        id: `key-named-${slug}-deny-http-ifexists`,
        source: operatorDoc('Conditions_IfExists'),
        title: `Deny HTTP when StringNotEqualsIfExists {"${key}": "x"}`,
        why: `"${key}" is absent, and an …IfExists condition on an absent key is true: the Deny covers every HTTP request.`,
        policy: denyHttpWith(`"StringNotEqualsIfExists":{"${key}":"x"}`),
        expect: { 'tls-only': 'pass' },
      },
      {
        id: `key-named-${slug}-deny-http-negated`,
        source: ABSENT,
        title: `Deny HTTP when StringNotEquals {"${key}": "x"}`,
        why: `A negated operator on the absent key "${key}" is true, so the Deny applies to every HTTP request.`,
        policy: denyHttpWith(`"StringNotEquals":{"${key}":"x"}`),
        expect: { 'tls-only': 'pass' },
      },
      {
        id: `key-named-${slug}-deny-http-null-false`,
        source: operatorDoc('Conditions_Null'),
        title: `Deny HTTP when Null {"${key}": "false"} (the key is present)`,
        why: `"${key}" is never present, so Null false is false and the Deny never applies.`,
        policy: denyHttpWith(`"Null":{"${key}":"false"}`),
        expect: { 'tls-only': 'fail' },
      },
    ];
  },
);

const unknownOperators: PolicyCase[] = [
  {
    id: 'operator-named-proto',
    source: SRC.grammar,
    title: 'Deny HTTP written with a condition operator named "__proto__"',
    why: 'The grammar allows only the documented condition types; an unknown operator is a malformed policy that must not pass.',
    policy: fromJson(
      `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":${JSON.stringify(BUCKET_AND_OBJECTS)},"Condition":{"__proto__":{"aws:SecureTransport":"false"}}}]}`,
    ),
    expect: MALFORMED_EXPECTATIONS,
  },
  {
    id: 'operator-unknown-name',
    source: SRC.conditionOperators,
    title: 'Deny HTTP with a misspelt operator "Boolean"',
    why: 'Only the documented operators exist ("Bool"); a policy the evaluator cannot read must not pass.',
    policy: doc({
      ...DENY_HTTP,
      Condition: { Boolean: { 'aws:SecureTransport': 'false' } },
    }),
    expect: { 'tls-only': FAIL_OR_ERROR },
  },
];

export const CONDITION_KEY_CASES: PolicyCase[] = [
  ...CALLER_CHOSEN.map(callerChosenCase),
  ...ABSENT_KEYS.map(absentKeyCase),
  ...prototypeKeys,
  ...unknownOperators,
];
