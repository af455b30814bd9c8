/**
 * What a vendor does with an authorization after its validation: read it (or wait for
 * the shopper's answer), capture, reverse, refund. Each is one transaction under the
 * vendor's idempotency key.
 */
import type { Authorization, Refund } from '../../protocol';
import { convertDown, convertUp } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import type { Vendor } from '../vendors/vendors';
import { HttpError, notFound } from '../http/errors';
import { newId } from '../crypto/tokens';
import { accountId, FX_POSITION, lockShopperBalances, postJournal, type Move } from '../ledger/ledger';
import { recordEvent } from '../audit/events';
import { heldCurrency, toVendorView, type AuthRow } from './records';
import { idempotent, type Answer } from './idempotency';
import { assignCourier } from '../delivery/couriers';
import { close, lapseIfDue, lockAuth } from './settle';

export async function getForVendor(
  ctx: ProviderContext,
  vendor: Vendor,
  id: string,
  waitS = 0,
): Promise<Authorization> {
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
  return ctx.db.tx((sql) =>
    idempotent(
      sql,
      { vendorId: vendor.id, key: op.key, hash: ctx.keys.requestHash('POST', op.path, op.body), at },
      () => run(sql, at),
    ),
  );
}

async function openForVendor(ctx: ProviderContext, sql: Sql, vendor: Vendor, id: string, at: Date): Promise<AuthRow> {
  const locked = await lockAuth(sql, id, { vendorId: vendor.id });
  if (!locked) throw notFound('authorization');
  return lapseIfDue(ctx, sql, locked, at);
}

export function capture(
  ctx: ProviderContext,
  vendor: Vendor,
  id: string,
  req: { amount?: number | undefined; courier_id?: string | undefined },
  key: string | undefined,
) {
  return vendorOp(ctx, vendor, { path: `/v1/authorizations/${id}/capture`, body: req, key }, async (sql, at) => {
    const a = await openForVendor(ctx, sql, vendor, id, at);
    if (a.status !== 'approved')
      throw new HttpError(409, 'conflict', `cannot capture: the authorization is ${a.status}`);
    const amount = req.amount ?? a.amount;
    if (amount > a.amount)
      throw new HttpError(
        400,
        'invalid_request',
        `invalid body: amount: ${amount} is more than the authorized ${a.amount}`,
        [{ path: 'amount', message: 'more than authorized' }],
      );
    if (amount <= 0) throw new HttpError(409, 'conflict', 'nothing to capture: the authorization is for 0');
    const done = await close(
      ctx,
      sql,
      a,
      { status: 'captured', capture: amount, event: 'authorization.captured', detail: { released: a.amount - amount } },
      at,
    );
    // After close(), which locked the card: the same lock order as every other change.
    if (req.courier_id !== undefined && a.card_id) await assignCourier(sql, a.card_id, req.courier_id);
    return { status: 200, body: toVendorView(done) };
  });
}

export function reverse(ctx: ProviderContext, vendor: Vendor, id: string, key: string | undefined) {
  return vendorOp(ctx, vendor, { path: `/v1/authorizations/${id}/reverse`, body: {}, key }, async (sql, at) => {
    const a = await openForVendor(ctx, sql, vendor, id, at);
    if (a.status !== 'approved' && a.status !== 'pending')
      throw new HttpError(409, 'conflict', `cannot reverse: the authorization is ${a.status}`);
    // A reversed card verification ($0 to $1, before the real charge) or a charge the
    // shopper never approved did not use the card: the single use is still there.
    const restoreUse = a.status === 'pending' || a.amount <= ctx.policy.verificationMax;
    const done = await close(ctx, sql, a, { status: 'reversed', restoreUse, event: 'authorization.reversed' }, at);
    return { status: 200, body: toVendorView(done) };
  });
}

export function refund(
  ctx: ProviderContext,
  vendor: Vendor,
  req: { authorization_id: string; amount: number },
  key: string | undefined,
) {
  return vendorOp(ctx, vendor, { path: '/v1/refunds', body: req, key }, async (sql, at) => {
    const a = await lockAuth(sql, req.authorization_id, { vendorId: vendor.id });
    if (!a) throw notFound('authorization');
    if (a.status !== 'captured')
      throw new HttpError(409, 'conflict', `cannot refund: the authorization is ${a.status}, not captured`);
    const left = a.captured_amount - a.refunded_amount;
    if (req.amount > left)
      throw new HttpError(
        409,
        'conflict',
        `cannot refund ${req.amount}: only ${left} of the captured amount is left to refund`,
      );
    await sql.query('SELECT 1 FROM cards WHERE id = $1 FOR UPDATE', [a.card_id]);
    const bal = await lockShopperBalances(sql, a.shopper_id!, heldCurrency(a));
    const payable = await accountId(sql, a.vendor_id, 'payable', a.currency);
    await postJournal(sql, {
      kind: 'refund',
      currency: a.currency,
      at,
      authorizationId: a.id,
      moves: await refundMoves(sql, a, bal.availableId, payable, req.amount),
    });
    await sql.query('UPDATE authorizations SET refunded_amount = refunded_amount + $2 WHERE id = $1', [
      a.id,
      req.amount,
    ]);
    const id = newId('re');
    await sql.query('INSERT INTO refunds (id, authorization_id, amount, created_at) VALUES ($1, $2, $3, $4)', [
      id,
      a.id,
      req.amount,
      at,
    ]);
    await recordEvent(sql, {
      shopperId: a.shopper_id!,
      kind: 'authorization.refunded',
      at,
      cardId: a.card_id,
      authorizationId: a.id,
      amount: req.amount,
      currency: a.currency,
      merchantOrigin: a.merchant_origin,
      detail: { refund_id: id, merchant_name: a.merchant_name },
    });
    return {
      status: 200,
      body: { id, authorization_id: a.id, amount: req.amount, currency: a.currency, created_at: at.toISOString() },
    };
  });
}

/**
 * A refund's postings. Converted: the vendor's refund goes into the provider's fx account
 * in the shop's currency, and the shopper gets ceil(amount × locked rate) of theirs,
 * rounded up (their favour) but never beyond what the capture took from them less what
 * earlier refunds gave back: a full refund returns exactly what was paid.
 */
async function refundMoves(
  sql: Sql,
  a: AuthRow,
  availableId: number,
  payable: number,
  amount: number,
): Promise<Move[]> {
  if (!a.funding_currency || !a.fx_minor_rate)
    return [
      { accountId: payable, amount: -amount },
      { accountId: availableId, amount },
    ];
  const paid = convertDown(a.captured_amount, a.fx_minor_rate);
  const [back] = await sql.query<{ s: number }>(
    `SELECT coalesce(sum(p.amount), 0) AS s FROM postings p JOIN journals j ON j.id = p.journal_id
     WHERE j.authorization_id = $1 AND j.kind = 'refund' AND p.account_id = $2`,
    [a.id, availableId],
  );
  const credit = Math.min(convertUp(amount, a.fx_minor_rate), paid - Number(back?.s ?? 0));
  return [
    { accountId: payable, amount: -amount },
    { accountId: await accountId(sql, FX_POSITION, 'fx', a.currency), amount },
    {
      accountId: await accountId(sql, FX_POSITION, 'fx', a.funding_currency),
      amount: -credit,
      currency: a.funding_currency,
    },
    { accountId: availableId, amount: credit, currency: a.funding_currency },
  ];
}
