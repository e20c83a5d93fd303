/**
 * Turns a burst of changes to one thing (a bucket, an account) into one run of `run`: the
 * first change opens a window of `windowMs`; changes inside it join that run. A change that
 * arrives while the run is under way schedules one more run after it (the run may have read
 * AWS before the change), so the last change is always reflected. Runs of one key never
 * overlap; runs of different keys do (the AWS limits pace them).
 *
 * The window opens at the first change and does not move, so a steady stream of changes
 * cannot postpone the run forever.
 */
export class Coalescer {
  private readonly entries = new Map<
    string,
    {
      timer?: ReturnType<typeof setTimeout>;
      running?: Promise<void>;
      again: boolean;
    }
  >();
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly options: {
      windowMs: number;
      run: (key: string) => Promise<void>;
      onError: (key: string, error: Error) => void;
    },
  ) {}

  /** Records a change of `key`. Returns false when it joined a run already pending. */
  add(key: string): boolean {
    if (this.stopped) return false;
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { again: false, timer: this.schedule(key) });
      return true;
    }
    if (entry.timer) return false;
    if (entry.again) return false;
    entry.again = true;
    return true;
  }

  /** Keys with a run pending or under way. */
  get size(): number {
    return this.entries.size;
  }

  /** Resolves once nothing is pending or running (for tests and shutdown). */
  idle(): Promise<void> {
    if (this.entries.size === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  /** Drops pending runs and waits for those under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    const running: Array<Promise<void>> = [];
    for (const [key, entry] of this.entries) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.again = false;
      if (entry.running) running.push(entry.running);
      else this.entries.delete(key);
    }
    await Promise.allSettled(running);
    this.entries.clear();
    this.notifyIdle();
  }

  private schedule(key: string): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => this.fire(key), this.options.windowMs);
    timer.unref?.();
    return timer;
  }

  private fire(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || this.stopped) return;
    entry.timer = undefined;
    entry.running = (async () => {
      try {
        await this.options.run(key);
      } catch (e) {
        this.options.onError(key, e as Error);
      }
    })().finally(() => {
      entry.running = undefined;
      if (entry.again && !this.stopped) {
        entry.again = false;
        entry.timer = this.schedule(key);
      } else {
        this.entries.delete(key);
        this.notifyIdle();
      }
    });
  }

  private notifyIdle(): void {
    if (this.entries.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
