/**
 * What the proxy keeps of its traffic, and the limits that read it: open connections
 * and bytes per device (this process's counts), and per device, host and UTC day the
 * connections and bytes in proxy_usage. Only the host, byte counts and times: never a
 * path, query, header or body (a CONNECT tunnel carries TLS the proxy cannot read anyway).
 *
 * The first connection of a day to a host records the shopper's audit event
 * "private connection used at <host>": the proxy_usage row's insert decides, so it is
 * once per device, host and day however many connections and processes there are.
 */
import type { ProviderContext } from '../context';
import { recordEvent } from '../audit/events';
import type { ProxyUser } from './access';

const DAY_MS = 86_400_000;

/** A counted connection: the day its row is for, and that row's write. */
export interface UsageTicket {
  day: number;
  written: Promise<void>;
}

export class ProxyUsage {
  private readonly open = new Map<string, number>();
  /** Bytes per device today in this process; reset when the day turns. */
  private bytes = new Map<string, number>();
  private bytesDay = 0;
  /** (device, host, day) already written by this process: later connections only add counts. */
  private readonly seen = new Set<string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly ctx: ProviderContext) {}

  private day(): number {
    return Math.floor(this.ctx.clock().getTime() / DAY_MS);
  }

  /** Takes a connection slot for the device, or says why not (the caller answers 429). */
  admit(deviceId: string): string | undefined {
    const limits = this.ctx.policy.proxy;
    if ((this.open.get(deviceId) ?? 0) >= limits.maxConnectionsPerDevice)
      return `at most ${limits.maxConnectionsPerDevice} private connections at once per device`;
    if (this.bytesDay === this.day() && (this.bytes.get(deviceId) ?? 0) >= limits.maxBytesPerDevicePerDay)
      return "this device's private-connection traffic for today is used up";
    this.open.set(deviceId, (this.open.get(deviceId) ?? 0) + 1);
    return undefined;
  }

  /** The connection opened for `host` closed having moved these bytes (counted on the row its `used` wrote). */
  release(user: ProxyUser, host: string, up: number, down: number, ticket: UsageTicket): void {
    const left = (this.open.get(user.deviceId) ?? 1) - 1;
    if (left > 0) this.open.set(user.deviceId, left);
    else this.open.delete(user.deviceId);
    const day = this.day();
    if (day !== this.bytesDay) {
      this.bytes = new Map();
      this.bytesDay = day;
    }
    this.bytes.set(user.deviceId, (this.bytes.get(user.deviceId) ?? 0) + up + down);
    this.track(
      ticket.written.then(() =>
        this.ctx.db.query(
          `UPDATE proxy_usage SET bytes_up = bytes_up + $4, bytes_down = bytes_down + $5
         WHERE device_id = $1 AND day = $2 AND host = $3`,
          [user.deviceId, dayDate(ticket.day), host, up, down],
        ),
      ),
    );
  }

  /** A connection to `host` was let through: count it, and record the day's first in the audit trail. */
  used(user: ProxyUser, host: string): UsageTicket {
    const day = this.day();
    const key = `${user.deviceId} ${day} ${host}`;
    const first = !this.seen.has(key);
    if (first) {
      if (this.seen.size > 100_000) this.seen.clear();
      this.seen.add(key);
    }
    const written = this.track(
      this.ctx.db.tx(async (sql) => {
        const inserted = await sql.query(
          `INSERT INTO proxy_usage (device_id, host, day, connections) VALUES ($1, $2, $3, 1)
           ON CONFLICT (device_id, day, host) DO UPDATE SET connections = proxy_usage.connections + 1
           RETURNING (xmax = 0) AS inserted`,
          [user.deviceId, host, dayDate(day)],
        );
        if (first && (inserted[0] as { inserted?: boolean } | undefined)?.inserted) {
          await recordEvent(sql, {
            shopperId: user.shopperId,
            kind: 'proxy.used',
            at: this.ctx.clock(),
            detail: { host, device_id: user.deviceId },
          });
        }
      }),
    );
    return { day, written };
  }

  /** Usage is written after the connection goes on: a slow database does not slow the shop. */
  private track(work: Promise<unknown>): Promise<void> {
    const p = work.then(
      () => undefined,
      (err: Error) => console.error(`[provider] proxy usage not recorded: ${err.message}`),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }

  /** Waits for usage writes in flight (at shutdown, and in tests before reading the trail). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
