/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalAccount, 'none'}`): placeholders in
 * Resource and condition values that IAM replaces with the request's value of the key.
 * IAM substitutes them only in policies of Version 2012-10-17; in 2008-10-17 (and when
 * Version is absent) they are plain text. `${*}`, `${?}` and `${$}` stand for the literal
 * characters. See the IAM User Guide, "IAM policy elements: Variables and tags".
 */
import { lookupKey } from './conditions';
import { Policy } from './types';

/** Whether the `${...}` of a policy are policy variables. */
export function usesPolicyVariables(policy: Pick<Policy, 'version'>): boolean {
  return policy.version === '2012-10-17';
}

const VARIABLE = /\$\{([^}]*)\}/g;
const LITERALS = new Set(['*', '?', '$']);

/**
 * The value with each variable replaced by the request's value of its key (or the
 * variable's default). Undefined when a variable has no value: IAM then treats the
 * value as matching nothing. For a wildcard `pattern`, substituted text keeps its
 * wildcard characters literal (written back as `${*}`, which the pattern compiler reads
 * as a literal), so a value cannot widen the pattern it lands in; otherwise `${*}`
 * and its kin become the characters they stand for.
 */
export function substituteVariables(
  value: string,
  context: Record<string, string | string[]>,
  pattern: boolean,
): string | undefined {
  if (!value.includes('${')) return value;
  let missing = false;
  const result = value.replace(VARIABLE, (whole, inner: string) => {
    if (LITERALS.has(inner)) return pattern ? whole : inner;
    const match = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    if (!match) {
      missing = true;
      return whole;
    }
    const values = lookupKey(context, match[1]);
    // Multivalued keys cannot be substituted; IAM leaves such a value unmatched.
    const substituted =
      values && values.length === 1 ? values[0] : (match[2] ?? undefined);
    if (substituted === undefined) {
      missing = true;
      return whole;
    }
    return pattern
      ? substituted.replace(/[*?$]/g, char => `\${${char}}`)
      : substituted;
  });
  return missing ? undefined : result;
}
