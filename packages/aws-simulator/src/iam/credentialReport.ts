import { ScenarioAccount, UserAccessKey } from '../scenario/types';

/** The credential report's columns, exactly as AWS writes them. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** AWS's report timestamps: `2024-01-18T17:43:36+00:00`. */
function reportTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function keyColumns(key: UserAccessKey | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    String(key.active),
    reportTime(key.createdAt),
    key.lastUsed ? reportTime(key.lastUsed) : 'N/A',
    key.lastUsed ? (key.lastUsedRegion ?? 'eu-north-1') : 'N/A',
    key.lastUsed ? (key.lastUsedService ?? 's3') : 'N/A',
  ];
}

function passwordLastUsed(
  enabled: boolean,
  lastUsed: Date | undefined,
): string {
  if (!enabled) return 'N/A';
  return lastUsed ? reportTime(lastUsed) : 'no_information';
}

/** IAM names may contain commas (`+=,.@_-`), so quote like RFC 4180 when needed. */
function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV GetCredentialReport returns: the root account first, then every IAM user. */
export function credentialReportCsv(account: ScenarioAccount): string {
  const root = [
    '<root_account>',
    `arn:aws:iam::${account.id}:root`,
    reportTime(account.createdAt),
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    'true',
    ...keyColumns(undefined),
    ...keyColumns(undefined),
    'false',
    'N/A',
    'false',
    'N/A',
  ];
  const users = account.iam.users.map(u => [
    u.name,
    u.arn,
    reportTime(u.createdAt),
    String(u.passwordEnabled),
    passwordLastUsed(u.passwordEnabled, u.passwordLastUsed),
    u.passwordEnabled ? reportTime(u.createdAt) : 'N/A',
    'N/A',
    String(u.mfaActive),
    ...keyColumns(u.accessKeys[0]),
    ...keyColumns(u.accessKeys[1]),
    'false',
    'N/A',
    'false',
    'N/A',
  ]);
  const line = (row: readonly string[]) => row.map(csvField).join(',');
  return [line(CREDENTIAL_REPORT_COLUMNS), ...[root, ...users].map(line)].join(
    '\n',
  );
}
