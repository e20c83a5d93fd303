import { parseCredentialReport } from './credentialReport';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

describe('parseCredentialReport', () => {
  it('reads users, passwords and keys; N/A means nothing', () => {
    const csv = [
      HEADER,
      '<root_account>,arn:aws:iam::111122223333:root,2017-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'ci,arn:aws:iam::111122223333:user/ci,2023-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2024-01-18T17:43:36+00:00,N/A,N/A,N/A,false,2022-05-01T00:00:00+00:00,2022-06-01T10:00:00+00:00,eu-north-1,s3,false,N/A,false,N/A',
    ].join('\n');
    expect(parseCredentialReport(csv)).toEqual([
      {
        user: '<root_account>',
        arn: 'arn:aws:iam::111122223333:root',
        passwordEnabled: false,
        accessKeys: [],
      },
      {
        user: 'ci',
        arn: 'arn:aws:iam::111122223333:user/ci',
        passwordEnabled: false,
        accessKeys: [
          {
            active: true,
            lastRotated: '2024-01-18T17:43:36.000Z',
            lastUsed: undefined,
          },
          {
            active: false,
            lastRotated: '2022-05-01T00:00:00.000Z',
            lastUsed: '2022-06-01T10:00:00.000Z',
          },
        ],
      },
    ]);
  });

  it('finds columns by name and reads quoted fields (IAM names may hold commas)', () => {
    const csv =
      'arn,password_enabled,user\r\narn:aws:iam::1:user/a,true,"a,b"\r\n';
    expect(parseCredentialReport(csv)).toEqual([
      {
        user: 'a,b',
        arn: 'arn:aws:iam::1:user/a',
        passwordEnabled: true,
        accessKeys: [],
      },
    ]);
  });

  it('rejects something that is not a credential report', () => {
    expect(() => parseCredentialReport('<html>oops</html>')).toThrow(
      /no user\/arn header/,
    );
  });
});
