/**
 * The S3 user guide's bucket policy examples (example-bucket-policies.html and the VPC
 * endpoint examples), with DOC-EXAMPLE-BUCKET replaced by the bucket under test, each
 * judged by "The meaning of public", Security Hub S3.5/S3.6 and the IAM evaluation logic.
 */
import {
  BUCKET_AND_OBJECTS,
  BUCKET_ARN,
  GUARDS,
  GUARD_EXPECTATIONS,
  KMS_KEY_ARN,
  NO_GUARD_EXPECTATIONS,
  OBJECTS_ARN,
  OTHER_ACCOUNT,
  OWN_ACCOUNT,
  PolicyCase,
  SRC,
  THIRD_ACCOUNT,
  doc,
} from './policyCorpusTypes';

const EX = SRC.bucketPolicyExamples;
const PRIVATE = {
  'no-public-read': 'pass',
  'no-public-write': 'pass',
  'no-cross-account-sensitive-actions': 'pass',
} as const;

const examples: PolicyCase[] = [
  {
    id: 'ex-require-sse-kms',
    source: `${EX}#example-bucket-policies-encryption-1`,
    title: 'Deny PutObject without an SSE-KMS key id (Null condition)',
    why: 'Only a Deny: it grants nothing, so nothing is public; it is not a TLS, TLS-version or signature-age Deny.',
    policy: doc({
      Sid: 'DenyObjectsThatAreNotSSEKMS',
      Principal: '*',
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: OBJECTS_ARN,
      Condition: {
        Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'true' },
      },
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-require-specific-kms-key',
    source: `${EX}#example-bucket-policies-encryption-2`,
    title: 'Deny PutObject unless ArnNotEqualsIfExists the given KMS key',
    why: 'A Deny-only policy grants nothing; no coverage Deny is present.',
    policy: doc({
      Sid: 'DenyObjectsThatAreNotSSEKMSWithSpecificKey',
      Principal: '*',
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: OBJECTS_ARN,
      Condition: {
        ArnNotEqualsIfExists: {
          's3:x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY_ARN,
        },
      },
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-require-specific-kms-key-guarded',
    source: `${EX}#example-bucket-policies-encryption-2`,
    title: 'The specific-KMS-key Deny next to the three guard Denies',
    why: 'Extra Deny statements do not weaken the TLS, TLS-version and signature-age Denies.',
    policy: doc(
      {
        Sid: 'DenyObjectsThatAreNotSSEKMSWithSpecificKey',
        Principal: '*',
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: OBJECTS_ARN,
        Condition: {
          ArnNotEqualsIfExists: {
            's3:x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY_ARN,
          },
        },
      },
      ...GUARDS,
    ),
    expect: { ...PRIVATE, ...GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-public-read-canned-acl-two-accounts',
    source: `${EX}#example-bucket-policies-acl-1`,
    title:
      'Two accounts may PutObject and PutObjectAcl with x-amz-acl public-read',
    why: 'Fixed account principals are non-public, but s3:PutObjectAcl for other accounts is an S3.6 finding.',
    policy: doc({
      Sid: 'AddPublicReadCannedAcl',
      Effect: 'Allow',
      Principal: {
        AWS: [
          `arn:aws:iam::${THIRD_ACCOUNT}:root`,
          `arn:aws:iam::${OTHER_ACCOUNT}:root`,
        ],
      },
      Action: ['s3:PutObject', 's3:PutObjectAcl'],
      Resource: OBJECTS_ARN,
      Condition: { StringEquals: { 's3:x-amz-acl': ['public-read'] } },
    }),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'fail',
    },
  },
  {
    id: 'ex-public-read-canned-acl-principal-star',
    source: `${EX}#example-bucket-policies-acl-1`,
    title: 'The canned-ACL example with Principal * instead of two accounts',
    why: 'x-amz-acl is a header the uploader sets, not a limiting key: everyone may write and change object ACLs.',
    policy: doc({
      Sid: 'AddPublicReadCannedAcl',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:PutObject', 's3:PutObjectAcl'],
      Resource: OBJECTS_ARN,
      Condition: { StringEquals: { 's3:x-amz-acl': ['public-read'] } },
    }),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'fail',
      'no-cross-account-sensitive-actions': 'fail',
    },
  },
  {
    id: 'ex-bucket-owner-full-control',
    source: `${EX}#example-bucket-policies-acl-2`,
    title: 'Account 111122223333 may PutObject with bucket-owner-full-control',
    why: 'A fixed account principal; PutObject is not an S3.6 action.',
    policy: doc({
      Sid: 'PolicyForAllowUploadWithACL',
      Effect: 'Allow',
      Principal: { AWS: THIRD_ACCOUNT },
      Action: 's3:PutObject',
      Resource: OBJECTS_ARN,
      Condition: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-bucket-owner-full-control-any-account',
    source: `${EX}#example-bucket-policies-acl-2`,
    title: 'The bucket-owner-full-control example with {"AWS": "*"}',
    why: 'The canned ACL requirement is met by any uploader that sends the header: public write.',
    policy: doc({
      Sid: 'PolicyForAllowUploadWithACL',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Resource: OBJECTS_ARN,
      Condition: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    }),
    expect: { 'no-public-write': 'fail', 'no-public-read': 'pass' },
  },
  {
    id: 'ex-existing-object-tag-role',
    source: `${EX}#example-bucket-policies-tagging-1`,
    title: 'Role JohnDoe may read objects tagged environment=production',
    why: 'A fixed role principal: non-public; reads are not S3.6 actions.',
    policy: doc({
      Principal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:role/JohnDoe` },
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: OBJECTS_ARN,
      Condition: {
        StringEquals: { 's3:ExistingObjectTag/environment': 'production' },
      },
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-existing-object-tag-everyone',
    source: `${EX}#example-bucket-policies-tagging-1`,
    title: 'The object-tag example with Principal *',
    why: 'An object tag says nothing about the requester; anyone may read the tagged objects.',
    policy: doc({
      Principal: '*',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: OBJECTS_ARN,
      Condition: {
        StringEquals: { 's3:ExistingObjectTag/environment': 'production' },
      },
    }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'ex-request-object-tag-keys',
    source: `${EX}#example-bucket-policies-tagging-2`,
    title: 'Role JohnDoe may PutObjectTagging with allowed tag keys',
    why: 'A fixed role principal: non-public; tagging is not an S3.6 action.',
    policy: doc({
      Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:role/JohnDoe`] },
      Effect: 'Allow',
      Action: ['s3:PutObjectTagging'],
      Resource: [OBJECTS_ARN],
      Condition: {
        'ForAnyValue:StringEquals': {
          's3:RequestObjectTagKeys': ['Owner', 'CreationDate'],
        },
      },
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-request-object-tag-keys-everyone',
    source: `${EX}#example-bucket-policies-tagging-2`,
    title: 'The tag-keys example with Principal *',
    why: 's3:PutObjectTagging is an s3:Put* "bad action"; the tag keys are chosen by the requester.',
    policy: doc({
      Principal: '*',
      Effect: 'Allow',
      Action: ['s3:PutObjectTagging'],
      Resource: [OBJECTS_ARN],
      Condition: {
        'ForAnyValue:StringEquals': {
          's3:RequestObjectTagKeys': ['Owner', 'CreationDate'],
        },
      },
    }),
    expect: { 'no-public-write': 'fail', 'no-public-read': 'pass' },
  },
  {
    id: 'ex-request-object-tag-value',
    source: `${EX}#example-bucket-policies-tagging-3`,
    title: 'User JohnDoe may PutObjectTagging with Project=X',
    why: 'A fixed user principal: non-public.',
    policy: doc({
      Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:user/JohnDoe`] },
      Effect: 'Allow',
      Action: ['s3:PutObjectTagging'],
      Resource: [OBJECTS_ARN],
      Condition: { StringEquals: { 's3:RequestObjectTag/Project': 'X' } },
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-put-with-department-tag',
    source: `${EX}#example-bucket-policies-tagging-4`,
    title: 'User JohnDoe may PutObject tagged Department=Finance',
    why: 'A fixed user principal: non-public; PutObject is not an S3.6 action.',
    policy: doc({
      Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:user/JohnDoe`] },
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: [OBJECTS_ARN],
      Condition: {
        StringEquals: { 's3:RequestObjectTag/Department': 'Finance' },
      },
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-server-access-logs',
    source: `${EX}#example-bucket-policies-global-condition-keys-1`,
    title:
      'logging.s3.amazonaws.com may PutObject from one account and source bucket; Deny others',
    why: 'A service principal with fixed aws:SourceAccount and aws:SourceArn: non-public.',
    policy: doc(
      {
        Sid: 'AllowPutObjectS3ServerAccessLogsPolicy',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: OBJECTS_ARN,
        Condition: {
          StringEquals: { 'aws:SourceAccount': OWN_ACCOUNT },
          ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::orders-source-bucket' },
        },
      },
      {
        Sid: 'RestrictToS3ServerAccessLogs',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: OBJECTS_ARN,
        Condition: {
          'ForAllValues:StringNotEquals': {
            'aws:PrincipalServiceNamesList': 'logging.s3.amazonaws.com',
          },
        },
      },
    ),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-server-access-logs-wildcard-source',
    source: `${EX}#example-bucket-policies-global-condition-keys-1`,
    title:
      'The log-delivery grant to Principal * with aws:SourceArn arn:aws:s3:::*',
    why: 'A wildcard aws:SourceArn and no fixed aws:SourceAccount: not a fixed value, so public.',
    policy: doc({
      Principal: '*',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: OBJECTS_ARN,
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } },
    }),
    expect: { 'no-public-write': 'fail', 'no-public-read': 'pass' },
  },
  {
    id: 'ex-organization-only',
    source: `${EX}#example-bucket-policies-global-condition-keys-2`,
    title: '{"AWS": "*"} may GetObject when aws:PrincipalOrgID is o-aa111bb222',
    why: 'A fixed aws:PrincipalOrgID limits the principal: non-public; GetObject is not an S3.6 action.',
    policy: doc({
      Sid: 'AllowGetObject',
      Principal: { AWS: '*' },
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-aa111bb222'] } },
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-organization-only-guarded',
    source: `${EX}#example-bucket-policies-global-condition-keys-2`,
    title: 'The organization-only grant next to the three guard Denies',
    why: 'Non-public by the fixed organization id; the three Denies are complete.',
    policy: doc(
      {
        Sid: 'AllowGetObject',
        Principal: { AWS: '*' },
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: OBJECTS_ARN,
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': ['o-aa111bb222'] },
        },
      },
      ...GUARDS,
    ),
    expect: { ...PRIVATE, ...GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-organization-wildcard',
    source: `${EX}#example-bucket-policies-global-condition-keys-2`,
    title: 'The organization example with StringLike aws:PrincipalOrgID o-*',
    why: 'Any organization matches o-*: not a fixed value.',
    policy: doc({
      Principal: { AWS: '*' },
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: { StringLike: { 'aws:PrincipalOrgID': ['o-*'] } },
    }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'ex-deny-outside-ip-range',
    source: `${EX}#example-bucket-policies-IP-1`,
    title: 'Deny s3:* unless aws:SourceIp is 192.0.2.0/24',
    why: 'A Deny-only policy grants nothing; it does not deny plain HTTP from inside the range.',
    policy: doc({
      Sid: 'IPAllow',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-allow-ip-mix',
    source: `${EX}#example-bucket-policies-IP-2`,
    title:
      'Principal * s3:* from 192.0.2.0/24 and 2001:DB8:1234:5678::/64, except two sub-ranges',
    why: 'Narrow fixed CIDRs make it non-public, but any account inside them may PutBucketPolicy (S3.6).',
    policy: doc({
      Sid: 'AllowIPmix',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
      Condition: {
        IpAddress: {
          'aws:SourceIp': ['192.0.2.0/24', '2001:DB8:1234:5678::/64'],
        },
        NotIpAddress: {
          'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678:ABCD::/80'],
        },
      },
    }),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'fail',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'ex-allow-ip-mix-broad-ipv6',
    source: `${EX}#example-bucket-policies-IP-2`,
    title: 'The IP mix example with the IPv6 range widened to 2001:DB8::/16',
    why: 'A /16 IPv6 range is broader than /32: "evaluated as public".',
    policy: doc({
      Sid: 'AllowIPmix',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: BUCKET_AND_OBJECTS,
      Condition: {
        IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:DB8::/16'] },
      },
    }),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'fail',
      'no-cross-account-sensitive-actions': 'fail',
    },
  },
  {
    id: 'ex-allow-notipaddress-only',
    source: `${EX}#example-bucket-policies-IP-2`,
    title: 'Principal * s3:GetObject from anywhere but 203.0.113.0/24',
    why: 'NotIpAddress alone grants to every other address on the internet: public.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
    }),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'ex-http-referer',
    source: `${EX}#example-bucket-policies-HTTP-HTTPS-2`,
    title: 'Principal * GetObject when aws:Referer is www.example.com/*',
    why: 'The guide warns any party can send any Referer: "do not use aws:Referer to prevent unauthorized parties from making direct AWS requests".',
    policy: doc({
      Sid: 'Allow only GET requests originating from www.example.com and example.com.',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: OBJECTS_ARN,
      Condition: {
        StringLike: {
          'aws:Referer': ['http://www.example.com/*', 'http://example.com/*'],
        },
      },
    }),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'ex-http-referer-guarded',
    source: `${EX}#example-bucket-policies-HTTP-HTTPS-2`,
    title: 'The Referer example next to the three guard Denies',
    why: 'Still public over HTTPS with TLS 1.2 and a fresh signature; the three Denies are complete.',
    policy: doc(
      {
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: OBJECTS_ARN,
        Condition: {
          StringLike: { 'aws:Referer': ['http://www.example.com/*'] },
        },
      },
      ...GUARDS,
    ),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'pass',
      ...GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'ex-home-folders',
    source: `${EX}#example-bucket-policies-folders-1`,
    title: 'User JohnDoe of another account: list home/, s3:* in home/JohnDoe/',
    why: 'A fixed user principal is non-public, but s3:* on his objects includes s3:PutObjectAcl for another account (S3.6).',
    policy: doc(
      {
        Sid: 'AllowRootAndHomeListingOfCompanyBucket',
        Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:user/JohnDoe`] },
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [BUCKET_ARN],
        Condition: {
          StringEquals: {
            's3:prefix': ['', 'home/', 'home/JohnDoe'],
            's3:delimiter': ['/'],
          },
        },
      },
      {
        Sid: 'AllowListingOfUserFolder',
        Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:user/JohnDoe`] },
        Action: ['s3:ListBucket'],
        Effect: 'Allow',
        Resource: [BUCKET_ARN],
        Condition: { StringLike: { 's3:prefix': ['home/JohnDoe/*'] } },
      },
      {
        Sid: 'AllowAllS3ActionsInUserFolder',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:user/JohnDoe`] },
        Action: ['s3:*'],
        Resource: [`${BUCKET_ARN}/home/JohnDoe/*`],
      },
    ),
    expect: {
      'no-public-read': 'pass',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'fail',
      ...NO_GUARD_EXPECTATIONS,
    },
  },
  {
    id: 'ex-home-folders-own-account',
    source: `${EX}#example-bucket-policies-folders-1`,
    title: "The home-folder policy for a user of the bucket's own account",
    why: "A principal of the bucket owner's account is not another account: nothing public, no S3.6 finding.",
    policy: doc(
      {
        Sid: 'AllowListingOfUserFolder',
        Principal: { AWS: [`arn:aws:iam::${OWN_ACCOUNT}:user/JohnDoe`] },
        Action: ['s3:ListBucket'],
        Effect: 'Allow',
        Resource: [BUCKET_ARN],
        Condition: { StringLike: { 's3:prefix': ['home/JohnDoe/*'] } },
      },
      {
        Sid: 'AllowAllS3ActionsInUserFolder',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${OWN_ACCOUNT}:user/JohnDoe`] },
        Action: ['s3:*'],
        Resource: [`${BUCKET_ARN}/home/JohnDoe/*`],
      },
    ),
    expect: PRIVATE,
  },
  {
    id: 'ex-elb-access-logs',
    source: `${EX}#example-bucket-policies-access-logs-1`,
    title: 'The Elastic Load Balancing account may PutObject under AWSLogs/',
    why: 'A fixed account principal (the ELB account of us-east-1): non-public; PutObject is not S3.6.',
    policy: doc({
      Principal: { AWS: 'arn:aws:iam::127311923021:root' },
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${BUCKET_ARN}/prefix/AWSLogs/${OWN_ACCOUNT}/*`,
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-elb-log-delivery-service',
    source: `${EX}#example-bucket-policies-access-logs-1`,
    title: 'logdelivery.elasticloadbalancing.amazonaws.com may PutObject',
    why: 'A service principal is a fixed principal: non-public.',
    policy: doc({
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${BUCKET_ARN}/prefix/AWSLogs/${OWN_ACCOUNT}/*`,
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-cloudfront-oai',
    source: `${EX}#example-bucket-policies-cloudfront-1`,
    title: 'A CloudFront origin access identity may GetObject',
    why: 'The OAI is a fixed principal: the bucket is not public (the distribution is a separate matter).',
    policy: doc({
      Effect: 'Allow',
      Principal: {
        AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC',
      },
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-cloudfront-oac-source-arn',
    source: `${EX}#example-bucket-policies-cloudfront-1`,
    title:
      'cloudfront.amazonaws.com may GetObject for one distribution (aws:SourceArn fixed)',
    why: 'A service principal limited by a fixed aws:SourceArn: non-public.',
    policy: doc({
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: OBJECTS_ARN,
      Condition: {
        StringEquals: {
          'aws:SourceArn': `arn:aws:cloudfront::${OWN_ACCOUNT}:distribution/EDFDVBD6EXAMPLE`,
        },
      },
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-storage-lens',
    source: `${EX}#example-bucket-policies-lens-1`,
    title:
      'storage-lens.s3.amazonaws.com may PutObject (fixed source account and ARN)',
    why: 'A service principal with fixed aws:SourceAccount and aws:SourceArn: non-public.',
    policy: doc({
      Sid: 'S3StorageLensExamplePolicy',
      Effect: 'Allow',
      Principal: { Service: 'storage-lens.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: [
        `${BUCKET_ARN}/destination-prefix/StorageLens/${OWN_ACCOUNT}/*`,
      ],
      Condition: {
        StringEquals: {
          's3:x-amz-acl': 'bucket-owner-full-control',
          'aws:SourceAccount': OWN_ACCOUNT,
          'aws:SourceArn': `arn:aws:s3:eu-north-1:${OWN_ACCOUNT}:storage-lens/orders-dashboard`,
        },
      },
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-inventory-destination',
    source: `${EX}#example-bucket-policies-s3-inventory-1`,
    title: 's3.amazonaws.com may PutObject inventory from one source bucket',
    why: 'A service principal with fixed aws:SourceArn and aws:SourceAccount: non-public.',
    policy: doc({
      Sid: 'InventoryAndAnalyticsExamplePolicy',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: [OBJECTS_ARN],
      Condition: {
        ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::orders-source-bucket' },
        StringEquals: {
          'aws:SourceAccount': OWN_ACCOUNT,
          's3:x-amz-acl': 'bucket-owner-full-control',
        },
      },
    }),
    expect: PRIVATE,
  },
  {
    id: 'ex-inventory-destination-wildcard-account',
    source: `${EX}#example-bucket-policies-s3-inventory-1`,
    title:
      'The inventory example with Principal * and StringLike aws:SourceAccount *',
    why: 'A wildcard aws:SourceAccount and aws:SourceArn arn:aws:s3:::* are not fixed values: public.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: [OBJECTS_ARN],
      Condition: {
        ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' },
        StringLike: { 'aws:SourceAccount': '*' },
      },
    }),
    expect: { 'no-public-write': 'fail', 'no-public-read': 'pass' },
  },
  {
    id: 'ex-inventory-report-only-ana',
    source: `${EX}#example-bucket-policies-s3-inventory-2`,
    title:
      'User Ana may list and read the report; everyone else is denied GetObject',
    why: 'A fixed user principal; the Deny with ArnNotEquals aws:PrincipalArn grants nothing.',
    policy: doc(
      {
        Sid: 'AllowListBucket',
        Action: ['s3:ListBucket'],
        Effect: 'Allow',
        Resource: BUCKET_AND_OBJECTS,
        Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:user/Ana`] },
      },
      {
        Sid: 'AllowACertainUserToReadObject',
        Action: ['s3:GetObject'],
        Effect: 'Allow',
        Resource: `${BUCKET_ARN}/inventory/*`,
        Principal: { AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:user/Ana`] },
      },
      {
        Sid: 'DenyAllTheOtherUsersToReadObject',
        Action: ['s3:GetObject'],
        Effect: 'Deny',
        Resource: `${BUCKET_ARN}/inventory/*`,
        Principal: { AWS: '*' },
        Condition: {
          ArnNotEquals: {
            'aws:PrincipalArn': `arn:aws:iam::${THIRD_ACCOUNT}:user/Ana`,
          },
        },
      },
    ),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-mfa-deny-only',
    source: `${EX}#example-bucket-policies-MFA`,
    title: 'Deny s3:* on taxdocuments/ when aws:MultiFactorAuthAge is null',
    why: 'A Deny-only policy grants nothing and is not a TLS Deny.',
    policy: doc({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `${BUCKET_ARN}/taxdocuments/*`,
      Condition: { Null: { 'aws:MultiFactorAuthAge': true } },
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-mfa-deny-and-public-read',
    source: `${EX}#example-bucket-policies-MFA`,
    title: 'MFA Deny on taxdocuments/ plus Allow * GetObject on every object',
    why: 'The second statement "allows the s3:GetObject permission on a bucket ... to everyone"; the Deny covers one prefix only.',
    policy: doc(
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `${BUCKET_ARN}/taxdocuments/*`,
        Condition: { Null: { 'aws:MultiFactorAuthAge': true } },
      },
      {
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: OBJECTS_ARN,
      },
    ),
    expect: {
      'no-public-read': 'fail',
      'no-public-write': 'pass',
      'no-cross-account-sensitive-actions': 'pass',
    },
  },
  {
    id: 'ex-mfa-age-and-public-read',
    source: `${EX}#example-bucket-policies-MFA`,
    title: 'MFA and MFA-age Denies on taxdocuments/ plus Allow * GetObject',
    why: 'Objects outside taxdocuments/ stay readable by everyone.',
    policy: doc(
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `${BUCKET_ARN}/taxdocuments/*`,
        Condition: { Null: { 'aws:MultiFactorAuthAge': true } },
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `${BUCKET_ARN}/taxdocuments/*`,
        Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': 3600 } },
      },
      {
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: OBJECTS_ARN,
      },
    ),
    expect: { 'no-public-read': 'fail', 'no-public-write': 'pass' },
  },
  {
    id: 'ex-mfa-deny-whole-bucket-and-public-read',
    source: `${EX}#example-bucket-policies-MFA`,
    title: 'MFA Deny on every object plus Allow * GetObject',
    why: "MFA is the caller's own choice: anyone who signs in with MFA in their own account still reads everything.",
    policy: doc(
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: OBJECTS_ARN,
        Condition: { Null: { 'aws:MultiFactorAuthAge': true } },
      },
      {
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: OBJECTS_ARN,
      },
    ),
    expect: { 'no-public-read': 'fail' },
  },
  {
    id: 'ex-vpce-only',
    source: `${SRC.vpcEndpointExamples}#example-bucket-policies-restrict-access-vpc-endpoint`,
    title: 'Deny s3:* unless aws:SourceVpce is vpce-1a2b3c4d',
    why: 'Deny-only: it "does not grant access"; it denies HTTP only outside the endpoint, so not a TLS Deny.',
    policy: doc({
      Sid: 'Access-to-specific-VPCE-only',
      Principal: '*',
      Action: 's3:*',
      Effect: 'Deny',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-vpc-only',
    source: `${SRC.vpcEndpointExamples}#example-bucket-policies-restrict-access-vpc`,
    title: 'Deny s3:* unless aws:SourceVpc is vpc-111bbb22',
    why: '"This statement does not grant access"; it is not a TLS Deny either.',
    policy: doc({
      Sid: 'Access-to-specific-VPC-only',
      Principal: '*',
      Action: 's3:*',
      Effect: 'Deny',
      Resource: BUCKET_AND_OBJECTS,
      Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-111bbb22' } },
    }),
    expect: { ...PRIVATE, ...NO_GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-vpce-only-and-tls',
    source: `${SRC.vpcEndpointExamples}#example-bucket-policies-restrict-access-vpc-endpoint`,
    title: 'The VPC endpoint Deny next to the three guard Denies',
    why: 'The guard Denies cover everything; the endpoint Deny adds a restriction and removes nothing.',
    policy: doc(
      {
        Sid: 'Access-to-specific-VPCE-only',
        Principal: '*',
        Action: 's3:*',
        Effect: 'Deny',
        Resource: BUCKET_AND_OBJECTS,
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      },
      ...GUARDS,
    ),
    expect: { ...PRIVATE, ...GUARD_EXPECTATIONS },
  },
  {
    id: 'ex-vpce-allow-everyone-through-endpoint',
    source: `${SRC.vpcEndpointExamples}#example-bucket-policies-restrict-access-vpc-endpoint`,
    title: 'Allow * s3:GetObject and s3:PutObject only through vpce-1a2b3c4d',
    why: 'A fixed aws:SourceVpce limits the grant: non-public.',
    policy: doc({
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: OBJECTS_ARN,
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    }),
    expect: PRIVATE,
  },
];

export const BUCKET_POLICY_EXAMPLE_CASES: PolicyCase[] = examples;
