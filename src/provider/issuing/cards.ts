/** Issuing proxy cards and the shopper's management of them. */
import type {
  Card,
  CardMode,
  CardState,
  EventKind,
  IssueCardRequest,
  IssuedCard,
  ReasonCode,
  ShippingIdentity,
} from '../../protocol';
import { cardBrand } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import type { DeviceAuth } from '../shoppers/accounts';
import { HttpError, notFound } from '../http/errors';
import { newId } from '../crypto/tokens';
import { recordEvent } from '../audit/events';
import { newPan, newPurchasingId, printedExpiry } from './numbers';
import { addressForCard } from '../delivery/addresses';
import { shippingIdentity } from '../delivery/forwarding';
import { proveAccountHolder, type Proof } from '../webauthn/step-up';
import { usableRate } from '../fx/rates';
import { trialEndForIssue, trialEnded } from './trials';
import { lapseIfDue, lockAwaiting } from '../authorizations/settle';

export interface CardRow {
  id: string;
  shopper_id: string;
  purchasing_id: string;
  pan_enc: Buffer;
  cvc_hash: Buffer;
  last4: string;
  brand: string;
  exp_month: number;
  exp_year: number;
  mode: CardMode;
  state: CardState;
  merchant_origin: string;
  merchant_name: string | null;
  currency: string;
  cap_amount: number;
  uses_allowed: number | null;
  uses_count: number;
  period_limit: number | null;
  period: 'day' | 'week' | 'month' | null;
  confirm_window_s: number;
  wrong_tries: number;
  valid_until: Date;
  created_at: Date;
  /** A free trial's end (migration 024): refund-only from then on. */
  trial_ends_at: Date | null;
  /** Absent in rows read without it (the validation path never needs it). */
  shipping?: ShippingIdentity | string | null;
  digital_public_key?: string | null;
  /** The merchant's declared payment frames; absent in rows read without it (the validation path never needs it). */
  payment_frames?: string[];
  /** The cart and conversion (migration 023); absent in rows read without them (the validation path). */
  cart_amount?: number | null;
  cart_currency?: string | null;
  funding_currency?: string | null;
  /** Exact decimal text (CARD_COLUMNS casts it). */
  fx_rate?: string | null;
  /** Read only by the card list (CARD_SPENT). */
  spent?: number;
  spent_this_period?: number | null;
}

/**
 * The payment frames of the card's merchant: those its live vendors declare now, read
 * with the card rather than copied into it, so a frame a vendor adds (or a revoked
 * vendor's) counts for cards issued before. A card for a merchant no vendor is
 * registered for has none: the extension then fills only the curated providers' frames.
 */
const PAYMENT_FRAMES = `(SELECT coalesce(array_agg(DISTINCT f ORDER BY f), '{}'::text[])
   FROM vendors v CROSS JOIN LATERAL unnest(v.payment_frames) AS f
   WHERE v.origin = cards.merchant_origin AND v.revoked_at IS NULL) AS payment_frames`;

export const CARD_COLUMNS = `id, shopper_id, purchasing_id, pan_enc, cvc_hash, last4, brand, exp_month, exp_year, mode, state, merchant_origin, merchant_name, currency, cap_amount, uses_allowed, uses_count, period_limit, period, confirm_window_s, wrong_tries, valid_until, created_at, trial_ends_at, shipping, digital_public_key, cart_amount, cart_currency, funding_currency, fx_rate::text AS fx_rate, ${PAYMENT_FRAMES}`;

/**
 * What a card has cost, summed as veil_validate sums it against a period limit: pending
 * and approved charges at their amount, captures net of refunds. All time, and (for a
 * card with a period) since the current period began at `$now`, so the shopper's
 * "spent this period" is the figure the next charge is checked against. Correlated per
 * card over the authorizations_card index; the list reads it, single-card reads skip it.
 */
const spentSince = (since: string) => `(SELECT coalesce(sum(CASE WHEN z.status = 'captured'
     THEN z.captured_amount - z.refunded_amount ELSE z.amount END), 0)
   FROM authorizations z
   WHERE z.card_id = cards.id AND z.status IN ('pending', 'approved', 'captured')${since})`;
