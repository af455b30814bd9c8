/**
 * A lean closed-loop HTTP/1.1 load generator: `connections` keep-alive sockets, each
 * sending its next request as soon as the answer to the last one is in, for a fixed
 * time. It shares the machine with the provider and PostgreSQL, so it does as little
 * as it can per request: one write of a request built as a string, one header scan of
 * the answer. autocannon, kept as `--loadgen=autocannon` to cross-check, spent 0.12–0.13 ms
 * of CPU per request here, this 0.055 ms (docs/performance.md).
 */
import { connect, type Socket } from 'node:net';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpLoadResult {
  requests: number;
  seconds: number;
  /** Latencies in ms, sorted. */
  latencies: Float64Array;
  errors: number;
  non2xx: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** The head and body of one HTTP/1.1 answer at the start of `buf`, or null if it is not all in yet. */
export function parseAnswer(buf: Buffer): { status: number; body: string; length: number } | null {
  const end = buf.indexOf(HEADER_END);
  if (end < 0) return null;
  const head = buf.toString('latin1', 0, end).toLowerCase();
  const status = Number(head.slice(9, 12));
  const cl = /\r\ncontent-length: *(\d+)/.exec(head);
  if (!cl) {
    if (head.includes('\r\ntransfer-encoding:'))
      throw new Error('chunked answers are not supported by this load generator');
    return { status, body: '', length: end + 4 };
  }
  const length = end + 4 + Number(cl[1]);
  if (buf.length < length) return null;
  return { status, body: buf.toString('utf8', end + 4, length), length };
}

/**
 * Runs the load against `origin` (http://host:port) for `seconds`; `next()` gives each
 * request, `onAnswer` sees each answer's status and body.
 */
export function runHttpLoad(
  origin: string,
  connections: number,
  seconds: number,
  next: () => LoadRequest,
  onAnswer: (status: number, body: string) => void,
): Promise<HttpLoadResult> {
  const { hostname, port, host } = new URL(origin);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  const serialize = (r: LoadRequest): string => {
    let head = `${r.method} ${r.path} HTTP/1.1\r\nhost: ${host}\r\ncontent-length: ${Buffer.byteLength(r.body)}\r\n`;
    for (const [k, v] of Object.entries(r.headers)) head += `${k}: ${v}\r\n`;
    return head + '\r\n' + r.body;
  };

  const one = (): Promise<void> =>
    new Promise((resolve) => {
      let socket: Socket;
      let buf: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let done = false;
      const send = () => {
        if (performance.now() >= deadline) {
          done = true;
          socket.end();
          return;
        }
        sentAt = performance.now();
        socket.write(serialize(next()));
      };
      const open = () => {
        buf = Buffer.alloc(0);
        socket = connect({ host: hostname, port: Number(port), noDelay: true }, send);
        socket.on('data', (chunk: Buffer) => {
          buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
          const answer = parseAnswer(buf);
          if (!answer) return;
          buf = buf.subarray(answer.length);
          latencies.push(performance.now() - sentAt);
          if (answer.status < 200 || answer.status > 299) non2xx++;
          onAnswer(answer.status, answer.body);
          send();
        });
        // The request in flight when a connection fails counts as an error; a new connection carries on.
        socket.on('error', () => errors++);
        socket.on('close', () => {
          if (done || performance.now() >= deadline) resolve();
          else setTimeout(open, 10);
        });
      };
      open();
    });

  return Promise.all(Array.from({ length: connections }, one)).then(() => {
    const sorted = Float64Array.from(latencies).sort();
    return {
      requests: latencies.length,
      seconds: (performance.now() - started) / 1000,
      latencies: sorted,
      errors,
      non2xx,
    };
  });
}

/** The latency at quantile q (0–1) of sorted latencies, in ms. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
