/**
 * Settling an authorization: moving an open one (pending or approved) to its final
 * state and its hold with it, and lapsing what is due (no answer in time, an
 * uncaptured hold expiring). Every later step — the vendor's operations, the shopper's
 * decision, the sweeper — goes through here. Each runs in the caller's transaction,
 * which locks the authorization, then its card, then the shopper's balances: the same
 * order as validation (card, then balances), so transactions queue rather than deadlock.
 */
import type { AuthorizationStatus, EventKind, ReasonCode } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import { convertDown } from '../../protocol';
import { accountId, FX_POSITION, lockShopperBalances, moveHold, postJournal, type Move } from '../ledger/ledger';
import { recordEvent } from '../audit/events';
import { AUTH_COLUMNS, heldCurrency, type AuthRow } from './records';

export interface Closing {
  status: AuthorizationStatus;
  reason?: ReasonCode;
  /** Amount to move to the vendor; the rest of the hold goes back to the shopper. */
  capture?: number;
  /** Give the card's use back (the charge never happened). */
  restoreUse?: boolean;
  event: EventKind;
  detail?: Record<string, unknown>;
}

export async function lockAuth(
  sql: Sql,
  id: string,
  owner: { vendorId?: string; shopperId?: string },
): Promise<AuthRow | undefined> {
  const rows = await sql.query<AuthRow>(
    `SELECT ${AUTH_COLUMNS} FROM authorizations WHERE id = $1 AND ($2::text IS NULL OR vendor_id = $2) AND ($3::text IS NULL OR shopper_id = $3) FOR UPDATE`,
    [id, owner.vendorId ?? null, owner.shopperId ?? null],
  );
  return rows[0];
}

/** Moves an open (pending or approved) authorization to its final state, settling its hold. */
export async function close(ctx: ProviderContext, sql: Sql, a: AuthRow, c: Closing, at: Date): Promise<AuthRow> {
  if (a.status !== 'pending' && a.status !== 'approved') throw new Error(`bug: closing a ${a.status} authorization`);
  if (!a.shopper_id || !a.card_id) throw new Error('bug: an open authorization always has a card');
  const restore = c.restoreUse === true && a.counts_use;
  if (restore)
    await sql.query('UPDATE cards SET uses_count = uses_count - 1, updated_at = $2 WHERE id = $1 AND uses_count > 0', [
      a.card_id,
      at,
    ]);
  else await sql.query('SELECT 1 FROM cards WHERE id = $1 FOR UPDATE', [a.card_id]); // keep the lock order
  const captured = c.capture ?? 0;
  if (a.held_amount > 0 || captured > 0) {
    // The hold ends (a memo, ledger.ts); what is captured moves to the vendor as a journal.
    const bal = await lockShopperBalances(sql, a.shopper_id, heldCurrency(a));
    await moveHold(sql, bal, -a.held_amount);
    if (captured > 0) await postCapture(sql, a, bal.availableId, captured, at);
  }
  const rows = await sql.query<AuthRow>(
    `UPDATE authorizations SET status = $2, reason = $3, held_amount = 0, captured_amount = $4, counts_use = $5,
       decided_at = coalesce(decided_at, $6) WHERE id = $1 RETURNING ${AUTH_COLUMNS}`,
    [a.id, c.status, c.reason ?? a.reason, captured, a.counts_use && !restore, at],
  );
  await recordEvent(sql, {
    shopperId: a.shopper_id,
    kind: c.event,
    at,
    cardId: a.card_id,
    authorizationId: a.id,
    reason: c.reason ?? a.reason,
    amount: captured > 0 ? captured : a.amount,
    currency: a.currency,
    merchantOrigin: a.merchant_origin,
    detail: { merchant_name: a.merchant_name, ...(restore ? { use_restored: true } : {}), ...c.detail },
  });
  ctx.waiters.notify(a.id);
  return rows[0]!;
}

/**
 * The capture journal. Same currency: shopper → vendor. Converted (the card draws on
 * another balance at a locked rate): the shopper pays floor(captured × rate) of their
 * currency into the provider's fx account, which pays the vendor `captured` in the
 * shop's currency; each currency's legs sum to zero. Never more than was held: the hold
 * was the whole authorized amount at the same rate, rounded the same way.
 */
