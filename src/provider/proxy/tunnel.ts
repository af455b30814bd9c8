/**
 * The bytes of a CONNECT tunnel with no upstream proxy: the client's socket joined to a
 * new one to the destination, both ways, until either side closes. proxy-chain still
 * parses the CONNECT and runs the credential and destination checks (server.ts); this
 * replaces only its `direct()`, which pipes the two sockets as streams.
 *
 * Why: a socket read as a stream gets a fresh 64 KiB buffer for every read, so each
 * 64 KiB of a download cost the proxy a read, a write, a buffer for the collector and a
 * pass through the stream machinery (strace over 512 MiB tunnelled: 8,334 reads, 978
 * brk). Nearly all of a shop's bytes come from the destination (pages, images, scripts),
 * so that side is read with net's `onread` into the tunnel's own buffer, which grows to
 * READ_MAX once a read fills it: a busy download takes what the kernel holds in one read
 * (637 reads for the same 512 MiB) and allocates nothing per read. The client's side
 * (requests, small) stays a stream pipe.
 *
 * The buffer is reused, so nothing may be read into it while a write from it is still
 * queued: when the client does not take a write at once (it reads slower than the shop
 * sends), reading from the destination stops until that write has gone, which is also
 * the tunnel's backpressure.
 */
import { connect, type Socket, type TcpNetConnectOpts } from 'node:net';

/** What Node reads at a time by default: a quiet tunnel (a WebSocket, a kept-alive page) holds no more. */
const READ_FIRST = 64 * 1024;
/** A busy tunnel's buffer: larger reads stopped paying off past this on loopback. */
const READ_MAX = 1024 * 1024;

export interface TunnelEvents {
  /** The destination accepted the connection: answer the CONNECT with 200. */
  open(): void;
  /** It could not be reached: answer the CONNECT with an error (nothing was sent yet). */
  fail(error: Error): void;
}

export function joinTunnel(
  client: Socket,
  head: Buffer,
  destination: Pick<TcpNetConnectOpts, 'host' | 'port' | 'localAddress' | 'lookup' | 'family'>,
  events: TunnelEvents,
): void {
  let buffer = Buffer.allocUnsafe(READ_FIRST);
  let opened = false;
  // A write from `buffer` is still queued: reading waits until the client has taken it.
  let held = false;
  const written = () => {
    if (held && client.writableLength === 0) {
      held = false;
      shop.resume();
    }
  };

  const shop = connect({
    ...destination,
    // The proxy forwards what it reads at once: coalescing is the ends' business, not a hop's.
    noDelay: true,
    onread: {
      // Asked again after every read: a grown buffer serves from the next read on.
      buffer: () => buffer,
      callback(n: number, buf: Buffer): boolean {
        // The client is gone: keep reading (and dropping) so the shop's close still arrives.
        if (client.destroyed) return true;
        client.write(buf.subarray(0, n), written);
        // The read filled the buffer: more was waiting. The old one stays with its write, if queued.
        if (n === buf.length && buf.length < READ_MAX) buffer = Buffer.allocUnsafe(READ_MAX);
        if (buf === buffer && client.writableLength > 0) {
          held = true;
          return false; // stops reading, as pause() does
        }
        return true;
      },
    },
  });

  shop.once('connect', () => {
    opened = true;
    events.open();
  });
  if (head.length > 0) client.unshift(head);
  client.pipe(shop);

  shop.once('close', () => {
    // The shop hung up: so does the tunnel, after what is still queued for the client. Nothing
    // reads the client's side any more; let its remaining bytes drain so its close comes.
    client.resume();
    if (client.writable) client.end();
  });
  shop.on('error', (error) => {
    if (opened) client.destroy();
    else events.fail(error);
  });
  client.on('error', () => shop.destroy());
  client.once('close', () => shop.destroy());
}
