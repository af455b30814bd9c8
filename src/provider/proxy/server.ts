/**
 * The private-connection proxy: a forward proxy on its own port, so shops see the
 * provider's address instead of the shopper's. HTTP CONNECT carries https and
 * WebSockets (browsers tunnel both through CONNECT), absolute-form requests carry
 * plain http. Built on proxy-chain (Apify's, kept for their commercial proxy service),
 * which does the HTTP proxy protocol; this file adds who (access.ts), where
 * (destinations.ts), and how much (usage.ts, the timeouts below). A tunnel's bytes, once
 * its CONNECT is let through, go by tunnel.ts rather than proxy-chain's stream pipe
 * (a fifth of the CPU per byte), except through an upstream SOCKS proxy.
 *
 * Every request: Basic credentials checked (407), destination judged and resolved once
 * (403/404; the connection goes to the address judged), a connection slot taken per
 * device (429). Every connection: a deadline for its first request's headers (a client
 * dribbling bytes is cut off), an idle timeout, a total lifetime.
 */
import { Server, RequestError, type PrepareRequestFunctionOpts, type PrepareRequestFunctionResult } from 'proxy-chain';
import type { lookup } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { ProviderContext } from '../context';
import { PROXY_USERNAME, type ProxyUser } from './access';
import { destinationRules } from './destinations';
import { BigBuffers, joinTunnel } from './tunnel';
import { ProxyUsage, type UsageRow } from './usage';

export interface ProxyListen {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The local address outgoing connections bind to (VEIL_PROXY_EGRESS): the address shops see. */
  egress?: string | undefined;
  /** An upstream SOCKS5 proxy every connection goes through (VEIL_PROXY_UPSTREAM), e.g. Tor's socks5h://127.0.0.1:9050. */
  upstream?: string | undefined;
  /** host:port clients reach the proxy at, when not the listen address (VEIL_PROXY_PUBLIC). */
  publicAddress?: string | undefined;
  /** Names the proxy answers without DNS (VEIL_PROXY_HOSTS), still judged as destinations. */
  hosts?: Record<string, string> | undefined;
}

export interface RunningProxy {
  url: string;
  usage: ProxyUsage;
  /** The tunnels' 1 MiB read buffers (a test checks their bound). */
  bigBuffers: BigBuffers;
  close(): Promise<void>;
}

/** One client connection, once its first request is let through. */
interface Conn {
  user: ProxyUser;
  host: string;
  row: UsageRow;
  hosts: Set<string>;
}

/** A DNS answer fixed to the address that was judged (no second resolution to race with). */
function fixedLookup(address: string, family: 4 | 6): typeof lookup {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as typeof lookup;
}

/** proxy-chain's server, its direct CONNECT tunnel joined by tunnel.ts; through an upstream proxy, its own. */
class TunnellingServer extends Server {
  constructor(
    options: ConstructorParameters<typeof Server>[0],
    private readonly upstream: boolean,
    readonly bigBuffers: BigBuffers,
  ) {
    super(options);
  }

  override async onConnect(request: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    if (this.upstream) return super.onConnect(request, socket, head);
    let handler: Awaited<ReturnType<Server['prepareRequestHandling']>>;
    try {
      // Parses the target and runs prepare() below: 407, 403, 429 come from here as before.
      handler = await this.prepareRequestHandling(request);
    } catch (error) {
      return this.failRequest(request, error as Error);
    }
    const target = handler.trgParsed!;
    joinTunnel(
      socket,
      head,
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: Number(target.port),
        localAddress: handler.localAddress,
        lookup: handler.dnsLookup,
      },
      this.bigBuffers,
      {
        open: () => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n'),
        fail: () =>
          this.failRequest(request, new RequestError('Veil private connection: the shop did not answer', 502)),
      },
    );
  }
}

