import { isCallerControlledKey } from './callerControlledKeys';

describe('isCallerControlledKey', () => {
  it.each([
    's3:x-amz-server-side-encryption',
    's3:x-amz-acl',
    's3:prefix',
    's3:TlsVersion',
    'aws:SecureTransport',
    'aws:RequestTag/team',
    'aws:TagKeys',
    'aws:PrincipalTag/team',
  ])('the caller chooses %s', key => {
    expect(isCallerControlledKey(key)).toBe(true);
  });

  it.each([
    'aws:SourceIp',
    'aws:SourceVpce',
    'AWS:SOURCEVPC',
    'aws:PrincipalOrgID',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:userid',
    's3:authType',
    's3:signatureAge',
    'aws:CurrentTime',
    'aws:ResourceTag/team',
  ])('the caller cannot choose %s', key => {
    expect(isCallerControlledKey(key)).toBe(false);
  });
});
