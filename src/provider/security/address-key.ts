/**
 * The key a per-address throttle counts a client under. One IPv6 host is normally
 * given a whole /64 (RFC 4291's interface identifiers, SLAAC privacy addresses), so
 * counting each IPv6 address apart gives one client 2^64 fresh allowances: IPv6 is
 * counted by its /64. An IPv4-mapped IPv6 address (::ffff:192.0.2.1, what a dual-stack
 * socket reports for an IPv4 client) is that IPv4 address, counted as such.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 as is; IPv4-mapped IPv6 as its IPv4 address; other IPv6 as "<first 64 bits>::/64"; anything else as is. */
export function addressKey(address: string): string {
  if (isIPv4(address)) return address;
  const bare = address.replace(/%.*$/, ''); // a zone ("fe80::1%eth0") names a local interface, not a host
  if (!isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address ("::" expanded, a dotted IPv4 tail as two groups). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
