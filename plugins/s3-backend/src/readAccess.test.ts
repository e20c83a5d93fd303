import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReadAccess } from './readAccess';

/** ReadAccess's own cache; what it caches is tested through the API (router.accessControl). */
describe('ReadAccess.remember', () => {
  const access = (ttlSeconds: number) =>
    new ReadAccess({
      catalog: catalogServiceMock(),
      permissions: {} as any,
      ttlSeconds,
    });
  const alice = mockCredentials.user('user:default/alice');
  const bob = mockCredentials.user('user:default/bob');

  it('shares one computation among the requests that arrive while it runs', async () => {
    const cache = access(10);
    let runs = 0;
    let finish = (_: string) => {};
    const compute = () => {
      runs++;
      return new Promise<string>(resolve => {
        finish = resolve;
      });
    };
    const answers = [1, 2, 3].map(() => cache.remember(alice, 'k', compute));
    finish('the answer');
    expect(await Promise.all(answers)).toEqual([
      'the answer',
      'the answer',
      'the answer',
    ]);
    expect(runs).toBe(1);
    // Kept while fresh, per caller.
    expect(await cache.remember(alice, 'k', async () => 'other')).toBe(
      'the answer',
    );
    expect(await cache.remember(bob, 'k', async () => 'bob’s')).toBe('bob’s');
  });

  it('keeps no failure: the next request computes again', async () => {
    const cache = access(10);
    await expect(
      cache.remember(alice, 'k', async () => {
        throw new Error('catalog unavailable');
      }),
    ).rejects.toThrow('catalog unavailable');
    expect(await cache.remember(alice, 'k', async () => 'recovered')).toBe(
      'recovered',
    );
  });

  it('computes every time when the cache is off', async () => {
    const cache = access(0);
    let runs = 0;
    await cache.remember(alice, 'k', async () => ++runs);
    await cache.remember(alice, 'k', async () => ++runs);
    expect(runs).toBe(2);
  });
});
