/**
 * What the proxy keeps of its traffic, and the limits that read it: open connections
 * and bytes per device (this process's counts), and per device, host and UTC day the
 * connections and bytes in proxy_usage. Only the host, byte counts and times: never a
 * path, query, header or body (a CONNECT tunnel carries TLS the proxy cannot read anyway).
 *
 * The first connection of a day to a host records the shopper's audit event
 * "private connection used at <host>": the proxy_usage row's insert decides, so it is
 * once per device, host and day however many connections and processes there are.
 * Later counts gather in memory and are written every few seconds, one statement per
 * row: a connection costs the database nothing on its own (with the embedded database,
 * which runs on the proxy's own thread, a write per connection showed in its latency).
 */
import type { ProviderContext } from '../context';
import { recordEvent } from '../audit/events';
import type { ProxyUser } from './access';

const DAY_MS = 86_400_000;
const FLUSH_MS = 5000;

interface Pending {
  deviceId: string;
  host: string;
  day: number;
  /** The row's first write: counts are added after it. */
  created: Promise<void>;
  connections: number;
  up: number;
  down: number;
}

export class ProxyUsage {
  private readonly open = new Map<string, number>();
  /** Bytes per device today in this process; reset when the day turns. */
  private bytes = new Map<string, number>();
  private bytesDay = 0;
  /** Per (device, day, host) seen by this process: the counts not yet written. */
  private readonly rows = new Map<string, Pending>();
  private readonly pending = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ctx: ProviderContext) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private day(): number {
    return Math.floor(this.ctx.clock().getTime() / DAY_MS);
  }

  /** Connections open now, all devices (a test waits for 0 before reading the counts). */
  openConnections(): number {
    let n = 0;
    for (const count of this.open.values()) n += count;
    return n;
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

  /** A connection to `host` was let through: counted, and the day's first recorded in the audit trail. */
  used(user: ProxyUser, host: string): Pending {
    const day = this.day();
    const key = `${user.deviceId} ${day} ${host}`;
    const known = this.rows.get(key);
    if (known) {
      known.connections++;
      return known;
    }
    const created = this.track(
      this.ctx.db.tx(async (sql) => {
        const inserted = await sql.query<{ inserted: boolean }>(
          `INSERT INTO proxy_usage (device_id, host, day, connections) VALUES ($1, $2, $3, 1)
           ON CONFLICT (device_id, day, host) DO UPDATE SET connections = proxy_usage.connections + 1
           RETURNING (xmax = 0) AS inserted`,
          [user.deviceId, host, dayDate(day)],
        );
        if (inserted[0]?.inserted)
          await recordEvent(sql, {
            shopperId: user.shopperId,
            kind: 'proxy.used',
            at: this.ctx.clock(),
            detail: { host, device_id: user.deviceId },
          });
      }),
    );
    const row: Pending = { deviceId: user.deviceId, host, day, created, connections: 0, up: 0, down: 0 };
    if (this.rows.size > 100_000) void this.flush(true);
    this.rows.set(key, row);
    return row;
  }

  /** The connection counted on `row` closed having moved these bytes. */
  release(deviceId: string, row: Pending, up: number, down: number): void {
    const left = (this.open.get(deviceId) ?? 1) - 1;
    if (left > 0) this.open.set(deviceId, left);
    else this.open.delete(deviceId);
    const day = this.day();
    if (day !== this.bytesDay) {
      this.bytes = new Map();
      this.bytesDay = day;
    }
    this.bytes.set(deviceId, (this.bytes.get(deviceId) ?? 0) + up + down);
    row.up += up;
    row.down += down;
  }

  /** Writes the counts gathered since the last flush; `forget` also drops rows of past days. */
  async flush(forget = false): Promise<void> {
    const today = this.day();
    for (const [key, row] of this.rows) {
      if (row.connections || row.up || row.down) {
        const { connections, up, down } = row;
        row.connections = row.up = row.down = 0;
        this.track(
          row.created.then(() =>
            this.ctx.db.query(
              `UPDATE proxy_usage SET connections = connections + $4, bytes_up = bytes_up + $5, bytes_down = bytes_down + $6
               WHERE device_id = $1 AND day = $2 AND host = $3`,
              [row.deviceId, dayDate(row.day), row.host, connections, up, down],
            ),
          ),
        );
      }
      if (forget || row.day < today) this.rows.delete(key);
    }
    await this.settled();
  }

  private track(work: Promise<unknown>): Promise<void> {
    const p = work.then(
      () => undefined,
      (err: Error) => console.error(`[provider] proxy usage not recorded: ${err.message}`),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }

  /** Waits for usage writes in flight. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** At shutdown: the last counts written, the timer stopped. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(true);
  }
}

export type UsageRow = Pending;

function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
