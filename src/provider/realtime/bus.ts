/**
 * Turns database notifications into in-process wake-ups: authorization changes wake
 * vendors long-polling in this process, new audit events reach the shopper streams
 * open here. Both come from triggers, so changes made by any provider process on the
 * same database arrive.
 */
import type { Db } from '../db/db';
import type { Waiters } from '../authorizations/waiters';

type EventListener = (eventId: number) => void;

export class Bus {
  private readonly shoppers = new Map<string, Set<EventListener>>();
  private stops: (() => Promise<void>)[] = [];

  private constructor() {}

  static async start(db: Db, waiters: Waiters): Promise<Bus> {
    const bus = new Bus();
    bus.stops.push(await db.listen('veil_authorizations', (id) => waiters.notify(id)));
    bus.stops.push(
      await db.listen('veil_events', (payload) => {
        const [shopperId, id] = payload.split(' ');
        if (!shopperId || !id) return;
        for (const fn of [...(bus.shoppers.get(shopperId) ?? [])]) fn(Number(id));
      }),
    );
    return bus;
  }

  /** Calls `fn` with the id of each new audit event of this shopper; returns the unsubscribe. */
  onShopperEvent(shopperId: string, fn: EventListener): () => void {
    const set = this.shoppers.get(shopperId) ?? new Set();
    set.add(fn);
    this.shoppers.set(shopperId, set);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.shoppers.delete(shopperId);
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.stops.map((stop) => stop()));
    this.stops = [];
    this.shoppers.clear();
  }
}
