/** Thrown for a scenario that does not follow the format; the message names the field. */
export class ScenarioError extends Error {
  constructor(path: string, problem: string) {
    super(`scenario ${path}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Typed, path-aware access to one YAML mapping, so every validation message says where the
 * problem is (`buckets[3].versioning.status: ...`).
 */
export class Reader {
  static root(value: unknown, path = '(root)'): Reader {
    if (!isPlain(value)) {
      throw new ScenarioError(path, 'must be a mapping');
    }
    return new Reader(value, path);
  }

  private constructor(
    private readonly value: Plain,
    readonly path: string,
  ) {}

  at(key: string): string {
    return this.path === '(root)' ? key : `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  /** Rejects keys the format does not know, which are almost always typos. */
  onlyKeys(known: readonly string[]): this {
    for (const key of Object.keys(this.value)) {
      if (!known.includes(key)) {
        throw new ScenarioError(
          this.at(key),
          `unknown setting (known: ${known.join(', ')})`,
        );
      }
    }
    return this;
  }

  string(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) {
      throw new ScenarioError(this.at(key), 'is required');
    }
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') {
      throw new ScenarioError(this.at(key), 'must be a string');
    }
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const value = this.optionalString(key) ?? fallback;
    if (value === undefined) {
      throw new ScenarioError(
        this.at(key),
        `is required (one of ${allowed.join(', ')})`,
      );
    }
    if (!(allowed as readonly string[]).includes(value)) {
      throw new ScenarioError(
        this.at(key),
        `"${value}" is not one of ${allowed.join(', ')}`,
      );
    }
    return value as T;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.value[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      throw new ScenarioError(this.at(key), 'must be true or false');
    }
    return value;
  }

  optionalNumber(key: string): number | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ScenarioError(this.at(key), 'must be a non-negative number');
    }
    return value;
  }

  stringList(key: string): string[] {
    const value = this.value[key];
    if (value === undefined || value === null) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, i) => {
      if (typeof item !== 'string' && typeof item !== 'number') {
        throw new ScenarioError(`${this.at(key)}[${i}]`, 'must be a string');
      }
      return String(item);
    });
  }

  optionalObject(key: string): Reader | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    return Reader.root(value, this.at(key));
  }

  list(key: string): Reader[] {
    const value = this.value[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      throw new ScenarioError(this.at(key), 'must be a list');
    }
    return value.map((item, i) => Reader.root(item, `${this.at(key)}[${i}]`));
  }

  /** A mapping of strings (tags). */
  stringMap(key: string): Record<string, string> | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (!isPlain(value)) {
      throw new ScenarioError(this.at(key), 'must be a mapping of strings');
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (
        typeof v !== 'string' &&
        typeof v !== 'number' &&
        typeof v !== 'boolean'
      ) {
        throw new ScenarioError(`${this.at(key)}.${k}`, 'must be a string');
      }
      out[k] = String(v);
    }
    return out;
  }

  /** A policy document written as YAML (serialised to JSON) or as JSON text. */
  optionalPolicy(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') {
      try {
        JSON.parse(value);
      } catch {
        throw new ScenarioError(this.at(key), 'is a string but not JSON');
      }
      return value;
    }
    if (!isPlain(value)) {
      throw new ScenarioError(
        this.at(key),
        'must be a policy document (mapping)',
      );
    }
    return JSON.stringify(value);
  }
}
