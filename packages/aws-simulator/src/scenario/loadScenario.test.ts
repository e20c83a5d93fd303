import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { EXAMPLE_SCENARIO_PATH } from '../testUtils';
import { loadScenario } from './loadScenario';

const BUCKET_DOCS = path.resolve(EXAMPLE_SCENARIO_PATH, '../buckets');
const DAY = 86_400_000;

function documentedBuckets(): string[] {
  return readdirSync(BUCKET_DOCS)
    .filter(f => f.endsWith('.md'))
    .map(
      f =>
        /Arn:\s*arn:aws:s3:::(\S+)/.exec(
          readFileSync(path.join(BUCKET_DOCS, f), 'utf8'),
        )![1],
    );
}

function minimal(extra: object = {}) {
  return {
    accounts: [
      { id: '111122223333', accessKeys: [{ id: 'AKIAAAAAAAAAAAAAAAAA' }] },
    ],
    buckets: [
      {
        name: 'a-bucket',
        account: '111122223333',
        region: 'eu-north-1',
        ...extra,
      },
    ],
  };
}

describe('loadScenario', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const scenario = loadScenario(EXAMPLE_SCENARIO_PATH, { now });

  it('gives every documented example bucket a configuration, but the one gone from AWS', () => {
    const names = scenario.buckets.map(b => b.name);
    const documented = documentedBuckets();
    expect(documented).toHaveLength(14);
    expect(documented.filter(b => !names.includes(b))).toEqual([
      'securecart-product-reviews-production',
    ]);
  });

  it('has undocumented buckets in both accounts for the inventory', () => {
    const documented = documentedBuckets();
    const undocumented = (account: string) =>
      scenario.buckets
        .filter(b => b.accountId === account && !documented.includes(b.name))
        .map(b => b.name)
        .sort();
    expect(undocumented('111122223333')).toEqual([
      'securecart-backups-replica-production',
      'securecart-cart-snapshots-production',
      'securecart-transaction-logs-replica-production',
    ]);
    expect(undocumented('444455556666')).toEqual([
      'securecart-load-tests-staging',
      'securecart-vendor-handoff',
    ]);
    const tagged = scenario.buckets.find(
      b => b.name === 'securecart-cart-snapshots-production',
    )!;
    expect(tagged.tags).toMatchObject({ owner: 'team-checkout' });
  });

  it('counts relative ages back from the load time', () => {
    const prod = scenario.accounts.find(a => a.id === '111122223333')!;
    const user = prod.iam.users.find(
      u => u.name === 'securecart-product-images-production',
    )!;
    expect(now.getTime() - user.accessKeys[0].createdAt.getTime()).toBe(
      400 * DAY,
    );
    expect(now.getTime() - user.accessKeys[0].lastUsed!.getTime()).toBe(
      60 * DAY,
    );
  });

  it('serialises YAML policies to JSON and decides PolicyStatus', () => {
    const staging = scenario.buckets.find(
      b => b.name === 'securecart-product-images-staging',
    )!;
    expect(JSON.parse(staging.policy!).Statement[0].Principal).toBe('*');
    expect(staging.policyIsPublic).toBe(true);
    const logs = scenario.buckets.find(
      b => b.name === 'securecart-access-logs-production',
    )!;
    expect(logs.policyIsPublic).toBe(false);
  });

  it('answers GetBucketLocation the legacy way for us-east-1 and EU buckets', () => {
    const byName = (n: string) => scenario.buckets.find(b => b.name === n)!;
    expect(byName('marketing-assets-2019').locationConstraint).toBeNull();
    expect(
      byName('securecart-transaction-logs-replica-production')
        .locationConstraint,
    ).toBe('EU');
    expect(byName('securecart-orders-production').locationConstraint).toBe(
      'eu-north-1',
    );
  });

  it('names the field of a mistake', () => {
    expect(() => loadScenario(minimal({ versoning: {} }))).toThrow(
      /buckets\[0\]\.versoning: unknown setting/,
    );
    expect(() =>
      loadScenario({ accounts: [{ id: 1234 }], buckets: [] }),
    ).toThrow(/accounts\[0\]\.id: "1234" is not a 12-digit account id/);
    expect(() => loadScenario(minimal({ account: '999999999999' }))).toThrow(
      /buckets\[0\]\.account: account 999999999999 is not defined/,
    );
    expect(() => loadScenario(minimal({ objectLock: true }))).toThrow(
      /objectLock: needs versioning status Enabled/,
    );
    expect(() =>
      loadScenario(
        minimal({
          ownership: 'BucketOwnerEnforced',
          acl: [{ grantee: 'AllUsers', permission: 'READ' }],
        }),
      ),
    ).toThrow(/acl: grants are impossible/);
    expect(() => loadScenario(minimal({ name: 'Not_A_Bucket' }))).toThrow(
      /not a valid S3 bucket name/,
    );
    expect(() => loadScenario(minimal({ created: 'yesterday' }))).toThrow(
      /neither an age/,
    );
  });

  it('accepts the parsed object as well as a path', () => {
    const raw = parse(readFileSync(EXAMPLE_SCENARIO_PATH, 'utf8'));
    expect(loadScenario(raw, { now }).buckets).toHaveLength(
      scenario.buckets.length,
    );
  });
});
