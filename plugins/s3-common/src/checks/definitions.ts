/*
 * Copyright 2026 The S3 Posture Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { BuiltInCheckDefinition, CheckId } from './types';

/*
 * Remediations are markdown. Their bodies start at column 0 on purpose:
 * indenting them would turn list items into code blocks. Placeholders such as
 * <bucket> are wrapped in inline code outside fenced blocks, or a markdown
 * renderer would swallow them as HTML tags.
 */

/**
 * The built-in check catalog: every control, in display order.
 *
 * @public
 */
export const CHECK_DEFINITIONS: readonly BuiltInCheckDefinition[] = [
  // ---------------------------------------------------------------- access
  {
    id: 'account-public-access-block',
    title: 'Block Public Access on for the account',
    category: 'access',
    severity: 'high',
    description:
      'Passes when all four account-level S3 Block Public Access settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) are on in the account that holds the bucket.',
    rationale:
      'Account-level Block Public Access is the backstop for every bucket in the account: even if someone later attaches a public bucket policy or ACL, S3 refuses or ignores it. Without it, a single mistake on any bucket can publish data to the internet.',
    remediation: `1. Open the **S3 console** and choose **Block Public Access settings for this account**.
2. Choose **Edit**, tick **Block all public access**, then **Save changes** and confirm.
3. Buckets that must serve public content should do so through CloudFront with Origin Access Control, not through public bucket access.

\`\`\`sh
aws s3control put-public-access-block \\
  --account-id <account-id> \\
  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
\`\`\``,
    anchors: {
      securityHub: ['S3.1'],
      cis: ['2.1.4'],
      awsConfig: ['s3-account-level-public-access-blocks-periodic'],
      prowler: ['s3_account_level_public_access_blocks'],
      guidance: [
        'S3 Security Measures: Preventing Public Exposure',
        'AWS S3 Security Best Practices: S3 Block Public Access',
      ],
    },
  },
  {
    id: 'bucket-public-access-block',
    title: 'Block Public Access on for the bucket',
    category: 'access',
    severity: 'high',
    description:
      'Passes when all four bucket-level S3 Block Public Access settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) are on for this bucket.',
    rationale:
      'Bucket-level Block Public Access keeps this bucket private even if the account-level setting is relaxed or the bucket moves to another account. The house rules block all public access by default; services hand out time-limited tokens instead.',
    remediation: `1. In the **S3 console**, open the bucket and choose the **Permissions** tab.
2. Under **Block public access (bucket settings)** choose **Edit**.
3. Tick **Block all public access**, choose **Save changes** and type \`confirm\`.

\`\`\`sh
aws s3api put-public-access-block \\
  --bucket <bucket> \\
  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
\`\`\``,
    anchors: {
      securityHub: ['S3.8'],
      cis: ['2.1.4'],
      awsConfig: ['s3-bucket-level-public-access-prohibited'],
      prowler: ['s3_bucket_level_public_access_block'],
      guidance: [
        'Create a new amazon bucket: Permissions',
        'S3 Security Measures: Preventing Public Exposure',
        'AWS S3 Security Best Practices: S3 Block Public Access',
      ],
    },
  },
  {
    id: 'no-public-read',
    title: 'No public read access',
    category: 'access',
    severity: 'critical',
    description:
      'Passes when neither the bucket policy nor the bucket ACL lets anonymous or any-AWS-user principals read or list the bucket, once the effective Block Public Access settings (a flag counts when it is on at the bucket or the account level) are applied.',
    rationale:
      'A publicly readable bucket is the classic S3 data breach: anyone who finds the name can list and download every object, including customer data and backups. It also lets strangers run up your data-transfer bill.',
    remediation: `1. Turn on **Block all public access** for the bucket (Permissions tab) and, ideally, for the account.
2. Under **Bucket policy**, remove or narrow every Allow statement whose principal is \`*\` (or \`{"AWS": "*"}\`) without a restricting condition.
3. Under **Access control list (ACL)**, remove grants to **Everyone** and **Authenticated users group**, or disable ACLs via **Object Ownership**.
4. If the content really must be public, serve it through CloudFront with Origin Access Control instead.

\`\`\`sh
aws s3api put-public-access-block --bucket <bucket> \\
  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
# only while ACLs are still enabled on the bucket:
aws s3api put-bucket-acl --bucket <bucket> --acl private
# verify: PolicyStatus.IsPublic must be false
aws s3api get-bucket-policy-status --bucket <bucket>
\`\`\``,
    anchors: {
      securityHub: ['S3.2'],
      awsConfig: ['s3-bucket-public-read-prohibited'],
      prowler: ['s3_bucket_public_access', 's3_bucket_public_list_acl'],
      guidance: [
        'S3 Security Measures: Preventing Public Exposure',
        'Create a new amazon bucket: Permissions',
      ],
    },
  },
  {
    id: 'no-public-write',
    title: 'No public write access',
    category: 'access',
    severity: 'critical',
    description:
      'Passes when neither the bucket policy allows anonymous or any-AWS-user principals write, delete or permission-changing actions (such as s3:PutObject, s3:DeleteObject, s3:PutBucketPolicy) nor the ACL grants them WRITE, WRITE_ACP or FULL_CONTROL, after the effective Block Public Access settings are applied.',
    rationale:
      'Public write lets anyone overwrite or delete your data, plant malware or illegal content that is then served under your name, and fill the bucket at your expense; WRITE_ACP or FULL_CONTROL even lets them take over its permissions.',
    remediation: `1. Turn on **Block all public access** for the bucket (Permissions tab).
2. Under **Bucket policy**, remove every Allow of write, delete or \`Put*Acl\`/\`PutBucketPolicy\` actions to principal \`*\`.
3. Under **Access control list (ACL)**, remove **Write** and **Write ACL** grants to **Everyone** and **Authenticated users group**, or disable ACLs via **Object Ownership**.
4. Review the objects written while the bucket was open; they may not be yours.

\`\`\`sh
aws s3api put-public-access-block --bucket <bucket> \\
  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3api put-bucket-ownership-controls --bucket <bucket> \\
  --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'
aws s3api get-bucket-policy-status --bucket <bucket>
\`\`\``,
    anchors: {
      securityHub: ['S3.3'],
      awsConfig: ['s3-bucket-public-write-prohibited'],
      prowler: [
        's3_bucket_policy_public_write_access',
        's3_bucket_public_write_acl',
      ],
      guidance: [
        'S3 Security Measures: Preventing Public Exposure',
        'Create a new amazon bucket: Permissions',
      ],
    },
  },
  {
    id: 'acls-disabled',
    title: 'ACLs disabled (bucket owner enforced)',
    category: 'access',
    severity: 'medium',
    description:
      "Passes when the bucket's Object Ownership setting is BucketOwnerEnforced, so ACLs are disabled, the bucket owner owns every object and access is decided by policies alone.",
    rationale:
      'ACLs are the legacy access mechanism: grants hide on individual objects where no policy review sees them, and objects uploaded by other accounts stay owned by those accounts. Disabling them leaves one place to audit: the policies.',
    remediation: `1. Check the bucket ACL and object ACLs for grants to other accounts or groups, and move the access they give into the bucket policy.
2. In the **S3 console**, open the bucket, **Permissions** tab, **Object Ownership**, **Edit**.
3. Choose **ACLs disabled (recommended)** (Bucket owner enforced) and **Save changes**.

\`\`\`sh
aws s3api get-bucket-acl --bucket <bucket>
aws s3api put-bucket-ownership-controls --bucket <bucket> \\
  --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'
\`\`\``,
    anchors: {
      securityHub: ['S3.12'],
      awsConfig: ['s3-bucket-acl-prohibited'],
      prowler: ['s3_bucket_acl_prohibited'],
      guidance: ['S3 Security Measures: Access Control & Identity Management'],
    },
  },
  {
    id: 'no-cross-account-sensitive-actions',
    title: 'Other accounts cannot change bucket permissions or encryption',
    category: 'access',
    severity: 'high',
    description:
      "Passes when neither the bucket policy nor the ACL allows any account other than the bucket's own and those in s3.posture.trustedAccounts to change the bucket's policy, ACLs or encryption (e.g. s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl, s3:PutEncryptionConfiguration).",
    rationale:
      'An outside account that can rewrite the policy or ACLs can grant itself full access or make the bucket public, and one that can change encryption can switch new objects to a key it controls. A compromise of that other account becomes a compromise of your data.',
    remediation: `1. In the bucket's **Permissions** tab, edit the **Bucket policy**: remove the sensitive actions from statements whose principal is another account.
2. Remove ACL grants to other accounts' canonical ids, or disable ACLs.
3. Add an explicit Deny as a guard rail (list every trusted account id in the condition).
4. \`put-bucket-policy\` replaces the whole policy: merge the statement into the existing one.

\`\`\`json
{
  "Sid": "DenySensitiveActionsFromOtherAccounts",
  "Effect": "Deny",
  "Principal": "*",
  "Action": ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketAcl",
             "s3:PutObjectAcl", "s3:PutEncryptionConfiguration"],
  "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"],
  "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ["<account-id>"]}}
}
\`\`\`

\`\`\`sh
aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json
\`\`\``,
    anchors: {
      securityHub: ['S3.6'],
      awsConfig: ['s3-bucket-blacklisted-actions-prohibited'],
      prowler: ['s3_bucket_cross_account_access'],
      guidance: [
        'S3 Security Measures: Controlling Access with IAM & Bucket Policies',
      ],
    },
  },
  {
    id: 'iam-least-privilege',
    title: 'No IAM wildcard grants on the bucket',
    category: 'access',
    severity: 'high',
    description:
      "Passes when no IAM user, group or role in the account is allowed s3:* or * on this bucket through a wildcard Resource (such as * or arn:aws:s3:::*); access should name the needed actions and this bucket's ARNs.",
    rationale:
      'A wildcard grant means one leaked key or compromised workload can read, delete and re-permission this bucket along with every other one in the account. Least privilege keeps the damage of a single compromise small.',
    remediation: `1. In the **IAM console**, review the policies attached to (and inline in) the principals the evidence lists.
2. Replace \`"Action": "*"\` / \`"s3:*"\` on \`"Resource": "*"\` with the actions the workload needs, scoped to this bucket.
3. IAM Access Analyzer can generate a policy from the principal's CloudTrail activity.

\`\`\`sh
aws iam get-account-authorization-details --filter User Role Group LocalManagedPolicy
aws iam create-policy-version --set-as-default \\
  --policy-arn arn:aws:iam::<account-id>:policy/<policy-name> \\
  --policy-document file://least-privilege.json
\`\`\`

\`\`\`json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::<bucket>"},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": "arn:aws:s3:::<bucket>/*"}
  ]
}
\`\`\``,
    anchors: {
      securityHub: ['IAM.1', 'IAM.21'],
      awsConfig: [
        'iam-policy-no-statements-with-admin-access',
        'iam-policy-no-statements-with-full-access',
      ],
      prowler: [
        'iam_customer_attached_policy_no_administrative_privileges',
        'iam_inline_policy_no_administrative_privileges',
      ],
      guidance: [
        'S3 Security Measures: Controlling Access with IAM & Bucket Policies',
        'Protecting Amazon S3 Data: Access Controls',
      ],
    },
  },
  {
    id: 'iam-keys-rotated',
    title: 'Access keys rotated within 90 days',
    category: 'access',
    severity: 'medium',
    description:
      'Passes when every active access key of an IAM user that can reach this bucket is at most 90 days old.',
    rationale:
      'Long-lived access keys leak: into repositories, env files, CI logs and laptops. Rotating them regularly closes the window in which a leaked key still works.',
    remediation: `1. In the **IAM console**, open the user, **Security credentials** tab, **Create access key**.
2. Put the new key where the service reads it (secret store or env file) and deploy.
3. When the old key's **Last used** stops moving, make it **Inactive**, then **Delete** it.

\`\`\`sh
aws iam list-access-keys --user-name <user>
aws iam create-access-key --user-name <user>
# after deploying the new key, confirm the old one is no longer used:
aws iam get-access-key-last-used --access-key-id <old-key-id>
aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive
aws iam delete-access-key --user-name <user> --access-key-id <old-key-id>
\`\`\``,
    anchors: {
      securityHub: ['IAM.3'],
      cis: ['1.13'],
      awsConfig: ['access-keys-rotated'],
      prowler: ['iam_rotate_access_key_90_days'],
      guidance: [
        'Create a new amazon bucket: IAM user',
        'AWS S3 Security Best Practices: IAM Roles and Access Control',
      ],
    },
  },
  {
    id: 'iam-unused-credentials',
    title: 'No access keys unused for over 45 days',
    category: 'access',
    severity: 'medium',
    description:
      'Passes when no active access key of an IAM user that can reach this bucket has gone unused for more than 45 days; a key that was never used counts from its creation date.',
    rationale:
      'A key nobody uses is standing access nobody watches: if it leaks, its use stands out to no one. Removing unused keys removes that way in at no cost.',
    remediation: `1. In the **IAM console**, open the user, **Security credentials** tab, and check **Last used** for each access key.
2. Make unused keys **Inactive**; delete them once nothing breaks.
3. If the user is no longer needed at all, delete the user.

\`\`\`sh
aws iam list-access-keys --user-name <user>
aws iam get-access-key-last-used --access-key-id <key-id>
aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive
aws iam delete-access-key --user-name <user> --access-key-id <key-id>
\`\`\``,
    anchors: {
      securityHub: ['IAM.22'],
      awsConfig: ['iam-user-unused-credentials-check'],
      prowler: ['iam_user_accesskey_unused'],
      guidance: ['Create a new amazon bucket: IAM user'],
    },
  },
  // ----------------------------------------------------------- application
  {
    id: 'cors-restricted',
    title: 'CORS limited to trusted origins',
    category: 'application',
    severity: 'medium',
    description:
      'Passes when no CORS rule allows origin * together with a write method (PUT, POST or DELETE), and no rule allows all headers (*) together with a wildcard origin. A bucket without CORS configuration passes.',
    rationale:
      "CORS decides which websites may call the bucket from a visitor's browser. If every origin may write, any page on the internet can make a browser that holds a signed URL or token upload, overwrite or delete objects.",
    remediation: `1. In the bucket's **Permissions** tab, edit **Cross-origin resource sharing (CORS)**.
2. List only your own front-end origins, only the methods they use, and explicit headers.

\`\`\`json
{
  "CORSRules": [
    {
      "AllowedOrigins": ["https://shop.example.com"],
      "AllowedMethods": ["GET", "PUT"],
      "AllowedHeaders": ["Content-Type", "Content-MD5"],
      "ExposeHeaders": ["ETag"],
      "MaxAgeSeconds": 3000
    }
  ]
}
\`\`\`

\`\`\`sh
aws s3api put-bucket-cors --bucket <bucket> --cors-configuration file://cors.json
\`\`\``,
    anchors: {
      guidance: ['S3 Security Measures: Application-Level Security'],
    },
  },
  {
    id: 'presigned-url-age-limited',
    title: 'Bucket policy limits pre-signed URL age',
    category: 'application',
    severity: 'low',
    description:
      'Passes when the bucket policy denies requests whose s3:signatureAge is greater than the configured bound (s3.posture.presignedUrlMaxAgeMinutes), so a pre-signed URL stops working that long after it was signed.',
    rationale:
      'A pre-signed URL is a bearer token: whoever holds the link has access until it expires, which can be up to seven days, and links leak through logs, mail and chat. A policy ceiling enforces short-lived tokens whatever expiry the issuing code asks for.',
    remediation: `1. In the bucket's **Permissions** tab, edit the **Bucket policy** and add the statement below.
2. Set the value to the maximum age in milliseconds (60000 per minute; 600000 is 10 minutes).
3. \`put-bucket-policy\` replaces the whole policy: merge the statement into the existing one.
4. Issue URLs with an expiry below the bound.

\`\`\`json
{
  "Sid": "DenyOldSignatures",
  "Effect": "Deny",
  "Principal": "*",
  "Action": "s3:*",
  "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"],
  "Condition": {"NumericGreaterThan": {"s3:signatureAge": "600000"}}
}
\`\`\`

\`\`\`sh
aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json
aws s3 presign s3://<bucket>/<key> --expires-in 600
\`\`\``,
    anchors: {
      guidance: [
        'S3 Security Measures: Application-Level Security',
        'Create a new amazon bucket: Permissions',
      ],
    },
  },
  // --------------------------------------------------------------- network
  {
    id: 'tls-only',
    title: 'Bucket policy enforces TLS',
    category: 'network',
    severity: 'medium',
    description:
      'Passes when the bucket policy has an explicit Deny covering all principals, all S3 actions, and both the bucket and its objects whenever aws:SecureTransport is false. It is judged by simulating a plain-HTTP request, not by matching text.',
    rationale:
      'Without it, clients may talk to S3 over plain HTTP, where data and pre-signed URLs can be read or altered on the network. Encryption in transit is also required by PCI DSS, HIPAA and most audits.',
    remediation: `1. In the bucket's **Permissions** tab, edit the **Bucket policy** and add the statement below.
2. \`put-bucket-policy\` replaces the whole policy: fetch the current one first and merge.

\`\`\`json
{
  "Sid": "DenyInsecureTransport",
  "Effect": "Deny",
  "Principal": "*",
  "Action": "s3:*",
  "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"],
  "Condition": {"Bool": {"aws:SecureTransport": "false"}}
}
\`\`\`

\`\`\`sh
aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text > policy.json
# add the statement to policy.json, then:
aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json
\`\`\``,
    anchors: {
      securityHub: ['S3.5'],
      cis: ['2.1.1'],
      awsConfig: ['s3-bucket-ssl-requests-only'],
      prowler: ['s3_bucket_secure_transport_policy'],
      guidance: [
        'S3 Security Measures: Access Control & Identity Management',
        'S3 Security Measures: Encrypting Data at Rest & In Transit',
        'Protecting Amazon S3 Data: Secure Transmission',
      ],
    },
  },
  {
    id: 'tls-minimum-version',
    title: 'Bucket policy requires TLS 1.2 or later',
    category: 'network',
    severity: 'low',
    description:
      'Passes when the bucket policy denies requests made over TLS older than 1.2 (s3:TlsVersion NumericLessThan 1.2).',
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses and are not allowed by PCI DSS; the team guidance requires TLS 1.2+. An explicit deny makes the floor part of the bucket itself, visible to auditors and independent of client defaults.',
    remediation: `1. In the bucket's **Permissions** tab, edit the **Bucket policy** and add the statement below.
2. \`put-bucket-policy\` replaces the whole policy: merge the statement into the existing one.

\`\`\`json
{
  "Sid": "DenyOutdatedTls",
  "Effect": "Deny",
  "Principal": "*",
  "Action": "s3:*",
  "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"],
  "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}
}
\`\`\`

\`\`\`sh
aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json
\`\`\``,
    anchors: {
      guidance: ['S3 Security Measures: Encrypting Data at Rest & In Transit'],
    },
  },
  {
    id: 'private-network-only',
    title: 'Access restricted to private networks',
    category: 'network',
    severity: 'info',
    description:
      'Passes when the bucket policy restricts access to requests that arrive through given VPC endpoints or VPCs (conditions on aws:SourceVpce or aws:SourceVpc).',
    rationale:
      'When only your VPC endpoints may reach the bucket, stolen credentials are useless from the internet and data cannot be pulled out from outside your network. It is informational because buckets that serve browsers or partners cannot be private-only.',
    remediation: `1. In the **VPC console**, create a **Gateway** endpoint for \`com.amazonaws.<region>.s3\` and attach it to the route tables of your workloads.
2. Add the Deny below to the bucket policy (merge: \`put-bucket-policy\` replaces the whole policy).
3. The Deny also blocks the console and CI outside the VPC: exempt admin roles with \`aws:PrincipalArn\` if needed.

\`\`\`sh
aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --vpc-endpoint-type Gateway \\
  --service-name com.amazonaws.<region>.s3 --route-table-ids <route-table-id>
aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json
\`\`\`

\`\`\`json
{
  "Sid": "DenyOutsideVpcEndpoint",
  "Effect": "Deny",
  "Principal": "*",
  "Action": "s3:*",
  "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"],
  "Condition": {"StringNotEquals": {"aws:SourceVpce": "<vpce-id>"}}
}
\`\`\``,
    anchors: {
      guidance: [
        'S3 Security Measures: Network Security & Isolation',
        'S3 Security Measures: Using VPC Endpoints for Secure Private Access',
        'AWS S3 Security Best Practices: VPC Endpoints',
      ],
    },
  },
  // ------------------------------------------------------------------ data
  {
    id: 'default-encryption',
    title: 'Default encryption configured',
    category: 'data',
    severity: 'low',
    description:
      'Passes when the bucket has a default encryption configuration, either SSE-S3 (AES256) or SSE-KMS / DSSE-KMS, so every new object is encrypted at rest even when the uploader does not ask for it.',
    rationale:
      'Default encryption guarantees data at rest is encrypted without relying on every client to remember it. The house rules recommend AES-256 default encryption for any bucket holding sensitive information, and most compliance regimes expect it.',
    remediation: `1. In the **S3 console**, open the bucket, **Properties** tab, **Default encryption**, **Edit**.
2. Choose **Server-side encryption with Amazon S3 managed keys (SSE-S3)**, or SSE-KMS for sensitive data, and **Save changes**.
3. Default encryption applies to new objects; re-copy existing objects (e.g. with S3 Batch Operations) to encrypt them.

\`\`\`sh
aws s3api put-bucket-encryption --bucket <bucket> \\
  --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
\`\`\``,
    anchors: {
      awsConfig: ['s3-bucket-server-side-encryption-enabled'],
      prowler: ['s3_bucket_default_encryption'],
      guidance: [
        'Create a new amazon bucket: Settings',
        'S3 Security Measures: Data Protection & Encryption',
        'Protecting Amazon S3 Data: Data Encryption',
      ],
    },
  },
  {
    id: 'kms-encryption',
    title: 'Default encryption uses AWS KMS',
    category: 'data',
    severity: 'medium',
    description:
      "Passes when the bucket's default encryption uses AWS KMS: SSE-KMS (aws:kms) or dual-layer DSSE-KMS (aws:kms:dsse).",
    rationale:
      'With KMS, reading an object also needs permission to use the key, a second independent control; every key use is logged in CloudTrail, and disabling the key cuts off access at once. The team guidance encrypts customer data with SSE-KMS and customer-managed keys.',
    remediation: `1. In the **KMS console**, create a symmetric customer-managed key (or pick an existing one) and enable automatic rotation.
2. In the bucket's **Properties** tab, **Default encryption**, **Edit**: choose **SSE-KMS**, select the key, enable **Bucket Key** (fewer KMS calls, lower cost), **Save changes**.
3. Grant the bucket's users \`kms:Decrypt\` / \`kms:GenerateDataKey\` on the key.

\`\`\`sh
aws kms create-key --description "Default encryption for <bucket>"
aws kms enable-key-rotation --key-id <key-id>
aws s3api put-bucket-encryption --bucket <bucket> \\
  --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"arn:aws:kms:<region>:<account-id>:key/<key-id>"},"BucketKeyEnabled":true}]}'
\`\`\``,
    anchors: {
      securityHub: ['S3.17'],
      awsConfig: ['s3-default-encryption-kms'],
      prowler: ['s3_bucket_kms_encryption'],
      guidance: [
        'S3 Security Measures: Data Protection & Encryption',
        'S3 Security Measures: Encrypting Data at Rest & In Transit',
        'AWS S3 Security Best Practices: Encryption',
      ],
    },
  },
  // ------------------------------------------------------------- integrity
  {
    id: 'versioning-enabled',
    title: 'Versioning enabled',
    category: 'integrity',
    severity: 'medium',
    description:
      "Passes when the bucket's versioning status is Enabled; a bucket whose versioning is Suspended or was never turned on fails.",
    rationale:
      'Without versioning, an overwrite or delete by a bug, a person or ransomware destroys the only copy. Versioning keeps earlier versions so objects can be restored, and it is the prerequisite for replication, MFA Delete and Object Lock.',
    remediation: `1. In the **S3 console**, open the bucket, **Properties** tab, **Bucket Versioning**, **Edit**.
2. Choose **Enable** and **Save changes**.
3. Add a lifecycle rule that expires noncurrent versions so storage does not grow without bound.

\`\`\`sh
aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled
\`\`\``,
    anchors: {
      securityHub: ['S3.14'],
      awsConfig: ['s3-bucket-versioning-enabled'],
      prowler: ['s3_bucket_object_versioning'],
      guidance: [
        'S3 Security Measures: Preventing Accidental Deletion',
        'Protecting Amazon S3 Data: Data Versioning',
        'AWS S3 Security Best Practices: Versioning',
      ],
    },
  },
  {
    id: 'mfa-delete-enabled',
    title: 'MFA Delete enabled',
    category: 'integrity',
    severity: 'low',
    description:
      "Passes when the bucket's versioning configuration has MFADelete Enabled, so permanently deleting a version or changing the versioning state needs an MFA code. Not applicable when versioning is not enabled.",
    rationale:
      "MFA Delete means stolen credentials or a careless script cannot purge object versions: permanent deletion needs the root user's MFA device in hand. Note that S3 does not support lifecycle rules on MFA Delete buckets, so keep it for critical buckets.",
    remediation: `1. Only the bucket owner's **root user** can enable MFA Delete, and only through the CLI or API (not the console).
2. Configure the CLI with temporary root credentials, run the command with the root MFA device's serial and a current code.
3. Delete the root access key afterwards.

\`\`\`sh
aws s3api put-bucket-versioning --bucket <bucket> \\
  --versioning-configuration Status=Enabled,MFADelete=Enabled \\
  --mfa "arn:aws:iam::<account-id>:mfa/<root-mfa-device> <mfa-code>"
\`\`\``,
    anchors: {
      securityHub: ['S3.20'],
      cis: ['2.1.2'],
      awsConfig: ['s3-bucket-mfa-delete-enabled'],
      prowler: ['s3_bucket_no_mfa_delete'],
      guidance: [
        'S3 Security Measures: Data Integrity & Accidental Deletion Prevention',
        'AWS S3 Security Best Practices: MFA Delete',
      ],
    },
  },
  {
    id: 'object-lock-enabled',
    title: 'Object Lock enabled',
    category: 'integrity',
    severity: 'medium',
    description:
      'Passes when S3 Object Lock is enabled on the bucket (ObjectLockEnabled is Enabled), ideally with a default retention rule.',
    rationale:
      'Object Lock stores versions write-once-read-many: until their retention ends they cannot be deleted or overwritten, in compliance mode not even by the root user. It is the strongest defence against ransomware and is required by some record-keeping regulations.',
    remediation: `1. Object Lock needs versioning; enable it first.
2. In the bucket's **Properties** tab, **Object Lock**, **Edit**: enable it and set a default retention (start with **Governance** mode).
3. Choose **Compliance** mode only when you are sure: nobody can shorten that retention.

\`\`\`sh
aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled
aws s3api put-object-lock-configuration --bucket <bucket> \\
  --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Days":30}}}'
\`\`\``,
    anchors: {
      securityHub: ['S3.15'],
      awsConfig: ['s3-bucket-default-lock-enabled'],
      prowler: ['s3_bucket_object_lock'],
      guidance: [
        'S3 Security Measures: Preventing Accidental Deletion',
        'AWS S3 Security Best Practices: S3 Object Lock',
      ],
    },
  },
  {
    id: 'cross-region-replication',
    title: 'Replicated to another region, encrypted',
    category: 'integrity',
    severity: 'low',
    description:
      'Passes when the bucket has an enabled replication rule whose destination bucket is in another AWS region, and the replicas are encrypted.',
    rationale:
      'A second copy in another region survives a regional outage and a destructive event in the source bucket, which is what disaster recovery and many continuity audits require. Replicas must be protected as well as the original.',
    remediation: `1. Enable versioning on the source and on a destination bucket in another region (with default encryption).
2. In the source bucket's **Management** tab, **Replication rules**, **Create replication rule**: choose the destination, an IAM role, and **Replicate objects encrypted with AWS KMS** with a destination key if you use SSE-KMS.

\`\`\`sh
aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled
aws s3api put-bucket-replication --bucket <bucket> --replication-configuration file://replication.json
\`\`\`

\`\`\`json
{
  "Role": "arn:aws:iam::<account-id>:role/<replication-role>",
  "Rules": [{
    "ID": "crr", "Status": "Enabled", "Priority": 1, "Filter": {},
    "DeleteMarkerReplication": {"Status": "Disabled"},
    "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}},
    "Destination": {
      "Bucket": "arn:aws:s3:::<replica-bucket>",
      "EncryptionConfiguration": {"ReplicaKmsKeyID": "arn:aws:kms:<replica-region>:<account-id>:key/<key-id>"}
    }
  }]
}
\`\`\``,
    anchors: {
      securityHub: ['S3.7'],
      awsConfig: [
        's3-bucket-cross-region-replication-enabled',
        's3-bucket-replication-enabled',
      ],
      prowler: ['s3_bucket_cross_region_replication'],
      guidance: [
        'AWS S3 Security Best Practices: Cross-Region Replication (CRR) with Encryption',
      ],
    },
  },
  // --------------------------------------------------------------- logging
  {
    id: 'server-access-logging',
    title: 'Server access logging on, to another bucket',
    category: 'logging',
    severity: 'medium',
    description:
      'Passes when server access logging is enabled and delivers to a target bucket other than the bucket itself.',
    rationale:
      'Access logs record every request: who, which object, from where. Without them a leak cannot be investigated or its scope known. Logging into the bucket itself creates a loop of log objects and lets anyone who can delete the data delete the evidence too.',
    remediation: `1. Pick a central log bucket in the same account and region, and allow the S3 logging service to write to it (policy below, on the log bucket).
2. In the bucket's **Properties** tab, **Server access logging**, **Edit**: enable it, choose the log bucket and a prefix, **Save changes**.

\`\`\`sh
aws s3api put-bucket-logging --bucket <bucket> \\
  --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<bucket>/"}}'
\`\`\`

\`\`\`json
{
  "Sid": "S3ServerAccessLogs",
  "Effect": "Allow",
  "Principal": {"Service": "logging.s3.amazonaws.com"},
  "Action": "s3:PutObject",
  "Resource": "arn:aws:s3:::<log-bucket>/<bucket>/*",
  "Condition": {
    "ArnLike": {"aws:SourceArn": "arn:aws:s3:::<bucket>"},
    "StringEquals": {"aws:SourceAccount": "<account-id>"}
  }
}
\`\`\``,
    anchors: {
      securityHub: ['S3.9'],
      awsConfig: ['s3-bucket-logging-enabled'],
      prowler: ['s3_bucket_server_access_logging_enabled'],
      guidance: [
        'S3 Security Measures: Monitoring & Logging for Security Visibility',
        'Protecting Amazon S3 Data: Access Controls',
        'AWS S3 Security Best Practices: Access Logs',
      ],
    },
  },
  {
    id: 'event-notifications',
    title: 'Event notifications configured',
    category: 'logging',
    severity: 'low',
    description:
      'Passes when the bucket has at least one event notification (to an SNS topic, SQS queue or Lambda function) or sends its events to Amazon EventBridge.',
    rationale:
      'Notifications let you react to object creation and deletion as it happens, for example alerting on unexpected mass deletes or scanning uploads, instead of finding out afterwards.',
    remediation: `1. In the bucket's **Properties** tab, under **Event notifications**, either **Create event notification** for the events you care about, or turn on **Amazon EventBridge**.
2. \`put-bucket-notification-configuration\` replaces the whole configuration: include any existing notifications.

\`\`\`sh
aws s3api get-bucket-notification-configuration --bucket <bucket>
aws s3api put-bucket-notification-configuration --bucket <bucket> \\
  --notification-configuration '{"EventBridgeConfiguration":{}}'
\`\`\``,
    anchors: {
      securityHub: ['S3.11'],
      awsConfig: ['s3-event-notifications-enabled'],
      prowler: ['s3_bucket_event_notifications_enabled'],
      guidance: ['Protecting Amazon S3 Data: Monitoring and Auditing'],
    },
  },
  // ------------------------------------------------------------------ cost
  {
    id: 'lifecycle-configured',
    title: 'Lifecycle rules configured',
    category: 'cost',
    severity: 'low',
    description:
      'Passes when the bucket has at least one lifecycle rule whose status is Enabled.',
    rationale:
      'Without lifecycle rules data piles up forever: the bill grows, incomplete multipart uploads cost money unseen, and data kept past its retention period is liability in a breach.',
    remediation: `1. In the bucket's **Management** tab, choose **Create lifecycle rule**.
2. Choose the scope and actions: transition to cheaper classes, expire objects past retention, and delete incomplete multipart uploads.
3. \`put-bucket-lifecycle-configuration\` replaces all rules: include the existing ones.

\`\`\`json
{
  "Rules": [{
    "ID": "housekeeping", "Status": "Enabled", "Filter": {"Prefix": ""},
    "Transitions": [{"Days": 90, "StorageClass": "STANDARD_IA"}],
    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}
  }]
}
\`\`\`

\`\`\`sh
aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration file://lifecycle.json
\`\`\``,
    anchors: {
      securityHub: ['S3.13'],
      awsConfig: ['s3-lifecycle-policy-check'],
      prowler: ['s3_bucket_lifecycle_enabled'],
      guidance: ['S3 Security Measures: Storage & Cost Optimization'],
    },
  },
  {
    id: 'versioned-lifecycle',
    title: 'Noncurrent versions expire',
    category: 'cost',
    severity: 'medium',
    description:
      'Passes when a versioned bucket has an enabled lifecycle rule that expires noncurrent object versions (NoncurrentVersionExpiration). Not applicable to buckets without versioning.',
    rationale:
      'In a versioned bucket every overwrite and delete keeps the old version, so storage quietly multiplies and "deleted" personal data still exists. Expiring noncurrent versions keeps cost and retention under control while leaving a recovery window.',
    remediation: `1. In the bucket's **Management** tab, create (or edit) a lifecycle rule.
2. Tick **Permanently delete noncurrent versions of objects**, set the days, and tick **Delete expired object delete markers**.
3. \`put-bucket-lifecycle-configuration\` replaces all rules: include the existing ones.

\`\`\`json
{
  "Rules": [{
    "ID": "expire-noncurrent", "Status": "Enabled", "Filter": {"Prefix": ""},
    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
    "Expiration": {"ExpiredObjectDeleteMarker": true}
  }]
}
\`\`\`

\`\`\`sh
aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration file://lifecycle.json
\`\`\``,
    anchors: {
      securityHub: ['S3.10'],
      awsConfig: ['s3-version-lifecycle-policy-check'],
      guidance: ['S3 Security Measures: Storage & Cost Optimization'],
    },
  },
  {
    id: 'intelligent-tiering',
    title: 'Intelligent-Tiering configured',
    category: 'cost',
    severity: 'info',
    description:
      'Passes when the bucket has at least one S3 Intelligent-Tiering configuration.',
    rationale:
      'S3 Intelligent-Tiering moves objects between access tiers by how often they are read, cutting storage cost for data with unknown or changing access patterns without any operational work.',
    remediation: `1. Store objects in the \`INTELLIGENT_TIERING\` storage class (on upload, or with a lifecycle transition).
2. In the bucket's **Properties** tab, under **Intelligent-Tiering Archive configurations**, create a configuration; archived objects must be restored before reading, so use it only for data that can wait.

\`\`\`sh
aws s3api put-bucket-intelligent-tiering-configuration --bucket <bucket> --id archive-cold \\
  --intelligent-tiering-configuration '{"Id":"archive-cold","Status":"Enabled","Tierings":[{"Days":90,"AccessTier":"ARCHIVE_ACCESS"},{"Days":180,"AccessTier":"DEEP_ARCHIVE_ACCESS"}]}'
aws s3 cp ./data s3://<bucket>/data --recursive --storage-class INTELLIGENT_TIERING
\`\`\``,
    anchors: {
      guidance: ['S3 Security Measures: Storage & Cost Optimization'],
    },
  },
  {
    id: 'requester-pays-scoped',
    title: 'Requester Pays only on public datasets',
    category: 'cost',
    severity: 'info',
    description:
      'Passes when Requester Pays is turned on only if the bucket is meant to be a public dataset; every other bucket has the bucket owner paying (Payer BucketOwner).',
    rationale:
      'Requester Pays makes every request without the x-amz-request-payer header fail and bills callers for transfer, which breaks services and surprises consumers of an internal bucket. The team guidance keeps it for shared public datasets.',
    remediation: `1. In the bucket's **Properties** tab, under **Requester pays**, choose **Edit**, **Disable**, **Save changes**.
2. If the bucket really is a shared public dataset, keep Requester Pays and record the bucket as a public dataset instead.

\`\`\`sh
aws s3api get-bucket-request-payment --bucket <bucket>
aws s3api put-bucket-request-payment --bucket <bucket> \\
  --request-payment-configuration Payer=BucketOwner
\`\`\``,
    anchors: {
      guidance: ['S3 Security Measures: Storage & Cost Optimization'],
    },
  },
  // ----------------------------------------------------------------- house
  {
    id: 'naming-convention',
    title: 'Bucket name follows the naming convention',
    category: 'house',
    severity: 'low',
    description:
      'Passes when the bucket name matches the house naming pattern (s3.posture.houseRules.namingPattern), by default <product-name>-production or <product-name>-staging.',
    rationale:
      'A predictable name shows the product and environment at a glance in the console, bills and logs, ties the bucket to its IAM user of the same name, and makes it harder to mix production data into a test bucket.',
    remediation: `1. Bucket names cannot be changed: create a bucket with the right name (\`<product-name>-production\` or \`<product-name>-staging\`), with the same settings.
2. Copy the data, point the service at the new bucket, then remove the old one.
3. \`sync\` copies current objects only, not policies, encryption, versioning or old versions: set those up on the new bucket.
4. If your team uses another convention, set \`s3.posture.houseRules.namingPattern\` instead.

\`\`\`sh
aws s3api create-bucket --bucket <product-name>-production --region eu-north-1 \\
  --create-bucket-configuration LocationConstraint=eu-north-1
aws s3 sync s3://<bucket> s3://<product-name>-production
# after the service uses the new bucket:
aws s3 rb s3://<bucket> --force
\`\`\``,
    anchors: {
      guidance: ['Create a new amazon bucket: Bucket'],
    },
  },
  {
    id: 'approved-region',
    title: 'Bucket in an approved region',
    category: 'house',
    severity: 'low',
    description:
      "Passes when the bucket's region is one of s3.posture.houseRules.allowedRegions; the house default is eu-north-1, Europe (Stockholm).",
    rationale:
      'Keeping buckets in agreed regions keeps data residency (e.g. GDPR) predictable and avoids cross-region latency and transfer cost. Another region is fine when it makes sense, but it should be a decision, recorded in the allowed list.',
    remediation: `1. If the region was a deliberate choice, add it to \`s3.posture.houseRules.allowedRegions\`.
2. Otherwise a bucket cannot move: create a new bucket in an approved region, copy the data, switch the service over and delete the old bucket.

\`\`\`yaml
s3:
  posture:
    houseRules:
      allowedRegions: [eu-north-1, eu-west-1]
\`\`\`

\`\`\`sh
aws s3api get-bucket-location --bucket <bucket>
aws s3api create-bucket --bucket <new-bucket> --region eu-north-1 \\
  --create-bucket-configuration LocationConstraint=eu-north-1
aws s3 sync s3://<bucket> s3://<new-bucket> --source-region <old-region> --region eu-north-1
\`\`\``,
    anchors: {
      guidance: ['Create a new amazon bucket: Region'],
    },
  },
  {
    id: 'dedicated-iam-user',
    title: 'Dedicated programmatic IAM user for the bucket',
    category: 'house',
    severity: 'medium',
    description:
      'Passes when an IAM user named exactly like the bucket exists, has programmatic access only (no console login profile), and its policies reach this bucket and nothing else.',
    rationale:
      'One user per bucket means a leaked key exposes only that bucket, and the matching name shows in the console which service the user belongs to. A console password would add a second, phishable way in. (The team guidance prefers IAM roles; this house rule is a profile choice.)',
    remediation: `1. In the **IAM console**, **Users**, **Create user** named exactly like the bucket, without console access.
2. Add an **inline policy** (JSON tab) with the policy below; attach nothing else.
3. Create an access key for an application and store it in the service's secret store or env file.
4. If the user has a console password, remove it.

\`\`\`sh
aws iam create-user --user-name <bucket>
aws iam put-user-policy --user-name <bucket> --policy-name <bucket>-access --policy-document file://policy.json
aws iam create-access-key --user-name <bucket>
aws iam delete-login-profile --user-name <bucket>   # only if it has console access
\`\`\`

\`\`\`json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": [
      "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListMultipartUploadParts",
      "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject",
      "s3:DeleteObjectVersion", "s3:RestoreObject", "s3:GetObjectRetention", "s3:PutObjectRetention",
      "s3:GetObjectAcl", "s3:PutObjectAcl", "s3:GetObjectVersionAcl", "s3:PutObjectVersionAcl"
    ],
    "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"]
  }]
}
\`\`\``,
    anchors: {
      guidance: [
        'Create a new amazon bucket: IAM user',
        'Create a new amazon bucket: IAM user - permissions',
      ],
    },
  },
  {
    id: 'documented-owner',
    title: 'Bucket doc names real owners and the right account',
    category: 'house',
    severity: 'low',
    description:
      "Passes when every owner in the bucket's markdown doc resolves to a catalog entity and the doc's AWS.Account matches the account that really holds the bucket.",
    rationale:
      'Posture findings only get fixed when they reach someone: an owner that does not resolve sends them nowhere. A wrong account sends reviewers and incident responders to the wrong place, and usually means the doc was copied or the bucket moved.',
    remediation: `1. Open the bucket's markdown doc (the source location linked from the bucket page).
2. Set \`owners\` to existing catalog users or groups (bare names resolve to \`s3.catalog.ownerDefaultKind\`, or use full entity refs).
3. Set \`AWS.Account\` to the 12-digit id of the account that holds the bucket (shown on the bucket page), quoted.

\`\`\`yaml
---
name: UsersBucket
AWS:
  Arn: arn:aws:s3:::<bucket>
  Account: '<account-id>'
  Service: s3
owners:
  - group:default/<team>
---
\`\`\``,
    anchors: {},
  },
];

const byId = new Map(CHECK_DEFINITIONS.map(c => [c.id, c]));

/**
 * The definition of one built-in check.
 *
 * @public
 */
export function getCheckDefinition(id: CheckId): BuiltInCheckDefinition {
  const d = byId.get(id);
  if (!d) throw new Error(`Unknown S3 check id '${id}'`);
  return d;
}
