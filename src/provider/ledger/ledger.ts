/**
 * Double-entry ledger. Money only moves as a journal whose postings sum to zero.
 *
 * Per shopper and currency: `available` (spendable balance), `held` (reserved by
 * approved or pending authorizations) and `debt` (zero or below: what a reversal of
 * money already spent left the shopper owing). Per shopper, currency and funding rail:
 * `funded`, owned by '<shopper id>/<rail>' (the contra account that goes negative as
 * money settles from that rail, so each rail's books are visible and balance on their
 * own; funding/README.md). Per vendor: `payable` (captured money owed to the shop). The
 * provider's `fx` account per currency (owner FX_POSITION) carries conversions: a
 * converted capture moves the shopper's money into fx in their currency and out of fx
 * to the vendor in the shop's, so each currency's books balance on their own (converted
 * captures of different shoppers queue on that one row per currency; validations, which
 * post no journal, never do). Otherwise no journal touches an account owned by someone
 * else's purchase, so validations for different shoppers never contend on a row.
 *
 * A hold is a memo, not a journal (migration 014): it moves no money, only sets part
 * of `available` aside in `held`, and the authorization row records it. So the postings
 * give each shopper's available + held together; `held` alone is what their open
 * authorizations hold.
 */
import type { Sql } from '../db/db';

export type AccountKind = 'available' | 'held' | 'funded' | 'payable' | 'debt' | 'fx';

/** The owner of the provider's conversion accounts (kind 'fx', one per currency; migration 023). */
export const FX_POSITION = 'veil/fx';
/** ('hold' and 'release' journals were written before holds became memos; none are now.) */
export type JournalKind = 'top_up' | 'top_up_reversal' | 'capture' | 'refund';

/** The owner of a shopper's contra account for one rail (migration 018). */
export const railPosition = (shopperId: string, rail: string): string => `${shopperId}/${rail}`;

export interface Move {
  accountId: number;
  amount: number;
  /** The account's currency when it is not the journal's (a conversion's other leg). */
  currency?: string;
}

export class LedgerError extends Error {}

/** The account's id, created on first use. Concurrent creators both get the one row. */
export async function accountId(sql: Sql, ownerId: string, kind: AccountKind, currency: string): Promise<number> {
  const found = await sql.query<{ id: number }>(
    'SELECT id FROM ledger_accounts WHERE owner_id = $1 AND kind = $2 AND currency = $3',
    [ownerId, kind, currency],
  );
  if (found[0]) return found[0].id;
  const rows = await sql.query<{ id: number }>(
    `INSERT INTO ledger_accounts (owner_id, kind, currency) VALUES ($1, $2, $3)
     ON CONFLICT (owner_id, kind, currency) DO UPDATE SET currency = EXCLUDED.currency RETURNING id`,
    [ownerId, kind, currency],
  );
  return rows[0]!.id;
}

export interface LockedBalances {
  availableId: number;
  heldId: number;
  available: number;
  held: number;
}

/** Locks and reads the shopper's available and held balances (one round trip when both exist). */
export async function lockShopperBalances(sql: Sql, shopperId: string, currency: string): Promise<LockedBalances> {
  const read = () =>
    sql.query<{ id: number; kind: AccountKind; balance: number }>(
      "SELECT id, kind, balance FROM ledger_accounts WHERE owner_id = $1 AND currency = $2 AND kind IN ('available', 'held') ORDER BY id FOR UPDATE",
      [shopperId, currency],
    );
  let rows = await read();
  if (rows.length < 2) {
    await accountId(sql, shopperId, 'available', currency);
    await accountId(sql, shopperId, 'held', currency);
    rows = await read();
  }
  const available = rows.find((r) => r.kind === 'available')!;
  const held = rows.find((r) => r.kind === 'held')!;
  return { availableId: available.id, heldId: held.id, available: available.balance, held: held.balance };
}

