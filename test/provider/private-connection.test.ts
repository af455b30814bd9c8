/**
 * The private-connection proxy, black-box over real sockets: only enrolled devices with
 * a live credential get through (407 otherwise, also on the very next connection after
 * a revocation), forbidden destinations answer 403, a device's connections are bounded,
 * a client dribbling its headers is cut off, and the API answers through a proxy flood.
 * The test allowlist permits loopback, where the test's "shop" listens.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { describeEachDb, type Harness } from '../support/harness';
import { DEFAULT_PROXY_POLICY } from '../../src/provider/policy';
import { closed, get, openSocket, tunnel, type ProxyCredentials } from '../support/proxy-client';

const seen: { peer: string; headers: IncomingHttpHeaders; url: string }[] = [];
let shop: Server;
let shopHost = '';

/** 24 MiB that never repeat (SHA-256 of a counter, per 32 bytes): a byte out of place or twice shows in the hash. */
const BLOB = Buffer.concat(
  Array.from({ length: (24 * 2 ** 20) / 32 }, (_, i) => createHash('sha256').update(String(i)).digest()),
);
const BLOB_SHA = createHash('sha256').update(BLOB).digest('hex');

beforeAll(async () => {
  shop = createServer((req, res) => {
    seen.push({ peer: req.socket.remoteAddress ?? '', headers: req.headers, url: req.url ?? '' });
    if (req.url === '/blob') {
      // Sent in 1 MiB writes as fast as the proxy takes them, then the shop hangs up.
      res.writeHead(200, { 'content-length': String(BLOB.length), connection: 'close' });
      let at = 0;
      const pump = () => {
        while (at < BLOB.length) {
          const more = res.write(BLOB.subarray(at, (at += 2 ** 20)));
          if (!more) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    res.setHeader('content-type', 'text/plain');
    res.end('hello from the shop');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopHost = `127.0.0.1:${(shop.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => shop.close(() => resolve())));

async function credential(h: Harness, token: string): Promise<ProxyCredentials & { proxy: string | null }> {
  const res = await h.request<ProxyCredentials & { proxy: string | null; expires_at: string }>(
    'POST',
    '/v1/shopper/proxy-credentials',
    { token },
  );
  expect(res.status).toBe(201);
  return res.body;
}

describeEachDb(
  'private connection',
  (h) => {
    const proxyUrl = () => h().provider.proxyUrl!;

    it('answers 407 without a credential, with a wrong one, and without a device token for the credential', async () => {
      expect((await tunnel(proxyUrl(), shopHost)).status).toBe(407);
      const none = await tunnel(proxyUrl(), shopHost);
      expect(none.head).toMatch(/\r\nproxy-authenticate: Basic realm="Veil"/i);
      expect((await tunnel(proxyUrl(), shopHost, { username: 'veil', password: 'vp_made_up' })).status).toBe(407);
      // The device token is not a proxy credential.
      const s = await h().shopper(0);
      expect((await tunnel(proxyUrl(), shopHost, { username: 'veil', password: s.token })).status).toBe(407);
      expect((await h().request('POST', '/v1/shopper/proxy-credentials')).status).toBe(401);
    });

    it('tunnels and forwards for a live credential, keeps it from the shop, and records the host once a day', async () => {
      const s = await h().shopper(0);
      const cred = await credential(h(), s.token);
      expect(cred.proxy).toBe(new URL(proxyUrl()).host);
      const before = seen.length;
      const t = await tunnel(proxyUrl(), shopHost, cred);
      expect(t.status).toBe(200);
      expect(await get(t.socket, shopHost, '/checkout?secret=1')).toEqual({ status: 200, body: 'hello from the shop' });
      t.socket.destroy();
      // Plain http: an absolute-form request to the proxy itself.
      const plain = await openSocket(proxyUrl());
      const res = await get(plain, shopHost, `http://${shopHost}/page`, {
        'Proxy-Authorization': `Basic ${Buffer.from(`veil:${cred.password}`).toString('base64')}`,
      });
      expect(res).toEqual({ status: 200, body: 'hello from the shop' });
      plain.destroy();
      expect(seen.slice(before).map((r) => r.url)).toEqual(['/checkout?secret=1', '/page']);
      expect(seen.slice(before).some((r) => 'proxy-authorization' in r.headers)).toBe(false);

      await usageSettled(h());
      await h().provider.proxy!.usage.flush();
      const used = (await h().events(s.token, '?kind=proxy.used')).map((e) => e.detail.host);
      expect(used).toEqual(['127.0.0.1']);
      const rows = await h().db.query<{ connections: string; bytes_up: string; bytes_down: string }>(
        'SELECT connections, bytes_up, bytes_down FROM proxy_usage WHERE device_id = $1',
        [s.deviceId],
      );
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]!.connections)).toBe(2);
      expect(Number(rows[0]!.bytes_up)).toBeGreaterThan(0);
      expect(Number(rows[0]!.bytes_down)).toBeGreaterThan(0);
      // Only the keyed hash is stored.
      const stored = await h().db.query<{ hash: Buffer }>('SELECT hash FROM proxy_credentials WHERE device_id = $1', [
        s.deviceId,
      ]);
      expect(stored.map((r) => Buffer.from(r.hash).toString('utf8'))).not.toContain(cred.password);
      expect(Buffer.from(stored[0]!.hash).equals(h().ctx.keys.proxyCredentialHash(cred.password))).toBe(true);
    });

    it('answers 407 on the next connection after the device is revoked, and after the credential expires', async () => {
      const s = await h().shopper(0);
      const cred = await credential(h(), s.token);
      const first = await tunnel(proxyUrl(), shopHost, cred);
      expect(first.status).toBe(200); // now cached by the proxy
      first.socket.destroy();
      expect((await h().request('DELETE', `/v1/shopper/devices/${s.deviceId}`, { token: s.token })).status).toBe(204);
      expect((await tunnel(proxyUrl(), shopHost, cred)).status).toBe(407);

      const other = await h().shopper(0);
      const short = await credential(h(), other.token);
      const ok = await tunnel(proxyUrl(), shopHost, short);
      expect(ok.status).toBe(200);
      ok.socket.destroy();
      h().clock.advance(DEFAULT_PROXY_POLICY.credentialTtlS + 1);
      expect((await tunnel(proxyUrl(), shopHost, short)).status).toBe(407);
    });

    it('delivers a download whole and in order to a client that reads slower than the shop sends, then closes', async () => {
      // The tunnel reuses its read buffers for the shop's side: a read landing in one while
      // the client has not yet taken the last write from it would corrupt or repeat bytes.
      const s = await h().shopper(0);
      const t = await tunnel(proxyUrl(), shopHost, await credential(h(), s.token));
      expect(t.status).toBe(200);
      expect(await downloadBlob(t.socket)).toBe(BLOB_SHA); // resolves on the end the shop's hang-up passes on
    });

    it('lends its 1 MiB read buffers to at most tunnelBigBuffers tunnels at once; the others still deliver whole', async () => {
      const s = await h().shopper(0);
      const cred = await credential(h(), s.token);
      const big = h().provider.proxy!.bigBuffers;
      const stalled = [await tunnel(proxyUrl(), shopHost, cred), await tunnel(proxyUrl(), shopHost, cred)];
      let most = 0;
      const watch = setInterval(() => (most = Math.max(most, big.size)), 5);
      // Both clients read nothing while the shop sends: both tunnels busy, both holding a write.
      for (const t of stalled) t.socket.pause();
      for (const t of stalled) t.socket.write(`GET /blob HTTP/1.1\r\nHost: ${shopHost}\r\n\r\n`);
      for (let i = 0; i < 400 && big.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300));
      const hashes = await Promise.all(stalled.map((t) => downloadBlob(t.socket, false)));
      clearInterval(watch);
      expect(most).toBe(1); // the test's policy: one
      expect(hashes).toEqual([BLOB_SHA, BLOB_SHA]);
    });

    it('answers 502 when the shop does not take the connection', async () => {
      const s = await h().shopper(0);
      const cred = await credential(h(), s.token);
      // A loopback port nobody listens on (allowed by the test allowlist, so judged fine).
      const closedPort = createNetServer();
      await new Promise<void>((resolve) => closedPort.listen(0, '127.0.0.1', resolve));
      const { port } = closedPort.address() as AddressInfo;
      await new Promise<void>((resolve) => closedPort.close(() => resolve()));
      const t = await tunnel(proxyUrl(), `127.0.0.1:${port}`, cred);
      expect(t.status).toBe(502);
    });

    it('refuses private, link-local, metadata, unique-local and own-port destinations, and other ports (403)', async () => {
      const s = await h().shopper(0);
      const cred = await credential(h(), s.token);
      const api = new URL(h().url).host;
      const own = new URL(proxyUrl()).host;
      for (const target of [
        '10.0.0.1:443',
        '192.168.1.1:80',
        '172.16.0.1:443',
        '169.254.169.254:80',
        '100.64.0.1:80',
        '0.0.0.0:443',
        '[::1]:443',
        '[fd00:ec2::254]:80',
        '[fe80::1]:443',
        '[::ffff:169.254.169.254]:80',
        '[::ffff:a9fe:a9fe]:80',
        api, // the provider's API, on an allowed loopback address
        own, // the proxy itself
        '127.0.0.1:25', // a port not allowed
      ]) {
        expect((await tunnel(proxyUrl(), target, cred)).status, target).toBe(403);
      }
      expect((await tunnel(proxyUrl(), shopHost, cred)).status).toBe(200);
    });

    it('bounds the connections one device holds open (429 beyond)', async () => {
      const s = await h().shopper(0);
      const cred = await credential(h(), s.token);
      const open = [];
      for (let i = 0; i < 3; i++) open.push(await tunnel(proxyUrl(), shopHost, cred));
      expect(open.map((t) => t.status)).toEqual([200, 200, 200]);
      expect((await tunnel(proxyUrl(), shopHost, cred)).status).toBe(429);
      // Another device is not held back by this one.
      const other = await h().shopper(0);
      const theirs = await tunnel(proxyUrl(), shopHost, await credential(h(), other.token));
      expect(theirs.status).toBe(200);
      for (const t of [...open, theirs]) t.socket.destroy();
    });

    it('cuts off a client that dribbles its request headers', async () => {
      const socket = await openSocket(proxyUrl());
      const done = closed(socket);
      const line = `CONNECT ${shopHost} HTTP/1.1\r\nHost: ${shopHost}\r\nX-Slow: `;
      let i = 0;
      // One byte every 50 ms, for ever: never a whole head, never idle.
      const drip = setInterval(() => {
        if (socket.destroyed) return;
        socket.write(i < line.length ? line[i++]! : 'a');
      }, 50);
      const answer = await done;
      clearInterval(drip);
      expect(answer).not.toMatch(/^HTTP\/1\.1 200/);
    });

    it('keeps answering the API while the proxy is flooded', async () => {
      const s = await h().shopper(0);
      const flood: Promise<unknown>[] = [];
      const sockets: import('node:net').Socket[] = [];
      // Half-open connections holding slots, and a stream of credential-less CONNECTs.
      for (let i = 0; i < 100; i++) {
        flood.push(
          openSocket(proxyUrl()).then((sock) => {
            sockets.push(sock);
            sock.on('error', () => undefined);
            sock.write('CONNECT ');
          }),
        );
        flood.push(tunnel(proxyUrl(), shopHost).catch(() => undefined));
        flood.push(
          tunnel(proxyUrl(), shopHost, { username: 'veil', password: `vp_guess_${i}` }).catch(() => undefined),
        );
      }
      const answers = await Promise.all(
        Array.from({ length: 20 }, async () => [
          (await h().request('GET', '/healthz')).status,
          (await h().request('GET', '/v1/shopper/me', { token: s.token })).status,
        ]),
      );
      await Promise.all(flood);
      expect(answers.flat().every((st) => st === 200)).toBe(true);
      for (const sock of sockets) sock.destroy();
    });
  },
  {
    proxy: { host: '127.0.0.1', port: 0 },
    policy: {
      proxy: {
        ...DEFAULT_PROXY_POLICY,
        allow: ['127.0.0.0/8'],
        ports: [
          [80, 80],
          [443, 443],
          [1024, 65535],
        ],
        maxConnectionsPerDevice: 3,
        headerTimeoutMs: 1000,
        tunnelBigBuffers: 1,
      },
    },
  },
);

/**
 * Reads the response to a GET /blob already sent, or sends it, until the tunnel ends; the body's
 * SHA-256. Stalls for 100 ms every 64 chunks, so the proxy's writes back up while the shop sends.
 */
async function downloadBlob(socket: Socket, send = true): Promise<string> {
  if (send) socket.write(`GET /blob HTTP/1.1\r\nHost: ${shopHost}\r\n\r\n`);
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve) => socket.once('end', resolve));
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    if (chunks.length % 64 === 1) {
      socket.pause();
      setTimeout(() => socket.resume(), 100);
    }
  });
  socket.resume();
  await ended;
  socket.destroy();
  const all = Buffer.concat(chunks);
  const body = all.subarray(all.indexOf('\r\n\r\n') + 4);
  expect(body.length).toBe(BLOB.length);
  return createHash('sha256').update(body).digest('hex');
}

/** The client closed its sockets; wait until the proxy has seen them close (no connection open) before flushing. */
async function usageSettled(h: Harness): Promise<void> {
  const usage = h.provider.proxy!.usage;
  for (let i = 0; i < 400 && usage.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 25));
}
