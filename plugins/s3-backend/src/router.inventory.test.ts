import {
  DBOYNE,
  allowAll,
  denyInventory,
  denyRefresh,
  permissionPolicy,
  startPermissionBackend,
} from './__testUtils__/permissionBackend';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

/*
 * The inventory through the REST API (DESIGN §15, issue 16), with the real catalog, the
 * real permission backend and the example world of examples/scenario.yaml: buckets in AWS
 * that no doc describes are listed and judged under `aws:<account>/<bucket>`, a doc whose
 * bucket is gone says NoSuchBucket, and `s3.inventory.read` guards every undocumented
 * bucket: without it they are not listed, not counted and not served.
 */

jest.setTimeout(180_000);

const aws = useSimulatedAws({ allowLoopback: true });

const PRODUCTION = '111122223333';
const STAGING = '444455556666';
/** Undocumented buckets of the example world. */
const CART_SNAPSHOTS = 'securecart-cart-snapshots-production';
const VENDOR_HANDOFF = 'securecart-vendor-handoff';
const LOAD_TESTS = 'securecart-load-tests-staging';

describe('the inventory over the S3 API', () => {
  let started: Awaited<ReturnType<typeof startPermissionBackend>>;
  const as = (user: string) => started.as(user);

  beforeAll(async () => {
    permissionPolicy.current = allowAll;
    started = await startPermissionBackend({
      accessCacheSeconds: 0,
      inventory: true,
    });
  });

  afterAll(async () => {
    await started?.backend.stop();
  });

  beforeEach(() => {
    permissionPolicy.current = allowAll;
  });

  it('lists undocumented buckets with documented: false, an inventory ref, no owners and their own verdicts', async () => {
    const res = await as(DBOYNE).get(
      '/v1/buckets?documented=false&limit=500&orderBy=name',
    );
    expect(res.status).toBe(200);
    const byName = new Map<string, any>(
      res.body.items.map((i: any) => [i.bucket, i]),
    );
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining([CART_SNAPSHOTS, VENDOR_HANDOFF, LOAD_TESTS]),
    );
    for (const item of res.body.items) {
      expect(item.documented).toBe(false);
      expect(item.entityRef).toBeUndefined();
      expect(item.inventoryRef).toBe(`aws:${item.accountId}/${item.bucket}`);
      expect(item.owners).toEqual([]);
    }
    // Both accounts are listed.
    expect(byName.get(CART_SNAPSHOTS).accountId).toBe(PRODUCTION);
    expect(byName.get(VENDOR_HANDOFF).accountId).toBe(STAGING);
    expect(byName.get(LOAD_TESTS).region).toBe('us-east-1');

    // The public one is judged as a documented one would be.
    const handoff = byName.get(VENDOR_HANDOFF);
    expect(handoff.status).toBe('non-compliant');
    expect(handoff.failingChecks.map((c: any) => c.id)).toContain(
      'no-public-read',
    );

    // Tags naming a real team and service are suggestions, never owners.
    const snapshots = byName.get(CART_SNAPSHOTS);
    expect(snapshots.suggestedOwners).toEqual(['group:default/team-checkout']);
    expect(snapshots.suggestedService).toBe('component:default/orders-service');
    expect(snapshots.owners).toEqual([]);

    // Counts: documented and undocumented add up to the unfiltered list.
    const all = await as(DBOYNE).get('/v1/buckets?limit=1');
    expect(all.body.documentedCounts.undocumented).toBe(res.body.totalCount);
    expect(
      all.body.documentedCounts.documented +
        all.body.documentedCounts.undocumented,
    ).toBe(all.body.totalCount);
    const documented = await as(DBOYNE).get(
      '/v1/buckets?documented=true&limit=500',
    );
    expect(documented.body.totalCount).toBe(
      all.body.documentedCounts.documented,
    );
    for (const item of documented.body.items) {
      expect(item.documented).toBe(true);
      expect(item.entityRef).toMatch(/^resource:default\//);
      expect(item.inventoryRef).toBeUndefined();
    }
  });

  it('says NoSuchBucket for a doc whose bucket does not exist in AWS', async () => {
    const refreshed = await as(DBOYNE).post(
      '/v1/buckets/default/product-reviews-production-bucket/refresh',
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      entityRef: 'resource:default/product-reviews-production-bucket',
      documented: true,
      status: 'unknown',
      lastError: { code: 'NoSuchBucket' },
    });
    expect(refreshed.body.score).toBeUndefined();
    const listed = await as(DBOYNE).get('/v1/buckets?q=product-reviews');
    expect(listed.body.items[0].lastError).toMatchObject({
      code: 'NoSuchBucket',
      message: expect.stringContaining('does not exist'),
      at: expect.any(String),
    });
  });

  it("serves an undocumented bucket's posture, history and refresh by its account and name", async () => {
    const path = `/v1/inventory/${STAGING}/${VENDOR_HANDOFF}`;
    const posture = await as(DBOYNE).get(path);
    expect(posture.status).toBe(200);
    expect(posture.body).toMatchObject({
      inventoryRef: `aws:${STAGING}/${VENDOR_HANDOFF}`,
      documented: false,
      bucket: VENDOR_HANDOFF,
      accountId: STAGING,
    });
    const check = posture.body.checks.find(
      (c: any) => c.id === 'no-public-read',
    );
    expect(check).toMatchObject({ status: 'fail' });

    const before = aws.stats.total;
    const refreshed = await as(DBOYNE).post(`${path}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(aws.stats.total).toBeGreaterThan(before);
    expect(refreshed.body.checkedAt > posture.body.checkedAt).toBe(true);

    const history = await as(DBOYNE).get(`${path}/history`);
    expect(history.status).toBe(200);
    expect(history.body.inventoryRef).toBe(`aws:${STAGING}/${VENDOR_HANDOFF}`);
    expect(history.body.entityRef).toBeUndefined();
    expect(history.body.items[0]).toMatchObject({
      checkedAt: refreshed.body.checkedAt,
      trigger: 'manual',
    });
    expect(history.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 for a bucket the inventory does not hold, and 400 naming a malformed account or bucket', async () => {
    const missing = await as(DBOYNE).get(
      `/v1/inventory/${STAGING}/no-such-bucket-anywhere`,
    );
    expect(missing.status).toBe(404);
    // A documented bucket is served by its entity, not by the inventory.
    const documented = await as(DBOYNE).get(
      `/v1/inventory/${STAGING}/securecart-orders-staging`,
    );
    expect(documented.status).toBe(404);
    const badAccount = await as(DBOYNE).get(
      `/v1/inventory/12345/${LOAD_TESTS}`,
    );
    expect(badAccount.status).toBe(400);
    expect(badAccount.body.error.message).toMatch(
      /path parameter "accountId" must be a 12-digit account id/,
    );
    const badBucket = await as(DBOYNE).get(
      `/v1/inventory/${STAGING}/Not_A_Bucket`,
    );
    expect(badBucket.status).toBe(400);
    expect(badBucket.body.error.message).toMatch(/path parameter "bucket"/);
    const badFilter = await as(DBOYNE).get('/v1/buckets?documented=maybe');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.message).toMatch(
      /query parameter "documented" must be true or false/,
    );
  });

  it('lists each configured account with its buckets, undocumented and non-compliant counts', async () => {
    const res = await as(DBOYNE).get('/v1/inventory/accounts');
    expect(res.status).toBe(200);
    expect(res.body.enabled).toBe(true);
    const accounts = new Map<string, any>(
      res.body.items.map((a: any) => [a.accountId, a]),
    );
    expect([...accounts.keys()].sort()).toEqual([PRODUCTION, STAGING]);
    for (const id of [PRODUCTION, STAGING]) {
      const account = accounts.get(id);
      expect(account.listedAt).toEqual(expect.any(String));
      expect(account.listError).toBeUndefined();
      const listed = await as(DBOYNE).get(`/v1/buckets?account=${id}&limit=1`);
      expect(account.buckets).toBe(listed.body.totalCount);
      expect(account.undocumented).toBe(
        listed.body.documentedCounts.undocumented,
      );
      expect(account.nonCompliant).toBe(
        listed.body.statusCounts['non-compliant'],
      );
      expect(account.undocumented).toBeGreaterThan(0);
    }
  });

  it('without s3.inventory.read: no undocumented bucket is listed, counted or served', async () => {
    permissionPolicy.current = denyInventory;
    const user = as(DBOYNE);
    const secrets = [CART_SNAPSHOTS, VENDOR_HANDOFF, LOAD_TESTS];
    const leaks = (body: unknown) =>
      secrets.filter(s => JSON.stringify(body).includes(s));

    const all = await user.get('/v1/buckets?limit=500');
    expect(all.status).toBe(200);
    expect(all.body.items.every((i: any) => i.documented)).toBe(true);
    expect(all.body.documentedCounts.undocumented).toBe(0);
    expect(all.body.totalCount).toBe(all.body.documentedCounts.documented);
    const counted = Object.values(
      all.body.statusCounts as Record<string, number>,
    ).reduce((a, b) => a + b, 0);
    expect(counted).toBe(all.body.totalCount);
    expect(leaks(all.body)).toEqual([]);

    const undocumented = await user.get('/v1/buckets?documented=false');
    expect(undocumented.status).toBe(200);
    expect(undocumented.body.totalCount).toBe(0);
    const searched = await user.get('/v1/buckets?q=vendor-handoff');
    expect(searched.body.totalCount).toBe(0);
    expect(leaks(searched.body)).toEqual([]);

    const before = aws.stats.total;
    const path = `/v1/inventory/${STAGING}/${VENDOR_HANDOFF}`;
    for (const res of [
      await user.get(path),
      await user.get(`${path}/history`),
      await user.post(`${path}/refresh`),
      await user.get('/v1/inventory/accounts'),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(JSON.stringify(res.body)).not.toContain('"checks"');
    }
    // The denied refresh reached no AWS.
    expect(aws.stats.total).toBe(before);
  });

  it('refreshes an undocumented bucket only with s3.posture.refresh', async () => {
    permissionPolicy.current = denyRefresh;
    const before = aws.stats.total;
    const res = await as(DBOYNE).post(
      `/v1/inventory/${PRODUCTION}/${CART_SNAPSHOTS}/refresh`,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/may not refresh/);
    expect(aws.stats.total).toBe(before);
    // Reading stays allowed.
    const read = await as(DBOYNE).get(
      `/v1/inventory/${PRODUCTION}/${CART_SNAPSHOTS}`,
    );
    expect(read.status).toBe(200);
  });
});
