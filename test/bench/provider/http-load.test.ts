/** The bench's load generator against a real HTTP server: what it counts is what was answered. */
import { afterEach, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAnswer, quantile, runHttpLoad } from './http-load';

let server: Server | undefined;
afterEach(() => new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())));

/** Answers each POST with its body's `n` echoed; every third with 500; every fifth closes the connection after answering. */
async function echoServer(): Promise<{ origin: string; seen: () => number }> {
  let seen = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen++;
      const { n } = JSON.parse(body) as { n: number };
      const text = JSON.stringify({ n, reason: 'é' });
      res.writeHead(n % 3 === 0 ? 500 : 200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...(n % 5 === 0 ? { connection: 'close' } : {}),
      });
      res.end(text);
    });
  });
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen };
}

it('keeps every connection busy for the duration and counts each answer once, reconnecting when the server closes', async () => {
  const { origin, seen } = await echoServer();
  let n = 0;
  const answers: { status: number; n: number; reason: string }[] = [];
  const r = await runHttpLoad(
    origin,
    3,
    1,
    () => ({
      method: 'POST',
      path: '/x',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: ++n }),
    }),
    (status, body) => {
      const parsed = JSON.parse(body) as { n: number; reason: string };
      answers.push({ status, ...parsed });
    },
  );
  // Enough answers that connections were closed by the server (every fifth) and reopened; a loaded machine gives fewer, not none.
  expect(r.requests).toBeGreaterThanOrEqual(10);
  expect(r.requests).toBe(answers.length);
  expect(r.requests).toBe(seen());
  expect(r.errors).toBe(0);
  expect(r.non2xx).toBe(answers.filter((a) => a.n % 3 === 0).length);
  expect(answers.every((a) => a.status === (a.n % 3 === 0 ? 500 : 200) && a.reason === 'é')).toBe(true);
  expect(new Set(answers.map((a) => a.n)).size).toBe(answers.length);
  expect(r.seconds).toBeGreaterThanOrEqual(1);
  expect([...r.latencies]).toEqual([...r.latencies].sort((a, b) => a - b));
  expect(quantile(r.latencies, 0.5)).toBeLessThanOrEqual(quantile(r.latencies, 0.99));
});

it('reads an answer only once all of it is in, and refuses chunked answers', () => {
  const full = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' + 'HTTP/1.1 204 No Content\r\n');
  expect(parseAnswer(full.subarray(0, 30))).toBeNull();
  expect(parseAnswer(full.subarray(0, 40))).toBeNull();
  expect(parseAnswer(full)).toEqual({ status: 200, body: 'hello', length: 43 });
  expect(() =>
    parseAnswer(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n')),
  ).toThrow(/chunked/);
});

it('gives the quantiles of sorted latencies', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  expect(quantile(sorted, 0.5)).toBe(50);
  expect(quantile(sorted, 0.99)).toBe(99);
  expect(quantile(new Float64Array(), 0.5)).toBeNaN();
});
