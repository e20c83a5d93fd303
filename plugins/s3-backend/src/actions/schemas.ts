/**
 * The actions' input and output schemas (zod v3, as the actions registry takes them) and
 * the validation of their inputs.
 *
 * The registry checks an input against its schema before the action runs, and answers a
 * mismatch with a bare "Invalid input to action" that names no field. So the declared input
 * schemas say only the shapes (and, in descriptions, the formats); the values are checked
 * here, by `parseInput`, whose InputError names the field, as the REST API's do.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  POSTURE_STATUSES,
  ROLLUP_ENTITY_KINDS,
  parseInventoryRef,
} from '@s3-posture/plugin-s3-common';
import { z } from 'zod/v3';
import { listFilterRules } from '../listFilters';

/**
 * The zod the registry hands to schema functions (the backend's own copy of zod/v3, which
 * may not be this package's): the declared schemas are built with it, never with ours.
 */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

const STATUSES = POSTURE_STATUSES.join(', ');
const KINDS = `${ROLLUP_ENTITY_KINDS.slice(0, -1).join(', ')} or ${
  ROLLUP_ENTITY_KINDS[ROLLUP_ENTITY_KINDS.length - 1]
}`;

// ---- inputs: shapes, with descriptions an assistant can act on ----

export const listInput = (zod: Zod) =>
  zod.object({
    q: zod
      .string()
      .optional()
      .describe(
        'Free text matched against the bucket name, the bucket entity ref and its title, e.g. "orders".',
      ),
    owner: zod
      .string()
      .optional()
      .describe(
        'Only buckets owned by this entity ref, e.g. "group:default/team-identity" or "user:default/dboyne".',
      ),
    service: zod
      .string()
      .optional()
      .describe(
        'Only buckets of this service (Component entity ref), e.g. "component:default/user-service".',
      ),
    relatedTo: zod
      .string()
      .optional()
      .describe(
        'Only the buckets this entity\'s S3 roll-up includes, as get-entity-s3-posture counts them: for a Group the buckets it owns, those of the Components and Systems it owns and of its child groups; for a System its parts and its components\' buckets; for a Component the buckets it depends on; for a User the buckets they own. E.g. "group:default/team-identity".',
      ),
    account: zod
      .string()
      .optional()
      .describe('Only buckets in this 12-digit AWS account id.'),
    region: zod
      .string()
      .optional()
      .describe('Only buckets in this AWS region, e.g. "eu-north-1".'),
    status: zod
      .array(zod.string())
      .optional()
      .describe(
        `Only buckets with one of these statuses: ${STATUSES}. "non-compliant" means a critical or high check fails; "at-risk" a medium one.`,
      ),
    documented: zod
      .boolean()
      .optional()
      .describe(
        'true: only buckets a doc in the catalog describes (they have owners); false: only buckets found in AWS that no doc describes (the inventory, needs the s3.inventory.read permission). Both when left out.',
      ),
    orderBy: zod
      .string()
      .optional()
      .describe(
        'Sort field: score, name, checkedAt or status. Default: worst score first.',
      ),
    order: zod.string().optional().describe('asc or desc.'),
    offset: zod
      .number()
      .optional()
      .describe('How many matching buckets to skip (paging). Default 0.'),
    limit: zod
      .number()
      .optional()
      .describe('At most this many buckets, 1 to 500. Default 50.'),
  });

export const bucketInput = (zod: Zod) =>
  zod.object({
    entityRef: zod
      .string()
      .optional()
      .describe(
        'The bucket\'s catalog entity ref, e.g. "resource:default/users-bucket" (a bare name means kind resource, namespace default). Give exactly one of entityRef, inventoryRef and bucket.',
      ),
    inventoryRef: zod
      .string()
      .optional()
      .describe(
        'For a bucket no doc describes (documented: false in list-s3-buckets): its inventory ref, "aws:<12-digit account>/<bucket>".',
      ),
    bucket: zod
      .string()
      .optional()
      .describe(
        'The bucket\'s name in AWS, e.g. "acme-users-prod"; finds it documented or not.',
      ),
  });

export const entityInput = (zod: Zod) =>
  zod.object({
    entityRef: zod
      .string()
      .describe(
        `Entity ref of a ${KINDS}, e.g. "component:default/user-service" or "group:default/team-identity".`,
      ),
  });

// ---- outputs ----

const counts = (zod: Zod) =>
  zod
    .object({
      pass: zod.number(),
      fail: zod.number(),
      error: zod.number(),
      notApplicable: zod.number(),
    })
    .describe(
      'How many checks passed, failed, could not be decided, or do not apply.',
    );

