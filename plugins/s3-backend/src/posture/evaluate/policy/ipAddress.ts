/**
 * IPv4 and IPv6 addresses and CIDR blocks, for the IpAddress / NotIpAddress operators
 * and for reasoning about how wide an aws:SourceIp range is.
 */

export interface Cidr {
  version: 4 | 6;
  /** The network address, as a number. */
  network: bigint;
  prefixLength: number;
}

const IPV4_BITS = 32;
const IPV6_BITS = 128;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let address = text;
  // An embedded IPv4 tail (::ffff:192.0.2.1) counts as the last two groups.
  let ipv4Tail: bigint | undefined;
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.') && lastColon !== -1) {
    ipv4Tail = parseIpv4(address.slice(lastColon + 1));
    if (ipv4Tail === undefined) return undefined;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail =
    halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<string>(missing).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (ipv4Tail !== undefined) value = (value & ~0xffffffffn) | ipv4Tail;
  return value;
}

/** An address, or undefined when the text is not one. */
export function parseIp(
  text: string,
): { version: 4 | 6; value: bigint } | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const value = parseIpv6(trimmed);
    return value === undefined ? undefined : { version: 6, value };
  }
  const value = parseIpv4(trimmed);
  return value === undefined ? undefined : { version: 4, value };
}

/** `203.0.113.0/24`, `2001:db8::/32`, or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const [addressText, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const address = parseIp(addressText);
  if (!address) return undefined;
  const bits = address.version === 4 ? IPV4_BITS : IPV6_BITS;
  let prefixLength = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefixLength = Number(prefixText);
    if (prefixLength > bits) return undefined;
  }
  const hostBits = BigInt(bits - prefixLength);
  const network = (address.value >> hostBits) << hostBits;
  return { version: address.version, network, prefixLength };
}

/** Whether the block contains the address (never across IP versions). */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  const address = parseIp(ip);
  if (!address || address.version !== cidr.version) return false;
  const bits = cidr.version === 4 ? IPV4_BITS : IPV6_BITS;
  const hostBits = BigInt(bits - cidr.prefixLength);
  return address.value >> hostBits === cidr.network >> hostBits;
}

/** The number of addresses in a block. */
export function cidrSize(cidr: Cidr): bigint {
  const bits = cidr.version === 4 ? IPV4_BITS : IPV6_BITS;
  return 1n << BigInt(bits - cidr.prefixLength);
}

/** An address as text (IPv6 uncompressed, which every parser accepts). */
export function formatIp(version: 4 | 6, value: bigint): string {
  if (version === 4) {
    return [24n, 16n, 8n, 0n]
      .map(shift => String((value >> shift) & 0xffn))
      .join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(((value >> shift) & 0xffffn).toString(16));
  }
  return groups.join(':');
}
