/**
 * The autocomplete tokens the detector can assign. A control gets one of these or
 * nothing; anything else (username, password, birthday…) is never filled by Veil.
 */
import type { AddressToken, CardPart } from '../../messages';

export type { CardPart };

export const CARD_TOKENS = [
  'cc-number',
  'cc-exp',
  'cc-exp-month',
  'cc-exp-year',
  'cc-csc',
  'cc-name',
  'cc-given-name',
  'cc-family-name',
] as const;

export const ADDRESS_TOKENS = [
  'name',
  'given-name',
  'family-name',
  'organization',
  'email',
  'tel',
  'address-line1',
  'address-line2',
  'address-level2',
  'address-level1',
  'postal-code',
  'country',
] as const satisfies readonly AddressToken[];

export type CardToken = (typeof CARD_TOKENS)[number];
export type Token = CardToken | AddressToken;

const cardSet: ReadonlySet<string> = new Set(CARD_TOKENS);
const addressSet: ReadonlySet<string> = new Set(ADDRESS_TOKENS);

export const isCardToken = (t: string): t is CardToken => cardSet.has(t);
export const isAddressToken = (t: string): t is AddressToken => addressSet.has(t);
export const isToken = (t: string): t is Token => cardSet.has(t) || addressSet.has(t);

/**
 * Fields Veil recognises but never fills (our own tokens, outside the HTML standard): a
 * gift or store-value card's number and PIN, next to the real card form. Recognised so
 * they are never mistaken for the payment card, and so the corpus can score them.
 */
export type GiftToken = 'x-gift-card-number' | 'x-gift-card-pin';

/** The parts of a card form, as the frames of one tab report them to be judged together (background/tab-card-form.ts). */

export function cardPart(t: CardToken): CardPart {
  if (t === 'cc-number') return 'number';
  if (t === 'cc-csc') return 'csc';
  return t === 'cc-exp' || t === 'cc-exp-month' || t === 'cc-exp-year' ? 'expiry' : 'name';
}

/** Which address a field belongs to; card fields are always 'card'. */
export type Section = 'card' | 'billing' | 'shipping' | 'unknown';
