/**
 * Wildcard matching of actions and ARNs, the way IAM matches the Action, Resource and
 * Arn* condition values: `*` is any run of characters, `?` exactly one.
 */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

const MAX_CACHED_PATTERNS = 2000;
const patternCache = new Map<string, RegExp>();

/** `*` and `?` as wildcards, everything else literal. */
export function wildcardToRegExp(pattern: string, ignoreCase = false): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  const cached = patternCache.get(cacheKey);
  if (cached) return cached;
  const source = pattern
    .split('')
    .map(char => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return escapeRegExp(char);
    })
    .join('');
  // The `s` flag lets wildcards span newlines: object keys may contain them.
  const regExp = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
  if (patternCache.size >= MAX_CACHED_PATTERNS) patternCache.clear();
  patternCache.set(cacheKey, regExp);
  return regExp;
}

/** Case-sensitive wildcard match of a whole string (StringLike). */
export function matchesWildcard(
  pattern: string,
  value: string,
  ignoreCase = false,
): boolean {
  if (pattern === '*') return true;
  return wildcardToRegExp(pattern, ignoreCase).test(value);
}

/** Whether an Action pattern (`s3:Get*`, `*`) covers an action. Case-insensitive, like IAM. */
export function matchesAction(pattern: string, action: string): boolean {
  return matchesWildcard(pattern, action, true);
}

/** One ARN segment as a regular expression; `spanning` lets wildcards cross colons. */
function segmentSource(segment: string, spanning: boolean): string {
  return segment
    .split('')
    .map(char => {
      if (char === '*') return spanning ? '.*' : '[^:]*';
      if (char === '?') return spanning ? '.' : '[^:]';
      return escapeRegExp(char);
    })
    .join('');
}

const arnPatternCache = new Map<string, RegExp>();

/**
 * An ARN pattern as one regular expression. The first five segments keep their
 * wildcards inside the segment; the sixth (resource) segment, and the last segment of
 * a pattern with fewer than six, may run on across colons.
 */
function arnPatternToRegExp(pattern: string): RegExp {
  const cached = arnPatternCache.get(pattern);
  if (cached) return cached;
  const parts = pattern.split(':');
  const segments =
    parts.length <= 6
      ? parts
      : [...parts.slice(0, 5), parts.slice(5).join(':')];
  const source = segments
    .map((segment, index) =>
      segmentSource(segment, index === 5 || index === segments.length - 1),
    )
    .join(':');
  const regExp = new RegExp(`^${source}$`, 's');
  if (arnPatternCache.size >= MAX_CACHED_PATTERNS) arnPatternCache.clear();
  arnPatternCache.set(pattern, regExp);
  return regExp;
}

/** An ARN has six colon-separated parts, the last of which may hold more colons. */
const ARN_SHAPE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/;

/**
 * Whether an ARN pattern covers an ARN, segment by segment as IAM does: wildcards stay
 * inside their colon-separated segment, except in the resource segment and at the end
 * of a pattern that has fewer segments than the ARN, where they may run on across the
 * remaining colons. Case-sensitive.
 */
export function matchesArn(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  if (!ARN_SHAPE.test(arn)) return false;
  return arnPatternToRegExp(pattern).test(arn);
}

/** Whether a Resource pattern (`arn:aws:s3:::bucket/*`, `*`) covers an ARN. Case-sensitive. */
export function matchesResource(pattern: string, arn: string): boolean {
  return matchesArn(pattern, arn);
}

/** True when the pattern contains a wildcard. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
