/**
 * Everything that happens to an authorization after the vendor's validation:
 * the shopper's decision, capture, reverse, refund, and lapses (no answer in time,
 * an uncaptured hold expiring). Each is one transaction that locks the
 * authorization, then its card, then the shopper's balances: the same order as
 * validation (card, then balances), so transactions queue rather than deadlock.
 */
import type { Assertion, Authorization, AuthorizationStatus, EventKind, ReasonCode, Refund, ShopperAuthorization } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import type { Vendor } from '../vendors/vendors';
import type { DeviceAuth } from '../shoppers/accounts';
import { HttpError, notFound } from '../http/errors';
import { newId } from '../crypto/tokens';
import { accountId, lockShopperBalances, moveHold, postJournal, type Move } from '../ledger/ledger';
import { recordEvent } from '../audit/events';
import { AUTH_COLUMNS, type AuthRow, type ShopperRow, toShopperView, toVendorView } from './records';
import { idempotent, type Answer } from './idempotency';
import { verifyApproval } from '../webauthn/security-keys';
import { answerChallenge, isOpenChallenge } from './challenges';
import { assignCourier } from '../delivery/couriers';

interface Closing {
  status: AuthorizationStatus;
  reason?: ReasonCode;
  /** Amount to move to the vendor; the rest of the hold goes back to the shopper. */
  capture?: number;
  /** Give the card's use back (the charge never happened). */
  restoreUse?: boolean;
  event: EventKind;
  detail?: Record<string, unknown>;
}

export async function lockAuth(sql: Sql, id: string, owner: { vendorId?: string; shopperId?: string }): Promise<AuthRow | undefined> {
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
  if (restore) await sql.query('UPDATE cards SET uses_count = uses_count - 1, updated_at = $2 WHERE id = $1 AND uses_count > 0', [a.card_id, at]);
  else await sql.query('SELECT 1 FROM cards WHERE id = $1 FOR UPDATE', [a.card_id]); // keep the lock order
  const captured = c.capture ?? 0;
  if (a.held_amount > 0) {
    // The hold ends (a memo, ledger.ts); what is captured moves to the vendor as a journal.
    const bal = await lockShopperBalances(sql, a.shopper_id, a.currency);
    await moveHold(sql, bal, -a.held_amount);
    if (captured > 0) {
      const moves: Move[] = [
        { accountId: bal.availableId, amount: -captured },
        { accountId: await accountId(sql, a.vendor_id, 'payable', a.currency), amount: captured },
      ];
      await postJournal(sql, { kind: 'capture', at, authorizationId: a.id, moves });
    }
  }
  const rows = await sql.query<AuthRow>(
    `UPDATE authorizations SET status = $2, reason = $3, held_amount = 0, captured_amount = $4, counts_use = $5,
       decided_at = coalesce(decided_at, $6) WHERE id = $1 RETURNING ${AUTH_COLUMNS}`,
    [a.id, c.status, c.reason ?? a.reason, captured, a.counts_use && !restore, at],
  );
  await recordEvent(sql, {
    shopperId: a.shopper_id, kind: c.event, at, cardId: a.card_id, authorizationId: a.id, reason: c.reason ?? a.reason,
    amount: captured > 0 ? captured : a.amount, currency: a.currency, merchantOrigin: a.merchant_origin,
    detail: { merchant_name: a.merchant_name, ...(restore ? { use_restored: true } : {}), ...c.detail },
  });
  ctx.waiters.notify(a.id);
  return rows[0]!;
}

/** Lapses whatever is due on this authorization (unanswered confirmation, expired hold). */
async function lapseIfDue(ctx: ProviderContext, sql: Sql, a: AuthRow, at: Date): Promise<AuthRow> {
  if (a.status === 'pending' && a.decision_deadline && a.decision_deadline <= at) {
    return close(ctx, sql, a, { status: 'declined', reason: '91', restoreUse: true, event: 'authorization.declined', detail: { why: 'no answer in time' } }, at);
  }
  if (a.status === 'approved' && a.hold_expires_at && a.hold_expires_at <= at) {
    return close(ctx, sql, a, { status: 'expired', event: 'authorization.expired', detail: { why: 'hold expired uncaptured' } }, at);
  }
  return a;
}