/**
 * Posts one journal in a single round trip: the journal row, its postings and the
 * balance updates. The CHECK constraint on shopper accounts refuses a balance below
 * zero, so a bug upstream fails the transaction instead of overdrawing. Postings must
 * sum to zero in each currency on their own: a conversion goes through the provider's
 * `fx` accounts (one leg per currency), never from one currency straight into another.
 */
export async function postJournal(
  sql: Sql,
  entry: {
    kind: JournalKind;
    /** The currency of every move that names none. */
    currency: string;
    at: Date;
    moves: Move[];
    authorizationId?: string;
    fundingSourceId?: string | null;
    topUpId?: string;
  },
): Promise<void> {
  const merged = new Map<number, number>();
  const perCurrency = new Map<string, number>();
  for (const m of entry.moves) {
    if (!Number.isSafeInteger(m.amount))
      throw new LedgerError(`amount ${m.amount} is not an integer number of minor units`);
    merged.set(m.accountId, (merged.get(m.accountId) ?? 0) + m.amount);
    const cur = m.currency ?? entry.currency;
    perCurrency.set(cur, (perCurrency.get(cur) ?? 0) + m.amount);
  }
  const moves = [...merged].filter(([, amount]) => amount !== 0);
  for (const [cur, total] of perCurrency)
    if (total !== 0) throw new LedgerError(`journal ${entry.kind} does not balance: ${cur} postings sum to ${total}`);
  if (moves.length === 0) return;
  await sql.query(
    `WITH j AS (
       INSERT INTO journals (kind, authorization_id, funding_source_id, created_at, top_up_id) VALUES ($1, $2, $3, $4, $7) RETURNING id
     ), p AS (
       INSERT INTO postings (journal_id, account_id, amount)
       SELECT j.id, x.account_id, x.amount FROM j, unnest($5::bigint[], $6::bigint[]) AS x(account_id, amount)
     )
     UPDATE ledger_accounts a SET balance = a.balance + x.amount
     FROM unnest($5::bigint[], $6::bigint[]) AS x(account_id, amount) WHERE a.id = x.account_id`,
    [
      entry.kind,
      entry.authorizationId ?? null,
      entry.fundingSourceId ?? null,
      entry.at,
      moves.map(([id]) => id),
      moves.map(([, a]) => a),
      entry.topUpId ?? null,
    ],
  );
}

/**
 * Sets `amount` aside (positive: a hold placed) or back (negative: a hold ended) between
 * the shopper's locked balances. No journal: see the top of this file.
 */
export async function moveHold(sql: Sql, balances: LockedBalances, amount: number): Promise<void> {
  if (!Number.isSafeInteger(amount)) throw new LedgerError(`amount ${amount} is not an integer number of minor units`);
  await sql.query(
    'UPDATE ledger_accounts SET balance = balance + CASE WHEN id = $1 THEN -$3::bigint ELSE $3::bigint END WHERE id IN ($1, $2)',
    [balances.availableId, balances.heldId, amount],
  );
}

export async function shopperBalances(
  sql: Sql,
  shopperId: string,
  currency: string,
): Promise<{ available: number; held: number }> {
  const rows = await sql.query<{ kind: AccountKind; balance: number }>(
    "SELECT kind, balance FROM ledger_accounts WHERE owner_id = $1 AND currency = $2 AND kind IN ('available', 'held')",
    [shopperId, currency],
  );
  return {
    available: rows.find((r) => r.kind === 'available')?.balance ?? 0,
    held: rows.find((r) => r.kind === 'held')?.balance ?? 0,
  };
}

/**
 * Checks every ledger invariant and returns what is broken (empty when sound):
 * journals balance, the books sum to zero, each cached balance equals its postings
 * (a shopper's available and held together),
 * no shopper balance is negative (nor a debt positive), each shopper's held balance
 * equals the holds their open authorizations claim, each rail's contra account equals
 * what that rail settled and did not reverse (and every top-up journal belongs to a
 * top-up in the state that allows it), and no posting, authorization, event or stored
 * answer refers to a row that does not exist.
 */
