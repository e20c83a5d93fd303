import { HttpResponse } from 'msw';
import { FaultKind } from '../knobs';
import { World } from '../world';
import { leaf, node, xmlDocument } from '../xml';

/** Errors every Query API service (IAM, STS) shares, with AWS's status and wording. */
const COMMON_ERRORS = {
  AccessDenied: { status: 403, type: 'Sender' },
  InvalidClientTokenId: { status: 403, type: 'Sender' },
  MissingAuthenticationToken: { status: 403, type: 'Sender' },
  Throttling: { status: 400, type: 'Sender' },
  ServiceFailure: { status: 500, type: 'Receiver' },
  InvalidAction: { status: 400, type: 'Sender' },
  ValidationError: { status: 400, type: 'Sender' },
  NoSuchEntity: { status: 404, type: 'Sender' },
  ReportNotPresent: { status: 410, type: 'Sender' },
  ReportInProgress: { status: 404, type: 'Sender' },
} as const;

export type QueryErrorCode = keyof typeof COMMON_ERRORS;

/** The error an injected fault turns into, worded like AWS's. */
export function queryFault(
  fault: FaultKind,
  callerArn: string,
  action: string,
): { code: QueryErrorCode; message: string } {
  switch (fault) {
    case 'AccessDenied':
      return {
        code: 'AccessDenied',
        message: `User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      };
    case 'Throttling':
      return { code: 'Throttling', message: 'Rate exceeded' };
    default:
      return { code: 'ServiceFailure', message: 'An internal error occurred' };
  }
}

/** Answers in one Query API's envelope (`<ActionResponse><ActionResult>…`). */
export class QueryResponder {
  private readonly requestId: string;

  constructor(
    private readonly world: World,
    private readonly xmlns: string,
  ) {
    this.requestId = world.nextRequestId();
  }

  result(action: string, ...resultChildren: string[]): Response {
    const body = xmlDocument(
      `${action}Response`,
      this.xmlns,
      node(`${action}Result`, ...resultChildren),
      node('ResponseMetadata', leaf('RequestId', this.requestId)),
    );
    return new HttpResponse(body, {
      headers: {
        'content-type': 'text/xml',
        'x-amzn-requestid': this.requestId,
      },
    });
  }

  error(code: QueryErrorCode, message: string): Response {
    this.world.stats.recordError(code);
    const { status, type } = COMMON_ERRORS[code];
    const body = xmlDocument(
      'ErrorResponse',
      this.xmlns,
      node(
        'Error',
        leaf('Type', type),
        leaf('Code', code),
        leaf('Message', message),
      ),
      leaf('RequestId', this.requestId),
    );
    return new HttpResponse(body, {
      status,
      headers: {
        'content-type': 'text/xml',
        'x-amzn-requestid': this.requestId,
      },
    });
  }
}

/** `Filter.member.1=User&Filter.member.2=Role` → `['User', 'Role']`. */
export function memberList(form: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) {
    out.push(form.get(`${name}.member.${i}`)!);
  }
  return out;
}
