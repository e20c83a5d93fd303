import {
  cidrContains,
  cidrSize,
  formatIp,
  parseCidr,
  parseIp,
} from './ipAddress';

describe('parseIp', () => {
  it.each([
    ['192.0.2.1', 4],
    ['0.0.0.0', 4],
    ['255.255.255.255', 4],
    ['2001:db8::1', 6],
    ['::', 6],
    ['::1', 6],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 6],
    ['::ffff:192.0.2.1', 6],
  ])('reads %s as IPv%s', (text, version) => {
    expect(parseIp(text)?.version).toBe(version);
  });

  it.each([
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    'a.b.c.d',
    '2001:db8::1::2',
    '12345::',
    'gggg::',
    '',
  ])('rejects %s', text => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('reads compressed and full IPv6 forms alike', () => {
    expect(parseIp('2001:db8::1')?.value).toBe(
      parseIp('2001:0db8:0:0:0:0:0:1')?.value,
    );
  });
});

describe('parseCidr and cidrContains', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.200', true],
    ['203.0.113.0/24', '203.0.114.1', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7/32', '203.0.113.8', false],
    ['0.0.0.0/0', '198.51.100.7', true],
    ['10.0.0.0/8', '10.255.1.1', true],
    ['10.1.2.3/8', '10.9.9.9', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::/0', '2001:db8::1', true],
    ['2001:db8::1', '2001:db8::1', true],
    // Never across versions.
    ['0.0.0.0/0', '2001:db8::1', false],
    ['::/0', '192.0.2.1', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    const parsed = parseCidr(cidr);
    expect(parsed).toBeDefined();
    expect(cidrContains(parsed!, ip)).toBe(expected);
  });

  it.each([
    '203.0.113.0/33',
    '2001:db8::/129',
    '203.0.113.0/',
    '203.0.113.0/x',
    'nonsense/8',
    '1.2.3.4/8/9',
  ])('rejects %s', text => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('does not match a request value that is not an address', () => {
    expect(cidrContains(parseCidr('0.0.0.0/0')!, 'not-an-ip')).toBe(false);
  });

  it('sizes and formats blocks', () => {
    expect(cidrSize(parseCidr('10.0.0.0/8')!)).toBe(16777216n);
    expect(formatIp(4, parseCidr('10.1.2.3/8')!.network)).toBe('10.0.0.0');
    expect(formatIp(6, parseIp('2001:db8::1')!.value)).toBe(
      '2001:db8:0:0:0:0:0:1',
    );
  });
});
