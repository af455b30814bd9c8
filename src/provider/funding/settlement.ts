/**
 * A top-up's outcomes, each one transaction on the locked top-up row: the only code that
 * moves money in or out of a balance from a rail. Idempotent, since rails retry: the same
 * outcome a second time changes nothing; an outcome that contradicts the state is a
 * conflict (a settled top-up cannot fail; it can only be reversed).
 *
 * A reversal takes back what is still available; what the shopper already spent (or has
 * on hold) becomes a debt journal on their `debt` account, never a negative balance and
 * never a silent loss. While they owe, no new card is issued, and their next settled
 * top-ups pay the debt before anything becomes spendable.
 */
import type { Sql } from '../db/db';
import type { ProviderContext } from '../context';
import type { TopUp } from '../../protocol';
import { HttpError, notFound } from '../http/errors';
import { accountId, lockShopperBalances, postJournal, railPosition } from '../ledger/ledger';
import { recordEvent } from '../audit/events';

export interface TopUpRow {
  id: string;
  shopper_id: string;
  funding_source_id: string | null;
  rail: string;
  amount: number;
  currency: string;
  state: 'requested' | 'settled' | 'failed' | 'reversed';
  rail_reference: string | null;
  reason: string | null;
  requested_at: Date;
  settled_at: Date | null;
  failed_at: Date | null;
  reversed_at: Date | null;
}
export const TOP_UP_COLUMNS =
  'id, shopper_id, funding_source_id, rail, amount, currency, state, rail_reference, reason, requested_at, settled_at, failed_at, reversed_at';

export const toTopUp = (r: TopUpRow, testMoney: boolean): TopUp => ({
  id: r.id,
  rail: r.rail,
  amount: r.amount,
  currency: r.currency,
  state: r.state,
  test_money: testMoney,
  reason: r.reason,
  requested_at: r.requested_at.toISOString(),
  settled_at: r.settled_at?.toISOString() ?? null,
  failed_at: r.failed_at?.toISOString() ?? null,
  reversed_at: r.reversed_at?.toISOString() ?? null,
});

type Ctx = Pick<ProviderContext, 'db' | 'clock' | 'rails'>;

async function lockTopUp(sql: Sql, id: string): Promise<TopUpRow> {
  const rows = await sql.query<TopUpRow>(`SELECT ${TOP_UP_COLUMNS} FROM top_ups WHERE id = $1 FOR UPDATE`, [id]);
  if (!rows[0]) throw notFound('top-up');
  return rows[0];
}

/**
 * Locks the shopper's debt account, if they ever had one (after available and held: the
 * same order everywhere). Only a reversal creates it, so most shoppers never have one.
 */
async function lockDebt(
  sql: Sql,
  shopperId: string,
  currency: string,
): Promise<{ id: number; balance: number } | null> {
  const rows = await sql.query<{ id: number; balance: number }>(
    "SELECT id, balance FROM ledger_accounts WHERE owner_id = $1 AND kind = 'debt' AND currency = $2 FOR UPDATE",
    [shopperId, currency],
  );
  return rows[0] ?? null;
}

async function afterCommit<T>(ctx: Ctx, id: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const out = await ctx.db.tx(work);
  ctx.rails.outcomeRecorded(id);
  return out;
}

/** The rail collected the money: contra → (debt, then) available, in one journal. */
export function settleTopUp(ctx: Ctx, id: string, given: string | null): Promise<TopUpRow> {
  return afterCommit(ctx, id, async (sql) => {
    const t = await lockTopUp(sql, id);
    if (t.rail_reference !== null && given !== null && t.rail_reference !== given)
      throw new HttpError(409, 'conflict', `top-up ${id} has rail reference ${t.rail_reference}, not ${given}`);
    const reference = given ?? t.rail_reference;
    if (reference === null)
      throw new HttpError(
        409,
        'conflict',
        `top-up ${id} has no rail reference yet: give the rail's reference to settle it`,
      );
    if (t.state === 'settled') return t;
    if (t.state !== 'requested') throw new HttpError(409, 'conflict', `top-up ${id} is ${t.state}: it cannot settle`);
    const at = ctx.clock();
    const bal = await lockShopperBalances(sql, t.shopper_id, t.currency);
    const debt = await lockDebt(sql, t.shopper_id, t.currency);
    const repaid = debt ? Math.min(t.amount, -debt.balance) : 0;
    const contra = await accountId(sql, railPosition(t.shopper_id, t.rail), 'funded', t.currency);
    await postJournal(sql, {
      currency: t.currency,
      kind: 'top_up',
      at,
      topUpId: t.id,
      fundingSourceId: t.funding_source_id,
      moves: [
        { accountId: contra, amount: -t.amount },
        { accountId: bal.availableId, amount: t.amount - repaid },
        ...(debt && repaid > 0 ? [{ accountId: debt.id, amount: repaid }] : []),
      ],
    });
    const rows = await sql.query<TopUpRow>(
      `UPDATE top_ups SET state = 'settled', settled_at = $2, rail_reference = $3 WHERE id = $1 RETURNING ${TOP_UP_COLUMNS}`,
      [id, at, reference],
    );
    await recordEvent(sql, {
      shopperId: t.shopper_id,
      kind: 'balance.topped_up',
      at,
      amount: t.amount,
      currency: t.currency,
      detail: { top_up_id: id, rail: t.rail, funding_source_id: t.funding_source_id, debt_repaid: repaid },
    });
    return rows[0]!;
  });
}

