/**
 * `npm run bench -- proxy`: the private-connection proxy on loopback (issue 21), against a
 * local HTTP server, with a real provider (PGlite) checking the credential. The provider
 * runs as its own process, started as operators start it (`src/provider/cli.ts` with
 * VEIL_PROXY_PORT): in one process the proxy would share one thread with both ends of the
 * transfer, and a tunnel, which copies every byte twice more than a direct connection
 * (read into the proxy, written out of it), could then reach at most about half of
 * direct whatever the proxy did (0.38–0.53 measured so); the shop and the shopper are
 * never on the proxy's thread.
 * - proxy_direct_mb_s / proxy_tunnel_mb_s: a 64 MiB download over a kept-alive
 *   connection, directly and through a CONNECT tunnel, alternating, after one untimed
 *   download on each (median of 7); proxy_throughput_ratio the second over the first
 *   (target ≥ 0.5). Each carries the CPU time one download took, per process (mean of
 *   the 7): `cpu_ms_bench` for this process (the shop's server and the client, one
 *   thread), `cpu_ms_proxy` for the provider's, to tell which of them bounds the rate;
 * - proxy_added_ms: what the proxy adds to one request on a fresh connection (connect,
 *   CONNECT with the credential, GET) over the same request direct: p50 (`value`, target
 *   ≤ 5 ms) and p95, from 400 interleaved samples of each.
 * Every figure carries the load average before and after: on a shared 2-core machine the
 * neighbours are measured too.
 */
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { startProviderProcess } from '../support/provider-process';
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

/** CPU time (user + system) a process has used, in ms; Linux's /proc, in clock ticks of 10 ms. */
function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined; // not Linux: the figure goes without it
  }
}

/** CPU time used by this process, in ms. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A port free now, for the provider process's proxy (its HTTP port is picked by the provider itself). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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

  const dir = await mkdtemp(join(tmpdir(), 'veil-bench-proxy-'));
  const proxyPort = await freePort();
  const provider = await startProviderProcess({
    env: {
      VEIL_DATA_DIR: join(dir, 'data'),
      HOST: '127.0.0.1',
      VEIL_PROXY_PORT: String(proxyPort),
      VEIL_PROXY_HOST: '127.0.0.1',
      VEIL_PROXY_ALLOW: '127.0.0.0/8',
      VEIL_PROXY_PORTS: '1024-65535',
    },
    timeoutMs: 120_000, // a first start creates the embedded database
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
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;

    // Throughput: kept-alive connections, one download at a time; the first of each warms up.
    const direct = await openSocket(`http://${host}`);
    const t = await tunnel(proxyUrl, host, cred);
    if (t.status !== 200) throw new Error(`the proxy answered ${t.status}`);
    const rates = { direct: [] as number[], tunnel: [] as number[] };
    const cpu = { direct: 0, tunnelBench: 0, tunnelProxy: 0 as number | undefined };
    await download(direct, host);
    await download(t.socket, host);
    for (let i = 0; i < 7; i++) {
      let own = ownCpuMs();
      rates.direct.push(BLOB / 2 ** 20 / (await download(direct, host)));
      cpu.direct += ownCpuMs() - own;
      own = ownCpuMs();
      const proxyBefore = processCpuMs(provider.pid);
      rates.tunnel.push(BLOB / 2 ** 20 / (await download(t.socket, host)));
      cpu.tunnelBench += ownCpuMs() - own;
      const proxyAfter = processCpuMs(provider.pid);
      cpu.tunnelProxy =
        cpu.tunnelProxy === undefined || proxyBefore === undefined || proxyAfter === undefined
          ? undefined
          : cpu.tunnelProxy + proxyAfter - proxyBefore;
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
      {
        metric: 'proxy_direct_mb_s',
        value: round(directRate, 0),
        unit: 'MB/s',
        cpu_ms_bench: round(cpu.direct / 7, 0),
        load,
      },
      {
        metric: 'proxy_tunnel_mb_s',
        value: round(tunnelRate, 0),
        unit: 'MB/s',
        cpu_ms_bench: round(cpu.tunnelBench / 7, 0),
        ...(cpu.tunnelProxy === undefined ? {} : { cpu_ms_proxy: round(cpu.tunnelProxy / 7, 0) }),
        load,
      },
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
    await provider.stop();
    await rm(dir, { recursive: true, force: true });
    await new Promise<void>((resolve) => target.close(() => resolve()));
  }
}