async function postCapture(sql: Sql, a: AuthRow, availableId: number, captured: number, at: Date): Promise<void> {
  const payable = await accountId(sql, a.vendor_id, 'payable', a.currency);
  let moves: Move[];
  if (a.funding_currency && a.fx_minor_rate) {
    const paid = Math.min(convertDown(captured, a.fx_minor_rate), a.held_amount);
    moves = [
      { accountId: availableId, amount: -paid, currency: a.funding_currency },
      {
        accountId: await accountId(sql, FX_POSITION, 'fx', a.funding_currency),
        amount: paid,
        currency: a.funding_currency,
      },
      { accountId: await accountId(sql, FX_POSITION, 'fx', a.currency), amount: -captured },
      { accountId: payable, amount: captured },
    ];
  } else {
    moves = [
      { accountId: availableId, amount: -captured },
      { accountId: payable, amount: captured },
    ];
  }
  await postJournal(sql, { kind: 'capture', currency: a.currency, at, authorizationId: a.id, moves });
}

/**
 * When a card stopped taking charges: closed (by the shopper, or by the sweeper at its
 * trial end) or past its trial end, not swept yet; null while it still charges.
 */
function refundOnlySince(card: { state: string; updated_at: Date; trial_ends_at: Date | null }, at: Date): Date | null {
  const trialEnd = card.trial_ends_at && card.trial_ends_at <= at ? card.trial_ends_at : null;
  // A closed card never changes again, so its last update is its closing.
  const closed = card.state === 'closed' ? card.updated_at : null;
  if (trialEnd && closed) return trialEnd < closed ? trialEnd : closed;
  return trialEnd ?? closed;
}

/**
 * Lapses whatever is due on this authorization: a charge awaiting the shopper on a card
 * that became refund-only before its deadline is declined R1 (the shopper revoked this
 * merchant: retrying cannot help); one left unanswered past its deadline, 91; an
 * uncaptured hold past its time expires.
 */
export async function lapseIfDue(ctx: ProviderContext, sql: Sql, a: AuthRow, at: Date): Promise<AuthRow> {
  if (a.status === 'pending') {
    const [card] = await sql.query<{ state: string; updated_at: Date; trial_ends_at: Date | null }>(
      'SELECT state, updated_at, trial_ends_at FROM cards WHERE id = $1',
      [a.card_id],
    );
    const since = card ? refundOnlySince(card, at) : null;
    if (since && !(a.decision_deadline && a.decision_deadline <= since))
      return close(
        ctx,
        sql,
        a,
        {
          status: 'declined',
          reason: 'R1',
          restoreUse: true,
          event: 'authorization.declined',
          detail: { why: 'the card was closed while the charge awaited the shopper' },
        },
        at,
      );
  }
  if (a.status === 'pending' && a.decision_deadline && a.decision_deadline <= at) {
    return close(
      ctx,
      sql,
      a,
      {
        status: 'declined',
        reason: '91',
        restoreUse: true,
        event: 'authorization.declined',
        detail: { why: 'no answer in time' },
      },
      at,
    );
  }
  if (a.status === 'approved' && a.hold_expires_at && a.hold_expires_at <= at) {
    return close(
      ctx,
      sql,
      a,
      { status: 'expired', event: 'authorization.expired', detail: { why: 'hold expired uncaptured' } },
      at,
    );
  }
  return a;
}

/**
 * The card's charges awaiting the shopper, locked. Before the card's own lock (this
 * module's order: authorization, then card) a plain lock waits for whoever holds one;
 * after it, `skipLocked` never waits (waiting there could deadlock with a decision that
 * holds the charge and waits for the card): a charge skipped is being settled by its holder.
 */
export async function lockAwaiting(sql: Sql, cardId: string, skipLocked: boolean): Promise<AuthRow[]> {
  return sql.query<AuthRow>(
    `SELECT ${AUTH_COLUMNS} FROM authorizations WHERE card_id = $1 AND status = 'pending' ORDER BY id FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
    [cardId],
  );
}
