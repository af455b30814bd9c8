import { currencyExponent } from '../../protocol/currencies';

/** Display helpers: money in minor units, dates, countdowns. */
export function money(minor: number, currency = 'USD'): string {
  const digits = currencyExponent(currency);
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

/** Parses "12.34" or "12" typed by a person into minor units; undefined when it is not an amount. */
export function parseMoney(text: string): number | undefined {
  const m = /^\s*\$?\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/**
 * Parses an amount a person typed in `currency` ("54.90", "54,90", "1200" for yen) into
 * minor units with that currency's exponent; undefined when it is not an amount or has
 * more decimals than the currency has.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const e = currencyExponent(currency);
  const m = /^\s*(\d{1,9})(?:[.,](\d+))?\s*$/.exec(text);
  if (!m || (m[2] ?? '').length > e) return undefined;
  return Number(m[1]) * 10 ** e + Number((m[2] ?? '').padEnd(e, '0') || '0');
}

/** An amount in minor units as a person would type it back: "54.90", "1200". */
export function amountText(minor: number, currency: string): string {
  const e = currencyExponent(currency);
  return e === 0 ? String(minor) : (minor / 10 ** e).toFixed(e);
}

export function timeLeft(untilIso: string, now = Date.now()): string {
  const ms = Date.parse(untilIso) - now;
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min left`;
  return `${Math.floor(hours / 24)} days left`;
}

/** "3 of 5 uses left", or "unlimited uses" for a card without a count (recurring). */
export function usesLeft(card: { uses_allowed: number | null; uses_count: number }): string {
  return card.uses_allowed === null
    ? 'unlimited uses'
    : `${Math.max(0, card.uses_allowed - card.uses_count)} of ${card.uses_allowed} uses left`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export const MODE_LABELS = {
  notification: 'Notify me',
  confirmation: 'Ask me to confirm',
  card_reader: 'Security key',
  recurring: 'Recurring',
} as const;
