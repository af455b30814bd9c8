/**
 * The history as CSV (RFC 4180): fields with a comma, a quote, a line break or edge
 * spaces are quoted, quotes doubled, lines end in CRLF. Text a shop chose (a merchant
 * name) that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
 * prefixed with ' — OWASP's advice against CSV injection. Pure, so it is tested without a page.
 */
import type { AuditEvent, Card } from '../../../protocol';
import { currencyExponent } from '../../../protocol/currencies';
import { eventLabel } from './event-labels';

export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Text from outside that must stay text in a spreadsheet. */
export function inertText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** An amount in minor units as a plain decimal in its currency's unit ("12.50", "1250" for JPY). */
export function decimalAmount(minor: number, currency: string): string {
  const digits = currencyExponent(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}

export const HISTORY_COLUMNS = ['time', 'event', 'merchant', 'amount', 'currency', 'card', 'reason'] as const;

/** One line per event, oldest first, with the card's last four digits (never more of it). */
export function historyCsv(events: readonly AuditEvent[], cards: readonly Card[]): string {
  const last4 = new Map(cards.map((c) => [c.id, c.last4]));
  const rows = [...events]
    .sort((a, b) => a.id - b.id)
    .map((e) => [
      e.created_at,
      eventLabel(e.kind),
      inertText(e.vendor?.name ?? e.merchant_origin ?? ''),
      e.amount !== null ? decimalAmount(e.amount, e.currency ?? 'USD') : '',
      e.currency ?? '',
      e.card_id ? (last4.get(e.card_id) ?? '') : '',
      e.reason ?? '',
    ]);
  return toCsv([[...HISTORY_COLUMNS], ...rows]);
}
