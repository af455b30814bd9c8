/**
 * `npm run bench -- proxy`: the private-connection proxy on loopback (issue 21), against a
 * local HTTP server, with a real provider (PGlite) checking the credential:
 * - proxy_direct_mb_s / proxy_tunnel_mb_s: a 64 MiB download over a kept-alive
 *   connection, directly and through a CONNECT tunnel (median of 5); proxy_throughput_ratio
 *   the second over the first (target ≥ 0.5);
 * - proxy_added_ms: what the proxy adds to one request on a fresh connection (connect,
 *   CONNECT with the credential, GET) over the same request direct: p50 (`value`, target
 *   ≤ 5 ms) and p95, from 400 interleaved samples of each.
 * Every figure carries the load average before and after: on a shared 2-core machine the
 * neighbours are measured too.
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { AddressInfo, Socket } from 'node:net';
import { openPglite } from '../../src/provider/db/db';
import { startProvider } from '../../src/provider/start';
import { DEFAULT_PROXY_POLICY } from '../../src/provider/policy';
import { get, openSocket, tunnel, type ProxyCredentials } from '../support/proxy-client';
import type { Metric } from './metric';

const BLOB = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 7);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Reads one response of `length` body bytes after its head; resolves with the seconds it took. */
async function download(socket: Socket, host: string): Promise<number> {
  const start = performance.now();
  socket.write(`GET /blob HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  let seen = 0;
  let headEnd = -1;
  let head = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (headEnd < 0) {
        head = Buffer.concat([head, chunk]);
        headEnd = head.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        seen = head.length - headEnd - 4;
      } else seen += chunk.length;
      if (seen >= BLOB) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('closed mid-download')));
  });
  return (performance.now() - start) / 1000;
}

export async function run(): Promise<Metric[]> {
  const loadBefore = loadavg()[0]!;
  const target = createServer((req, res) => {
    if (req.url === '/blob') {
      res.writeHead(200, { 'content-length': String(BLOB), 'content-type': 'application/octet-stream' });
      let sent = 0;
      const pump = () => {
        while (sent < BLOB) {
          sent += CHUNK.length;
          if (!res.write(CHUNK)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(target.address() as AddressInfo).port}`;

  const db = await openPglite();
  const provider = await startProvider({
    db,
    masterKey: randomBytes(32),
    sweepMs: 0,
    webhookMs: 0,
    proxy: { host: '127.0.0.1', port: 0 },
    policy: { proxy: { ...DEFAULT_PROXY_POLICY, allow: ['127.0.0.0/8'], ports: [[1024, 65535]] } },
  });
  try {
    const signup = (await (
      await fetch(`${provider.url}/v1/shopper/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bench@example.com', password: 'a long enough password', device_name: 'bench' }),
      })
    ).json()) as { device_token: string };
    const cred = (await (
      await fetch(`${provider.url}/v1/shopper/proxy-credentials`, {
        method: 'POST',
        headers: { authorization: `Bearer ${signup.device_token}` },
      })
    ).json()) as ProxyCredentials;
    const proxyUrl = provider.proxyUrl!;

    // Throughput: kept-alive connections, one download at a time.
    const direct = await openSocket(`http://${host}`);
    const t = await tunnel(proxyUrl, host, cred);
    if (t.status !== 200) throw new Error(`the proxy answered ${t.status}`);
    const rates = { direct: [] as number[], tunnel: [] as number[] };
    for (let i = 0; i < 5; i++) {
      rates.direct.push(BLOB / 2 ** 20 / (await download(direct, host)));
      rates.tunnel.push(BLOB / 2 ** 20 / (await download(t.socket, host)));
    }
    direct.destroy();
    t.socket.destroy();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const directRate = median(rates.direct);
    const tunnelRate = median(rates.tunnel);

    // Latency: one request on a fresh connection, direct and proxied, interleaved.
    const samples = { direct: [] as number[], proxied: [] as number[] };
    for (let i = 0; i < 400; i++) {
      let start = performance.now();
      const d = await openSocket(`http://${host}`);
      await get(d, host, '/tiny');
      samples.direct.push(performance.now() - start);
      d.destroy();
      start = performance.now();
      const p = await tunnel(proxyUrl, host, cred);
      await get(p.socket, host, '/tiny');
      samples.proxied.push(performance.now() - start);
      p.socket.destroy();
    }
    const sd = samples.direct.sort((a, b) => a - b);
    const sp = samples.proxied.sort((a, b) => a - b);
    const round = (x: number, digits = 2) => Number(x.toFixed(digits));
    const load = `${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
    return [
      { metric: 'proxy_direct_mb_s', value: round(directRate, 0), unit: 'MB/s', load },
      { metric: 'proxy_tunnel_mb_s', value: round(tunnelRate, 0), unit: 'MB/s', load },
      { metric: 'proxy_throughput_ratio', value: round(tunnelRate / directRate), target: '≥ 0.5', load },
      {
        metric: 'proxy_added_ms',
        value: round(percentile(sp, 0.5) - percentile(sd, 0.5)),
        p95: round(percentile(sp, 0.95) - percentile(sd, 0.95)),
        direct_p50: round(percentile(sd, 0.5)),
        proxied_p50: round(percentile(sp, 0.5)),
        unit: 'ms',
        target: 'p50 ≤ 5',
        load,
      },
    ];
  } finally {
    await provider.close();
    await db.close();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  }
}
