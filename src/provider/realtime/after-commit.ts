/**
 * Sends NOTIFYs for work that has already committed (validations: see migration
 * 006 for why they do not notify from inside their transaction). Payloads queued
 * in one turn of the event loop go out together in one statement. A failure is
 * logged and dropped: listeners re-read on their own schedule, so a lost wake-up
 * delays a stream update, never loses an event.
 */
import type { Db } from '../db/db';

export class AfterCommitNotifier {
  private pending: string[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly channel: string,
  ) {}

  push(payloads: readonly string[]): void {
    if (payloads.length === 0) return;
    this.pending.push(...payloads);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  /** Sends what is queued now; resolves when it is sent (or dropped). */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.flushing = undefined;
    if (batch.length === 0) return;
    try {
      // Named: it runs about once per validation-heavy event-loop turn, and parsing and
      // planning it each time showed up in the server's profile.
      await this.db.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [this.channel, batch], 'veil_notify');
    } catch (err) {
      console.error(`[provider] ${batch.length} notification(s) dropped: ${(err as Error).message}`);
    }
  }
}
