/**
 * A client for the private-connection proxy over raw sockets, as a browser speaks to
 * it: CONNECT with Basic proxy credentials, then anything through the tunnel. Shared
 * by the provider tests and the proxy benchmark.
 */
import { connect, type Socket } from 'node:net';

export interface ProxyCredentials {
  username: string;
  password: string;
}

export function basic(cred: ProxyCredentials): string {
  return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
}

/** Reads until the end of a response head; resolves with the status and the bytes after the head. */
function readHead(socket: Socket): Promise<{ status: number; head: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      const head = buf.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, rest: buf.subarray(end + 4) });
    };
    const onClose = () => reject(new Error(`closed before a response head (${buf.length} bytes)`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', () => undefined);
  });
}

export function openSocket(proxyUrl: string): Promise<Socket> {
  const { hostname, port } = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const s = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) }, () => resolve(s));
    s.once('error', reject);
  });
}

/** CONNECT host:port through the proxy. On 200 the socket is the tunnel; otherwise it is closed. */
export async function tunnel(
  proxyUrl: string,
  target: string,
  cred?: ProxyCredentials,
): Promise<{ status: number; head: string; socket: Socket }> {
  const socket = await openSocket(proxyUrl);
  const auth = cred ? `Proxy-Authorization: ${basic(cred)}\r\n` : '';
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
  const { status, head, rest } = await readHead(socket);
  if (rest.length) socket.unshift(rest);
  if (status !== 200) socket.destroy();
  return { status, head, socket };
}

/** One HTTP/1.1 GET over an open socket (a tunnel, or the proxy itself with an absolute URL). */
export async function get(
  socket: Socket,
  target: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${target}\r\n${extra}Connection: keep-alive\r\n\r\n`);
  const { status, head, rest } = await readHead(socket);
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
  let body = rest;
  while (body.length < length) {
    body = Buffer.concat([
      body,
      await new Promise<Buffer>((resolve, reject) => {
        socket.once('data', resolve);
        socket.once('close', () => reject(new Error('closed mid-body')));
      }),
    ]);
  }
  return { status, body: body.subarray(0, length).toString('utf8') };
}

/** Resolves when the peer closes the socket; with everything it sent meanwhile. */
export function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    if (socket.destroyed) resolve(got);
    socket.once('close', () => resolve(got));
  });
}
