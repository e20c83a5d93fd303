import { IAM_NS, IAM_VERSION, handleIam } from '../iam/iamHandler';
import { signingScopeOf } from '../sigv4';
import { STS_NS, STS_VERSION, handleSts } from '../sts/stsHandler';
import { World } from '../world';
import { admit } from './admit';
import { QueryResponder } from './queryProtocol';

const SERVICES = {
  [IAM_VERSION]: { name: 'iam', xmlns: IAM_NS, handle: handleIam },
  [STS_VERSION]: { name: 'sts', xmlns: STS_NS, handle: handleSts },
} as const;

/** True for a form-encoded POST: the Query protocol IAM and STS speak. */
export function isQueryRequest(request: Request): boolean {
  return (
    request.method === 'POST' &&
    (request.headers.get('content-type') ?? '').startsWith(
      'application/x-www-form-urlencoded',
    )
  );
}

/**
 * IAM and STS share one protocol; the `Version` parameter says which service a request is
 * for, so both work behind one local endpoint as well as on their own AWS host names.
 */
export async function handleQuery(
  request: Request,
  world: World,
): Promise<Response> {
  const form = new URLSearchParams(await request.text());
  const action = form.get('Action') ?? '';
  const service = SERVICES[form.get('Version') as keyof typeof SERVICES];
  const scope = signingScopeOf(request);
  const caller = scope ? world.callerOf(scope.accessKeyId) : undefined;
  await admit(world, {
    operation: `${service?.name ?? 'query'}:${action || 'Unknown'}`,
    account: caller?.account.id,
  });
  const respond = new QueryResponder(world, service?.xmlns ?? STS_NS);
  if (!service) {
    return respond.error(
      'InvalidAction',
      `Version ${form.get('Version')} is not simulated`,
    );
  }
  if (!scope) {
    return respond.error(
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
    );
  }
  if (!caller) {
    return respond.error(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    );
  }
  return service.handle(action, form, caller, world);
}
