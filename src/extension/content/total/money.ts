/**
 * Money in a piece of text: a number with a currency mark before or after it
 * ("€ 54,90", "54,90 €", "USD 1,234.56", "¥1,234", "12,- kr", "KWD 12.500"). A number
 * with no mark is not money here: a total must say its currency somewhere, and counts
 * ("Total: 3 items", "1,200 points") must not read as amounts.
 */
import type { CartTotal } from '../../messages';
import { currencyOf, type PageLocale } from './currency';
import { toMinorUnits } from './parse-amount';

const SPACE = '[\\s\\u00a0\\u202f\\u2009]';
// Marks that can come before the number. Longer first ("US$" before "$").
const PRE = String.raw`US\$|CA?\$|AU?\$|NZ\$|HK\$|S\$|MX\$|R\$|\$|€|£|¥|￥|₩|₹|₺|₽|₪|₫|₱|KD|Fr\.|kr\.?|zł|[A-Z]{3}`;
// Marks that can come after it.
const POST = String.raw`€|£|\$|¥|￥|円|元|₩|₹|₺|₽|₪|₫|zł|Kč|Ft|lei|kr\.?|KD|د\.ك|[A-Z]{3}`;
// Grouped (1.234.567,89; 1 234,56; 1'234.50) or plain (1234.56), then an optional "whole units" dash (12,-).
const NUMBER = String.raw`\d{1,3}(?:[.,'’\s\u00a0\u202f\u2009]\d{3})+(?:[.,]\d{1,4})?|\d+(?:[.,]\d{1,4})?`;
const MONEY = new RegExp(
  String.raw`(?<![\p{L}\d])(?:(?<pre>${PRE})${SPACE}?)?(?<num>${NUMBER})(?<dash>[.,][-–—])?(?:${SPACE}?(?<post>${POST}))?(?![\p{L}\d])`,
  'gu',
);

export interface Money extends CartTotal {
  /** Where in the text the money starts. */
  index: number;
}

/** Every amount with a currency in `text`, in order. */
export function findMoney(text: string, locale: PageLocale): Money[] {
  const out: Money[] = [];
  for (const m of text.matchAll(MONEY)) {
    const { pre, num, post } = m.groups ?? {};
    if (!num) continue;
    // A mark on each side (e.g. "EUR 12 USD") is ambiguous: the one before wins, as shops write "EUR 12" or "12 EUR".
    const currency = (pre && currencyOf(pre, locale)) || (post && currencyOf(post, locale)) || null;
    if (!currency) continue;
    const amount = toMinorUnits(num, currency);
    if (amount === null) continue;
    out.push({ amount, currency, text: m[0].trim(), index: m.index });
  }
  return out;
}
