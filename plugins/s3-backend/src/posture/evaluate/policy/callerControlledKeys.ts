/**
 * Which condition keys a caller can choose freely. When the question is "could anyone get
 * in?", a condition on a request header or prefix does not keep anyone out: the caller
 * simply sends the value the policy wants. Conditions on who the caller is, where the
 * request comes from, how it is signed, and when, do: those values are facts of the
 * request the caller cannot pick. This follows S3's own definition of a "public"
 * policy, which counts only fixed values of identity and network keys as restricting.
 *
 * The same split gives the worst case for a Deny: a condition on a key the caller
 * controls is one the caller can step around.
 */

/** Keys (lower case) whose values the caller cannot choose. */
const FIXED_KEYS = new Set([
  // who the caller is
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'aws:userid',
  'aws:username',
  'aws:federatedprovider',
  'aws:sourceidentity',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:tokenissuetime',
  'aws:assumedroot',
  // on whose behalf a service calls
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceowner',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:viaawsservice',
  // where the request comes from
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourcevpcarn',
  'aws:vpcsourceip',
  'aws:vpceaccount',
  'aws:vpceorgid',
  'aws:vpceorgpaths',
  'aws:ec2instancesourcevpc',
  'aws:ec2instancesourceprivateipv4',
  // how it is signed
  's3:authtype',
  's3:signatureage',
  's3:signatureversion',
  // when
  'aws:currenttime',
  'aws:epochtime',
  // the resource itself
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:resourceorgpaths',
  's3:resourceaccount',
  's3:dataaccesspointaccount',
  's3:dataaccesspointarn',
  's3:accesspointnetworkorigin',
]);

/**
 * Key prefixes (lower case) whose values the caller cannot choose. Principal tags are
 * left to the caller on purpose: anyone can tag the principals of their own account.
 */
const FIXED_PREFIXES = ['aws:resourcetag/'];

/** True for condition keys the caller sets itself (headers, prefixes, request tags, ...). */
export function isCallerControlledKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (FIXED_KEYS.has(lower)) return false;
  return !FIXED_PREFIXES.some(prefix => lower.startsWith(prefix));
}
