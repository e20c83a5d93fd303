type Counts = Record<string, number>;

function bump(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Counts every request the simulator answered (retries included), by operation, by bucket
 * and by account, and every error it answered with. Tests and the benchmark read it.
 */
export class RequestStats {
  private counts = {
    total: 0,
    byOperation: {} as Counts,
    byBucket: {} as Record<string, Counts>,
    byAccount: {} as Record<string, Counts>,
    errors: {} as Counts,
  };

  record(facts: {
    operation: string;
    bucket?: string;
    account?: string;
  }): void {
    this.counts.total++;
    bump(this.counts.byOperation, facts.operation);
    if (facts.bucket) {
      this.counts.byBucket[facts.bucket] ??= {};
      bump(this.counts.byBucket[facts.bucket], facts.operation);
    }
    if (facts.account) {
      this.counts.byAccount[facts.account] ??= {};
      bump(this.counts.byAccount[facts.account], facts.operation);
    }
  }

  recordError(code: string): void {
    bump(this.counts.errors, code);
  }

  /** Requests answered, all services. */
  get total(): number {
    return this.counts.total;
  }

  /** Requests per operation (`s3:GetBucketPolicy` → 3). */
  get byOperation(): Readonly<Counts> {
    return this.counts.byOperation;
  }

  /** Requests per bucket, per operation. */
  get byBucket(): Readonly<Record<string, Readonly<Counts>>> {
    return this.counts.byBucket;
  }

  /** Requests per calling account, per operation. */
  get byAccount(): Readonly<Record<string, Readonly<Counts>>> {
    return this.counts.byAccount;
  }

  /** Error responses per error code (`SlowDown` → 4). */
  get errors(): Readonly<Counts> {
    return this.counts.errors;
  }

  /** Requests for one bucket, all operations. */
  bucketTotal(bucket: string): number {
    return Object.values(this.counts.byBucket[bucket] ?? {}).reduce(
      (a, b) => a + b,
      0,
    );
  }

  reset(): void {
    this.counts = {
      total: 0,
      byOperation: {},
      byBucket: {},
      byAccount: {},
      errors: {},
    };
  }
}
