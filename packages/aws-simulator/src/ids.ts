import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/**
 * Identifiers AWS would have generated, derived from a seed so that the same scenario always
 * yields the same ids (tests and screenshots stay stable).
 */
export function awsUniqueId(
  prefix: 'AIDA' | 'AGPA' | 'AROA' | 'ANPA' | 'ASIA',
  seed: string,
) {
  const bytes = digest(`${prefix}:${seed}`);
  let out = prefix;
  for (let i = 0; out.length < 21; i++) {
    out += BASE32[bytes[i] % 32];
  }
  return out;
}

/** The 64-hex canonical user id that S3 ACLs use for an account. */
export function canonicalUserIdOf(accountId: string): string {
  return digest(`canonical:${accountId}`).toString('hex');
}

/** A request id in the shape S3 uses (16 upper-case hex characters). */
export function requestIdFrom(counter: number): string {
  return digest(`request:${counter}`)
    .toString('hex')
    .slice(0, 16)
    .toUpperCase();
}

/** A secret-looking string derived from a seed (temporary credentials). */
export function secretFrom(seed: string): string {
  return digest(`secret:${seed}`).toString('base64').slice(0, 40);
}