// Vendor side ------------------------------------------------------------------

export async function getForVendor(ctx: ProviderContext, vendor: Vendor, id: string, waitS = 0): Promise<Authorization> {
  const until = Date.now() + waitS * 1000;
  for (;;) {
    const row = await ctx.db.tx(async (sql) => {
      const a = await lockAuth(sql, id, { vendorId: vendor.id });
      return a && lapseIfDue(ctx, sql, a, ctx.clock());
    });
    if (!row) throw notFound('authorization');
    const left = until - Date.now();
    if (row.status !== 'pending' || left <= 0) return toVendorView(row);
    // Decisions wake local waiters (directly, or via NOTIFY from another process); the
    // periodic re-read covers a notification lost while the listener reconnected.
    await ctx.waiters.wait(id, Math.min(left, ctx.policy.longPollRecheckMs));
  }
}

async function vendorOp(
  ctx: ProviderContext,
  vendor: Vendor,
  op: { path: string; body: unknown; key: string | undefined },
  run: (sql: Sql, at: Date) => Promise<Answer<Authorization | Refund>>,
): Promise<Answer<Authorization | Refund>> {
  const at = ctx.clock();
  return ctx.db.tx((sql) => idempotent(sql, { vendorId: vendor.id, key: op.key, hash: ctx.keys.requestHash('POST', op.path, op.body), at }, () => run(sql, at)));
}

async function openForVendor(ctx: ProviderContext, sql: Sql, vendor: Vendor, id: string, at: Date): Promise<AuthRow> {
  const locked = await lockAuth(sql, id, { vendorId: vendor.id });
  if (!locked) throw notFound('authorization');
  return lapseIfDue(ctx, sql, locked, at);
}

export function capture(ctx: ProviderContext, vendor: Vendor, id: string, req: { amount?: number | undefined; courier_id?: string | undefined }, key: string | undefined) {
  return vendorOp(ctx, vendor, { path: `/v1/authorizations/${id}/capture`, body: req, key }, async (sql, at) => {
    const a = await openForVendor(ctx, sql, vendor, id, at);
    if (a.status !== 'approved') throw new HttpError(409, 'conflict', `cannot capture: the authorization is ${a.status}`);
    const amount = req.amount ?? a.amount;
    if (amount > a.amount) throw new HttpError(400, 'invalid_request', `invalid body: amount: ${amount} is more than the authorized ${a.amount}`, [{ path: 'amount', message: 'more than authorized' }]);
    if (amount <= 0) throw new HttpError(409, 'conflict', 'nothing to capture: the authorization is for 0');
    const done = await close(ctx, sql, a, { status: 'captured', capture: amount, event: 'authorization.captured', detail: { released: a.amount - amount } }, at);
    // After close(), which locked the card: the same lock order as every other change.
    if (req.courier_id !== undefined && a.card_id) await assignCourier(sql, a.card_id, req.courier_id);
    return { status: 200, body: toVendorView(done) };
  });
}

export function reverse(ctx: ProviderContext, vendor: Vendor, id: string, key: string | undefined) {
  return vendorOp(ctx, vendor, { path: `/v1/authorizations/${id}/reverse`, body: {}, key }, async (sql, at) => {
    const a = await openForVendor(ctx, sql, vendor, id, at);
    if (a.status !== 'approved' && a.status !== 'pending') throw new HttpError(409, 'conflict', `cannot reverse: the authorization is ${a.status}`);
    // A reversed card verification ($0 to $1, before the real charge) or a charge the
    // shopper never approved did not use the card: the single use is still there.
    const restoreUse = a.status === 'pending' || a.amount <= ctx.policy.verificationMax;
    const done = await close(ctx, sql, a, { status: 'reversed', restoreUse, event: 'authorization.reversed' }, at);
    return { status: 200, body: toVendorView(done) };
  });
}

