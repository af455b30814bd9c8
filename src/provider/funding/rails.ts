/**
 * Funding rails: how money gets into a Veil balance. A rail adapter is what a card
 * acquirer, an ACH originator or the sandbox implements; README.md beside this file
 * states the contract and the ledger invariants every rail keeps.
 *
 * The provider asks the adapter to collect (`requestTopUp`) after it has written the
 * request and counted it against the limits; the adapter answers with its own reference
 * and reports the outcome later through `RailOutcomes` (at once, from a webhook, from a
 * poll or from the operator CLI). Only those outcomes move money: a request alone never
 * makes anything spendable.
 */

/** A funding source's details, opened only when a rail actually has to charge it. */
export type SourceDetails =
  | { kind: 'card'; number: string; exp_month: number; exp_year: number; holder: string }
  | { kind: 'bank'; routing_number: string; account_number: string; holder: string };

export interface RailRequest {
  /** Veil's id for this top-up (tu_…): the adapter hands it back with every outcome. */
  topUpId: string;
  /** Minor units, > 0, already within the operator's and the source's limits. */
  amount: number;
  currency: string;
  source: { id: string; kind: 'card' | 'bank'; details(): Promise<SourceDetails> };
}

/** A rail's first answer: it took the request (settlement to follow) or refused it outright. */
export type RailAnswer = { accepted: true; reference: string } | { accepted: false; reason: string };

/**
 * The one path by which a rail's outcome reaches the ledger (funding/settlement.ts).
 * Each call is one transaction and idempotent: a rail that reports the same outcome
 * twice changes nothing the second time.
 */
export interface RailOutcomes {
  /** The money arrived: the top-up's amount becomes spendable (after any debt is paid). */
  settled(topUpId: string, reference: string): Promise<void>;
  /** The request will never settle: nothing moved, nothing moves. */
  failed(topUpId: string, reason: string): Promise<void>;
  /** Settled money was taken back (chargeback, ACH return): a reversal journal. */
  reversed(topUpId: string, reason: string): Promise<void>;
}

export interface RailAdapter {
  /** Lower-case name stored on every top-up and in the contra account's owner ('<shopper>/<rail>'). */
  readonly name: string;
  /** True when the rail moves no real money: every balance fed by it is shown as test money. */
  readonly testMoney: boolean;
  /**
   * Ask the rail to collect `amount` from the source. Resolves once the rail has the
   * request (its reference) or refused it; rejects only when the rail could not be
   * reached, and then the top-up fails. It must not wait for the money itself.
   */
  requestTopUp(request: RailRequest, outcomes: RailOutcomes): Promise<RailAnswer>;
}

/**
 * Operator limits for one rail, in minor units of the top-up's currency. They bound what
 * a rail can put into an account before the operator has seen the money, so a rail that
 * settles before collecting (the sandbox, or a card acquirer before chargebacks) cannot
 * be used to mint balance.
 */
export interface TopUpLimits {
  perTopUp: number;
  /** Requested, settled or reversed in the last 24 hours (failed ones moved nothing). */
  perDay: number;
  /** The same over the last 30 days. */
  perAccount30Days: number;
}

/** The adapters this provider runs, and in-process waiters for a top-up's outcome. */
export class Rails {
  private readonly adapters = new Map<string, RailAdapter>();
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(adapters: RailAdapter[]) {
    for (const a of adapters) {
      if (!/^[a-z][a-z0-9_]{0,31}$/.test(a.name))
        throw new Error(`rail name ${a.name} must be lower-case letters, digits and _`);
      if (this.adapters.has(a.name)) throw new Error(`two rails are named ${a.name}`);
      this.adapters.set(a.name, a);
    }
  }

  get(name: string): RailAdapter {
    const rail = this.adapters.get(name);
    if (!rail) throw new Error(`no funding rail named ${name} (known: ${[...this.adapters.keys()].join(', ')})`);
    return rail;
  }

  /** Test money unless a known rail says otherwise; an unknown rail is assumed to be test money. */
  isTestMoney(name: string): boolean {
    return this.adapters.get(name)?.testMoney ?? true;
  }

  /**
   * Resolves when this process records an outcome for `topUpId`, or after `ms`, whichever
   * is first. Register before asking the rail, so an immediate outcome is not missed.
   */
  waitForOutcome(topUpId: string, ms: number): { done: Promise<void>; cancel: () => void } {
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const set = this.waiting.get(topUpId) ?? new Set();
    this.waiting.set(topUpId, set);
    const timer = setTimeout(() => cancel(), ms);
    const cancel = () => {
      clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0) this.waiting.delete(topUpId);
      finish();
    };
    const wake = () => cancel();
    set.add(wake);
    return { done, cancel };
  }

  /** Called after an outcome's transaction committed. */
  outcomeRecorded(topUpId: string): void {
    for (const wake of [...(this.waiting.get(topUpId) ?? [])]) wake();
  }
}
