import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CheckCatalogResponse,
  PROFILES,
  ROLLUP_ENTITY_KINDS,
  formatInventoryRef,
  isValidBucketName,
} from '@s3-posture/plugin-s3-common';
import etag from 'etag';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AuthorizedPosture, toEntitySummary } from './authorizedPosture';
import { listFilterRules } from './listFilters';
import { PostureService } from './posture/service/PostureService';
import { ReadAccess } from './readAccess';

export interface RouterOptions {
  service: PostureService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  access: ReadAccess;
  /** The reads and refresh as the caller may do them; made from the above when not given. */
  posture?: AuthorizedPosture;
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
      z.enum(ROLLUP_ENTITY_KINDS, {
        errorMap: () => ({
          message: `must be ${ROLLUP_ENTITY_KINDS.slice(0, -1).join(', ')} or ${ROLLUP_ENTITY_KINDS[ROLLUP_ENTITY_KINDS.length - 1]}`,
        }),
      }),
    ),
  name: entityName,
});

/** Decimal digits only: `Number()` would also take '', ' 5', '0x10' and '1e3'. */
const wholeNumber = (rule: z.ZodNumber) =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(rule);

const listQuery = z
  .object({
    q: listFilterRules.q.optional(),
    owner: listFilterRules.owner.optional(),
    service: listFilterRules.service.optional(),
    relatedTo: listFilterRules.relatedTo.optional(),
    account: listFilterRules.account.optional(),
    region: listFilterRules.region.optional(),
    status: z
      .string()
      .transform(s =>
        s
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      )
      .pipe(z.array(listFilterRules.status))
      .optional(),
    documented: z
      .enum(['true', 'false'], {
        errorMap: () => ({ message: 'must be true or false' }),
      })
      .transform(v => v === 'true')
      .optional(),
    orderBy: listFilterRules.orderBy.optional(),
    order: listFilterRules.order.optional(),
    offset: wholeNumber(listFilterRules.offset).optional(),
    limit: wholeNumber(listFilterRules.limit).optional(),
  })
  .strict();

const inventoryParams = z.object({
  accountId: listFilterRules.account,
  bucket: z
    .string()
    .refine(isValidBucketName, 'must be a valid S3 bucket name'),
});

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

/**
 * REST API v1 of the S3 posture plugin (DESIGN §7): validates requests, authorizes them,
 * asks the posture service and serializes its answers.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, catalog, httpAuth, permissions, access } = options;
  const posture =
    options.posture ??
    new AuthorizedPosture({ service, catalog, permissions, access });
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/checks', async (req, res) => {
    await httpAuth.credentials(req);
    const { profile, checks } = service.activeChecks();
    const active = new Map(checks.map(c => [c.id, c.severity]));
    const body: CheckCatalogResponse = {
      profile,
      checks: service.checks.entries.map(({ definition: d, addedTo }) => ({
        id: d.id,
        title: d.title,
        category: d.category,
        severity: active.get(d.id) ?? d.severity,
        description: d.description,
        rationale: d.rationale,
        remediation: d.remediation,
        anchors: d.anchors,
        active: active.has(d.id),
        custom: addedTo !== undefined,
      })),
      profiles: Object.values(PROFILES).map(p => ({
        id: p.id,
        title: p.title,
        description: p.description,
        checks: service.checks.profileCheckIds(p.id),
      })),
    };
    res.json(body);
  });

  router.get('/v1/buckets', async (req, res) => {
    const query = parse(listQuery, req.query, 'query parameter');
    const credentials = await httpAuth.credentials(req);
    // As the summary: kept per caller for a few seconds and only until this instance stores
    // a new verdict, encoded once with its ETag (a browse page asks the same page again and
    // again). The parsed query's keys come in the schema's order, so equal queries match.
    const answer = await access.remember(
      credentials,
      `list:${JSON.stringify(query)}:${service.revision}`,
      async () => {
        const body = Buffer.from(
          JSON.stringify(await posture.listBuckets(query, credentials)),
        );
        return { body, etag: etag(body, { weak: true }) };
      },
    );
    res
      .set('Content-Type', 'application/json; charset=utf-8')
      .set('ETag', answer.etag)
      .send(answer.body);
  });

  router.get('/v1/buckets/:namespace/:name', async (req, res) => {
    const { entityRef, credentials } = await bucketRequest(req);
    res.json(await posture.bucketPosture(entityRef, credentials));
  });

  router.get('/v1/buckets/:namespace/:name/history', async (req, res) => {
    const { entityRef, credentials } = await bucketRequest(req);
    res.json(await posture.history(entityRef, credentials));
  });

  router.post('/v1/buckets/:namespace/:name/refresh', async (req, res) => {
    const { entityRef, credentials } = await bucketRequest(req);
    res.json(await posture.refresh(entityRef, credentials));
  });

  // Buckets no doc describes (DESIGN §15): `s3.inventory.read` guards them all.
  router.get('/v1/inventory/accounts', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await posture.inventoryAccounts(credentials));
  });

  router.get('/v1/inventory/:accountId/:bucket', async (req, res) => {
    const { inventoryRef, credentials } = await inventoryRequest(req);
    res.json(await posture.bucketPosture(inventoryRef, credentials));
  });

  router.get('/v1/inventory/:accountId/:bucket/history', async (req, res) => {
    const { inventoryRef, credentials } = await inventoryRequest(req);
    res.json(await posture.history(inventoryRef, credentials));
  });

  router.post('/v1/inventory/:accountId/:bucket/refresh', async (req, res) => {
    const { inventoryRef, credentials } = await inventoryRequest(req);
    res.json(await posture.refresh(inventoryRef, credentials));
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
      const answer = await access.remember(
        credentials,
        `summary:${entityRef}:${service.revision}`,
        async () => {
          const rollUp = await posture.rollUpOf(entityRef, credentials);
          if (!rollUp) return null;
          const summary = toEntitySummary(
            await service.rollUp(
              rollUp.entityRef,
              rollUp.bucketRefs,
              rollUp.via,
            ),
          );
          // Encoded and hashed once, not by Express on every send (it is tens of KB).
          const body = Buffer.from(JSON.stringify(summary));
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

  /** The bucket entity ref of a request, validated, and the caller's credentials. */
  async function bucketRequest(req: express.Request) {
    const { namespace, name } = parse(
      bucketParams,
      req.params,
      'path parameter',
    );
    const credentials = await httpAuth.credentials(req);
    // As written: the lookups are case-insensitive, and a 404 names what was asked for.
    return { entityRef: `resource:${namespace}/${name}`, credentials };
  }

  /** The inventory ref of a request, validated, and the caller's credentials. */
  async function inventoryRequest(req: express.Request) {
    const { accountId, bucket } = parse(
      inventoryParams,
      req.params,
      'path parameter',
    );
    const credentials = await httpAuth.credentials(req);
    return { inventoryRef: formatInventoryRef(accountId, bucket), credentials };
  }

  return router;
}
