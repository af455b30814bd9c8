/**
 * Long-poll support: a vendor waiting on a pending authorization is woken when this
 * process decides it. Other processes' decisions are caught by the waiter's periodic
 * re-read, so correctness never depends on the wake-up arriving.
 */
export class Waiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves when `id` is notified or after `ms`, whichever comes first. */
  wait(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiting.get(id) ?? new Set();
      this.waiting.set(id, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      set.add(done);
    });
  }

  notify(id: string): void {
    for (const wake of [...(this.waiting.get(id) ?? [])]) wake();
  }

  get size(): number {
    return this.waiting.size;
  }
}