const CARD_SPENT = (now: string) =>
  `${spentSince('')} AS spent,
   CASE WHEN cards.period IS NULL THEN NULL
     ELSE ${spentSince(` AND z.created_at >= veil_period_start(cards.period, ${now})`)} END AS spent_this_period`;

export function toCard(r: CardRow): Card {
  return {
    id: r.id,
    purchasing_id: r.purchasing_id,
    last4: r.last4,
    brand: r.brand,
    exp_month: r.exp_month,
    exp_year: r.exp_year,
    mode: r.mode,
    state: r.state,
    merchant: { origin: r.merchant_origin, name: r.merchant_name },
    currency: r.currency,
    cap: r.cap_amount,
    uses_allowed: r.uses_allowed,
    uses_count: r.uses_count,
    period_limit: r.period_limit,
    period: r.period,
    confirm_window_s: r.confirm_window_s,
    valid_until: r.valid_until.toISOString(),
    created_at: r.created_at.toISOString(),
    trial_ends_at: r.trial_ends_at?.toISOString() ?? null,
    shipping: typeof r.shipping === 'string' ? (JSON.parse(r.shipping) as ShippingIdentity) : (r.shipping ?? null),
    digital_public_key: r.digital_public_key ?? null,
    payment_frames: r.payment_frames ?? [],
    cart: r.cart_amount && r.cart_currency ? { amount: r.cart_amount, currency: r.cart_currency } : null,
    funding: r.funding_currency && r.fx_rate ? { currency: r.funding_currency, rate: r.fx_rate } : null,
    ...(r.spent !== undefined ? { spent: r.spent, spent_this_period: r.spent_this_period ?? null } : {}),
  };
}

const UNIQUE_VIOLATION = '23505';