export function refund(ctx: ProviderContext, vendor: Vendor, req: { authorization_id: string; amount: number }, key: string | undefined) {
  return vendorOp(ctx, vendor, { path: '/v1/refunds', body: req, key }, async (sql, at) => {
    const a = await lockAuth(sql, req.authorization_id, { vendorId: vendor.id });
    if (!a) throw notFound('authorization');
    if (a.status !== 'captured') throw new HttpError(409, 'conflict', `cannot refund: the authorization is ${a.status}, not captured`);
    const left = a.captured_amount - a.refunded_amount;
    if (req.amount > left) throw new HttpError(409, 'conflict', `cannot refund ${req.amount}: only ${left} of the captured amount is left to refund`);
    await sql.query('SELECT 1 FROM cards WHERE id = $1 FOR UPDATE', [a.card_id]);
    const bal = await lockShopperBalances(sql, a.shopper_id!, a.currency);
    const payable = await accountId(sql, a.vendor_id, 'payable', a.currency);
    await postJournal(sql, { kind: 'refund', at, authorizationId: a.id, moves: [{ accountId: payable, amount: -req.amount }, { accountId: bal.availableId, amount: req.amount }] });
    await sql.query('UPDATE authorizations SET refunded_amount = refunded_amount + $2 WHERE id = $1', [a.id, req.amount]);
    const id = newId('re');
    await sql.query('INSERT INTO refunds (id, authorization_id, amount, created_at) VALUES ($1, $2, $3, $4)', [id, a.id, req.amount, at]);
    await recordEvent(sql, {
      shopperId: a.shopper_id!, kind: 'authorization.refunded', at, cardId: a.card_id, authorizationId: a.id, amount: req.amount, currency: a.currency,
      merchantOrigin: a.merchant_origin, detail: { refund_id: id, merchant_name: a.merchant_name },
    });
    return { status: 200, body: { id, authorization_id: a.id, amount: req.amount, currency: a.currency, created_at: at.toISOString() } };
  });
}

// Shopper side -----------------------------------------------------------------

const SHOPPER_SELECT = `SELECT ${AUTH_COLUMNS.split(', ').map((c) => `z.${c}`).join(', ')}, c.purchasing_id, c.last4, v.name AS vendor_name, v.origin AS vendor_origin
  FROM authorizations z JOIN cards c ON c.id = z.card_id JOIN vendors v ON v.id = z.vendor_id`;

export async function listForShopper(ctx: ProviderContext, auth: DeviceAuth, q: { status?: AuthorizationStatus | undefined }): Promise<ShopperAuthorization[]> {
  const rows = await ctx.db.query<ShopperRow>(
    // "pending" means waiting on the shopper: held charges and open 1A challenges alike.
    `${SHOPPER_SELECT} WHERE z.shopper_id = $1 AND ($2::text IS NULL OR z.status = $2 OR ($2 = 'pending' AND z.challenge_state = 'open'))
     ORDER BY z.created_at DESC, z.id LIMIT 200`,
    [auth.shopperId, q.status ?? null],
  );
  const now = ctx.clock();
  // Past its deadline a charge is declined by the sweeper shortly; never offer it for a decision.
  const stale = (r: AuthRow) => (r.status === 'pending' || r.challenge_state === 'open') && r.decision_deadline !== null && r.decision_deadline <= now;
  return rows.filter((r) => !(q.status === 'pending' && stale(r))).map(toShopperView);
}

/** `pre_approved`: the answer was to a 1A challenge; the shop's retry will approve at once. */
export type DecisionResult = { authorization: ShopperAuthorization; changed: boolean; pre_approved: boolean };

