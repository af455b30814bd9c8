/**
 * A burst: N requests that reach the provider at once. Each new connection costs a
 * handshake, which spreads requests out; here N keep-alive connections are opened
 * first (one cheap GET each), then every request is written on its own open
 * connection in the same turn, so the provider reads them in the same few turns of its
 * event loop — the condition under which a read-then-count throttle lets them all by.
 */
import { Agent, request } from 'node:http';

export interface BurstResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

function send<T>(
  agent: Agent,
  url: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown },
): Promise<BurstResponse<T>> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T }),
      );
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Sends `bodies.length` requests at once, each on a connection opened beforehand. */
export async function burst<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  requests: { token?: string; body?: unknown }[],
): Promise<BurstResponse<T>[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: requests.length, maxFreeSockets: requests.length });
  try {
    await Promise.all(requests.map(() => send(agent, url, 'GET', '/healthz', {})));
    return await Promise.all(requests.map((r) => send<T>(agent, url, method, path, r)));
  } finally {
    agent.destroy();
  }
}
