import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { isValidAwsAccountId } from './accountId';
import { AwsPartition, parseS3Arn } from './arn';
import { validateBucketName } from './bucketName';

/**
 * Docs larger than this are refused before parsing.
 *
 * @public
 */
export const MAX_BUCKET_DOC_BYTES = 256 * 1024;

/**
 * Frontmatter larger than this is refused before the YAML parser sees it: real frontmatter
 * is well under 2 KiB, and the parser's cost grows faster than linearly with garbage
 * (a 250 KB frontmatter of `{` lines took 44 s and produced 192,000 errors).
 *
 * @public
 */
export const MAX_FRONTMATTER_BYTES = 16 * 1024;

/** YAML aliases may expand to at most this many nodes; more is an alias bomb. */
const MAX_YAML_ALIAS_COUNT = 100;

/** At most this many YAML syntax errors are reported per doc; the rest are counted. */
const MAX_YAML_ERRORS = 10;

/**
 * A validated bucket doc: the frontmatter of `seeds/000`, plus the markdown body.
 *
 * @public
 */
export interface BucketDoc {
  /** Display name as written, e.g. `UsersBucket`. */
  name: string;
  /** `name` in kebab case, valid as an entity name, e.g. `users-bucket`. */
  entityName: string;
  description?: string;
  arn: string;
  partition: AwsPartition;
  bucket: string;
  /** 12-digit account id; undefined when the doc leaves it empty. */
  accountId?: string;
  /** Owning service, a bare component name or an entity ref. */
  service?: string;
  /** Owners as written: bare names or entity refs; at least one. */
  owners: string[];
  system?: string;
  tags?: string[];
  lifecycle?: string;
  links?: Array<{ url: string; title?: string; icon?: string; type?: string }>;
  catalog?: {
    updatedAt?: string;
    parent?: string;
    path?: string;
    generic?: boolean;
  };
  /** The markdown after the frontmatter. */
  body: string;
}

/**
 * One problem with a doc, naming the field (dotted path) it is about.
 *
 * @public
 */
export interface BucketDocError {
  /** Dotted path of the field, e.g. `AWS.Arn` or `owners[1]`; `(file)` or `(frontmatter)` for the whole. */
  field: string;
  message: string;
}

/**
 * The result of {@link parseBucketDoc}.
 *
 * @public
 */
export type BucketDocParseResult =
  | { kind: 'doc'; doc: BucketDoc }
  /** A valid doc for another AWS service: not ours, not an error. */
  | { kind: 'skipped'; reason: string }
  | { kind: 'invalid'; errors: BucketDocError[] };

/** Text without control characters: they break log lines, UIs and PostgreSQL (NUL). */
const safeText = z.string().refine(value => !hasControlCharacter(value), {
  message: 'must not contain control characters',
});
const optionalText = safeText.optional().nullable();
const nonEmptyText = safeText.pipe(
  z.string().trim().min(1, 'must not be empty'),
);

const frontmatterSchema = z.object({
  name: nonEmptyText,
  description: optionalText,
  AWS: z.object({
    Arn: nonEmptyText,
    Account: z.union([safeText, z.number()]).optional().nullable(),
    Service: safeText,
  }),
  catalog: z
    .object({
      updatedAt: z.union([safeText, z.date()]).optional().nullable(),
      parent: optionalText,
      path: optionalText,
      generic: z.boolean().optional().nullable(),
    })
    .optional()
    .nullable(),
  service: optionalText,
  owners: z.union([
    nonEmptyText,
    z.array(nonEmptyText).min(1, 'must name at least one owner'),
  ]),
  system: optionalText,
  tags: z.array(safeText).optional().nullable(),
  lifecycle: optionalText,
  links: z
    .array(
      z.object({
        // The portal renders these as links: no `javascript:` or `data:` URLs.
        url: safeText.refine(isWebUrl, 'must be an http or https URL'),
        title: optionalText,
        icon: optionalText,
        type: optionalText,
      }),
    )
    .optional()
    .nullable(),
});

const validators = makeValidator();

