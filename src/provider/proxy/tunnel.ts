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
 * so that side is read with net's `onread` into a buffer the tunnel keeps: 64 KiB, and
 * while the tunnel is busy (a read filled it) a 1 MiB one borrowed from the proxy's
 * BigBuffers, so a download takes what the kernel holds in one read (637 reads for the
 * same 512 MiB) and allocates nothing per read. The client's side (requests, small)
 * stays a stream pipe.
 *
 * A buffer is reused, so nothing may be read into it while a write from it is still
 * queued: when the client does not take a write at once (it reads slower than the shop
 * sends), reading from the destination stops until that write has gone, which is also
 * the tunnel's backpressure. A big buffer goes back when a read comes back small with
 * nothing queued; a tunnel that closes with a write still queued from it lets it go.
 */
import { connect, type Socket, type TcpNetConnectOpts } from 'node:net';

/** What Node reads at a time by default: a quiet tunnel (a WebSocket, a kept-alive page) holds no more. */
const READ_SMALL = 64 * 1024;
/** A busy tunnel's read: proxy CPU per 64 MiB on loopback was 45 ms at 64 KiB, 30 at 256 KiB, 21–26 at 1 MiB, no less at 4 MiB. */
const READ_BIG = 1024 * 1024;

/** The 1 MiB read buffers of one proxy's tunnels: at most `max` exist, lent to the busy tunnels. */
export class BigBuffers {
  private readonly spare: Buffer[] = [];
  private existing = 0;

  constructor(private readonly max: number) {}

  /** Buffers that exist now, lent or spare: never above max (a test reads it). */
  get size(): number {
    return this.existing;
  }

  borrow(): Buffer | undefined {
    const spare = this.spare.pop();
    if (spare) return spare;
    if (this.existing >= this.max) return undefined;
    this.existing++;
    return Buffer.allocUnsafe(READ_BIG);
  }

  /** Back for another tunnel: nothing may still read from it. */
  giveBack(buffer: Buffer): void {
    this.spare.push(buffer);
  }

  /** A queued write may still read from it: not reused, its slot freed for a new one. */
  letGo(): void {
    this.existing--;
  }
}

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
  big: BigBuffers,
  events: TunnelEvents,
): void {
  // Gone while its CONNECT was checked: its 'close' has run, so nothing would end a shop connection made now.
  if (client.destroyed) return;
  const small = Buffer.allocUnsafe(READ_SMALL);
  // Where the next read lands: `small`, or a buffer borrowed from `big`.
  let buffer: Buffer = small;
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
      // Asked again after every read: a buffer swapped in the callback serves from the next read on.
      buffer: () => buffer,
      callback(n: number, buf: Buffer): boolean {
        // The client is gone: keep reading (and dropping) so the shop's close still arrives.
        if (client.destroyed) return true;
        client.write(buf.subarray(0, n), written);
        const queued = client.writableLength > 0;
        if (buf === small && n === small.length) {
          // More was waiting: read big from now on, if one is free (`small` stays with its write, if queued).
          buffer = big.borrow() ?? small;
        } else if (buf !== small && n < READ_SMALL && !queued) {
          big.giveBack(buf); // gone quiet, and nothing left to write from it
          buffer = small;
        }
        if (buf === buffer && queued) {
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
    if (buffer !== small) {
      if (client.writableLength === 0) big.giveBack(buffer);
      else big.letGo();
      buffer = small;
    }
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