export async function startProxy(
  ctx: ProviderContext,
  opts: ProxyListen & { ownPorts: number[]; log?: (line: string) => void },
): Promise<RunningProxy> {
  const limits = ctx.policy.proxy;
  if (opts.upstream && !/^socks5h?:\/\//.test(opts.upstream))
    throw new Error(`VEIL_PROXY_UPSTREAM must be a socks5:// or socks5h:// URL, not ${opts.upstream}`);
  const usage = new ProxyUsage(ctx);
  const conns = new WeakMap<Socket, Conn>();
  const rules = { ports: limits.ports, allow: limits.allow, resolve: !opts.upstream, hosts: opts.hosts };
  let judge = destinationRules({ ...rules, ownPorts: opts.ownPorts });

  async function prepare(req: PrepareRequestFunctionOpts): Promise<PrepareRequestFunctionResult> {
    if (req.username !== PROXY_USERNAME || !req.password)
      return { requestAuthentication: true, failMsg: 'Veil private connection: sign in to Veil' };
    const user = await ctx.proxy.check(req.password);
    if (!user)
      return { requestAuthentication: true, failMsg: 'Veil private connection: credential expired or revoked' };
    const socket = req.request.socket;
    const conn = conns.get(socket);
    if (conn && conn.user.deviceId !== user.deviceId)
      return { requestAuthentication: true, failMsg: 'one connection, one device' };
    const verdict = await judge(req.hostname, req.port);
    if (!verdict.ok) throw new RequestError(`Veil private connection: ${verdict.reason}`, verdict.status);
    const host = req.hostname.toLowerCase();
    if (!conn) {
      // Gone while we checked: its 'close' has run, so a slot taken now would never be given back.
      if (socket.destroyed) throw new RequestError('client gone', 400);
      const refused = usage.admit(user.deviceId);
      if (refused) throw new RequestError(`Veil private connection: ${refused}`, 429);
      conns.set(socket, { user, host, row: usage.used(user, host), hosts: new Set([host]) });
    } else if (!conn.hosts.has(host)) {
      // Plain http over one kept-alive connection may go to several hosts: each is counted (bytes stay with the first).
      conn.hosts.add(host);
      usage.used(user, host);
    }
    return {
      ...(opts.upstream
        ? { upstreamProxyUrl: opts.upstream }
        : { dnsLookup: fixedLookup(verdict.address, verdict.family) }),
      ...(opts.egress && !opts.upstream ? { localAddress: opts.egress } : {}),
    };
  }

  const server = new TunnellingServer(
    { port: opts.port, host: opts.host, prepareRequestFunction: prepare, authRealm: 'Veil' },
    Boolean(opts.upstream),
    new BigBuffers(limits.tunnelBigBuffers),
  );
  const http = server.server;
  http.maxConnections = limits.maxConnections;
  http.headersTimeout = limits.headerTimeoutMs;
  http.requestTimeout = limits.totalTimeoutMs;
  http.timeout = limits.idleTimeoutMs;

  const started = new WeakMap<Socket, number>();
  http.on('connection', (socket: Socket) => {
    started.set(socket, performance.now());
    socket.setTimeout(limits.idleTimeoutMs); // proxy-chain destroys a socket on 'timeout'
    // Node checks headersTimeout only every 30 s; this deadline is exact, for the first request.
    const headerDeadline = setTimeout(() => socket.destroy(), limits.headerTimeoutMs);
    const lifetime = setTimeout(() => socket.destroy(), limits.totalTimeoutMs);
    headerDeadline.unref();
    lifetime.unref();
    const headersIn = () => clearTimeout(headerDeadline);
    (socket as Socket & { veilHeadersIn?: () => void }).veilHeadersIn = headersIn;
    socket.once('close', () => {
      clearTimeout(headerDeadline);
      clearTimeout(lifetime);
      const conn = conns.get(socket);
      if (!conn) return;
      const up = socket.bytesRead;
      const down = socket.bytesWritten;
      usage.release(conn.user.deviceId, conn.row, up, down);
      // Host, bytes and time: never a path, query, header or body.
      opts.log?.(
        JSON.stringify({
          proxy: conn.host,
          bytes_up: up,
          bytes_down: down,
          ms: Math.round(performance.now() - (started.get(socket) ?? 0)),
        }),
      );
    });
  });
  const headersIn = (req: { socket: Socket }) =>
    (req.socket as Socket & { veilHeadersIn?: () => void }).veilHeadersIn?.();
  http.prependListener('request', headersIn);
  http.prependListener('connect', headersIn);

  // A revocation in another provider process reaches this one as its audit event's NOTIFY.
  const unlisten = await ctx.db.listen('veil_events', (payload) => {
    const shopperId = payload.split(' ')[0];
    if (shopperId) ctx.proxy.forgetShopper(shopperId);
  });

  await server.listen();
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const hostPart = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  ctx.proxy.address = opts.publicAddress ?? `${hostPart}:${port}`;
  // The proxy's own port is one of the provider's: refused as a destination too.
  judge = destinationRules({ ...rules, ownPorts: [...opts.ownPorts, port] });

  return {
    url: `http://${hostPart}:${port}`,
    usage,
    bigBuffers: server.bigBuffers,
    async close() {
      ctx.proxy.address = null;
      await server.close(true);
      await unlisten();
      // Sockets closed just now report their bytes on the next turns of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      await usage.close();
    },
  };
}
