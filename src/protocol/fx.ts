/**
 * Exchange rates as exact decimals. A rate is written the way an operator quotes it
 * ("1 EUR = 1.0842 USD": base EUR, quote USD, rate "1.0842") and never goes through a
 * float: amounts are integer minor units and a conversion must be exact to the unit.
 *
 * Rounding rule: a conversion of what the shopper pays rounds DOWN (floor), a
 * conversion of what they get back rounds UP (ceil, capped by what they paid): the
 * fraction of a minor unit is always the provider's, never the shopper's.
 */
import { z } from 'zod';
import { currencyExponent } from './currencies';

/** Up to 12 integer digits and 10 decimals, above zero. */
export const RATE_PATTERN = /^(\d{1,12})(?:\.(\d{1,10}))?$/;
export const Rate = z
  .string()
  .regex(RATE_PATTERN, 'a decimal such as 1.0842 (up to 10 decimals)')
  .refine((s) => /[1-9]/.test(s), 'above zero');

interface Decimal {
  /** The digits as an integer. */
  units: bigint;
  /** Decimal places: value = units / 10^scale. */
  scale: number;
}

function parseDecimal(s: string): Decimal {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = m[2] ?? '';
  return { units: BigInt(m[1]! + frac), scale: frac.length };
}

function formatDecimal(d: Decimal): string {
  if (d.scale <= 0) return (d.units * 10n ** BigInt(-d.scale)).toString();
  const s = d.units.toString().padStart(d.scale + 1, '0');
  const int = s.slice(0, -d.scale);
  const frac = s.slice(-d.scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/**
 * The rate per minor unit: how many minor units of `to` one minor unit of `from` is
 * worth at `rate` (major per major). 1.0842 EUR→USD stays 1.0842 (both have cents);
 * 161.5 EUR→JPY becomes 1.615 (yen have no minor unit).
 */
export function minorRate(rate: string, from: string, to: string): string {
  const d = parseDecimal(rate);
  return formatDecimal({ units: d.units, scale: d.scale - (currencyExponent(to) - currencyExponent(from)) });
}

function times(amount: number, minor: string): { q: bigint; r: bigint; den: bigint } {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`amount ${amount} is not minor units`);
  const d = parseDecimal(minor);
  const den = 10n ** BigInt(d.scale);
  const num = BigInt(amount) * d.units;
  return { q: num / den, r: num % den, den };
}

/** What the shopper pays in the other currency for `amount`: rounded down. */
export function convertDown(amount: number, minor: string): number {
  return Number(times(amount, minor).q);
}

/** What the shopper gets back in the other currency for `amount`: rounded up. */
export function convertUp(amount: number, minor: string): number {
  const { q, r } = times(amount, minor);
  return Number(r === 0n ? q : q + 1n);
}
