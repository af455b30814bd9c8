/**
 * The private connection's settings from the environment (the figures are in
 * policy.ts, ProxyPolicy):
 *   VEIL_PROXY_PORT      where the proxy listens; no proxy unless set (`npm start` sets 8790)
 *   VEIL_PROXY_HOST      its listen address (default: the provider's HOST)
 *   VEIL_PROXY_PUBLIC    host:port clients reach it at, when not the listen address
 *   VEIL_PROXY_EGRESS    the local address outgoing connections bind to: what shops see
 *   VEIL_PROXY_UPSTREAM  socks5h://127.0.0.1:9050: every connection through a SOCKS5 proxy (Tor)
 *   VEIL_PROXY_PORTS     destination ports allowed, e.g. 80,443,8443 or 8000-8999 (default 80,443)
 *   VEIL_PROXY_ALLOW     refused ranges permitted anyway, e.g. 127.0.0.0/8,10.1.2.0/24
 *   VEIL_PROXY_HOSTS     names answered without DNS, e.g. shop.internal=10.1.2.3 (still judged)
 */
import { isIP } from 'node:net';
import { DEFAULT_PROXY_POLICY, type ProxyPolicy } from '../policy';
import type { ProxyListen } from './server';

export function readProxyListen(env: NodeJS.ProcessEnv, providerHost: string): ProxyListen | undefined {
  if (!env.VEIL_PROXY_PORT) return undefined;
  const port = Number(env.VEIL_PROXY_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`VEIL_PROXY_PORT must be a port number, not ${env.VEIL_PROXY_PORT}`);
  const egress = env.VEIL_PROXY_EGRESS || undefined;
  if (egress && !isIP(egress)) throw new Error(`VEIL_PROXY_EGRESS must be an IP address, not ${egress}`);
  const upstream = env.VEIL_PROXY_UPSTREAM || undefined;
  if (upstream && !/^socks5h?:\/\/[^/\s]+:\d+\/?$/.test(upstream))
    throw new Error(`VEIL_PROXY_UPSTREAM must look like socks5h://127.0.0.1:9050, not ${upstream}`);
  return {
    host: env.VEIL_PROXY_HOST || providerHost,
    port,
    egress,
    upstream,
    publicAddress: env.VEIL_PROXY_PUBLIC || undefined,
    hosts: env.VEIL_PROXY_HOSTS ? parseHosts(env.VEIL_PROXY_HOSTS) : undefined,
  };
}

function parseHosts(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const [name, address] = part.trim().split('=');
    if (!name || !address || !isIP(address) || !/^[a-z0-9.-]+$/i.test(name))
      throw new Error(`VEIL_PROXY_HOSTS must look like shop.internal=10.1.2.3,other=::1, not ${value}`);
    out[name.toLowerCase()] = address;
  }
  return out;
}

export function readProxyPolicy(env: NodeJS.ProcessEnv): ProxyPolicy {
  return {
    ...DEFAULT_PROXY_POLICY,
    ...(env.VEIL_PROXY_PORTS ? { ports: parsePorts(env.VEIL_PROXY_PORTS) } : {}),
    ...(env.VEIL_PROXY_ALLOW ? { allow: parseAllow(env.VEIL_PROXY_ALLOW) } : {}),
  };
}

function parsePorts(value: string): [number, number][] {
  return value.split(',').map((part) => {
    const m = /^\s*(\d{1,5})(?:-(\d{1,5}))?\s*$/.exec(part);
    const lo = Number(m?.[1]);
    const hi = Number(m?.[2] ?? m?.[1]);
    if (!m || lo < 1 || hi > 65535 || lo > hi)
      throw new Error(`VEIL_PROXY_PORTS must look like 80,443,8000-8999, not ${value}`);
    return [lo, hi];
  });
}

function parseAllow(value: string): string[] {
  return value.split(',').map((part) => {
    const range = part.trim();
    const [net, bits] = range.split('/');
    const family = isIP(net ?? '');
    const max = family === 4 ? 32 : 128;
    if (!family || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max)))
      throw new Error(`VEIL_PROXY_ALLOW must be CIDR ranges like 127.0.0.0/8, not ${value}`);
    return range;
  });
}
