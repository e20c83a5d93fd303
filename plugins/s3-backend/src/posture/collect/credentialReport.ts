import { IamCredential } from '@s3-posture/plugin-s3-node';

/** Values AWS writes where there is nothing to report. */
const NOTHING = new Set(['N/A', 'no_information', 'not_supported', '']);

/** Minimal RFC 4180 reader: IAM user names may contain commas, so fields may be quoted. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function dateOf(value: string | undefined): string | undefined {
  if (value === undefined || NOTHING.has(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The IAM credential report (CSV) as the snapshot keeps it: per user, whether a console
 * password exists and each existing access key's state, age and last use. Columns are
 * found by name, so AWS adding columns breaks nothing.
 */
export function parseCredentialReport(csv: string): IamCredential[] {
  const [header, ...rows] = parseCsv(csv.trim());
  if (!header?.includes('user') || !header.includes('arn')) {
    throw new Error('The credential report has no user/arn header');
  }
  const column = (row: string[], name: string) => {
    const i = header.indexOf(name);
    return i < 0 ? undefined : row[i];
  };
  return rows
    .filter(row => row.length > 1)
    .map(row => ({
      user: column(row, 'user') ?? '',
      arn: column(row, 'arn') ?? '',
      passwordEnabled: column(row, 'password_enabled') === 'true',
      accessKeys: [1, 2].flatMap(n => {
        const active = column(row, `access_key_${n}_active`) === 'true';
        const lastRotated = dateOf(column(row, `access_key_${n}_last_rotated`));
        // A key slot with no date and not active holds no key.
        if (!active && !lastRotated) return [];
        return [
          {
            active,
            lastRotated,
            lastUsed: dateOf(column(row, `access_key_${n}_last_used_date`)),
          },
        ];
      }),
    }));
}
