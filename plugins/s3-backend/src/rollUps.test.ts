import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { EntityPostureSummary } from '@s3-posture/plugin-s3-common';
import catalogModuleS3BucketDocs from '@s3-posture/plugin-catalog-backend-module-s3-bucket-docs';
import request from 'supertest';
import s3Plugin from '.';
import { eventually, exampleBackendConfig } from '@internal/test-utils';
import { useSimulatedAws } from './posture/__testUtils__/simulatedAws';

/*
 * Roll-ups that match how teams own things (issue 18), on the example company: team-identity
 * owns user-service, whose bucket users-bucket is owned by a person (dboyne). The team's
 * roll-up includes it "via user-service"; the organisation's, through its system or child
 * team; the service's and the owner's, directly.
 */

jest.setTimeout(120_000);

useSimulatedAws({ allowLoopback: true });

describe('roll-ups over the example company', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const user = mockCredentials.user.header();
  const summary = async (kind: string, name: string) => {
    const res = await request(backend.server)
      .get(`/api/s3/v1/entities/default/${kind}/${name}/summary`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body as EntityPostureSummary;
  };
  const viaOf = (s: EntityPostureSummary) =>
    Object.fromEntries(s.buckets.map(b => [b.entityRef, b.via ?? []]));

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleS3BucketDocs,
        s3Plugin,
        mockServices.rootConfig.factory({
          data: exampleBackendConfig({
            s3: { catalog: { ownerDefaultKind: 'user' } },
          }),
        }),
      ],
    });
    const buckets = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities?filter=spec.type=s3-bucket')
        .set('Authorization', user);
      return (res.body as Entity[]).length >= 14
        ? (res.body as Entity[])
        : undefined;
    }, 'the example bucket entities');
    for (const b of buckets) {
      await request(backend.server)
        .post(`/api/s3/v1/buckets/default/${b.metadata.name}/refresh`)
        .set('Authorization', user)
        .expect(200);
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it("includes in a team's roll-up the buckets of the components it owns, saying via which", async () => {
    const team = await summary('group', 'team-identity');
    expect(viaOf(team)).toEqual({
      'resource:default/users-bucket': ['component:default/user-service'],
    });
    expect(team.bucketCount).toBe(1);
    expect(team.status).toBe(team.buckets[0].status);
  });

  it('keeps direct buckets direct, and the shortest way for the rest', async () => {
    const checkout = viaOf(await summary('group', 'team-checkout'));
    // Owned by the team itself (their docs name it): no via.
    expect(checkout['resource:default/orders-production-bucket']).toEqual([]);
    expect(checkout['resource:default/invoices-production-bucket']).toEqual([]);
    expect(checkout['resource:default/users-bucket']).toBeUndefined();

    // A service's buckets and an owner's are direct.
    expect(viaOf(await summary('component', 'user-service'))).toEqual({
      'resource:default/users-bucket': [],
    });
    expect(viaOf(await summary('user', 'dboyne'))).toEqual({
      'resource:default/users-bucket': [],
    });
  });

  it('rolls an organisation up through its system and child teams, and a system through its components', async () => {
    const org = viaOf(await summary('group', 'securecart'));
    expect(Object.keys(org).length).toBeGreaterThanOrEqual(13);
    // Two steps away: the system or child team, then user-service.
    expect(org['resource:default/users-bucket']).toHaveLength(2);
    expect(org['resource:default/users-bucket'][1]).toBe(
      'component:default/user-service',
    );
    const system = viaOf(await summary('system', 'securecart'));
    expect(system['resource:default/users-bucket']).toEqual([
      'component:default/user-service',
    ]);
  });

  it("lists the buckets a card counts on the browse list (relatedTo), not only the owner's own", async () => {
    const list = async (query: string) => {
      const res = await request(backend.server)
        .get(`/api/s3/v1/buckets?${query}`)
        .set('Authorization', user);
      return res;
    };
    for (const [kind, name] of [
      ['group', 'team-identity'],
      ['group', 'team-checkout'],
      ['group', 'securecart'],
      ['system', 'securecart'],
      ['component', 'user-service'],
    ]) {
      const card = await summary(kind, name);
      const res = await list(
        `relatedTo=${kind}:default/${name}&orderBy=name&limit=500`,
      );
      expect(res.status).toBe(200);
      expect({
        kind,
        name,
        refs: res.body.items.map((i: any) => i.entityRef),
      }).toEqual({
        kind,
        name,
        refs: expect.arrayContaining(card.buckets.map(b => b.entityRef)),
      });
      expect(res.body.totalCount).toBe(card.bucketCount);
    }
    // The team owns no bucket itself: the owner filter finds none, the roll-up one.
    expect(
      (await list('owner=group:default/team-identity')).body.totalCount,
    ).toBe(0);
    // With the other filters: the organisation's non-compliant buckets.
    const org = await summary('group', 'securecart');
    const failing = await list(
      'relatedTo=group:default/securecart&status=non-compliant&limit=500',
    );
    expect(failing.body.totalCount).toBe(org.nonCompliantCount);
    // An entity nobody knows has no buckets; a malformed ref is named.
    expect((await list('relatedTo=group:default/nobody')).body).toMatchObject({
      items: [],
      totalCount: 0,
    });
    const bad = await list('relatedTo=team-identity');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/relatedTo/);
  });
});
