import { Coalescer } from './Coalescer';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('Coalescer', () => {
  function make(windowMs: number, runMs = 0) {
    const runs: Array<{ key: string; at: number; ended?: boolean }> = [];
    const errors: string[] = [];
    const coalescer = new Coalescer({
      windowMs,
      run: async key => {
        const run: { key: string; at: number; ended?: boolean } = {
          key,
          at: Date.now(),
        };
        runs.push(run);
        if (key === 'boom') throw new Error('boom');
        await sleep(runMs);
        run.ended = true;
      },
      onError: (key, e) => errors.push(`${key}: ${e.message}`),
    });
    return { coalescer, runs, errors };
  }

  it('makes one run of a burst for one key, one per key', async () => {
    const { coalescer, runs } = make(50);
    const start = Date.now();
    const added = [];
    for (let i = 0; i < 20; i++) added.push(coalescer.add('a'));
    coalescer.add('b');
    expect(added.filter(Boolean)).toHaveLength(1);
    expect(runs).toHaveLength(0);
    await coalescer.idle();
    expect(runs.map(r => r.key).sort()).toEqual(['a', 'b']);
    expect(runs[0].at - start).toBeGreaterThanOrEqual(45);
  });

  it('runs once more when a change arrives during a run, never two runs of one key at once', async () => {
    const { coalescer, runs } = make(20, 100);
    coalescer.add('a');
    await sleep(60); // the run is under way
    expect(runs).toHaveLength(1);
    coalescer.add('a');
    coalescer.add('a');
    await coalescer.idle();
    expect(runs).toHaveLength(2);
    // The second run started after the first ended (100 ms) and its own window.
    expect(runs[1].at - runs[0].at).toBeGreaterThanOrEqual(115);
  });

  it('does not let a steady stream postpone the run past the window', async () => {
    const { coalescer, runs } = make(100);
    const start = Date.now();
    coalescer.add('a');
    while (runs.length === 0 && Date.now() - start < 1000) {
      coalescer.add('a');
      await sleep(10);
    }
    // Within the window (100 ms) give or take a loaded machine's timer lag; a debounce that
    // every add postponed would not have run before the stream stopped, a second later.
    expect(runs[0].at - start).toBeLessThan(600);
    await coalescer.stop();
  });

  it('reports a failed run and carries on', async () => {
    const { coalescer, runs, errors } = make(10);
    coalescer.add('boom');
    coalescer.add('ok');
    await coalescer.idle();
    expect(errors).toEqual(['boom: boom']);
    expect(runs.map(r => r.key).sort()).toEqual(['boom', 'ok']);
  });

  it('drops pending runs on stop and waits for those under way', async () => {
    const { coalescer, runs } = make(20, 80);
    coalescer.add('a');
    await sleep(40);
    coalescer.add('a'); // would run again
    coalescer.add('b'); // pending
    await coalescer.stop();
    // stop() returned once the run under way had ended, not before.
    expect(runs[0].ended).toBe(true);
    await sleep(60);
    expect(runs.map(r => r.key)).toEqual(['a']);
    expect(coalescer.add('a')).toBe(false);
  });
});