/**
 * The fields of a bucket in lists, roll-ups and postures. Objects pass fields not named here
 * through (the REST API's answer is the action's), so a field the API gains reaches the
 * assistant too.
 */
const bucketFields = (zod: Zod) => ({
  entityRef: zod
    .string()
    .optional()
    .describe(
      'The bucket entity ref in the catalog (pass it to get-s3-bucket-posture); absent when no doc describes the bucket.',
    ),
  inventoryRef: zod
    .string()
    .optional()
    .describe(
      'For a bucket no doc describes: "aws:<account>/<bucket>" (pass it to get-s3-bucket-posture as inventoryRef).',
    ),
  documented: zod
    .boolean()
    .describe(
      'False for a bucket found in AWS that no doc describes: it has no owners yet; suggestedOwners come from its tags.',
    ),
  suggestedOwners: zod
    .array(zod.string())
    .optional()
    .describe(
      "Undocumented buckets: catalog groups or users named by the bucket's owner tags. Suggestions, not owners.",
    ),
  suggestedService: zod.string().optional(),
  lastError: zod
    .object({
      code: zod
        .string()
        .describe(
          'e.g. NoSuchBucket: the bucket its doc names does not exist in AWS (fix the doc or delete it).',
        ),
      message: zod.string(),
      at: zod.string(),
    })
    .passthrough()
    .optional()
    .describe('Why the latest assessment failed, when it did.'),
  title: zod.string().optional(),
  bucket: zod.string().describe('The bucket name in AWS.'),
  arn: zod.string(),
  accountId: zod.string().optional(),
  region: zod.string().optional(),
  owners: zod
    .array(zod.string())
    .describe('Entity refs of the bucket owners (who to talk to).'),
  service: zod
    .string()
    .optional()
    .describe('The Component this bucket belongs to.'),
  status: zod
    .string()
    .describe(
      `One of ${STATUSES}. "unknown": never assessed, or too many checks could not be decided.`,
    ),
  score: zod
    .number()
    .optional()
    .describe(
      '0-100, weighted share of passing checks (critical 10, high 5, medium 3, low 1).',
    ),
  checkedAt: zod
    .string()
    .optional()
    .describe('When the verdicts were made (ISO-8601).'),
  stale: zod
    .boolean()
    .describe(
      'True when the latest assessment failed and these are the last good verdicts.',
    ),
  counts: counts(zod),
});

const summary = (zod: Zod) =>
  zod
    .object({
      ...bucketFields(zod),
      failingChecks: zod
        .array(
          zod.object({
            id: zod.string(),
            title: zod.string(),
            severity: zod.string(),
          }),
        )
        .describe('The failing checks, most severe first.'),
    })
    .passthrough();

export const listOutput = (zod: Zod) =>
  zod
    .object({
      items: zod.array(summary(zod)),
      totalCount: zod
        .number()
        .describe('How many buckets match (all pages together).'),
      statusCounts: zod
        .record(zod.number())
        .describe(
          'Matching buckets per status, whatever status filter was given.',
        ),
      documentedCounts: zod
        .object({ documented: zod.number(), undocumented: zod.number() })
        .passthrough()
        .describe(
          'Matching buckets with and without a doc, whatever documented filter was given (undocumented is 0 without s3.inventory.read).',
        ),
    })
    .passthrough();

export const postureOutput = (zod: Zod) =>
  zod
    .object({
      ...bucketFields(zod),
      profile: zod.string().describe('The check profile that was applied.'),
      checks: zod
        .array(
          zod
            .object({
              id: zod.string(),
              title: zod.string(),
              category: zod.string(),
              severity: zod
                .string()
                .describe('critical, high, medium, low or info.'),
              status: zod
                .string()
                .describe('pass, fail, error or not-applicable.'),
              reason: zod.string().describe('Why the check ended so.'),
              evidence: zod
                .record(zod.unknown())
                .describe('The configuration fields that decided it.'),
              remediation: zod
                .string()
                .describe(
                  'How to fix it (markdown: console steps and a CLI command or policy).',
                ),
              anchors: zod
                .object({
                  securityHub: zod.array(zod.string()).optional(),
                  cis: zod.array(zod.string()).optional(),
                  awsConfig: zod.array(zod.string()).optional(),
                  prowler: zod.array(zod.string()).optional(),
                  guidance: zod.array(zod.string()).optional(),
                })
                .describe(
                  'Where the check comes from: AWS Security Hub controls, CIS AWS Foundations, AWS Config rules, Prowler checks, the team guidance.',
                ),
            })
            .passthrough(),
        )
        .describe('Every check of the profile with its verdict.'),
    })
    .passthrough();

