import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_AWS_ARN,
  ANNOTATION_S3_BUCKET_NAME,
  BucketHistoryResponse,
  BucketListResponse,
  BucketPosture,
  BucketSummary,
  CHECK_DEFINITIONS,
  CheckCatalogResponse,
  EntityPostureSummary,
  POSTURE_STATUSES,
  PROFILES,
  PostureStatus,
  S3_BUCKET_RESOURCE_TYPE,
  parseS3Arn,
  resolveActiveChecks,
  s3PostureReadPermission,
  s3PostureRefreshPermission,
  validateBucketName,
  worstStatus,
} from '@s3-posture/plugin-s3-common';
import etag from 'etag';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { PostureConfig } from './posture/config';
import { PostureService } from './posture/service/PostureService';
import { bucketIdentityOf } from './posture/service/bucketIdentity';
import {
  BucketRecord,
  BucketSummaryRecord,
} from './posture/store/PostureStore';
import { ReadAccess, ReadScope } from './readAccess';

export interface RouterOptions {
  service: PostureService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  access: ReadAccess;
  config: PostureConfig;
}

const entityName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._-]+$/, 'must be a valid entity name or namespace');

const bucketParams = z.object({ namespace: entityName, name: entityName });
const entityParams = z.object({
  namespace: entityName,
  // Kinds are case-insensitive in entity refs, as in the catalog. Plain toLowerCase here and
  // below: only ASCII can pass, and the locale-aware one costs ~3% of a cached summary.
  kind: z
    .string()
    .transform(k => k.toLowerCase())
    .pipe(
      z.enum(['component', 'system', 'group', 'user'], {
        errorMap: () => ({
          message: 'must be component, system, group or user',
        }),
      }),
    ),
  name: entityName,
});

const entityRefParam = z
  .string()
  .max(512)
  .regex(
    /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i,
    'must be an entity ref like group:default/team-a',
  );

/** Decimal digits only: `Number()` would also take '', ' 5', '0x10' and '1e3'. */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const listQuery = z
  .object({
    // PostgreSQL rejects NUL in text, and no bucket name or title holds control characters.
    q: z
      .string()
      .max(200)
      .regex(/^\P{Cc}*$/u, 'must not contain control characters')
      .optional(),
    owner: entityRefParam.optional(),
    service: entityRefParam.optional(),
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region like eu-north-1')
      .optional(),
    status: z
      .string()
      .transform(s =>
        s
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.enum(POSTURE_STATUSES as [PostureStatus, ...PostureStatus[]]),
        ),
      )
      .optional(),
    orderBy: z.enum(['score', 'name', 'checkedAt', 'status']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: wholeNumber(0, 1_000_000).optional(),
    limit: wholeNumber(1, 500).optional(),
  })
  .strict();

function parse<T>(
  schema: z.ZodType<T, any, any>,
  value: unknown,
  where: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(i =>
      i.code === 'unrecognized_keys'
        ? `unknown ${where} ${i.keys.map(k => `"${k}"`).join(', ')}`
        : // The parameter by its name, also when an item of a list is wrong.
          `${where} "${i.path[0]}" ${i.message}`,
    );
    throw new InputError(`Invalid request: ${problems.join('; ')}`);
  }
  return result.data;
}