export async function issueCard(ctx: ProviderContext, auth: DeviceAuth, req: IssueCardRequest): Promise<IssuedCard> {
  const { policy } = ctx;
  // A reversed top-up the shopper had already spent left a debt (funding/settlement.ts): no new cards until it is paid.
  const [debt] = await ctx.db.query<{ owed: number }>(
    "SELECT coalesce(-sum(balance), 0) AS owed FROM ledger_accounts WHERE owner_id = $1 AND kind = 'debt'",
    [auth.shopperId],
  );
  if ((debt?.owed ?? 0) > 0)
    throw new HttpError(
      409,
      'conflict',
      `a reversed top-up left ${(debt!.owed / 100).toFixed(2)} owed: top up to pay it before issuing new cards`,
    );
  const funding = await lockedFunding(ctx, req);
  const recurring = req.mode === 'recurring';
  const at = ctx.clock();
  const validUntil = new Date(
    at.getTime() +
      1000 * (req.validity_s ?? (recurring ? policy.recurringValiditySeconds : policy.defaultValiditySeconds)),
  );
  const { exp_month, exp_year } = printedExpiry(validUntil);
  const trialEndsAt = trialEndForIssue(req.trial_ends_at, at);
  // A fresh PAN or purchasing ID can collide with a live one (rarely): draw again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = newId('card');
    const pan = newPan(policy.bin);
    const cvc = ctx.keys.cvcFor(pan, exp_month, exp_year);
    const row = {
      id,
      purchasing_id: newPurchasingId(),
      pan_hash: ctx.keys.panHash(pan),
      pan_enc: ctx.keys.seal(pan, id),
      cvc_hash: ctx.keys.cvcHash(id, cvc),
    };
    try {
      const card = await ctx.db.tx(async (sql) => {
        // Delivery masking: on by default once the shopper has a delivery address to forward to.
        const wanted = req.delivery?.masking;
        const addressId =
          wanted === false ? undefined : await addressForCard(sql, auth.shopperId, req.delivery?.address_id);
        if (wanted === true && !addressId)
          throw new HttpError(409, 'conflict', 'add a delivery address before asking for delivery masking');
        const shipping = addressId
          ? shippingIdentity(ctx.policy.forwarding, row.purchasing_id, req.delivery?.alias)
          : null;
        const rows = await sql.query<CardRow>(
          `INSERT INTO cards (id, shopper_id, purchasing_id, pan_hash, pan_enc, cvc_hash, last4, brand, exp_month, exp_year, mode, state,
             merchant_origin, merchant_name, currency, cap_amount, uses_allowed, period_limit, period, confirm_window_s, valid_until, created_at, updated_at,
             shipping, delivery_address_id, digital_public_key, cart_amount, cart_currency, funding_currency, fx_rate, fx_minor_rate, trial_ends_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $22, $23, $24,
             $25, $26, $27, $28::numeric, $29::numeric, $30)
           RETURNING ${CARD_COLUMNS}`,
          [
            row.id,
            auth.shopperId,
            row.purchasing_id,
            row.pan_hash,
            row.pan_enc,
            row.cvc_hash,
            pan.slice(-4),
            cardBrand(pan),
            exp_month,
            exp_year,
            req.mode,
            req.merchant.origin,
            req.merchant.name ?? null,
            req.currency,
            req.cap ?? policy.defaultCap,
            req.uses ?? (recurring ? null : 1),
            req.period_limit ?? null,
            recurring ? (req.period ?? 'month') : (req.period ?? null),
            req.confirm_window_s ?? policy.defaultConfirmWindowS,
            validUntil,
            at,
            shipping ? JSON.stringify(shipping) : null,
            addressId ?? null,
            req.delivery?.digital_public_key ?? null,
            req.cart?.amount ?? null,
            req.cart?.currency ?? null,
            funding?.currency ?? null,
            funding?.rate ?? null,
            funding?.minor ?? null,
            trialEndsAt,
          ],
        );
        const card = toCard(rows[0]!);
        await recordEvent(sql, {
          shopperId: auth.shopperId,
          kind: 'card.issued',
          at,
          cardId: id,
          merchantOrigin: card.merchant.origin,
          currency: card.currency,
          amount: card.cap,
          detail: {
            mode: card.mode,
            last4: card.last4,
            purchasing_id: card.purchasing_id,
            uses: card.uses_allowed,
            valid_until: card.valid_until,
            ...(card.cart ? { cart: card.cart } : {}),
            ...(card.funding ? { funding: card.funding } : {}),
          },
        });
        if (card.trial_ends_at)
          await recordEvent(sql, {
            shopperId: auth.shopperId,
            kind: 'card.trial_set',
            at,
            cardId: id,
            merchantOrigin: card.merchant.origin,
            detail: { trial_ends_at: card.trial_ends_at, previous: null },
          });
        return card;
      });
      return { ...card, secrets: { number: pan, cvc, exp_month, exp_year } };
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) continue;
      throw err;
    }
  }
  throw new Error('could not draw a unique card number in 5 attempts');
}

/**
 * The rate a card drawing on another balance locks, read as issued: the rate the shopper
 * was shown (fx_rate) must still be the current one, so what they agreed to is what is
 * locked. Read before the card's transaction: a rate changing in between is the same race
 * as one changing just after, and the card keeps whichever it locked.
 */
async function lockedFunding(ctx: ProviderContext, req: IssueCardRequest) {
  if (req.fund_from === undefined || req.fund_from === req.currency) return undefined;
  const r = await usableRate(ctx, ctx.db, req.currency, req.fund_from);
  if (req.fx_rate !== undefined && Number(req.fx_rate) !== Number(r.rate))
    throw new HttpError(
      409,
      'conflict',
      `the ${req.currency} to ${req.fund_from} rate is now ${r.rate}, not ${req.fx_rate}: quote again before issuing`,
    );
  return { currency: req.fund_from, rate: r.rate, minor: r.minor };
}

