/**
 * Where the private-connection proxy may go. It is no open relay into the provider's
 * own network: a destination is refused when any address its name resolves to lies in
 * a range no shop lives at (loopback, private, carrier-grade NAT, link-local with the
 * cloud metadata service, unique-local IPv6, multicast, reserved), or is one of the
 * provider's own ports on this machine, unless the operator's `allow` ranges permit it;
 * and only on the allowed ports.
 *
 * The name is resolved once, here, and the proxy connects to the address that was
 * checked (proxy/server.ts hands it to the connection as its DNS answer): a second
 * resolution could answer differently (DNS rebinding).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Ranges no shop is reached at (RFC 6890 special-purpose registries, plus metadata). */
const REFUSED_V4 = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including the cloud metadata service at 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const;
const REFUSED_V6 = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local (AWS's metadata service answers at fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const;

const refused = new BlockList();
for (const [net, bits] of REFUSED_V4) refused.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of REFUSED_V6) refused.addSubnet(net, bits, 'ipv6');

export type Verdict = { ok: true; address: string; family: 4 | 6 } | { ok: false; status: 403 | 404; reason: string };

export interface DestinationRules {
  ports: readonly (readonly [number, number])[];
  /** CIDR ranges permitted despite the refused ones. */
  allow: readonly string[];
  /** Ports the provider itself listens on: refused on this machine's addresses, allowed ranges or not. */
  ownPorts: readonly number[];
  /** Resolve names (false with an upstream proxy, which resolves them itself). */
  resolve: boolean;
  /** Names answered without DNS, as /etc/hosts would (VEIL_PROXY_HOSTS); judged like any answer. */
  hosts?: Readonly<Record<string, string>> | undefined;
}

/** An address embedded in an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) one, judged as IPv4. */
function embeddedV4(address: string): string | undefined {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return undefined;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

function allowList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [net, bits] = range.split('/');
    const family = isIP(net ?? '');
    if (!family) throw new Error(`proxy allow range ${range} is not an address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    list.addSubnet(net!, bits === undefined ? (family === 4 ? 32 : 128) : Number(bits), type);
  }
  return list;
}

/** This machine's own addresses, where the provider's ports must not be reached through the proxy. */
function ownAddresses(): Set<string> {
  const out = new Set<string>(['0.0.0.0', '::']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address);
  return out;
}

export function destinationRules(rules: DestinationRules) {
  const allowed = allowList(rules.allow);
  const own = ownAddresses();

  function judgeAddress(address: string, port: number): string | undefined {
    const v4 = isIP(address) === 4 ? address : embeddedV4(address);
    const type = v4 ? 'ipv4' : 'ipv6';
    const plain = v4 ?? address;
    const isOwn = own.has(address) || own.has(plain) || refused.check(plain, type);
    if (rules.ownPorts.includes(port) && (isOwn || allowed.check(plain, type))) return "the provider's own port";
    if (refused.check(plain, type) && !allowed.check(plain, type)) return 'a private or special-purpose address';
    return undefined;
  }

  return async function judge(hostname: string, port: number): Promise<Verdict> {
    if (!rules.ports.some(([lo, hi]) => port >= lo && port <= hi))
      return { ok: false, status: 403, reason: `port ${port} is not allowed` };
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const literal = isIP(host);
    if (literal || !rules.resolve) {
      // With an upstream proxy the name travels unresolved (its exit resolves it): a
      // literal address is still judged, and so are names that only mean this machine.
      if (!literal && (host === 'localhost' || host.endsWith('.localhost')))
        return { ok: false, status: 403, reason: 'a private or special-purpose address' };
      const reason = literal ? judgeAddress(host, port) : undefined;
      if (reason) return { ok: false, status: 403, reason };
      return { ok: true, address: host, family: literal === 6 ? 6 : 4 };
    }
    let answers: { address: string; family: number }[];
    const fixed = rules.hosts?.[host];
    try {
      answers = fixed ? [{ address: fixed, family: isIP(fixed) }] : await lookup(host, { all: true, verbatim: true });
    } catch {
      return { ok: false, status: 404, reason: 'the name does not resolve' };
    }
    // Every answer is judged, not only the one used: a name that also points inside is refused.
    for (const a of answers) {
      const reason = judgeAddress(a.address, port);
      if (reason) return { ok: false, status: 403, reason };
    }
    const first = answers[0];
    if (!first) return { ok: false, status: 404, reason: 'the name does not resolve' };
    return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
  };
}
