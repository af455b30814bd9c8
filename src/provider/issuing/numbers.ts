/** Proxy card numbers and purchasing IDs. */
import { randomInt } from 'node:crypto';
import { luhnCheckDigit } from '../../protocol';

/** 16 digits: the 6-digit BIN, 9 random digits, and the Luhn check digit. */
export function newPan(bin: string): string {
  if (!/^\d{6}$/.test(bin)) throw new Error('the BIN must be 6 digits');
  let body = bin;
  while (body.length < 15) body += String(randomInt(10));
  return body + luhnCheckDigit(body);
}

// Crockford base32: no I, L, O or U, so an ID read aloud or copied by hand survives.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** "VL-XXXX-XXXX": 40 random bits, short enough to type into a shipping reference. */
export function newPurchasingId(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CROCKFORD[randomInt(32)];
  return `VL-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** The card's printed expiry: the month after it stops working, so shops never see it as expired while it is live. */
export function printedExpiry(validUntil: Date): { exp_month: number; exp_year: number } {
  const m = validUntil.getUTCMonth() + 1; // 0-based → next month, 1-based
  return m === 12
    ? { exp_month: 1, exp_year: validUntil.getUTCFullYear() + 1 }
    : { exp_month: m + 1, exp_year: validUntil.getUTCFullYear() };
}
