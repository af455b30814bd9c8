/**
 * Vendor validation: one transaction, the card row locked first, so concurrent
 * validations of one card queue on that lock and exactly one can take a single use.
 */
import type { Authorization, AuthorizationRequest, AuthorizationStatus, EventKind, ReasonCode } from '../../protocol';
import { luhnValid } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import type { Vendor } from '../vendors/vendors';
import { HttpError } from '../http/errors';
import { newId } from '../crypto/tokens';
import { CARD_COLUMNS, type CardRow } from '../issuing/cards';
import { lockShopperBalances, postJournal, type LockedBalances } from '../ledger/ledger';
import { recordEvent } from '../audit/events';
import { checkCard, periodStart } from './decide';
import { AUTH_COLUMNS, type AuthRow, toVendorView } from './records';
import { idempotent, requestHash, type Answer } from './idempotency';

const EVENT_OF: Record<'approved' | 'declined' | 'pending', EventKind> = {
  approved: 'authorization.approved',
  declined: 'authorization.declined',
  pending: 'authorization.pending',
};

export async function authorize(ctx: ProviderContext, vendor: Vendor, req: AuthorizationRequest, key: string | undefined): Promise<Answer<Authorization>> {
  if (req.merchant.origin !== vendor.origin) {
    throw new HttpError(403, 'forbidden', `this vendor key is for ${vendor.origin}; merchant.origin ${req.merchant.origin} does not match`);
  }
  // Hashing happens before the transaction: no crypto while row locks are held.
  const panHash = luhnValid(req.card.number) ? ctx.keys.panHash(req.card.number) : undefined;
  const hash = requestHash('POST', '/v1/authorizations', req);
  return ctx.db.tx((sql) =>
    idempotent(sql, { vendorId: vendor.id, key, hash, at: ctx.clock() }, async () => {
      const row = await decideAndRecord(ctx, sql, vendor, req, panHash);
      return { status: 200, body: toVendorView(row) };
    }),
  );
}

async function decideAndRecord(ctx: ProviderContext, sql: Sql, vendor: Vendor, req: AuthorizationRequest, panHash: Buffer | undefined): Promise<AuthRow> {
  const now = ctx.clock();
  const card = panHash ? (await sql.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM cards WHERE pan_hash = $1 FOR UPDATE`, [panHash]))[0] : undefined;
  const check = checkCard(
    card,
    {
      exp_month: req.card.exp_month,
      exp_year: req.card.exp_year,
      cvcMatches: card ? ctx.keys.cvcMatches(card.id, req.card.cvc, card.cvc_hash) : false,
      amount: req.amount,
      currency: req.currency,
      origin: req.merchant.origin,
      purchasing_id: req.purchasing_id,
    },
    now,
    ctx.policy,
  );

  let status: AuthorizationStatus = 'declined';
  let reason: ReasonCode;
  let why: string;
  let bal: LockedBalances | undefined;
  if (!check.ok) {
    reason = check.reason;
    why = check.why;
  } else {
    const c = card!;
    const outcome = await fundsAndMode(sql, c, req.amount, now);
    reason = outcome.reason;
    why = outcome.why;
    status = outcome.status;
    bal = outcome.bal;
  }

  const holding = status === 'approved' || status === 'pending';
  const id = newId('auth');
  const deadline = status === 'pending' ? new Date(now.getTime() + card!.confirm_window_s * 1000) : null;
  const holdExpires = status === 'approved' ? new Date(now.getTime() + ctx.policy.holdTtlS * 1000) : null;
  const rows = await sql.query<AuthRow>(
    `INSERT INTO authorizations (id, vendor_id, card_id, shopper_id, amount, currency, merchant_name, merchant_origin, status, reason,
       held_amount, counts_use, decision_deadline, hold_expires_at, created_at, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${AUTH_COLUMNS}`,
    [
      id, vendor.id, card?.id ?? null, card?.shopper_id ?? null, req.amount, req.currency, req.merchant.name, req.merchant.origin, status, reason,
      holding ? req.amount : 0, holding, deadline, holdExpires, now, status === 'pending' ? null : now,
    ],
  );
  if (!card) return rows[0]!;

  if (holding && bal) {
    await postJournal(sql, { kind: 'hold', at: now, authorizationId: id, moves: [{ accountId: bal.availableId, amount: -req.amount }, { accountId: bal.heldId, amount: req.amount }] });
  }
  const wrongTry = !check.ok && check.wrongTry === true;
  const block = !check.ok && check.block === true;
  if (holding || wrongTry || (check.ok && card.wrong_tries > 0)) {
    await sql.query(
      `UPDATE cards SET uses_count = uses_count + $2, wrong_tries = $3, state = $4, updated_at = $5 WHERE id = $1`,
      [card.id, holding ? 1 : 0, wrongTry ? card.wrong_tries + 1 : 0, block ? 'blocked' : card.state, now],
    );
  }
  const base = { shopperId: card.shopper_id, at: now, cardId: card.id, authorizationId: id, amount: req.amount, currency: req.currency, merchantOrigin: req.merchant.origin };
  await recordEvent(sql, { ...base, kind: EVENT_OF[status as keyof typeof EVENT_OF], reason, detail: { merchant_name: req.merchant.name, why, mode: card.mode } });
  if (block) await recordEvent(sql, { ...base, kind: 'card.blocked', reason: '75', detail: { why } });
  return rows[0]!;
}

/** Checks that read more than the card row: recurring spend, then the balance; then the mode decides. */
async function fundsAndMode(
  sql: Sql,
  card: CardRow,
  amount: number,
  now: Date,
): Promise<{ status: AuthorizationStatus; reason: ReasonCode; why: string; bal?: LockedBalances }> {
  if (card.period_limit !== null && card.period !== null) {
    const since = periodStart(card.period, now);
    const spent = await sql.query<{ s: number }>(
      `SELECT coalesce(sum(CASE WHEN status = 'captured' THEN captured_amount - refunded_amount ELSE amount END), 0) AS s
       FROM authorizations WHERE card_id = $1 AND created_at >= $2 AND status IN ('pending', 'approved', 'captured')`,
      [card.id, since],
    );
    const used = spent[0]?.s ?? 0;
    if (used + amount > card.period_limit) {
      return { status: 'declined', reason: '61', why: `${used} of the ${card.period}'s limit of ${card.period_limit} is used` };
    }
  }
  // A $0 verification moves no money, so it neither needs nor locks a balance.
  const bal = amount > 0 ? await lockShopperBalances(sql, card.shopper_id, card.currency) : undefined;
  if (bal && bal.available < amount) return { status: 'declined', reason: '51', why: `balance ${bal.available} is below ${amount}` };
  switch (card.mode) {
    case 'notification':
    case 'recurring':
      return { status: 'approved', reason: '00', why: `${card.mode} mode approves within limits`, bal };
    case 'confirmation':
      return { status: 'pending', reason: 'P0', why: 'waiting for the shopper to confirm', bal };
    case 'card_reader':
      return { status: 'pending', reason: 'P1', why: "waiting for the shopper's security key", bal };
  }
}