export async function listCards(
  ctx: ProviderContext,
  auth: DeviceAuth,
  q: { origin?: string | undefined; state?: CardState | undefined },
): Promise<Card[]> {
  const rows = await ctx.db.query<CardRow>(
    `SELECT ${CARD_COLUMNS}, ${CARD_SPENT('$4::timestamptz')} FROM cards
     WHERE shopper_id = $1 AND ($2::text IS NULL OR merchant_origin = $2) AND ($3::text IS NULL OR state = $3)
     ORDER BY created_at DESC, id`,
    [auth.shopperId, q.origin ?? null, q.state ?? null, ctx.clock()],
  );
  return rows.map(toCard);
}

async function ownCard(sql: Sql, auth: DeviceAuth, id: string, lock = false): Promise<CardRow> {
  const rows = await sql.query<CardRow>(
    `SELECT ${CARD_COLUMNS} FROM cards WHERE id = $1 AND shopper_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [id, auth.shopperId],
  );
  if (!rows[0]) throw notFound('card');
  return rows[0];
}

export async function getCard(ctx: ProviderContext, auth: DeviceAuth, id: string): Promise<Card> {
  return toCard(await ownCard(ctx.db, auth, id));
}

/** The full number and CVC again, for the shopper's own authenticated device. Audited. */
export async function revealCard(ctx: ProviderContext, auth: DeviceAuth, id: string): Promise<IssuedCard> {
  return ctx.db.tx(async (sql) => {
    const row = await ownCard(sql, auth, id);
    if (row.state === 'closed' || row.state === 'expired')
      throw new HttpError(409, 'conflict', `the card is ${row.state}: its details are no longer shown`);
    const pan = ctx.keys.open(row.pan_enc, row.id);
    await recordEvent(sql, {
      shopperId: auth.shopperId,
      kind: 'card.revealed',
      at: ctx.clock(),
      cardId: id,
      merchantOrigin: row.merchant_origin,
      detail: { device_id: auth.deviceId },
    });
    return {
      ...toCard(row),
      secrets: {
        number: pan,
        cvc: ctx.keys.cvcFor(pan, row.exp_month, row.exp_year),
        exp_month: row.exp_month,
        exp_year: row.exp_year,
      },
    };
  });
}

const TRANSITIONS: Record<CardState, Partial<Record<'active' | 'paused' | 'closed', EventKind>>> = {
  active: { paused: 'card.paused', closed: 'card.closed' },
  paused: { active: 'card.resumed', closed: 'card.closed' },
  blocked: { active: 'card.unblocked', closed: 'card.closed' },
  closed: {},
  expired: {},
};

export async function updateCard(
  ctx: ProviderContext,
  auth: DeviceAuth,
  id: string,
  req: {
    state?: 'active' | 'paused' | 'closed' | undefined;
    mode?: CardMode | undefined;
    cap?: number | undefined;
    period_limit?: number | undefined;
    trial_ends_at?: string | null | undefined;
  } & Proof,
  address?: string,
): Promise<Card> {
  // Leaving card-reader mode switches off the security key's protection: it needs a fresh
  // proof (step-up.ts), checked before the card's transaction (a password hash must not
  // hold the card's lock) and required again inside it, should the mode have changed since.
  let proven = false;
  if (req.mode !== undefined && req.mode !== 'card_reader') {
    const current = await ctx.db.query<{ mode: CardMode }>('SELECT mode FROM cards WHERE id = $1 AND shopper_id = $2', [
      id,
      auth.shopperId,
    ]);
    if (current[0]?.mode === 'card_reader') {
      await proveAccountHolder(ctx, auth, req, address, 'card_reader_exit');
      proven = true;
    }
  }
  return ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    // A change that may close the card locks the charges awaiting the shopper first, in
    // settle.ts's order (authorization, then card): they are declined R1 below, in this
    // transaction, not left to lapse 91 on a card that takes no charges.
    const mayClose =
      req.state === 'closed' ||
      (typeof req.trial_ends_at === 'string' && Date.parse(req.trial_ends_at) <= at.getTime());
    if (mayClose) await lockAwaiting(sql, id, false);
    const row = await ownCard(sql, auth, id, true);
    if (req.mode !== undefined && req.mode !== row.mode && row.mode === 'card_reader' && !proven) {
      throw new HttpError(
        403,
        'forbidden',
        'leaving card-reader mode needs the account password or a security-key assertion',
      );
    }
    if (row.state === 'closed' || row.state === 'expired')
      throw new HttpError(409, 'conflict', `the card is ${row.state} and can no longer change`);
    // Ended but not swept yet: already refund-only (veil_check_card), so as final as closed.
    if (trialEnded(row, at))
      throw new HttpError(
        409,
        'conflict',
        "the card's free trial has ended: it is refund-only and can no longer change",
      );
    const events: { kind: EventKind; reason?: ReasonCode; detail: Record<string, unknown> }[] = [];
    let state: CardState = row.state;
    if (req.state !== undefined && req.state !== row.state) {
      const kind = TRANSITIONS[row.state][req.state];
      if (!kind) throw new HttpError(409, 'conflict', `a ${row.state} card cannot become ${req.state}`);
      state = req.state;
      events.push({ kind, detail: { from: row.state, to: state } });
    }
    const changes: Record<string, unknown> = {};
    if (req.mode !== undefined && req.mode !== row.mode) changes.mode = req.mode;
    if (req.cap !== undefined && req.cap !== row.cap_amount) changes.cap = req.cap;
    if (req.period_limit !== undefined && req.period_limit !== row.period_limit)
      changes.period_limit = req.period_limit;
    if (changes.mode === 'recurring' && (req.period_limit ?? row.period_limit) === null) {
      throw new HttpError(400, 'invalid_request', 'invalid body: period_limit: recurring cards need a period_limit', [
        { path: 'period_limit', message: 'required for recurring' },
      ]);
    }
    if (Object.keys(changes).length > 0) events.push({ kind: 'card.updated', detail: changes });
    let trialEndsAt = row.trial_ends_at;
    if (req.trial_ends_at !== undefined) {
      const wanted = req.trial_ends_at === null ? null : new Date(req.trial_ends_at);
      if (wanted?.getTime() !== row.trial_ends_at?.getTime()) {
        trialEndsAt = wanted;
        events.push({
          kind: 'card.trial_set',
          detail: { trial_ends_at: wanted?.toISOString() ?? null, previous: row.trial_ends_at?.toISOString() ?? null },
        });
      }
      // Ending the trial now (or at a moment already past) closes the card in this
      // transaction: a charge queued on the card's lock behind it is declined R1.
      if (wanted && wanted.getTime() <= at.getTime()) {
        state = 'closed';
        events.push({
          kind: 'card.trial_ended',
          reason: 'R1',
          detail: { trial_ends_at: wanted.toISOString(), by: 'shopper' },
        });
      }
    }
    const rows = await sql.query<CardRow>(
      `UPDATE cards SET state = $2, mode = $3, cap_amount = $4, period_limit = $5, period = $6,
         uses_allowed = $7, wrong_tries = $8, updated_at = $9, trial_ends_at = $10 WHERE id = $1 RETURNING ${CARD_COLUMNS}`,
      [
        id,
        state,
        req.mode ?? row.mode,
        req.cap ?? row.cap_amount,
        req.period_limit ?? row.period_limit,
        (req.mode ?? row.mode) === 'recurring' ? (row.period ?? 'month') : row.period,
        // Switching to recurring lifts the use count; the period limit bounds spending instead.
        changes.mode === 'recurring' ? null : row.uses_allowed,
        row.state === 'blocked' && state === 'active' ? 0 : row.wrong_tries,
        at,
        trialEndsAt,
      ],
    );
    for (const e of events)
      await recordEvent(sql, {
        shopperId: auth.shopperId,
        kind: e.kind,
        at,
        cardId: id,
        merchantOrigin: row.merchant_origin,
        reason: e.reason ?? null,
        detail: e.detail,
      });
    if (state === 'closed') {
      // Those locked above, and any that arrived before the card's lock was ours.
      const late = await lockAwaiting(sql, id, true);
      for (const a of late) await lapseIfDue(ctx, sql, a, at);
    }
    return toCard(rows[0]!);
  });
}
