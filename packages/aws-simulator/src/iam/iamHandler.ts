import { QueryResponder, memberList, queryFault } from '../http/queryProtocol';
import { Caller, World } from '../world';
import { leaf } from '../xml';
import {
  authorizationItems,
  authorizationPageXml,
} from './authorizationDetails';
import { credentialReportCsv } from './credentialReport';

export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const IAM_VERSION = '2010-05-08';

type Action = (
  form: URLSearchParams,
  caller: Caller,
  respond: QueryResponder,
) => Response;

/** Markers are opaque to clients; here they carry the offset of the next item. */
function markerOf(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function offsetOf(marker: string | null): number | undefined {
  if (!marker) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64').toString());
  return match ? Number(match[1]) : undefined;
}

function actions(world: World): Record<string, Action> {
  return {
    GetAccountAuthorizationDetails: (form, caller, respond) => {
      const filter = memberList(form, 'Filter');
      const items = authorizationItems(world.scenario, caller.account).filter(
        item => filter.length === 0 || filter.includes(item.kind),
      );
      const offset = offsetOf(form.get('Marker'));
      if (offset === undefined) {
        return respond.error('ValidationError', 'Invalid Marker');
      }
      const pageSize = Math.min(
        Number(form.get('MaxItems') ?? 100),
        world.faults.iamPageSize,
      );
      const page = items.slice(offset, offset + pageSize);
      const truncated = offset + pageSize < items.length;
      return respond.result(
        'GetAccountAuthorizationDetails',
        authorizationPageXml(page),
        leaf('IsTruncated', truncated),
        truncated ? leaf('Marker', markerOf(offset + pageSize)) : '',
      );
    },
    GenerateCredentialReport: (_form, caller, respond) => {
      const existed = world.markReportGenerated(caller.account.id);
      return respond.result(
        'GenerateCredentialReport',
        leaf('State', 'COMPLETE'),
        leaf(
          'Description',
          existed
            ? 'Report is available'
            : 'No report exists. Starting a new report generation task',
        ),
      );
    },
    GetCredentialReport: (_form, caller, respond) => {
      if (!world.reportGenerated(caller.account.id)) {
        return respond.error(
          'ReportNotPresent',
          'Credential report does not exist. Use GenerateCredentialReport to generate a credential report.',
        );
      }
      const csv = credentialReportCsv(caller.account);
      return respond.result(
        'GetCredentialReport',
        leaf('Content', Buffer.from(csv).toString('base64')),
        leaf('ReportFormat', 'text/csv'),
        leaf('GeneratedTime', new Date()),
      );
    },
  };
}

/** The IAM Query API calls the collector makes. */
export function handleIam(
  action: string,
  form: URLSearchParams,
  caller: Caller,
  world: World,
): Response {
  const respond = new QueryResponder(world, IAM_NS);
  const fault = world.faults.decide({
    operation: `iam:${action}`,
    account: caller.account.id,
  });
  if (fault) {
    const { code, message } = queryFault(fault, caller.arn, `iam:${action}`);
    return respond.error(code, message);
  }
  const run = actions(world)[action];
  if (!run) {
    return respond.error(
      'InvalidAction',
      `Could not find operation ${action} for version ${IAM_VERSION}`,
    );
  }
  return run(form, caller, respond);
}
