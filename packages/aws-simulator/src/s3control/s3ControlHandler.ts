import { HttpResponse } from 'msw';
import { admit } from '../http/admit';
import { FaultKind } from '../knobs';
import { signingScopeOf } from '../sigv4';
import { World } from '../world';
import { leaf, xmlDocument } from '../xml';

const S3_CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const PUBLIC_ACCESS_BLOCK_PATH = '/v20180820/configuration/publicAccessBlock';

const ERRORS = {
  NoSuchPublicAccessBlockConfiguration: {
    status: 404,
    message: 'The public access block configuration was not found',
  },
  AccessDenied: { status: 403, message: 'Access Denied' },
  InvalidAccessKeyId: {
    status: 403,
    message:
      'The AWS Access Key Id you provided does not exist in our records.',
  },
  SlowDown: { status: 503, message: 'Please reduce your request rate.' },
  InternalError: {
    status: 500,
    message: 'We encountered an internal error. Please try again.',
  },
  NotImplemented: { status: 501, message: 'This operation is not simulated' },
} as const;

const FAULT_CODES: Record<FaultKind, keyof typeof ERRORS> = {
  AccessDenied: 'AccessDenied',
  Throttling: 'SlowDown',
  ServerError: 'InternalError',
};

/** True for S3 Control paths, which share S3's signing name and, locally, its endpoint. */
export function isS3ControlPath(pathname: string): boolean {
  return pathname.startsWith('/v20180820/');
}

/** S3 Control: the account-level GetPublicAccessBlock (`x-amz-account-id` names the account). */
export async function handleS3Control(
  request: Request,
  world: World,
): Promise<Response> {
  const url = new URL(request.url);
  const supported =
    request.method === 'GET' && url.pathname === PUBLIC_ACCESS_BLOCK_PATH;
  const operation = supported
    ? 's3control:GetPublicAccessBlock'
    : 's3control:Unsupported';
  const scope = signingScopeOf(request);
  const caller = scope ? world.callerOf(scope.accessKeyId) : undefined;
  const accountId = request.headers.get('x-amz-account-id') ?? undefined;
  const facts = { operation, account: caller?.account.id };
  await admit(world, facts);

  const requestId = world.nextRequestId();
  const error = (code: keyof typeof ERRORS) => {
    world.stats.recordError(code);
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${leaf('Code', code)}${leaf(
      'Message',
      ERRORS[code].message,
    )}${leaf('AccountId', accountId)}${leaf('RequestId', requestId)}</Error>`;
    return new HttpResponse(body, {
      status: ERRORS[code].status,
      headers: {
        'content-type': 'application/xml',
        'x-amz-request-id': requestId,
      },
    });
  };

  if (!supported) return error('NotImplemented');
  if (!caller) return error(scope ? 'InvalidAccessKeyId' : 'AccessDenied');
  const fault = world.faults.decide(facts);
  if (fault) return error(FAULT_CODES[fault]);
  if (accountId !== caller.account.id) return error('AccessDenied');
  const block = caller.account.publicAccessBlock;
  if (!block) return error('NoSuchPublicAccessBlockConfiguration');
  const body = xmlDocument(
    'PublicAccessBlockConfiguration',
    S3_CONTROL_NS,
    leaf('BlockPublicAcls', block.blockPublicAcls),
    leaf('IgnorePublicAcls', block.ignorePublicAcls),
    leaf('BlockPublicPolicy', block.blockPublicPolicy),
    leaf('RestrictPublicBuckets', block.restrictPublicBuckets),
  );
  return new HttpResponse(body, {
    headers: {
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
    },
  });
}
