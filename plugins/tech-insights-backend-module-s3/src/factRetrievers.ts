import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import {
  BucketPosture,
  BucketSummary,
  CHECK_DEFINITIONS,
  isBuiltInCheckId,
  CheckId,
  countFailingBySeverity,
  EntityPostureSummary,
  isRollUpEntityKind,
  ROLLUP_ENTITY_KINDS,
  S3_BUCKET_RESOURCE_TYPE,
  S3_POSTURE_PLUGIN_ID,
  S3PostureClient,
} from '@s3-posture/plugin-s3-common';
import pLimit from 'p-limit';

/**
 * Id of the retriever that publishes one row of facts per S3 bucket entity.
 *
 * @public
 */
export const S3_POSTURE_RETRIEVER_ID = 's3-posture-retriever';

/**
 * Id of the retriever that publishes the roll-up per Component, System, Group and User.
 *
 * @public
 */
export const S3_POSTURE_ROLLUP_RETRIEVER_ID = 's3-posture-rollup-retriever';

/** Bump on any change to the facts or their meaning. */
const RETRIEVER_VERSION = '1.0.0';

/** Requests to the s3 plugin in flight at once during one retrieval. */
const CONCURRENCY = 5;

/** Entities the bucket retriever covers. */
export const S3_BUCKET_ENTITY_FILTER = [
  { kind: 'resource', 'spec.type': S3_BUCKET_RESOURCE_TYPE },
];

/** Entities the roll-up retriever covers: every kind `/v1/entities/.../summary` rolls up. */
export const S3_ROLLUP_ENTITY_FILTER = ROLLUP_ENTITY_KINDS.map(kind => ({
  kind,
}));

/**
 * Name of the boolean fact of one check: `s3Check_` and the check id in camelCase
 * (`tls-only` → `s3Check_tlsOnly`).
 *
 * @public
 */
export function checkFactName(id: CheckId): string {
  return `s3Check_${id.replace(/-([a-z0-9])/g, (_, c: string) => c.toLocaleUpperCase('en-US'))}`;
}

/** Facts per bucket entity. */
export const S3_POSTURE_FACT_SCHEMA: FactSchema = {
  s3PostureScore: {
    type: 'integer',
    description:
      'Posture score 0–100: weighted share of passing checks among those decided. Absent until a weighted check was decided.',
  },
  s3PostureStatus: {
    type: 'string',
    description:
      'compliant, at-risk (a medium check fails), non-compliant (a critical or high check fails) or unknown (never assessed, or too few checks decided).',
  },
  s3FailingCritical: {
    type: 'integer',
    description:
      'Failing checks of critical severity. Absent until the bucket was assessed.',
  },
  s3FailingHigh: {
    type: 'integer',
    description:
      'Failing checks of high severity. Absent until the bucket was assessed.',
  },
  ...Object.fromEntries(
    CHECK_DEFINITIONS.map(d => [
      checkFactName(d.id),
      {
        type: 'boolean' as const,
        description: `${d.title}: true when the check passes, false when it fails; absent when it could not be decided, does not apply, or is not in the active profile.`,
        metadata: { checkId: d.id, category: d.category },
      },
    ]),
  ),
};

/** Facts per Component, System, Group and User. */
export const S3_ROLLUP_FACT_SCHEMA: FactSchema = {
  s3BucketCount: {
    type: 'integer',
    description:
      'S3 buckets of the entity: a component’s dependencies, a system’s parts and its components’ dependencies, a group’s or user’s owned buckets.',
  },
  s3NonCompliantCount: {
    type: 'integer',
    description: 'Buckets of the entity whose status is non-compliant.',
  },
  s3WorstScore: {
    type: 'integer',
    description:
      'Lowest posture score among the entity’s buckets. Absent when none has a score.',
  },
  s3AllBucketsCompliant: {
    type: 'boolean',
    description:
      'true when every bucket of the entity is compliant (also when it has none), false when one is at-risk or non-compliant, absent when the rest are compliant but one has not been assessed yet.',
  },
};

type FactValues = TechInsightFact['facts'];

/**
 * The facts of one bucket, from its list entry and, when it was assessed, its full
 * posture. Only what is known: a bucket never assessed publishes its status alone.
 */
export function bucketFacts(
  summary: BucketSummary,
  posture?: BucketPosture,
): FactValues {
  const facts: FactValues = { s3PostureStatus: summary.status };
  if (summary.score !== undefined) facts.s3PostureScore = summary.score;
  if (summary.checkedAt) {
    const failing = countFailingBySeverity(summary.failingChecks);
    facts.s3FailingCritical = failing.critical;
    facts.s3FailingHigh = failing.high;
  }
  // Facts are declared up front, one per built-in check: added checks count in the
  // score, status and failing counts above, not as facts of their own.
  for (const check of posture?.checks ?? []) {
    if (!isBuiltInCheckId(check.id)) continue;
    if (check.status === 'pass') facts[checkFactName(check.id)] = true;
    else if (check.status === 'fail') facts[checkFactName(check.id)] = false;
  }
  return facts;
}