export const entityOutput = (zod: Zod) =>
  zod
    .object({
      entityRef: zod.string(),
      status: zod
        .string()
        .describe(
          'The worst status among the buckets; "unknown" when there are none.',
        ),
      bucketCount: zod.number(),
      nonCompliantCount: zod.number(),
      worstScore: zod.number().optional(),
      buckets: zod.array(
        summary(zod).extend({
          via: zod
            .array(zod.string())
            .optional()
            .describe(
              'How the bucket is related to the entity: the entity refs between them, nearest the entity first (e.g. ["component:default/user-service"] for a team that owns user-service); absent when the entity owns or uses the bucket directly.',
            ),
        }),
      ),
    })
    .passthrough();

// ---- validation of values, with messages naming the field ----

const entityRefPattern = /^([a-z0-9-]+:)?([A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+$/i;

const strictList = z
  .object({
    q: listFilterRules.q.optional(),
    owner: listFilterRules.owner.optional(),
    service: listFilterRules.service.optional(),
    relatedTo: listFilterRules.relatedTo.optional(),
    account: listFilterRules.account.optional(),
    region: listFilterRules.region.optional(),
    status: z.array(listFilterRules.status).optional(),
    documented: z.boolean().optional(),
    orderBy: listFilterRules.orderBy.optional(),
    order: listFilterRules.order.optional(),
    offset: listFilterRules.offset.optional(),
    limit: listFilterRules.limit.optional(),
  })
  .strict();

/** Validates the input of an action; an InputError naming each wrong field. */
export function parseInput<T>(
  schema: z.ZodType<T, any, any>,
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(i =>
      i.code === 'unrecognized_keys'
        ? `unknown field ${i.keys.map(k => `"${k}"`).join(', ')}`
        : `field "${i.path[0] ?? ''}" ${i.message}`,
    );
    throw new InputError(`Invalid input: ${problems.join('; ')}`);
  }
  return result.data;
}

export const validList = (input: unknown) => parseInput(strictList, input);

/**
 * The bucket an input names: `{ entityRef }` (kind resource and namespace default may be
 * left out), `{ inventoryRef }` (`aws:<account>/<bucket>`) or `{ bucket }`, exactly one.
 */
export function validBucket(
  input: unknown,
): { ref: string } | { bucket: string } {
  const { entityRef, inventoryRef, bucket } = parseInput(
    z
      .object({
        entityRef: z
          .string()
          .max(512)
          .regex(
            entityRefPattern,
            'must be an entity ref like resource:default/users-bucket',
          )
          .optional(),
        inventoryRef: z
          .string()
          .max(80)
          .refine(
            ref => parseInventoryRef(ref) !== undefined,
            'must be an inventory ref like aws:123456789012/my-bucket',
          )
          .optional(),
        bucket: z
          .string()
          .min(3)
          .max(63)
          .regex(
            /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
            'must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)',
          )
          .optional(),
      })
      .strict(),
    input,
  );
  const given = [entityRef, inventoryRef, bucket].filter(v => v !== undefined);
  if (given.length !== 1) {
    throw new InputError(
      'Invalid input: give exactly one of the fields "entityRef", "inventoryRef" and "bucket"',
    );
  }
  if (bucket !== undefined) return { bucket };
  if (inventoryRef !== undefined) return { ref: inventoryRef };
  const ref = parseEntityRef(entityRef!, {
    defaultKind: 'resource',
    defaultNamespace: 'default',
  });
  if (ref.kind.toLowerCase() !== 'resource') {
    throw new InputError(
      `Invalid input: field "entityRef" must name a Resource (an S3 bucket), not a ${ref.kind}`,
    );
  }
  return { ref: stringifyEntityRef(ref).toLowerCase() };
}

/** The entity an input names for a roll-up: a Component, System, Group or User. */
export function validRollUpEntity(input: unknown): { entityRef: string } {
  const { entityRef } = parseInput(
    z
      .object({
        entityRef: z
          .string()
          .max(512)
          .regex(
            /^[a-z0-9-]+:([A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+$/i,
            'must be an entity ref with its kind, like component:default/user-service',
          ),
      })
      .strict(),
    input,
  );
  const ref = parseEntityRef(entityRef, { defaultNamespace: 'default' });
  if (
    !(ROLLUP_ENTITY_KINDS as readonly string[]).includes(ref.kind.toLowerCase())
  ) {
    throw new InputError(
      `Invalid input: field "entityRef" must name a ${KINDS}, not a ${ref.kind}`,
    );
  }
  return { entityRef: stringifyEntityRef(ref).toLowerCase() };
}