/**
 * Parses a bucket doc: markdown with YAML frontmatter in the format of `seeds/000`.
 * Never throws: returns the doc, a skip for docs about other AWS services, or every
 * problem found, each naming its field.
 *
 * @public
 */
export function parseBucketDoc(text: string): BucketDocParseResult {
  try {
    return parseUnsafe(text);
  } catch (e) {
    // Last line of defence (e.g. stack exhaustion on absurd nesting): still an answer.
    return invalid(
      '(frontmatter)',
      `could not be read: ${describeYamlError(String(e?.message ?? e))}`,
    );
  }
}

function parseUnsafe(text: string): BucketDocParseResult {
  if (typeof text !== 'string') {
    return invalid('(file)', 'is not text');
  }
  const size = oversizeBytes(text, MAX_BUCKET_DOC_BYTES);
  if (size !== undefined) {
    return invalid(
      '(file)',
      `is ${size} bytes; bucket docs may be at most ${MAX_BUCKET_DOC_BYTES} bytes (256 KiB)`,
    );
  }
  const split = splitFrontmatter(text);
  if (!split) {
    return invalid(
      '(frontmatter)',
      'is missing: a bucket doc starts with a YAML block between two "---" lines',
    );
  }

  const frontmatterSize = oversizeBytes(
    split.frontmatter,
    MAX_FRONTMATTER_BYTES,
  );
  if (frontmatterSize !== undefined) {
    return invalid(
      '(frontmatter)',
      `is ${frontmatterSize} bytes; the YAML block may be at most ${MAX_FRONTMATTER_BYTES} bytes (16 KiB)`,
    );
  }

  const lineCounter = new LineCounter();
  const yamlDoc = parseDocument(split.frontmatter, {
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter,
    // Warnings (e.g. collection keys) would go to the process's stderr, once per doc.
    logLevel: 'error',
  });
  if (yamlDoc.errors.length > 0) {
    const errors = yamlDoc.errors.slice(0, MAX_YAML_ERRORS).map(err => {
      // Line numbers in the file: the frontmatter starts on line 2.
      const pos = lineCounter.linePos(err.pos[0]);
      const where = ` at line ${pos.line + 1}, column ${pos.col}`;
      return {
        field: '(frontmatter)',
        message: `YAML syntax error${where}: ${describeYamlError(err.message)}`,
      };
    });
    const more = yamlDoc.errors.length - errors.length;
    if (more > 0) {
      errors.push({
        field: '(frontmatter)',
        message: `${more} more YAML syntax errors not shown`,
      });
    }
    return { kind: 'invalid', errors };
  }

  let raw: unknown;
  try {
    raw = yamlDoc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (e) {
    return invalid(
      '(frontmatter)',
      `YAML aliases expand too far (${firstLine(String(e?.message ?? e))}); refusing a possible alias bomb`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return invalid(
      '(frontmatter)',
      'must be a YAML mapping of fields (name, AWS, owners, ...)',
    );
  }

  // Docs about other AWS services are someone else's, not broken.
  const service = (raw as any).AWS?.Service;
  if (typeof service === 'string' && service.trim().toLowerCase() !== 's3') {
    return { kind: 'skipped', reason: `AWS.Service is "${service}", not s3` };
  }

  const parsed = frontmatterSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      kind: 'invalid',
      errors: parsed.error.issues.map(issue => ({
        field: formatPath(issue.path),
        message: describeIssue(issue, raw),
      })),
    };
  }
  return checkSemantics(parsed.data, split.body);
}