/** The roll-up facts of a Component, System, Group or User, from its posture summary. */
export function rollupFacts(summary: EntityPostureSummary): FactValues {
  const facts: FactValues = {
    s3BucketCount: summary.bucketCount,
    s3NonCompliantCount: summary.nonCompliantCount,
  };
  if (summary.worstScore !== undefined) facts.s3WorstScore = summary.worstScore;
  const statuses = summary.buckets.map(b => b.status);
  if (statuses.some(s => s === 'non-compliant' || s === 'at-risk')) {
    facts.s3AllBucketsCompliant = false;
  } else if (statuses.every(s => s === 'compliant')) {
    facts.s3AllBucketsCompliant = true;
  }
  return facts;
}

/**
 * The client of the s3 plugin's REST API for one retrieval, as the tech-insights plugin: every
 * request carries a token for the s3 plugin on behalf of this plugin's own service identity.
 */
async function s3PostureClient(
  ctx: FactRetrieverContext,
): Promise<S3PostureClient> {
  const { token } = await ctx.auth.getPluginRequestToken({
    onBehalfOf: await ctx.auth.getOwnServiceCredentials(),
    targetPluginId: S3_POSTURE_PLUGIN_ID,
  });
  return new S3PostureClient({
    discoveryApi: ctx.discovery,
    fetchApi: {
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    },
  });
}

/** The entity left the catalog, or was never seen by the s3 plugin, meanwhile. */
const isNotFound = (error: unknown) =>
  error instanceof ResponseError && error.statusCode === 404;

/**
 * The fact retriever of bucket entities: status, score, failing critical/high counts and one
 * boolean per check, from the verdicts the s3 plugin stored (no AWS calls).
 */
export function createS3PostureFactRetriever(): FactRetriever {
  return {
    id: S3_POSTURE_RETRIEVER_ID,
    version: RETRIEVER_VERSION,
    title: 'S3 bucket posture',
    description:
      'Status, score, failing critical and high checks, and one pass/fail fact per check of each S3 bucket, from the s3 plugin.',
    entityFilter: S3_BUCKET_ENTITY_FILTER,
    schema: S3_POSTURE_FACT_SCHEMA,
    async handler(ctx) {
      const client = await s3PostureClient(ctx);
      // Facts belong to entities: buckets no doc describes (the inventory) have none.
      const buckets = await client.listAllBuckets({
        orderBy: 'name',
        documented: true,
      });
      const limit = pLimit(CONCURRENCY);
      const facts = await Promise.all(
        buckets.map(summary =>
          limit(async (): Promise<TechInsightFact> => {
            const entity = parseEntityRef(summary.entityRef!);
            let posture: BucketPosture | undefined;
            if (summary.checkedAt) {
              try {
                posture = await client.getBucket(entity);
              } catch (error) {
                // The list's facts still hold; the per-check ones wait for the next run.
                if (!isNotFound(error))
                  ctx.logger.warn(
                    `Could not read the posture of ${summary.entityRef}: ${error}`,
                  );
              }
            }
            return { entity, facts: bucketFacts(summary, posture) };
          }),
        ),
      );
      ctx.logger.info(`Read the posture of ${facts.length} S3 buckets`);
      return facts;
    },
  };
}

/**
 * The fact retriever of Components, Systems, Groups and Users: bucket count, non-compliant count,
 * worst score and whether all buckets are compliant, from the s3 plugin's roll-up.
 */
export function createS3PostureRollupFactRetriever(options: {
  catalog: CatalogService;
}): FactRetriever {
  const { catalog } = options;
  return {
    id: S3_POSTURE_ROLLUP_RETRIEVER_ID,
    version: RETRIEVER_VERSION,
    title: 'S3 posture roll-up',
    description:
      'Buckets, non-compliant buckets, worst score and whether all buckets are compliant, per component, system, group and user.',
    entityFilter: S3_ROLLUP_ENTITY_FILTER,
    schema: S3_ROLLUP_FACT_SCHEMA,
    async handler(ctx) {
      const client = await s3PostureClient(ctx);
      const credentials: BackstageCredentials =
        await ctx.auth.getOwnServiceCredentials();
      const refs: string[] = [];
      for await (const page of catalog.streamEntities(
        {
          filter: ctx.entityFilter ?? S3_ROLLUP_ENTITY_FILTER,
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      )) {
        refs.push(...page.map(e => stringifyEntityRef(e)));
      }
      const limit = pLimit(CONCURRENCY);
      const facts = await Promise.all(
        refs.map(ref =>
          limit(async (): Promise<TechInsightFact[]> => {
            const entity = parseEntityRef(ref);
            // An adopter's entityFilter may name kinds the s3 plugin does not roll up.
            if (!isRollUpEntityKind(entity.kind)) return [];
            try {
              const summary = await client.getEntitySummary(entity);
              return [{ entity, facts: rollupFacts(summary) }];
            } catch (error) {
              if (!isNotFound(error))
                ctx.logger.warn(`Could not roll up ${ref}: ${error}`);
              return [];
            }
          }),
        ),
      );
      ctx.logger.info(`Rolled up the S3 posture of ${refs.length} entities`);
      return facts.flat();
    },
  };
}