export async function decide(ctx: ProviderContext, auth: DeviceAuth, id: string, decision: 'approve' | 'decline', assertion?: Assertion): Promise<DecisionResult> {
  const result = await ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const locked = await lockAuth(sql, id, { shopperId: auth.shopperId });
    if (!locked) throw notFound('authorization');
    const a = await lapseIfDue(ctx, sql, locked, at);
    if (isOpenChallenge(a, at)) {
      const [card] = await sql.query<{ mode: string }>('SELECT mode FROM cards WHERE id = $1', [a.card_id]);
      if (decision === 'approve' && card?.mode === 'card_reader') await verifyApproval(sql, auth.shopperId, a, assertion, at);
      await answerChallenge(ctx, sql, a, decision, auth.deviceId, at);
      return { id, changed: true, preApproved: decision === 'approve' };
    }
    if (a.challenge_state === 'approved' || a.challenge_state === 'declined') {
      if ((a.challenge_state === 'approved') === (decision === 'approve')) return { id, changed: false, preApproved: decision === 'approve' };
      throw new HttpError(409, 'conflict', `too late to ${decision}: you already ${a.challenge_state} this charge`);
    }
    if (a.reason === '1A') throw new HttpError(409, 'conflict', `too late to ${decision}: no answer was given in time`);
    if (a.status !== 'pending') {
      // Repeating the decision that was taken is harmless; anything else is too late.
      const same = (decision === 'approve' && a.status === 'approved' && a.reason === '00') || (decision === 'decline' && a.status === 'declined' && a.reason === '05');
      if (same) return { id, changed: false };
      if (a !== locked) return { id, lapsed: true }; // lapsed just now: commit that, then say so
      throw new HttpError(409, 'conflict', `too late to ${decision}: the authorization is already ${a.status} (${a.reason})`);
    }
    if (decision === 'decline') {
      await close(ctx, sql, a, { status: 'declined', reason: '05', restoreUse: true, event: 'authorization.declined', detail: { why: 'the shopper declined', device_id: auth.deviceId } }, at);
      return { id, changed: true };
    }
    // The card's mode when the charge arrived decides: P1 means a security key must approve.
    if (a.reason === 'P1') await verifyApproval(sql, auth.shopperId, a, assertion, at);
    await sql.query(`UPDATE authorizations SET status = 'approved', reason = '00', decided_at = $2, hold_expires_at = $3 WHERE id = $1`, [
      id, at, new Date(at.getTime() + ctx.policy.holdTtlS * 1000),
    ]);
    await recordEvent(sql, {
      shopperId: auth.shopperId, kind: 'authorization.approved', at, cardId: a.card_id, authorizationId: id, reason: '00', amount: a.amount,
      currency: a.currency, merchantOrigin: a.merchant_origin, detail: { merchant_name: a.merchant_name, why: 'the shopper approved', device_id: auth.deviceId },
    });
    ctx.waiters.notify(id);
    return { id, changed: true };
  });
  const rows = await ctx.db.query<ShopperRow>(`${SHOPPER_SELECT} WHERE z.id = $1`, [id]);
  const view = toShopperView(rows[0]!);
  if ('lapsed' in result) throw new HttpError(409, 'conflict', `too late to ${decision}: no answer was given in time, so the charge was declined (91)`);
  return { authorization: view, changed: result.changed, pre_approved: 'preApproved' in result && result.preApproved === true };
}

// Lapses -----------------------------------------------------------------------

/**
 * Closes everything that is due: unanswered confirmations (declined 91), uncaptured
 * holds past their time (expired), cards past their validity (expired). Each item is
 * its own short transaction; SKIP LOCKED lets several provider processes sweep at once.
 */
export async function sweep(ctx: ProviderContext, batch = 500): Promise<{ authorizations: number; cards: number }> {
  const at = ctx.clock();
  const due = await ctx.db.query<{ id: string }>(
    `SELECT id FROM authorizations WHERE (status = 'pending' AND decision_deadline <= $1) OR (status = 'approved' AND hold_expires_at <= $1) LIMIT $2`,
    [at, batch],
  );
  let authorizations = 0;
  for (const { id } of due) {
    const changed = await ctx.db.tx(async (sql) => {
      const rows = await sql.query<AuthRow>(`SELECT ${AUTH_COLUMNS} FROM authorizations WHERE id = $1 FOR UPDATE SKIP LOCKED`, [id]);
      const a = rows[0];
      return a ? (await lapseIfDue(ctx, sql, a, at)) !== a : false;
    });
    if (changed) authorizations++;
  }
  // One statement for the cards and their events: on the embedded database a batch
  // holds the only connection, and 500 separate inserts stalled validations for seconds.
  const expired = await ctx.db.query<{ card_id: string }>(
    `WITH expired AS (
       UPDATE cards SET state = 'expired', updated_at = $1 WHERE id IN (
         SELECT id FROM cards WHERE state IN ('active', 'paused', 'blocked') AND valid_until <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, shopper_id, merchant_origin)
     INSERT INTO events (shopper_id, kind, card_id, reason, merchant_origin, detail, created_at)
     SELECT shopper_id, 'card.expired', id, '54', merchant_origin, '{}', $1 FROM expired
     RETURNING card_id`,
    [at, batch],
  );
  const cards = expired.length;
  return { authorizations, cards };
}
