/**
 * Wildcard matching of actions and ARNs, the way IAM matches the Action, Resource and
 * Arn* condition values: `*` is any run of characters, `?` exactly one.
 *
 * Patterns come from policies an outsider may have written, so matching never uses
 * backtracking regular expressions: a pattern is compiled into a small automaton whose
 * states are simulated all at once, which takes O(pattern × text) time whatever the
 * pattern (a `*a*a*…*b` pattern that would take a backtracking engine minutes takes
 * microseconds). The same automaton answers the questions the proofs need about *every*
 * object key at once: can a pattern match some object of a bucket, does it match all?
 */

type Token =
  | { kind: 'literal'; char: string }
  /** `?`: one character; `colonFree` when it sits inside an ARN segment. */
  | { kind: 'one'; colonFree: boolean }
  /** `*`: any run of characters; `colonFree` when it sits inside an ARN segment. */
  | { kind: 'any'; colonFree: boolean }
  /** A policy variable that must not be taken to match anything (see {@link VariableMode}). */
  | { kind: 'never' };

/** A compiled pattern. */
export interface Glob {
  tokens: Token[];
  ignoreCase: boolean;
}

/**
 * How a policy variable (`${aws:username}`) in a pattern is read when the request's value
 * is not known: as "could be anything" (`any`, for asking whether a statement may apply)
 * or as "cannot be relied on" (`never`, for asking whether a statement surely applies).
 * Absent (the default), `${...}` is plain text, as in policies of Version 2008-10-17.
 */
export type VariableMode = 'any' | 'never';

export interface CompileOptions {
  ignoreCase?: boolean;
  /** ARN rules: wildcards stay inside their colon-separated segment (see {@link matchesArn}). */
  arn?: boolean;
  variables?: VariableMode;
}

/** The literal characters the `${*}`, `${?}` and `${$}` variables stand for. */
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

const MAX_CACHED = 4000;
const cache = new Map<string, Glob>();

/** Compiles a pattern; compiled patterns are cached, since policies repeat them. */
export function compileGlob(
  pattern: string,
  options: CompileOptions = {},
): Glob {
  const cacheKey = `${options.ignoreCase ? 'i' : '-'}${options.arn ? 'a' : '-'}${options.variables ?? '-'}${pattern}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const glob = compile(pattern, options);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(cacheKey, glob);
  return glob;
}

function compile(pattern: string, options: CompileOptions): Glob {
  const ignoreCase = options.ignoreCase === true;
  const text = ignoreCase ? pattern.toLowerCase() : pattern;
  // ARN rule: the sixth segment, and the last segment of a shorter pattern, may span colons.
  let colons = 0;
  let lastSegment = 0;
  if (options.arn) {
    for (const char of text) if (char === ':') lastSegment += 1;
  }
  const tokens: Token[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    const segment = Math.min(colons, 5);
    const colonFree =
      options.arn === true && segment < 5 && segment < lastSegment;
    if (options.variables && char === '$' && text[index + 1] === '{') {
      const end = text.indexOf('}', index + 2);
      if (end !== -1) {
        const name = text.slice(index + 2, end);
        const escaped = ESCAPES[name];
        if (escaped !== undefined) {
          tokens.push({ kind: 'literal', char: escaped });
        } else if (options.variables === 'any') {
          tokens.push({ kind: 'any', colonFree: false });
        } else {
          tokens.push({ kind: 'never' });
        }
        index = end;
        continue;
      }
    }
    if (char === '*') tokens.push({ kind: 'any', colonFree });
    else if (char === '?') tokens.push({ kind: 'one', colonFree });
    else tokens.push({ kind: 'literal', char });
    if (char === ':') colons += 1;
  }
  return { tokens, ignoreCase };
}

/** A set of automaton states: state i means "the first i tokens are matched". */
type States = Uint8Array;

/** Adds the states reachable without reading a character (skipping `*`s). */
function close(glob: Glob, states: States): States {
  const { tokens } = glob;
  for (let index = 0; index < tokens.length; index += 1) {
    if (states[index] && tokens[index].kind === 'any') states[index + 1] = 1;
  }
  return states;
}

function start(glob: Glob): States {
  const states = new Uint8Array(glob.tokens.length + 1);
  states[0] = 1;
  return close(glob, states);
}

function step(glob: Glob, states: States, rawChar: string): States {
  const char = glob.ignoreCase ? rawChar.toLowerCase() : rawChar;
  const { tokens } = glob;
  const next = new Uint8Array(tokens.length + 1);
  let alive = false;
  for (let index = 0; index < tokens.length; index += 1) {
    if (!states[index]) continue;
    const token = tokens[index];
    if (token.kind === 'literal') {
      if (token.char === char) {
        next[index + 1] = 1;
        alive = true;
      }
    } else if (token.kind === 'one' || token.kind === 'any') {
      if (token.colonFree && char === ':') continue;
      next[token.kind === 'one' ? index + 1 : index] = 1;
      alive = true;
    }
  }
  return alive ? close(glob, next) : next;
}

function run(glob: Glob, text: string, from: States = start(glob)): States {
  let states = from;
  for (const char of text) {
    states = step(glob, states, char);
    if (!states.includes(1)) break;
  }
  return states;
}

function accepts(glob: Glob, states: States): boolean {
  return states[glob.tokens.length] === 1;
}

/** Whether the compiled pattern matches the whole text. */
export function globMatches(glob: Glob, text: string): boolean {
  return accepts(glob, run(glob, text));
}

/** Case-sensitive wildcard match of a whole string (StringLike). */
export function matchesWildcard(
  pattern: string,
  value: string,
  ignoreCase = false,
): boolean {
  if (pattern === '*') return true;
  return globMatches(compileGlob(pattern, { ignoreCase }), value);
}

/** Whether an Action pattern (`s3:Get*`, `*`) covers an action. Case-insensitive, like IAM. */
export function matchesAction(pattern: string, action: string): boolean {
  return matchesWildcard(pattern, action, true);
}

/** An ARN has six colon-separated parts, the last of which may hold more colons. */
function hasArnShape(arn: string): boolean {
  let colons = 0;
  for (const char of arn) {
    if (char === ':') colons += 1;
    if (colons === 5) return arn.startsWith('arn:');
  }
  return false;
}

/**
 * Whether an ARN pattern covers an ARN, segment by segment as IAM does: wildcards stay
 * inside their colon-separated segment, except in the resource segment and at the end
 * of a pattern that has fewer segments than the ARN, where they may run on across the
 * remaining colons. Case-sensitive.
 */
export function matchesArn(
  pattern: string,
  arn: string,
  variables?: VariableMode,
): boolean {
  if (pattern === '*') return true;
  if (!hasArnShape(arn)) return false;
  return globMatches(compileGlob(pattern, { arn: true, variables }), arn);
}

/** Whether a Resource pattern (`arn:aws:s3:::bucket/*`, `*`) covers an ARN. Case-sensitive. */
export function matchesResource(
  pattern: string,
  arn: string,
  variables?: VariableMode,
): boolean {
  return matchesArn(pattern, arn, variables);
}

/** True when the pattern contains a wildcard. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** True when the value holds a policy variable (`${aws:username}`). */
export function hasPolicyVariable(value: string): boolean {
  return /\$\{[^}]*\}/.test(value);
}