function checkSemantics(
  fm: z.infer<typeof frontmatterSchema>,
  body: string,
): BucketDocParseResult {
  const errors: BucketDocError[] = [];

  const entityName = toEntityName(fm.name);
  if (!validators.isValidEntityName(entityName)) {
    errors.push({
      field: 'name',
      message: `"${fm.name}" does not make a valid entity name (got "${entityName}"); use letters, digits and separators, at most 63 characters`,
    });
  }

  const arn = parseS3Arn(fm.AWS.Arn.trim());
  let partition: AwsPartition = 'aws';
  let bucket = '';
  if (!arn.ok) {
    errors.push({ field: 'AWS.Arn', message: `"${fm.AWS.Arn}" ${arn.error}` });
  } else if (arn.arn.key !== undefined) {
    errors.push({
      field: 'AWS.Arn',
      message: `"${fm.AWS.Arn}" is an object ARN; a bucket doc needs the bucket ARN arn:${arn.arn.partition}:s3:::${arn.arn.bucket}`,
    });
  } else {
    ({ partition, bucket } = arn.arn);
    const problems = validateBucketName(bucket);
    if (problems.length > 0) {
      errors.push({
        field: 'AWS.Arn',
        message: `bucket name "${bucket}" breaks S3's naming rules: it ${problems.join('; it ')}`,
      });
    }
  }

  let accountId: string | undefined;
  const account = fm.AWS.Account;
  if (
    account !== undefined &&
    account !== null &&
    String(account).trim() !== ''
  ) {
    accountId = String(account).trim();
    if (!isValidAwsAccountId(accountId)) {
      errors.push({
        field: 'AWS.Account',
        message:
          typeof account === 'number'
            ? `${account} is not a 12-digit account id; quote the value ('012345678901') so leading zeros are kept`
            : `"${account}" is not a 12-digit account id`,
      });
    }
  }

  const owners =
    typeof fm.owners === 'string'
      ? [fm.owners.trim()]
      : fm.owners.map(o => o.trim());
  owners.forEach((owner, i) => {
    const problem = entityRefProblem(owner);
    if (problem) {
      errors.push({
        field: typeof fm.owners === 'string' ? 'owners' : `owners[${i}]`,
        message: `"${owner}" ${problem}`,
      });
    }
  });
  for (const field of ['service', 'system'] as const) {
    const value = fm[field]?.trim();
    const problem = value ? entityRefProblem(value) : undefined;
    if (problem) {
      errors.push({ field, message: `"${value}" ${problem}` });
    }
  }

  const tags = fm.tags?.map(t => t.trim());
  tags?.forEach((tag, i) => {
    if (!/^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/.test(tag) || tag.length > 63) {
      errors.push({
        field: `tags[${i}]`,
        message: `"${tag}" is not a valid tag: lowercase letters, digits, ':', '+', '#' and single '-' between them, at most 63 characters`,
      });
    }
  });

  if (errors.length > 0) {
    return { kind: 'invalid', errors };
  }

  const updatedAt = fm.catalog?.updatedAt;
  const doc: BucketDoc = {
    name: fm.name.trim(),
    entityName,
    description: textOrUndefined(fm.description),
    arn: fm.AWS.Arn.trim(),
    partition,
    bucket,
    accountId,
    service: textOrUndefined(fm.service),
    owners,
    system: textOrUndefined(fm.system),
    tags,
    lifecycle: textOrUndefined(fm.lifecycle),
    links: fm.links?.map(l => {
      // Blank texts count as absent: the catalog refuses blank link titles and icons.
      const [title, icon, type] = [l.title, l.icon, l.type].map(
        textOrUndefined,
      );
      return {
        url: l.url,
        ...(title ? { title } : {}),
        ...(icon ? { icon } : {}),
        ...(type ? { type } : {}),
      };
    }),
    catalog: fm.catalog
      ? {
          updatedAt:
            updatedAt instanceof Date
              ? updatedAt.toISOString()
              : textOrUndefined(updatedAt),
          parent: textOrUndefined(fm.catalog.parent),
          path: textOrUndefined(fm.catalog.path),
          generic: fm.catalog.generic ?? undefined,
        }
      : undefined,
    body,
  };
  return { kind: 'doc', doc };
}

/**
 * `UsersBucket` → `users-bucket`: kebab case, valid as an entity name when possible.
 *
 * @public
 */
