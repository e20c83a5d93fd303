/** The reason code of a failure: BucketLocateError's code, else the AWS error's name. */
export function errorCode(e: unknown): string {
  const { code, name } = (e ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && /^[A-Za-z][\w.]{0,63}$/.test(code))
    return code;
  return typeof name === 'string' && name ? name.slice(0, 64) : 'Error';
}
