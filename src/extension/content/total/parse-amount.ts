/**
 * Amounts as shops print them, to integer minor units. The grouping and decimal marks
 * differ by locale: `1,234.56` (en), `1.234,56` (de, es, it, nl, pt), `1 234,56` (fr, pl,
 * sv; the space often a no-break U+00A0 or narrow no-break U+202F), `1'234.50` (de-CH),
 * `¥1,234` (no minor unit), `12,-` (whole units, de/nl/sv). The page does not say which
 * convention it uses, so the number says it itself (see `splitNumber`).
 */
import { currencyExponent } from '../../../protocol/currencies';

export interface SplitNumber {
  /** The whole units' digits. */
  whole: string;
  /** The digits after the decimal mark ('' when none). */
  fraction: string;
}

/**
 * Splits `text` (digits and marks only, as the money pattern found it) into whole and
 * fraction. The last mark is the decimal one when: both `.` and `,` occur (the last of
 * them is), or one of them occurs once with other than three digits after it. Three
 * digits after a single `.` or `,` group thousands (`1,234`, `1.234`), except in a
 * currency with three decimals (KWD `12.500`), where they are the fraction. Spaces and
 * apostrophes always group.
 */
export function splitNumber(text: string, exponent: number): SplitNumber | null {
  if (!/^\d[\d.,'’\s\u00a0\u202f\u2009]*$/.test(text)) return null;
  const marks = [...text].filter((c) => !/\d/.test(c));
  if (marks.length === 0) return { whole: text, fraction: '' };
  const lastAt = Math.max(text.lastIndexOf('.'), text.lastIndexOf(','));
  const digitsOnly = (s: string) => s.replace(/\D/g, '');
  if (lastAt < 0) return { whole: digitsOnly(text), fraction: '' };
  const last = text[lastAt]!;
  const after = text.slice(lastAt + 1);
  if (/\D/.test(after)) return { whole: digitsOnly(text), fraction: '' };
  const hasBoth = text.includes('.') && text.includes(',');
  const sameCount = marks.filter((c) => c === last).length;
  const decimal = hasBoth
    ? // `1.234,56` and `1,234.56`: the last mark; but `1,234,567` (one kind, repeated) groups.
      true
    : sameCount > 1
      ? false
      : after.length !== 3 || exponent === 3;
  if (!decimal) return { whole: digitsOnly(text), fraction: '' };
  // The marks before a decimal mark must be grouping marks of the other kind.
  if (text.slice(0, lastAt).includes(last)) return null;
  return { whole: digitsOnly(text.slice(0, lastAt)), fraction: after };
}

/** Minor units of `currency` for the number text, or null when it does not fit the currency's exponent. */
export function toMinorUnits(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const split = splitNumber(text.trim(), exponent);
  if (!split || split.whole === '') return null;
  let { fraction } = split;
  // `¥1,234.00`, `12.5000`: extra digits past the exponent are allowed only as zeros.
  if (fraction.length > exponent) {
    if (/[^0]/.test(fraction.slice(exponent))) return null;
    fraction = fraction.slice(0, exponent);
  }
  const minor = Number(split.whole + fraction.padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}