export async function checkLedger(sql: Sql): Promise<string[]> {
  const problems: string[] = [];
  // Per currency: amounts in different currencies never add up to anything.
  const unbalanced = await sql.query<{ journal_id: number; currency: string; s: number }>(
    `SELECT p.journal_id, a.currency, sum(p.amount) AS s FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
     GROUP BY p.journal_id, a.currency HAVING sum(p.amount) <> 0`,
  );
  for (const r of unbalanced) problems.push(`journal ${r.journal_id} sums to ${r.s} ${r.currency}`);
  const totals = await sql.query<{ currency: string; s: number }>(
    `SELECT a.currency, sum(p.amount) AS s FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
     GROUP BY a.currency HAVING sum(p.amount) <> 0`,
  );
  for (const r of totals) problems.push(`all ${r.currency} postings sum to ${r.s}`);
  // Holds move no postings: a shopper's available and held are checked as one sum.
  const drift = await sql.query<{ what: string; balance: number; s: number }>(
    `WITH b AS (
       SELECT CASE WHEN a.kind IN ('available', 'held') THEN 'shopper ' || a.owner_id || ' ' || a.currency ELSE 'account ' || a.id END AS what,
         a.balance, (SELECT coalesce(sum(p.amount), 0) FROM postings p WHERE p.account_id = a.id) AS s
       FROM ledger_accounts a)
     SELECT what, sum(balance) AS balance, sum(s) AS s FROM b GROUP BY what HAVING sum(balance) <> sum(s)`,
  );
  for (const r of drift) problems.push(`${r.what}: balance ${r.balance} but postings sum to ${r.s}`);
  const negative = await sql.query<{ id: number; balance: number }>(
    "SELECT id, balance FROM ledger_accounts WHERE kind IN ('available', 'held') AND balance < 0",
  );
  for (const r of negative) problems.push(`account ${r.id} is negative: ${r.balance}`);
  const credit = await sql.query<{ id: number; balance: number }>(
    "SELECT id, balance FROM ledger_accounts WHERE kind = 'debt' AND balance > 0",
  );
  for (const r of credit) problems.push(`debt account ${r.id} is positive: ${r.balance}`);
  problems.push(...(await checkRails(sql)));
  const holds = await sql.query<{ owner_id: string; currency: string; balance: number; claimed: number }>(
    `SELECT a.owner_id, a.currency, a.balance, coalesce((SELECT sum(held_amount) FROM authorizations z
       WHERE z.shopper_id = a.owner_id AND coalesce(z.funding_currency, z.currency) = a.currency AND z.status IN ('pending', 'approved')), 0) AS claimed
     FROM ledger_accounts a WHERE a.kind = 'held'`,
  );
  for (const r of holds)
    if (r.balance !== r.claimed)
      problems.push(
        `shopper ${r.owner_id} holds ${r.balance} ${r.currency} but open authorizations claim ${r.claimed}`,
      );
  const stray = await sql.query<{ id: string }>(
    "SELECT id FROM authorizations WHERE held_amount > 0 AND status NOT IN ('pending', 'approved')",
  );
  for (const r of stray) problems.push(`authorization ${r.id} is closed but still holds money`);
  // A converted hold never exceeds the charge at its locked rate, rounded down.
  const overheld = await sql.query<{ id: string }>(
    'SELECT id FROM authorizations WHERE fx_minor_rate IS NOT NULL AND held_amount > floor(amount * fx_minor_rate)',
  );
  for (const r of overheld) problems.push(`authorization ${r.id} holds more than its charge at the locked rate`);
  // References the hot path keeps without foreign keys (migrations 013, 014): none may point nowhere.
  const orphans = await sql.query<{ what: string; n: number }>(
    `SELECT 'postings without their journal' AS what, count(*)::int AS n FROM postings p WHERE NOT EXISTS (SELECT 1 FROM journals j WHERE j.id = p.journal_id)
     UNION ALL SELECT 'postings without their account', count(*)::int FROM postings p WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = p.account_id)
     UNION ALL SELECT 'authorizations without their vendor', count(*)::int FROM authorizations z WHERE NOT EXISTS (SELECT 1 FROM vendors v WHERE v.id = z.vendor_id)
     UNION ALL SELECT 'authorizations without their shopper', count(*)::int FROM authorizations z WHERE z.shopper_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM shoppers s WHERE s.id = z.shopper_id)
     UNION ALL SELECT 'authorizations without their card', count(*)::int FROM authorizations z WHERE z.card_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.id = z.card_id)
     UNION ALL SELECT 'events without their card', count(*)::int FROM events e WHERE e.card_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.id = e.card_id)
     UNION ALL SELECT 'events without their shopper', count(*)::int FROM events e WHERE NOT EXISTS (SELECT 1 FROM shoppers s WHERE s.id = e.shopper_id)
     UNION ALL SELECT 'stored answers without their vendor', count(*)::int FROM idempotency_keys k WHERE NOT EXISTS (SELECT 1 FROM vendors v WHERE v.id = k.vendor_id)`,
  );
  for (const r of orphans) if (r.n > 0) problems.push(`${r.n} ${r.what}`);
  return problems;
}

