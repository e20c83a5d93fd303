import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DBOYNE,
  allowAll,
  permissionPolicy,
  startPermissionBackend,
} from './__testUtils__/permissionBackend';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

/*
 * Turning the inventory off (s3.inventory.enabled: false) on a database an earlier run
 * filled: the backend starts serving without the undocumented buckets at once, not after
 * its inventory task's first run (a full-refresh period away).
 */

jest.setTimeout(180_000);

useSimulatedAws({ allowLoopback: true });

describe('the inventory turned off', () => {
  let directory: string;

  beforeAll(async () => {
    permissionPolicy.current = allowAll;
    directory = await mkdtemp(join(tmpdir(), 's3-inventory-off-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('serves no undocumented bucket from the moment it starts', async () => {
    // SQLite files, which outlive a backend (Backstage's default SQLite is in memory).
    const database = {
      client: 'better-sqlite3',
      connection: { directory },
    };
    const undocumented = async (
      started: Awaited<ReturnType<typeof startPermissionBackend>>,
    ) => {
      const res = await started
        .as(DBOYNE)
        .get('/v1/buckets?documented=false&limit=500');
      expect(res.status).toBe(200);
      return {
        listed: res.body.items.length,
        counted: res.body.documentedCounts.undocumented,
      };
    };

    const on = await startPermissionBackend({
      accessCacheSeconds: 0,
      inventory: true,
      config: { backend: { database } },
    });
    const before = await undocumented(on);
    await on.backend.stop();
    expect(before.listed).toBeGreaterThanOrEqual(5);

    const off = await startPermissionBackend({
      accessCacheSeconds: 0,
      config: {
        backend: { database },
        s3: {
          catalog: { ownerDefaultKind: 'user' },
          inventory: { enabled: false },
        },
      },
    });
    try {
      expect(await undocumented(off)).toEqual({ listed: 0, counted: 0 });
      const accounts = await off.as(DBOYNE).get('/v1/inventory/accounts');
      expect(accounts.body.enabled).toBe(false);
    } finally {
      await off.backend.stop();
    }
  });
});
