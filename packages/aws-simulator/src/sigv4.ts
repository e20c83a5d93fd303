/** The parts of a SigV4 credential scope that say who is calling and where. */
export interface SigningScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const HEADER =
  /Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request/;

/**
 * Reads the scope from the `Authorization` header (or a pre-signed URL's `X-Amz-Credential`).
 * Signatures are not verified: the simulator trusts the key id, which is all it needs to pick
 * the account.
 */
export function signingScopeOf(request: Request): SigningScope | undefined {
  const header = request.headers.get('authorization') ?? '';
  const presigned = new URL(request.url).searchParams.get('X-Amz-Credential');
  const match =
    HEADER.exec(header) ??
    (presigned ? HEADER.exec(`Credential=${presigned}`) : null);
  if (!match) return undefined;
  return {
    accessKeyId: match[1],
    date: match[2],
    region: match[3],
    service: match[4],
  };
}