/** REST API v1 of the S3 posture plugin (DESIGN §7). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, catalog, httpAuth, permissions, access, config } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/checks', async (req, res) => {
    await httpAuth.credentials(req);
    const active = new Map(
      resolveActiveChecks(config.profile, config.checkOverrides).map(c => [
        c.id,
        c.severity,
      ]),
    );
    const body: CheckCatalogResponse = {
      profile: config.profile,
      checks: CHECK_DEFINITIONS.map(d => ({
        id: d.id,
        title: d.title,
        category: d.category,
        severity: active.get(d.id) ?? d.severity,
        description: d.description,
        rationale: d.rationale,
        remediation: d.remediation,
        anchors: d.anchors,
        active: active.has(d.id),
      })),
      profiles: Object.values(PROFILES).map(p => ({
        id: p.id,
        title: p.title,
        description: p.description,
        checks: p.checks,
      })),
    };
    res.json(body);
  });

  router.get('/v1/buckets', async (req, res) => {
    const query = parse(listQuery, req.query, 'query parameter');
    const credentials = await httpAuth.credentials(req);
    const refs = await access.readableBucketRefs(credentials);
    const { status, ...rest } = query;
    const page = await service.store.list({ ...rest, status, refs });
    // Counts by status over the same filters, whatever status is asked for.
    const statusCounts = await service.store.countByStatus({ ...rest, refs });
    const body: BucketListResponse = {
      items: page.items.map(toSummary),
      totalCount: page.totalCount,
      statusCounts,
    };
    res.json(body);
  });

  router.get('/v1/buckets/:namespace/:name', async (req, res) => {
    const entity = await readableBucket(req);
    const record = await service.store.get(stringifyEntityRef(entity));
    const invalid = invalidBucketReason(entity);
    if (!record && invalid) {
      throw new NotFoundError(
        `${stringifyEntityRef(entity)} is not assessed: ${invalid}`,
      );
    }
    if (!record) {
      throw new NotFoundError(
        `${stringifyEntityRef(entity)} has not been seen by the S3 posture plugin yet; it is assessed shortly after it appears in the catalog`,
      );
    }
    res.json(toPosture(record));
  });

  router.get('/v1/buckets/:namespace/:name/history', async (req, res) => {
    const entity = await readableBucket(req);
    const entityRef = stringifyEntityRef(entity);
    const body: BucketHistoryResponse = {
      entityRef,
      items: await service.store.history(entityRef, config.historyLimit),
    };
    res.json(body);
  });

  router.post('/v1/buckets/:namespace/:name/refresh', async (req, res) => {
    const entity = await readableBucket(req);
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [
        {
          permission: s3PostureRefreshPermission,
          resourceRef: stringifyEntityRef(entity),
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not refresh the posture of ${stringifyEntityRef(entity)}`,
      );
    }
    const record = await service.assessNow(entity);
    if (!record) {
      throw new InputError(
        `${stringifyEntityRef(entity)} cannot be assessed: ${
          invalidBucketReason(entity) ?? 'it names no valid S3 bucket'
        }`,
      );
    }
    res.json(toPosture(record));
  });

  router.get(
    '/v1/entities/:namespace/:kind/:name/summary',
    async (req, res) => {
      const { namespace, kind, name } = parse(
        entityParams,
        req.params,
        'path parameter',
      );
      const credentials = await httpAuth.credentials(req);
      const entityRef = `${kind}:${namespace}/${name}`.toLowerCase();
      // The answer is kept per caller for a few seconds, and only until this instance
      // stores a new verdict: a service page viewed again and again costs one read.
      const answer = await access.rememberHere(
        credentials,
        `summary:${entityRef}:${service.store.revision}`,
        async () => {
          const rollUp = await rollUpOf(entityRef, credentials);
          if (!rollUp) return null;
          // Encoded and hashed once, not by Express on every send (it is tens of KB).
          const body = Buffer.from(JSON.stringify(await summarize(rollUp)));
          return { body, etag: etag(body, { weak: true }) };
        },
      );
      if (!answer) {
        throw new NotFoundError(
          `No ${kind} named ${namespace}/${name} in the catalog`,
        );
      }
      // Express answers 304 to a matching If-None-Match.
      res
        .set('Content-Type', 'application/json; charset=utf-8')
        .set('ETag', answer.etag)
        .send(answer.body);
    },
  );

  // Unknown routes answer in Backstage's error JSON too.
  router.use((req, _res) => {
    throw new NotFoundError(`No such S3 API route: ${req.method} ${req.path}`);
  });

  /**
   * The entity and the buckets its page rolls up, as far as the caller may see them: the
   * catalog's and the permissions' answer, kept a few seconds per caller.
   */
  async function rollUpOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entityRef: string; bucketRefs: string[] } | null> {
    return access.remember(credentials, `roll-up:${entityRef}`, async () => {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) return null;
      const scope = await access.scope(credentials);
      const candidates = await relatedBucketRefs(entity, credentials, scope);
      return {
        entityRef: stringifyEntityRef(entity),
        bucketRefs: await access.filterReadable(candidates, credentials, scope),
      };
    });
  }

  async function summarize(rollUp: {
    entityRef: string;
    bucketRefs: string[];
  }): Promise<EntityPostureSummary> {
    // Refs that are not S3 bucket entities have no row in the store.
    const records = await service.store.getMany(rollUp.bucketRefs);
    const scores = records.flatMap(r =>
      r.score === undefined ? [] : [r.score],
    );
    return {
      entityRef: rollUp.entityRef,
      status: worstStatus(records.map(r => r.status)),
      bucketCount: records.length,
      nonCompliantCount: records.filter(r => r.status === 'non-compliant')
        .length,
      ...(scores.length ? { worstScore: Math.min(...scores) } : {}),
      buckets: records.map(toSummary),
    };
  }

  /** The bucket entity of the request, if the caller may see it and read its posture. */
  async function readableBucket(req: express.Request): Promise<Entity> {
    const { namespace, name } = parse(
      bucketParams,
      req.params,
      'path parameter',
    );
    const credentials = await httpAuth.credentials(req);
    const entityRef = `resource:${namespace}/${name}`.toLowerCase();
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || entity.spec?.type !== S3_BUCKET_RESOURCE_TYPE) {
      throw new NotFoundError(
        `No S3 bucket resource named ${namespace}/${name} in the catalog`,
      );
    }
    const [decision] = await permissions.authorize(
      [{ permission: s3PostureReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not read the posture of ${entityRef}`);
    }
    return entity;
  }

  /** The buckets an entity's page rolls up, from catalog relations the caller can see. */
  async function relatedBucketRefs(
    entity: Entity,
    credentials: BackstageCredentials,
    scope: ReadScope,
  ): Promise<string[]> {
    const related = (type: string, e: Entity) =>
      (e.relations ?? []).filter(r => r.type === type).map(r => r.targetRef);
    let refs: string[];
    switch (entity.kind.toLowerCase()) {
      case 'component':
        refs = related(RELATION_DEPENDS_ON, entity);
        break;
      case 'system': {
        const parts = related(RELATION_HAS_PART, entity);
        const components = parts.filter(p => p.startsWith('component:'));
        const { items } = await catalog.getEntitiesByRefs(
          { entityRefs: components, fields: ['relations'] },
          { credentials },
        );
        refs = [
          ...parts,
          ...items.flatMap(c => (c ? related(RELATION_DEPENDS_ON, c) : [])),
        ];
        break;
      }
      default:
        refs = related(RELATION_OWNER_OF, entity);
    }
    const resources = [...new Set(refs.filter(r => r.startsWith('resource:')))];
    // The catalog shows this caller everything: the store knows which are S3 buckets.
    if (scope === 'all') return resources;
    // Only what the caller can see in the catalog.
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: resources,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.type'],
      },
      { credentials },
    );
    return items
      .filter(
        (e): e is Entity =>
          Boolean(e) && e!.spec?.type === S3_BUCKET_RESOURCE_TYPE,
      )
      .map(e => stringifyEntityRef(e));
  }

  return router;
}

/**
 * Why a bucket entity names no bucket that may be assessed, said the way the doc's author
 * can fix it; undefined when it names a valid one. No URL is ever built from such a name.
 */
function invalidBucketReason(entity: Entity): string | undefined {
  if (bucketIdentityOf(entity)) return undefined;
  const annotations = entity.metadata.annotations ?? {};
  const name = annotations[ANNOTATION_S3_BUCKET_NAME];
  const arn = annotations[ANNOTATION_AWS_ARN];
  const parsed = arn === undefined ? undefined : parseS3Arn(arn);
  if (name === undefined && parsed && !parsed.ok) {
    return `its ARN ${JSON.stringify(arn)} ${parsed.error}`;
  }
  const bucket = name ?? (parsed?.ok ? parsed.arn.bucket : undefined);
  if (bucket === undefined) {
    return `it has neither a ${ANNOTATION_S3_BUCKET_NAME} nor an ${ANNOTATION_AWS_ARN} annotation`;
  }
  return `its bucket name ${JSON.stringify(bucket)} ${validateBucketName(
    bucket,
  ).join(', ')}`;
}

/** The fields lists and the full posture share; unknown values are left out, not null. */
function knownFields(record: BucketSummaryRecord) {
  return withoutUndefined({
    entityRef: record.entityRef,
    bucket: record.bucket,
    arn: record.arn,
    accountId: record.accountId,
    region: record.region,
    owners: record.owners,
    service: record.service,
    status: record.status,
    score: record.score,
    checkedAt: record.checkedAt,
    stale: record.stale,
    counts: record.counts,
  });
}

function toSummary(record: BucketSummaryRecord): BucketSummary {
  return {
    ...knownFields(record),
    ...withoutUndefined({ title: record.title }),
    failingChecks: record.failingChecks,
  };
}

function toPosture(record: BucketRecord): BucketPosture {
  return {
    ...knownFields(record),
    profile: record.profile,
    ...withoutUndefined({ lastError: record.lastError }),
    checks: record.checks,
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