/**
 * Per rail: each shopper's contra account equals minus what the rail settled and did not
 * reverse; a settled top-up has exactly one top-up journal, a reversed one also exactly
 * one reversal journal, and a requested or failed one none (it moved no money).
 */
async function checkRails(sql: Sql): Promise<string[]> {
  const problems: string[] = [];
  const contra = await sql.query<{ owner: string; currency: string; balance: number; expected: number }>(
    `WITH expected AS (
       SELECT shopper_id || '/' || rail AS owner, currency, -coalesce(sum(amount) FILTER (WHERE state = 'settled'), 0) AS s
       FROM top_ups GROUP BY 1, 2),
     contra AS (SELECT owner_id, currency, balance FROM ledger_accounts WHERE kind = 'funded')
     SELECT coalesce(c.owner_id, e.owner) AS owner, coalesce(c.currency, e.currency) AS currency,
       coalesce(c.balance, 0) AS balance, coalesce(e.s, 0) AS expected
     FROM contra c FULL JOIN expected e ON e.owner = c.owner_id AND e.currency = c.currency
     WHERE coalesce(c.balance, 0) <> coalesce(e.s, 0)`,
  );
  for (const r of contra)
    problems.push(
      `rail position ${r.owner} ${r.currency}: balance ${r.balance} but its settled top-ups make ${r.expected}`,
    );
  const journals = await sql.query<{ id: string | null; state: string | null; kind: string; n: number }>(
    `SELECT t.id, t.state, k.kind, (SELECT count(*)::int FROM journals j WHERE j.top_up_id = t.id AND j.kind = k.kind) AS n
     FROM top_ups t, (VALUES ('top_up'), ('top_up_reversal')) AS k(kind)
     WHERE (SELECT count(*) FROM journals j WHERE j.top_up_id = t.id AND j.kind = k.kind) <>
       CASE WHEN k.kind = 'top_up' THEN CASE WHEN t.state IN ('settled', 'reversed') THEN 1 ELSE 0 END
            ELSE CASE WHEN t.state = 'reversed' THEN 1 ELSE 0 END END
     UNION ALL
     SELECT j.top_up_id, NULL, j.kind, 1 FROM journals j
     WHERE j.kind IN ('top_up', 'top_up_reversal') AND NOT EXISTS (SELECT 1 FROM top_ups t WHERE t.id = j.top_up_id)`,
  );
  for (const r of journals) {
    problems.push(
      r.state === null
        ? `a ${r.kind} journal names no top-up (${r.id ?? 'null'})`
        : `top-up ${r.id} is ${r.state} but has ${r.n} ${r.kind} journals`,
    );
  }
  return problems;
}