export function toEntityName(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Why a bare name or entity ref is unusable, or undefined when it is fine. */
function entityRefProblem(ref: string): string | undefined {
  let parsed;
  try {
    // The kind is resolved later from config; any kind does to check the syntax.
    parsed = parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (e) {
    return `is not an entity name or ref (${firstLine(String(e?.message ?? e))})`;
  }
  if (!validators.isValidKind(parsed.kind)) {
    return `has an invalid kind "${parsed.kind}"`;
  }
  if (!validators.isValidNamespace(parsed.namespace)) {
    return `has an invalid namespace "${parsed.namespace}"`;
  }
  if (!validators.isValidEntityName(parsed.name)) {
    return `has an invalid name "${parsed.name}" (letters, digits, '-', '_', '.', at most 63 characters)`;
  }
  return undefined;
}

/** Splits `---\n<yaml>\n---\n<body>`; undefined when there is no frontmatter block. */
function splitFrontmatter(
  text: string,
): { frontmatter: string; body: string } | undefined {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstEnd = lineEnd(src, 0);
  if (src.slice(0, firstEnd).trimEnd() !== '---') {
    return undefined;
  }
  let start = nextLine(src, firstEnd);
  const frontmatterStart = start;
  while (start < src.length) {
    const end = lineEnd(src, start);
    const line = src.slice(start, end).trimEnd();
    if (line === '---' || line === '...') {
      return {
        frontmatter: src.slice(frontmatterStart, start),
        body: src.slice(nextLine(src, end)),
      };
    }
    start = nextLine(src, end);
  }
  return undefined;
}

function lineEnd(src: string, from: number): number {
  const i = src.indexOf('\n', from);
  const end = i === -1 ? src.length : i;
  return end > from && src[end - 1] === '\r' ? end - 1 : end;
}

function nextLine(src: string, end: number): number {
  const afterCr = src[end] === '\r' ? end + 1 : end;
  return src[afterCr] === '\n' ? afterCr + 1 : afterCr;
}

/** The text's size in UTF-8 bytes when it is over the limit, else undefined. */
function oversizeBytes(text: string, limit: number): number | undefined {
  // UTF-8 takes at most three bytes per UTF-16 code unit: most docs need no encoding.
  if (text.length * 3 <= limit) return undefined;
  const bytes = new TextEncoder().encode(text).length;
  return bytes > limit ? bytes : undefined;
}

/** The first line of a YAML error, in words a doc author understands. */
function describeYamlError(message: string): string {
  // The parser recurses per nesting level; absurd nesting exhausts the stack.
  if (message.includes('Maximum call stack size exceeded')) {
    return 'the YAML is nested too deeply';
  }
  return firstLine(message);
}

/** C0 controls other than tab, line feed and carriage return, and DEL. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      return true;
    }
  }
  return false;
}

function isWebUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function formatPath(path: Array<string | number>): string {
  if (path.length === 0) return '(frontmatter)';
  return path
    .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

/** What the fields that accept more than one type expect. */
const UNION_EXPECTATIONS: Record<string, string> = {
  owners: 'must be a name or a list of names',
  'AWS.Account': 'must be a 12-digit account id',
  'catalog.updatedAt': 'must be a date or a timestamp',
};

function describeIssue(issue: z.ZodIssue, raw: unknown): string {
  if (issue.code === 'invalid_type') {
    if (issue.received === 'undefined') return 'is required';
    return `must be ${article(issue.expected)}, got ${describeValue(valueAt(raw, issue.path))}`;
  }
  if (issue.code === 'invalid_union') {
    const value = valueAt(raw, issue.path);
    if (value === undefined) return 'is required';
    const expected =
      UNION_EXPECTATIONS[formatPath(issue.path)] ?? 'has the wrong type';
    return `${expected}, got ${describeValue(value)}`;
  }
  return issue.message;
}

function valueAt(raw: unknown, path: Array<string | number>): unknown {
  let v: any = raw;
  for (const p of path) v = v?.[p];
  return v;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value);
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function textOrUndefined(value: string | null | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function invalid(field: string, message: string): BucketDocParseResult {
  return { kind: 'invalid', errors: [{ field, message }] };
}
