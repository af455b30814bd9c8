/**
 * A dispute pack for one purchase: what a shopper hands their bank or the shop when a
 * charge is contested. Pure: the page and the download button both build it from what
 * the background fetched (the authorization with its receipts, its card, the card's
 * events). The receipts are the evidence; the rest is context a reader needs (the
 * card's limits, the cart total the card was issued for, the timeline).
 *
 * The provider's keys are named, not copied in: a key set inside the pack would let
 * whoever edits the pack choose the key that "verifies" it. Verify against the
 * provider's /.well-known/veil-receipts.json (or a copy fetched from it).
 */
import type { AuditEvent, Card, ReceiptClaims, ShopperAuthorization } from '../../../protocol';
import { readReceipt, RECEIPTS_JWKS_PATH } from '../../../protocol';

export const DISPUTE_PACK_FORMAT = 'veil-dispute-pack/1';

export interface PackSources {
  authorization: ShopperAuthorization;
  /** The card the charge was made on; null when it is no longer listed. */
  card: Card | null;
  /** The card's events, in any order (the provider's are newest first). */
  events: readonly AuditEvent[];
  providerUrl: string;
  now: Date;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  amount: number | null;
  currency: string | null;
  reason: string | null;
  authorization_id: string | null;
}

export interface DisputePack {
  format: typeof DISPUTE_PACK_FORMAT;
  generated_at: string;
  shop_origin: string;
  purchase: {
    authorization_id: string;
    merchant: { name: string; origin: string };
    vendor: { name: string; origin: string };
    amount: number;
    currency: string;
    status: string;
    reason: string;
    reason_text: string;
    created_at: string;
  };
  card: {
    purchasing_id: string;
    last4: string;
    mode: string;
    state: string;
    merchant_lock: string;
    currency: string;
    cap: number;
    period_limit: number | null;
    period: string | null;
    uses_allowed: number | null;
    uses_count: number;
    valid_until: string;
  } | null;
  /** The order total the card was issued for, when the shopper's extension read one. */
  cart_total: { amount: number; currency: string } | null;
  /** Compact JWS, oldest first: verify each with `npm run provider -- receipt verify FILE`. */
  receipts: string[];
  /** What each receipt says, decoded for reading (not verified here). */
  receipt_claims: (ReceiptClaims | null)[];
  timeline: TimelineEntry[];
  keys_url: string;
}

/** Card.cart comes with the cart-total work (another branch); read it when the card has it. */
function cartOf(card: Card | null): { amount: number; currency: string } | null {
  const cart = (card as (Card & { cart?: { amount: number; currency: string } | null }) | null)?.cart;
  return cart ? { amount: cart.amount, currency: cart.currency } : null;
}

export function buildDisputePack(s: PackSources): DisputePack {
  const a = s.authorization;
  const receipts = a.receipts ?? [];
  // This purchase's events and the card's own (issued, changed, closed); other charges on the card are not this dispute.
  const timeline = s.events
    .filter((e) => e.authorization_id === a.id || (e.authorization_id === null && e.kind.startsWith('card.')))
    .map((e) => ({
      at: e.created_at,
      kind: e.kind,
      amount: e.amount,
      currency: e.currency,
      reason: e.reason,
      authorization_id: e.authorization_id,
    }))
    .sort((x, y) => x.at.localeCompare(y.at));
  const c = s.card;
  return {
    format: DISPUTE_PACK_FORMAT,
    generated_at: s.now.toISOString(),
    shop_origin: a.merchant.origin,
    purchase: {
      authorization_id: a.id,
      merchant: a.merchant,
      vendor: a.vendor,
      amount: a.amount,
      currency: a.currency,
      status: a.status,
      reason: a.reason,
      reason_text: a.reason_text,
      created_at: a.created_at,
    },
    card: c && {
      purchasing_id: c.purchasing_id,
      last4: c.last4,
      mode: c.mode,
      state: c.state,
      merchant_lock: c.merchant.origin,
      currency: c.currency,
      cap: c.cap,
      period_limit: c.period_limit,
      period: c.period,
      uses_allowed: c.uses_allowed,
      uses_count: c.uses_count,
      valid_until: c.valid_until,
    },
    cart_total: cartOf(c),
    receipts,
    receipt_claims: receipts.map((r) => readReceipt(r) ?? null),
    timeline,
    keys_url: new URL(RECEIPTS_JWKS_PATH, s.providerUrl).href,
  };
}

export const packFileName = (p: DisputePack) => `veil-dispute-${p.purchase.authorization_id}.json`;
