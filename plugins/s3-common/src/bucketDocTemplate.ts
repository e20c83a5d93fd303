import { formatS3BucketArn } from './arn';

/**
 * What {@link bucketDocTemplate} reads: a `BucketSummary` or a `BucketPosture` will do.
 *
 * @public
 */
export interface BucketDocTemplateInput {
  /** The bucket's name in AWS. */
  bucket: string;
  /** Its ARN; default `arn:aws:s3:::<bucket>`. */
  arn?: string;
  /** The 12-digit account that holds it. */
  accountId?: string;
  /** Its region, written as a tag. */
  region?: string;
  /** Entity refs suggested by the bucket's tags (`s3.inventory.ownerTagKeys`). */
  suggestedOwners?: string[];
  /** A component entity ref suggested by the bucket's tags. */
  suggestedService?: string;
}

/**
 * The lifecycle a bucket's name suggests: `production` or `staging` from a
 * `-production`/`-staging` suffix, else undefined.
 *
 * @public
 */
export function guessBucketLifecycle(bucket: string): string | undefined {
  const match = /[-.](production|staging)$/.exec(bucket.toLocaleLowerCase());
  return match?.[1];
}

/** `securecart-orders-production` → `SecurecartOrdersProduction`, as the seeds name docs. */
function displayName(bucket: string): string {
  return bucket
    .split(/[-.]+/)
    .filter(Boolean)
    .map(word => word.charAt(0).toLocaleUpperCase('en-US') + word.slice(1))
    .join('');
}

/** The catalog's tag syntax (as `parseBucketDoc` checks it). */
const TAG_RE = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

/** A single-quoted YAML scalar: no value from AWS or tags is read as a number or a bool. */
function quote(value: string): string {
  return `'${value.replace(/[\r\n]+/g, ' ').replace(/'/g, "''")}'`;
}

/**
 * A complete bucket doc (DESIGN §3, the format of `seeds/000`) for a bucket that has none,
 * pre-filled from AWS: name, ARN, account, region (as a tag), the owners and service its
 * tags suggest, and a lifecycle guessed from its name. What AWS cannot tell is left as a
 * `TODO`; a missing owner is an `<owning-team>` placeholder that the catalog refuses, so
 * the doc cannot be ingested until someone names the real owner.
 *
 * @public
 */
export function bucketDocTemplate(input: BucketDocTemplateInput): string {
  const { bucket, accountId, region } = input;
  const arn = input.arn || formatS3BucketArn(bucket);
  const owners = (input.suggestedOwners ?? []).filter(o => o.trim());
  const lifecycle = guessBucketLifecycle(bucket);

  const lines = [
    '---',
    `name: ${quote(displayName(bucket))}`,
    '# TODO: one line on what the bucket holds, e.g.',
    "# description: 'Invoices the billing service renders for customers'",
    'AWS:',
    `  Arn: ${quote(arn)}`,
    accountId
      ? `  Account: ${quote(accountId)}`
      : "  Account: '' # TODO: the bucket's 12-digit AWS account id",
    '  Service: s3',
  ];
  if (input.suggestedService) {
    lines.push(
      '# Suggested by the bucket’s tags: check it before committing.',
      `service: ${quote(input.suggestedService)}`,
    );
  } else {
    lines.push(
      '# TODO: the component that uses the bucket, e.g.',
      "# service: 'component:default/my-service'",
    );
  }
  if (owners.length > 0) {
    lines.push(
      '# Suggested by the bucket’s tags: check them before committing.',
      'owners:',
      ...owners.map(owner => `  - ${quote(owner)}`),
    );
  } else {
    lines.push(
      '# TODO: the team that owns the bucket: a group name or ref such as group:default/team-a.',
      '# The catalog refuses the doc until <owning-team> is replaced.',
      'owners:',
      '  - <owning-team>',
    );
  }
  if (lifecycle) {
    lines.push(`lifecycle: ${lifecycle}`);
  } else {
    lines.push(
      '# TODO: production, staging or experimental, e.g.',
      '# lifecycle: production',
    );
  }
  // A region is a valid tag as AWS spells it; an S3-compatible server may name it otherwise.
  if (region && TAG_RE.test(region)) {
    lines.push('tags:', `  - ${quote(region)}`);
  }
  lines.push(
    '---',
    '',
    '## Purpose',
    '',
    `TODO: what \`${bucket}\` stores, which services write to it and which read from it.`,
    '',
    '## Data and access',
    '',
    'TODO: the kind of data (personal, confidential, public), who may access it and how.',
    '',
    '## Contacts',
    '',
    'TODO: where to ask about this bucket (team channel, on-call rotation).',
    '',
  );
  return lines.join('\n');
}
