import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  BucketHistoryResponse,
  BucketListResponse,
  BucketPosture,
  CHECK_DEFINITIONS,
  CheckCatalogResponse,
  EntityPostureSummary,
  InventoryAccountsResponse,
  InventoryRef,
  PROFILES,
} from '@s3-posture/plugin-s3-common';
import { BucketListQuery, S3Api, S3EntityRef } from '../src';
import {
  allPostures,
  entitySummary,
  historyOf,
  inventoryAccounts,
  inventoryPostures,
  inventorySummaries,
  listBucketsFrom,
  manySummaries,
  missingBucket,
  toSummary,
  TITLES,
} from '../src/__testUtils__/fixtures';

const delay = (ms: number) => new Promise(r => setTimeout(r, ms));

/** An error shaped like the backend's (a ResponseError with the server's message). */
async function serverError(status: number, name: string, message: string) {
  const { ResponseError } = await import('@backstage/errors');
  const res = new Response(
    JSON.stringify({
      error: { name, message },
      request: { method: 'GET', url: '/api/s3/…' },
      response: { statusCode: status },
    }),
    {
      status,
      statusText: name,
      headers: { 'content-type': 'application/json' },
    },
  );
  return ResponseError.fromResponse(res);
}

/**
 * A fake backend for the dev app: the fixture buckets plus 120 generated ones so that
 * the browse page pages, filters and sorts like the real thing.
 */
export class FakeS3Api implements S3Api {
  /** By entity ref, or by inventory ref for undocumented buckets. */
  private postures = new Map(
    [...allPostures, missingBucket, ...inventoryPostures].map(p => [
      (p.entityRef ?? p.inventoryRef)!,
      p,
    ]),
  );
  private summaries = [...inventorySummaries(), ...manySummaries(120)];

  private ref(ref: S3EntityRef, kind = 'resource') {
    return stringifyEntityRef(
      typeof ref === 'string'
        ? parseEntityRef(ref, { defaultKind: kind })
        : ref,
    );
  }

  async getBucket(entityRef: S3EntityRef): Promise<BucketPosture> {
    await delay(300);
    const ref = this.ref(entityRef);
    const posture = this.postures.get(ref);
    if (!posture) {
      throw await serverError(
        404,
        'NotFoundError',
        `${ref} has not been seen by the S3 posture plugin yet; it is assessed shortly after it appears in the catalog`,
      );
    }
    return posture;
  }

  async getHistory(entityRef: S3EntityRef): Promise<BucketHistoryResponse> {
    await delay(400);
    const posture = this.postures.get(this.ref(entityRef));
    return posture
      ? historyOf(posture)
      : { entityRef: this.ref(entityRef), items: [] };
  }

  async refreshBucket(entityRef: S3EntityRef): Promise<BucketPosture> {
    await delay(1500);
    const ref = this.ref(entityRef);
    const posture = this.postures.get(ref) ?? allPostures[0];
    const next = {
      ...posture,
      entityRef: ref,
      checkedAt: new Date().toISOString(),
      stale: false,
      lastError: undefined,
    };
    this.postures.set(ref, next);
    return next;
  }

  async listBuckets(query: BucketListQuery = {}): Promise<BucketListResponse> {
    await delay(250);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined) {
        params.set(k, Array.isArray(v) ? v.join(',') : String(v));
      }
    }
    return listBucketsFrom(this.summaries, params);
  }

  async getEntitySummary(
    entityRef: S3EntityRef,
  ): Promise<EntityPostureSummary> {
    await delay(300);
    const ref = this.ref(entityRef, 'component');
    if (ref === 'component:default/legacy-billing') {
      throw await serverError(
        503,
        'ServiceUnavailableError',
        'The S3 posture store is not reachable: connect ECONNREFUSED 10.0.3.12:5432',
      );
    }
    const { kind, name } = parseEntityRef(ref);
    const related = (p: BucketPosture) => {
      if (kind === 'component') return p.service === ref;
      if (kind === 'group' || kind === 'user') return p.owners.includes(ref);
      return name === 'securecart';
    };
    const buckets = allPostures
      .filter(related)
      .map(p => toSummary(p, TITLES[p.entityRef!]));
    return entitySummary(ref, buckets);
  }

  async getInventoryBucket(inventoryRef: string): Promise<BucketPosture> {
    await delay(300);
    const posture = this.postures.get(inventoryRef);
    if (!posture) {
      throw await serverError(
        404,
        'NotFoundError',
        `${inventoryRef} is not in the inventory`,
      );
    }
    return posture;
  }

  async getInventoryHistory(
    inventoryRef: string,
  ): Promise<BucketHistoryResponse> {
    await delay(400);
    const posture = this.postures.get(inventoryRef);
    return posture
      ? historyOf(posture)
      : { inventoryRef: inventoryRef as InventoryRef, items: [] };
  }

  async refreshInventoryBucket(inventoryRef: string): Promise<BucketPosture> {
    await delay(1500);
    const posture = await this.getInventoryBucket(inventoryRef);
    const next = {
      ...posture,
      checkedAt: new Date().toISOString(),
      stale: false,
      lastError: undefined,
    };
    this.postures.set(inventoryRef, next);
    return next;
  }

  async listInventoryAccounts(): Promise<InventoryAccountsResponse> {
    await delay(200);
    return inventoryAccounts;
  }

  async getChecks(): Promise<CheckCatalogResponse> {
    return {
      profile: 'aws-foundational',
      checks: CHECK_DEFINITIONS.map(d => ({
        id: d.id,
        title: d.title,
        category: d.category,
        severity: d.severity,
        description: d.description,
        rationale: d.rationale,
        remediation: d.remediation,
        anchors: d.anchors,
        active: PROFILES['aws-foundational'].checks.includes(d.id),
        custom: false,
      })),
      profiles: Object.values(PROFILES).map(p => ({
        id: p.id,
        title: p.title,
        description: p.description,
        checks: p.checks,
      })),
    };
  }
}
