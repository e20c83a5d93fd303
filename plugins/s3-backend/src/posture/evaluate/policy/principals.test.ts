import {
  accountOfAwsPrincipal,
  isAccountPrincipal,
  isEveryone,
  matchesPrincipal,
} from './principals';
import { RequestPrincipal } from './types';

const anonymous: RequestPrincipal = { type: 'anonymous' };
const deployer: RequestPrincipal = {
  type: 'account',
  accountId: '123456789012',
  arn: 'arn:aws:iam::123456789012:role/deployer',
};
const session: RequestPrincipal = {
  type: 'account',
  accountId: '123456789012',
  arn: 'arn:aws:sts::123456789012:assumed-role/deployer/ci-run-42',
};
const alice: RequestPrincipal = {
  type: 'account',
  accountId: '123456789012',
  arn: 'arn:aws:iam::123456789012:user/alice',
};
const stranger: RequestPrincipal = {
  type: 'account',
  accountId: '444455556666',
};
const cloudtrail: RequestPrincipal = {
  type: 'service',
  service: 'cloudtrail.amazonaws.com',
};

describe('matchesPrincipal', () => {
  it('"*" and {"AWS": "*"} cover everyone, anonymous included', () => {
    for (const spec of ['*' as const, { AWS: ['*'] }]) {
      expect(
        [anonymous, deployer, stranger, cloudtrail].map(p =>
          matchesPrincipal(spec, p),
        ),
      ).toEqual([true, true, true, true]);
    }
  });

  it('an account id covers every principal of that account and no other', () => {
    const spec = { AWS: ['123456789012'] };
    expect(matchesPrincipal(spec, deployer)).toBe(true);
    expect(matchesPrincipal(spec, alice)).toBe(true);
    expect(matchesPrincipal(spec, stranger)).toBe(false);
    expect(matchesPrincipal(spec, anonymous)).toBe(false);
  });

  it('an account root ARN covers every principal of that account', () => {
    const spec = { AWS: ['arn:aws:iam::123456789012:root'] };
    expect(matchesPrincipal(spec, deployer)).toBe(true);
    expect(
      matchesPrincipal(spec, { type: 'account', accountId: '123456789012' }),
    ).toBe(true);
    expect(matchesPrincipal(spec, stranger)).toBe(false);
  });

  it('a role ARN covers that role and its sessions only', () => {
    const spec = { AWS: ['arn:aws:iam::123456789012:role/deployer'] };
    expect(matchesPrincipal(spec, deployer)).toBe(true);
    expect(matchesPrincipal(spec, session)).toBe(true);
    expect(matchesPrincipal(spec, alice)).toBe(false);
    expect(
      matchesPrincipal(spec, { type: 'account', accountId: '123456789012' }),
    ).toBe(false);
  });

  it('a role ARN with a path covers the role', () => {
    const spec = { AWS: ['arn:aws:iam::123456789012:role/ci/deployer'] };
    expect(matchesPrincipal(spec, session)).toBe(true);
  });

  it('a user ARN covers that user only', () => {
    const spec = { AWS: ['arn:aws:iam::123456789012:user/alice'] };
    expect(matchesPrincipal(spec, alice)).toBe(true);
    expect(matchesPrincipal(spec, deployer)).toBe(false);
  });

  it('a Service principal covers that service only, ignoring case', () => {
    const spec = { Service: ['CloudTrail.amazonaws.com'] };
    expect(matchesPrincipal(spec, cloudtrail)).toBe(true);
    expect(
      matchesPrincipal(spec, {
        type: 'service',
        service: 'logging.s3.amazonaws.com',
      }),
    ).toBe(false);
    expect(matchesPrincipal(spec, deployer)).toBe(false);
  });

  it('CanonicalUser and Federated principals never match the callers simulated', () => {
    const spec = {
      CanonicalUser: [
        '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      ],
      Federated: ['cognito-identity.amazonaws.com'],
    };
    expect(
      [anonymous, deployer, cloudtrail].some(p => matchesPrincipal(spec, p)),
    ).toBe(false);
  });

  it('any entry of a list will do', () => {
    const spec = {
      AWS: ['444455556666', 'arn:aws:iam::123456789012:user/alice'],
    };
    expect(matchesPrincipal(spec, alice)).toBe(true);
    expect(matchesPrincipal(spec, stranger)).toBe(true);
    expect(matchesPrincipal(spec, deployer)).toBe(false);
  });
});

describe('account helpers', () => {
  it.each([
    ['123456789012', '123456789012', true],
    ['arn:aws:iam::123456789012:root', '123456789012', true],
    ['arn:aws:iam::123456789012:role/x', '123456789012', false],
    ['arn:aws:sts::123456789012:assumed-role/x/y', '123456789012', false],
    ['AROAEXAMPLEID', undefined, false],
  ])('%s names account %s (whole account: %s)', (value, account, whole) => {
    expect(accountOfAwsPrincipal(value)).toBe(account);
    expect(isAccountPrincipal(value)).toBe(whole);
  });

  it('isEveryone', () => {
    expect(isEveryone('*')).toBe(true);
    expect(isEveryone({ AWS: ['*'] })).toBe(true);
    expect(isEveryone({ AWS: ['123456789012'] })).toBe(false);
  });
});