/** The request will never settle: no journal, the top-up is failed. */
export function failTopUp(ctx: Ctx, id: string, reason: string): Promise<TopUpRow> {
  return afterCommit(ctx, id, async (sql) => {
    const t = await lockTopUp(sql, id);
    if (t.state === 'failed') return t;
    if (t.state !== 'requested')
      throw new HttpError(
        409,
        'conflict',
        `top-up ${id} is ${t.state}: ${t.state === 'settled' ? 'reverse it instead' : 'it cannot fail'}`,
      );
    const at = ctx.clock();
    const rows = await sql.query<TopUpRow>(
      `UPDATE top_ups SET state = 'failed', failed_at = $2, reason = $3 WHERE id = $1 RETURNING ${TOP_UP_COLUMNS}`,
      [id, at, reason.slice(0, 500)],
    );
    await recordEvent(sql, {
      shopperId: t.shopper_id,
      kind: 'balance.top_up_failed',
      at,
      amount: t.amount,
      currency: t.currency,
      detail: { top_up_id: id, rail: t.rail, reason: reason.slice(0, 500) },
    });
    return rows[0]!;
  });
}

/**
 * Settled money was taken back: one reversal journal returns the full amount to the
 * rail's contra account, from available as far as it goes and from `debt` for the rest.
 */
export function reverseTopUp(ctx: Ctx, id: string, reason: string): Promise<TopUpRow> {
  return afterCommit(ctx, id, async (sql) => {
    const t = await lockTopUp(sql, id);
    if (t.state === 'reversed') return t;
    if (t.state !== 'settled')
      throw new HttpError(
        409,
        'conflict',
        `top-up ${id} is ${t.state}: only a settled top-up can be reversed${t.state === 'requested' ? ' (fail it instead)' : ''}`,
      );
    const at = ctx.clock();
    const bal = await lockShopperBalances(sql, t.shopper_id, t.currency);
    const fromBalance = Math.min(t.amount, bal.available);
    const owed = t.amount - fromBalance;
    const debt =
      (await lockDebt(sql, t.shopper_id, t.currency)) ??
      (owed > 0 ? { id: await accountId(sql, t.shopper_id, 'debt', t.currency), balance: 0 } : null);
    const contra = await accountId(sql, railPosition(t.shopper_id, t.rail), 'funded', t.currency);
    await postJournal(sql, {
      currency: t.currency,
      kind: 'top_up_reversal',
      at,
      topUpId: t.id,
      fundingSourceId: t.funding_source_id,
      moves: [
        { accountId: contra, amount: t.amount },
        { accountId: bal.availableId, amount: -fromBalance },
        ...(debt && owed > 0 ? [{ accountId: debt.id, amount: -owed }] : []),
      ],
    });
    const rows = await sql.query<TopUpRow>(
      `UPDATE top_ups SET state = 'reversed', reversed_at = $2, reason = $3 WHERE id = $1 RETURNING ${TOP_UP_COLUMNS}`,
      [id, at, reason.slice(0, 500)],
    );
    await recordEvent(sql, {
      shopperId: t.shopper_id,
      kind: 'balance.top_up_reversed',
      at,
      amount: t.amount,
      currency: t.currency,
      detail: { top_up_id: id, rail: t.rail, reason: reason.slice(0, 500), from_balance: fromBalance, owed },
    });
    return rows[0]!;
  });
}