/**
 * Whether the pattern matches `prefix + key` for at least one non-empty key: after the
 * prefix, some state still has a token to read (any token can read some character).
 */
export function matchesSomeExtension(glob: Glob, prefix: string): boolean {
  const states = run(glob, prefix);
  const { tokens } = glob;
  // A `never` blocks every path through it: only states after the last one count.
  let lastNever = -1;
  tokens.forEach((token, index) => {
    if (token.kind === 'never') lastNever = index;
  });
  for (let index = lastNever + 1; index < tokens.length; index += 1) {
    if (states[index]) return true;
  }
  return false;
}

/** Most sets of states one coverage question may visit before it gives up (then: not proven). */
const MAX_STATE_SETS = 5000;

/**
 * Whether the pattern matches `prefix + key` for every non-empty key (every object of a
 * bucket, for prefix `arn:aws:s3:::bucket/`). Decided exactly by exploring the sets of
 * states the automaton can be in after the prefix, reading one representative of every
 * class of characters the pattern tells apart; a set without the accepting state is a
 * key the pattern misses. Answers false, never a wrong true, if the exploration would
 * grow past a bound.
 */
export function matchesEveryExtension(glob: Glob, prefix: string): boolean {
  const first = run(glob, prefix);
  if (!first.includes(1)) return false;
  // Fast refutation: a key of characters no literal names must be matched by wildcards
  // alone; most patterns that miss some key already miss one of these.
  let probe = first;
  for (let length = 1; length <= glob.tokens.length + 1; length += 1) {
    probe = step(glob, probe, '\u0000');
    if (!accepts(glob, probe)) return false;
  }
  const letters = new Set<string>([':', '\u0000']);
  for (const token of glob.tokens) {
    if (token.kind === 'literal') letters.add(token.char);
  }
  const seen = new Set<string>();
  let frontier: States[] = [first];
  while (frontier.length > 0) {
    const next: States[] = [];
    for (const states of frontier) {
      for (const letter of letters) {
        const after = step(glob, states, letter);
        if (!accepts(glob, after)) return false;
        const key = after.join('');
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > MAX_STATE_SETS) return false;
        next.push(after);
      }
    }
    frontier = next;
  }
  return true;
}
