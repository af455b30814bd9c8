/** Authorization rows and how each audience sees them. */
import type {
  Authorization,
  AuthorizationStatus,
  DigitalDelivery,
  ReasonCode,
  ShopperAuthorization,
} from '../../protocol';
import { displayText, reasonText, retryable } from '../../protocol';

export interface AuthRow {
  id: string;
  vendor_id: string;
  card_id: string | null;
  shopper_id: string | null;
  amount: number;
  currency: string;
  merchant_name: string;
  merchant_origin: string;
  status: AuthorizationStatus;
  reason: ReasonCode;
  held_amount: number;
  captured_amount: number;
  refunded_amount: number;
  counts_use: boolean;
  decision_deadline: Date | null;
  hold_expires_at: Date | null;
  created_at: Date;
  decided_at: Date | null;
  /** 1A: the shopper's open question, and their answer. */
  challenge_state?: 'open' | 'approved' | 'declined' | null;
  /** Digital delivery (migration 022): what the vendor learns once the charge is approved. */
  delivery?: DigitalDelivery | string | null;
  /** The card's cart, copied at validation (migration 023). */
  cart_amount?: number | null;
  cart_currency?: string | null;
  /** Converted: the balance held and charged (held_amount is in it), and the rate per minor unit as exact text. */
  funding_currency?: string | null;
  fx_minor_rate?: string | null;
}

/** The currency the authorization's hold and charge come out of: the card's funding balance. */
export const heldCurrency = (r: AuthRow): string => r.funding_currency ?? r.currency;

export const AUTH_COLUMNS =
  'id, vendor_id, card_id, shopper_id, amount, currency, merchant_name, merchant_origin, status, reason, held_amount, captured_amount, refunded_amount, counts_use, decision_deadline, hold_expires_at, created_at, decided_at, challenge_state, delivery, cart_amount, cart_currency, funding_currency, fx_minor_rate::text AS fx_minor_rate';

/** An authorization row that came back as JSON (from veil_validate, or stored for an idempotent replay). */
export function authRowFromJson(j: Record<string, unknown>): AuthRow {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...(j as unknown as AuthRow),
    decision_deadline: date(j.decision_deadline),
    hold_expires_at: date(j.hold_expires_at),
    created_at: date(j.created_at)!,
    decided_at: date(j.decided_at),
    // jsonb gives numeric as a JSON number; the exact rate is re-read where money moves (lockAuth).
    fx_minor_rate: j.fx_minor_rate === null || j.fx_minor_rate === undefined ? null : String(j.fx_minor_rate),
  };
}

const cartOf = (r: AuthRow) =>
  r.cart_amount && r.cart_currency ? { amount: Number(r.cart_amount), currency: r.cart_currency } : null;

export function toVendorView(r: AuthRow): Authorization {
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    reason_text: reasonText(r.reason),
    ...(r.status === 'declined' ? { retry: retryable(r.reason) } : {}),
    amount: r.amount,
    currency: r.currency,
    captured_amount: r.captured_amount,
    refunded_amount: r.refunded_amount,
    merchant: { name: r.merchant_name, origin: r.merchant_origin },
    created_at: r.created_at.toISOString(),
    decision_deadline: r.status === 'pending' ? (r.decision_deadline?.toISOString() ?? null) : null,
    hold_expires_at: r.status === 'approved' ? (r.hold_expires_at?.toISOString() ?? null) : null,
    cart: cartOf(r),
    // Only a charge the shopper's card paid for: a declined or pending try learns nothing of the purchase.
    ...(r.delivery && (r.status === 'approved' || r.status === 'captured')
      ? { delivery: typeof r.delivery === 'string' ? (JSON.parse(r.delivery) as DigitalDelivery) : r.delivery }
      : {}),
  };
}

/** An authorization as its shopper sees it, with its card and its vendor's registered identity. */
export type ShopperRow = AuthRow & {
  purchasing_id: string;
  last4: string;
  vendor_name: string;
  vendor_origin: string;
  /** The card's locked rate as the operator quoted it (major units), exact text. */
  card_fx_rate: string | null;
};

export function toShopperView(r: ShopperRow): ShopperAuthorization {
  return {
    id: r.id,
    card_id: r.card_id ?? '',
    purchasing_id: r.purchasing_id,
    card_last4: r.last4,
    status: r.status,
    reason: r.reason,
    reason_text: reasonText(r.reason),
    amount: r.amount,
    currency: r.currency,
    vendor: { name: displayText(r.vendor_name), origin: r.vendor_origin },
    merchant: { name: displayText(r.merchant_name), origin: r.merchant_origin },
    created_at: r.created_at.toISOString(),
    decision_deadline:
      r.status === 'pending' || r.challenge_state === 'open' ? (r.decision_deadline?.toISOString() ?? null) : null,
    cart: cartOf(r),
    funding: r.funding_currency && r.card_fx_rate ? { currency: r.funding_currency, rate: r.card_fx_rate } : null,
  };
}
