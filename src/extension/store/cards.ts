/** The masked card cache: what the popup shows for a site without asking the provider each time. */
import type { Card, CardMode, CardState } from '../../protocol';
import { db } from './db';

/** A card as cached: masked fields only. The full number and CVC live sealed in `secrets`. */
export interface CachedCard {
  id: string;
  purchasingId: string;
  last4: string;
  brand: string;
  mode: CardMode;
  state: CardState;
  merchantOrigin: string;
  merchantName: string | null;
  /** Largest single charge, minor units. */
  cap: number;
  usesAllowed: number | null;
  usesCount: number;
  /** ISO 8601 */
  validUntil: string;
  /** ISO 8601 */
  createdAt: string;
  /** Payment-frame origins the merchant declared (the provider sends them with the card): where the card may be filled besides the merchant's own frames and the curated providers'. */
  paymentFrames: string[];
}

export function toCachedCard(card: Card): CachedCard {
  return {
    id: card.id,
    purchasingId: card.purchasing_id,
    last4: card.last4,
    brand: card.brand,
    mode: card.mode,
    state: card.state,
    merchantOrigin: card.merchant.origin,
    merchantName: card.merchant.name,
    cap: card.cap,
    usesAllowed: card.uses_allowed,
    usesCount: card.uses_count,
    validUntil: card.valid_until,
    createdAt: card.created_at,
    paymentFrames: [...card.payment_frames],
  };
}

/** Upserts by id. */
export async function saveCards(cards: CachedCard[]): Promise<void> {
  await db.cards.bulkPut(cards.map(maskedRow));
}

/** Cards for one merchant origin (or all), newest first. */
export async function cardsFor(origin?: string): Promise<CachedCard[]> {
  const rows = origin === undefined ? db.cards.toCollection() : db.cards.where('merchantOrigin').equals(origin);
  // Rows cached before payment frames were kept have none: the next fetch from the provider fills them in.
  return (await rows.reverse().sortBy('createdAt')).map((c) => ({ ...c, paymentFrames: c.paymentFrames ?? [] }));
}

export async function clearCards(): Promise<void> {
  await db.cards.clear();
}

/**
 * Copies only the masked fields: a caller holding an IssuedCard (which carries `secrets`)
 * still type-checks as a CachedCard, and its number must not land in an unencrypted row.
 */
function maskedRow(card: CachedCard): CachedCard {
  if (!/^\d{4}$/.test(card.last4)) throw new Error(`Card ${card.id}: last4 must be exactly four digits`);
  const {
    id,
    purchasingId,
    last4,
    brand,
    mode,
    state,
    merchantOrigin,
    merchantName,
    cap,
    usesAllowed,
    usesCount,
    validUntil,
    createdAt,
    paymentFrames,
  } = card;
  return {
    id,
    purchasingId,
    last4,
    brand,
    mode,
    state,
    merchantOrigin,
    merchantName,
    cap,
    usesAllowed,
    usesCount,
    validUntil,
    createdAt,
    paymentFrames: [...paymentFrames],
  };
}
