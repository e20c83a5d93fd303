import { CREDENTIAL_REPORT_COLUMNS } from './credentialReport';
import { STAGING, simulator } from '../testUtils';

function between(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map(
    m => m[1],
  );
}

describe('IAM Query API', () => {
  it('returns authorization details with URL-encoded policy documents', async () => {
    const { query } = simulator();
    // The staging account attaches an AWS managed policy (AmazonS3FullAccess) to a user.
    const response = await query(
      'iam',
      { Action: 'GetAccountAuthorizationDetails' },
      STAGING.accessKeyId,
    );
    expect(response.headers.get('content-type')).toBe('text/xml');
    const xml = await response.text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<GetAccountAuthorizationDetailsResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><GetAccountAuthorizationDetailsResult><UserDetailList><member><Path>\/<\/Path><UserName>/,
    );
    expect(between(xml, 'IsTruncated')).toEqual(['false']);
    const documents = between(xml, 'PolicyDocument').map(decodeURIComponent);
    expect(documents.every(d => JSON.parse(d).Version === '2012-10-17')).toBe(
      true,
    );
    expect(between(xml, 'PolicyDocument')[0]).toMatch(
      /^%7B%22Version%22%3A%222012-10-17%22/,
    );
    // AWS managed policies appear once something attaches them, with their default version.
    expect(xml).toContain('<PolicyName>AmazonS3FullAccess</PolicyName>');
    expect(xml).toContain('<IsDefaultVersion>true</IsDefaultVersion>');
    expect(xml).not.toContain('<PolicyName>AdministratorAccess</PolicyName>');
  });

  it('pages with IsTruncated and Marker', async () => {
    const { query } = simulator({ iamPageSize: 4 });
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const xml = await (
        await query('iam', {
          Action: 'GetAccountAuthorizationDetails',
          ...(marker ? { Marker: marker } : {}),
        })
      ).text();
      names.push(...between(xml, 'UserName'), ...between(xml, 'RoleName'));
      marker = between(xml, 'Marker')[0];
      pages++;
    } while (marker);
    expect(pages).toBeGreaterThan(3);
    expect(names).toContain('securecart-backups-production');
    expect(names).toContain('bi-readonly');
    expect(new Set(names).size).toBe(names.length);
  });

  it('filters by entity type', async () => {
    const { query } = simulator();
    const xml = await (
      await query('iam', {
        Action: 'GetAccountAuthorizationDetails',
        'Filter.member.1': 'Role',
      })
    ).text();
    expect(between(xml, 'UserName')).toEqual([]);
    expect(between(xml, 'RoleName').length).toBeGreaterThan(0);
  });

  it('generates the credential report, then serves it as base64 CSV with AWS’s columns', async () => {
    const { query } = simulator();
    const before = await query('iam', { Action: 'GetCredentialReport' });
    expect(before.status).toBe(410);
    expect(await before.text()).toContain('<Code>ReportNotPresent</Code>');

    const generated = await (
      await query('iam', { Action: 'GenerateCredentialReport' })
    ).text();
    expect(between(generated, 'State')).toEqual(['COMPLETE']);

    const xml = await (
      await query('iam', { Action: 'GetCredentialReport' })
    ).text();
    expect(between(xml, 'ReportFormat')).toEqual(['text/csv']);
    const csv = Buffer.from(between(xml, 'Content')[0], 'base64').toString();
    const [header, ...rows] = csv.split('\n').map(line => line.split(','));
    expect(header).toEqual([...CREDENTIAL_REPORT_COLUMNS]);
    expect(header.slice(0, 4)).toEqual([
      'user',
      'arn',
      'user_creation_time',
      'password_enabled',
    ]);
    const row = (user: string) =>
      Object.fromEntries(
        header.map((c, i) => [c, rows.find(r => r[0] === user)![i]]),
      );
    expect(row('<root_account>').password_enabled).toBe('not_supported');
    expect(row('securecart-backups-production')).toMatchObject({
      password_enabled: 'true',
      access_key_1_active: 'true',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
    });
    expect(
      row('securecart-product-images-production').access_key_1_last_rotated,
    ).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(row('jchen').access_key_1_last_rotated).toBe('N/A');
  });

  it('keeps each account to itself', async () => {
    const { query } = simulator();
    const xml = await (
      await query(
        'iam',
        { Action: 'GetAccountAuthorizationDetails' },
        STAGING.accessKeyId,
      )
    ).text();
    expect(between(xml, 'UserName')).toContain('securecart-orders-staging');
    expect(between(xml, 'UserName')).not.toContain(
      'securecart-orders-production',
    );
  });

  it('rejects unknown keys and unknown actions like AWS', async () => {
    const { query } = simulator();
    const unknownKey = await query(
      'iam',
      { Action: 'GetCredentialReport' },
      'AKIAUNKNOWNUNKNOWN00',
    );
    expect(unknownKey.status).toBe(403);
    expect(await unknownKey.text()).toContain(
      '<Code>InvalidClientTokenId</Code>',
    );
    const unknownAction = await query('iam', { Action: 'DeleteUser' });
    expect(unknownAction.status).toBe(400);
    expect(await unknownAction.text()).toContain('<Code>InvalidAction</Code>');
  });
});

describe('STS Query API', () => {
  it('tells the caller who it is', async () => {
    const xml = await (
      await simulator().query('sts', { Action: 'GetCallerIdentity' })
    ).text();
    expect(xml).toContain(
      '<GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/backstage-posture-reader</Arn>',
    );
    expect(between(xml, 'Account')).toEqual(['111122223333']);
  });

  it('hands out role credentials that act in the role’s account', async () => {
    const { query, s3 } = simulator();
    const xml = await (
      await query('sts', {
        Action: 'AssumeRole',
        RoleArn: 'arn:aws:iam::444455556666:role/backstage-s3-posture',
        RoleSessionName: 'backstage',
        ExternalId: 'securecart-backstage',
      })
    ).text();
    const [keyId] = between(xml, 'AccessKeyId');
    expect(keyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(between(xml, 'Arn')).toEqual([
      'arn:aws:sts::444455556666:assumed-role/backstage-s3-posture/backstage',
    ]);
    const listed = await (await s3('/', { accessKeyId: keyId })).text();
    expect(listed).toContain('securecart-orders-staging');
    const whoAmI = await (
      await query('sts', { Action: 'GetCallerIdentity' }, keyId)
    ).text();
    expect(between(whoAmI, 'Account')).toEqual(['444455556666']);
  });

  it('refuses a role whose trust policy or external id does not match', async () => {
    const { query } = simulator();
    const noExternalId = await query('sts', {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::444455556666:role/backstage-s3-posture',
      RoleSessionName: 'backstage',
    });
    expect(noExternalId.status).toBe(403);
    const untrusted = await query(
      'sts',
      {
        Action: 'AssumeRole',
        RoleArn: 'arn:aws:iam::111122223333:role/bi-readonly',
        RoleSessionName: 'backstage',
      },
      STAGING.accessKeyId,
    );
    expect(await untrusted.text()).toContain('<Code>AccessDenied</Code>');
  });
});
