/**
 * Which cards the Cards view shows: by state, merchant and mode, and a search over what
 * a shopper remembers of a card (the shop's name or address, the last four digits, the
 * purchasing ID). Pure, so the filters are tested without a page.
 */
import type { Card, CardMode, CardState } from '../../../protocol';

export interface CardFilter {
  state: CardState | '';
  merchant: string; // an origin, or '' for all
  mode: CardMode | '';
  search: string;
}

export const NO_FILTER: CardFilter = { state: '', merchant: '', mode: '', search: '' };

/** The shop as a person reads it: its name when it gave one, else its host. */
export function merchantLabel(card: Pick<Card, 'merchant'>): string {
  return card.merchant.name || card.merchant.origin.replace(/^https?:\/\//, '');
}

export function filterCards(cards: readonly Card[], f: CardFilter): Card[] {
  const words = f.search.toLowerCase().split(/\s+/).filter(Boolean);
  return cards.filter((c) => {
    if (f.state && c.state !== f.state) return false;
    if (f.merchant && c.merchant.origin !== f.merchant) return false;
    if (f.mode && c.mode !== f.mode) return false;
    if (!words.length) return true;
    const text = [c.merchant.name ?? '', c.merchant.origin, c.last4, c.purchasing_id].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Each merchant once, for the merchant filter, sorted by how it reads. */
export function merchantsOf(cards: readonly Card[]): { origin: string; label: string }[] {
  const byOrigin = new Map<string, string>();
  for (const c of cards) if (!byOrigin.has(c.merchant.origin)) byOrigin.set(c.merchant.origin, merchantLabel(c));
  return [...byOrigin]
    .map(([origin, label]) => ({ origin, label }))
    .sort((a, b) => a.label.localeCompare(b.label) || a.origin.localeCompare(b.origin));
}
