import { seededRandom } from './random';

/**
 * Operation names are written like IAM actions (`s3:GetBucketPolicy`,
 * `s3control:GetPublicAccessBlock`, `iam:GetAccountAuthorizationDetails`, `sts:AssumeRole`);
 * a bare name (`GetBucketPolicy`) matches that operation in any service.
 */
export interface AccessDeniedRule {
  operation: string;
  /** Only requests for this bucket. */
  bucket?: string;
  /** Only requests made with this account's credentials. */
  account?: string;
}

export type FaultKind = 'AccessDenied' | 'Throttling' | 'ServerError';

/** Matching requests answer this late (slower than the client's timeout, say). */
export interface SlowOperation {
  operation: string;
  bucket?: string;
  latencyMs: number;
}

/** The next `times` requests that match fail with `fault` (deterministic, for tests). */
export interface ScriptedFault {
  operation?: string;
  bucket?: string;
  fault: FaultKind;
  times: number;
}

/** How the simulated AWS misbehaves; every knob defaults to "perfect service". */
export interface SimulatorKnobs {
  /** Delay before every response, in milliseconds. */
  latencyMs?: number;
  /** Fraction of requests (0–1) answered with throttling (S3: 503 SlowDown; IAM/STS: Throttling). */
  throttleRate?: number;
  /** Fraction of requests (0–1) answered with a 5xx (S3: 500 InternalError). */
  serverErrorRate?: number;
  /** Operations (optionally per bucket or account) always answered with AccessDenied. */
  accessDenied?: Array<string | AccessDeniedRule>;
  /** Scripted faults, consumed in order of arrival. */
  failNext?: ScriptedFault[];
  /** Seed of the random faults. Default 1. */
  seed?: number;
  /** Largest page GetAccountAuthorizationDetails returns (AWS: MaxItems, default 100). */
  iamPageSize?: number;
  /** Per-operation delays; the longest matching one applies instead of `latencyMs`. */
  slowOperations?: SlowOperation[];
  /** Buckets deleted since the scenario was loaded: NoSuchBucket, and gone from ListBuckets. */
  deletedBuckets?: string[];
  /** Lifetime of the credentials AssumeRole hands out; default the DurationSeconds asked for. */
  sessionDurationSeconds?: number;
}

export interface RequestFacts {
  /** Qualified operation name, e.g. `s3:GetBucketPolicy`. */
  operation: string;
  bucket?: string;
  account?: string;
}

function operationMatches(
  rule: string | undefined,
  operation: string,
): boolean {
  if (rule === undefined) return true;
  return rule.includes(':')
    ? rule === operation
    : operation.endsWith(`:${rule}`);
}

/** Decides, request by request, which fault (if any) to inject. */
export class FaultPlan {
  private knobs: SimulatorKnobs = {};
  private random: () => number = seededRandom(1);
  private scripted: ScriptedFault[] = [];

  constructor(knobs: SimulatorKnobs = {}) {
    this.set(knobs);
  }

  /** Merges new knobs in; a new seed or new scripted faults restart their sequences. */
  set(knobs: SimulatorKnobs): void {
    const seedChanged =
      knobs.seed !== undefined && knobs.seed !== this.knobs.seed;
    this.knobs = { ...this.knobs, ...knobs };
    if (seedChanged || this.knobs.seed === undefined) {
      this.random = seededRandom(this.knobs.seed ?? 1);
    }
    if (knobs.failNext) {
      this.scripted = knobs.failNext.map(f => ({ ...f }));
    }
  }

  get current(): Readonly<SimulatorKnobs> {
    return this.knobs;
  }

  get latencyMs(): number {
    return this.knobs.latencyMs ?? 0;
  }

  /** The delay of one request: the longest matching slow operation, else `latencyMs`. */
  latencyOf(facts: RequestFacts): number {
    const slow = (this.knobs.slowOperations ?? [])
      .filter(
        s =>
          operationMatches(s.operation, facts.operation) &&
          (s.bucket === undefined || s.bucket === facts.bucket),
      )
      .map(s => s.latencyMs);
    return slow.length > 0 ? Math.max(...slow) : this.latencyMs;
  }

  isDeleted(bucket: string): boolean {
    return (this.knobs.deletedBuckets ?? []).includes(bucket);
  }

  get iamPageSize(): number {
    return this.knobs.iamPageSize ?? 100;
  }

  decide(facts: RequestFacts): FaultKind | undefined {
    const script = this.scripted.find(
      f =>
        f.times > 0 &&
        operationMatches(f.operation, facts.operation) &&
        (f.bucket === undefined || f.bucket === facts.bucket),
    );
    if (script) {
      script.times--;
      return script.fault;
    }
    const denied = (this.knobs.accessDenied ?? []).some(rule => {
      const r = typeof rule === 'string' ? { operation: rule } : rule;
      return (
        operationMatches(r.operation, facts.operation) &&
        (r.bucket === undefined || r.bucket === facts.bucket) &&
        (r.account === undefined || r.account === facts.account)
      );
    });
    if (denied) return 'AccessDenied';
    // Always draw both numbers, so one rate does not shift the other's sequence.
    const throttle = this.random();
    const serverError = this.random();
    if (throttle < (this.knobs.throttleRate ?? 0)) return 'Throttling';
    if (serverError < (this.knobs.serverErrorRate ?? 0)) return 'ServerError';
    return undefined;
  }
}
