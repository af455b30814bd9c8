/**
 * The cap of a card issued for a cart: the total plus a tolerance, because tax and
 * shipping often change after the total was read (a shipping choice, a coupon). The
 * tolerance is a percentage with a floor in major units of the cart's currency, so a
 * 3.00 cart still gets room for a shipping fee. Integer minor units throughout.
 */
import { minorPerMajor } from '../protocol/currencies';

export interface Tolerance {
  tolerancePercent: number;
  toleranceMinimum: number;
}

/** The cap for `amount` minor units of `currency`: amount + max(⌈amount × percent⌉, minimum). */
export function capForCart(amount: number, currency: string, t: Tolerance): number {
  const byPercent = Math.ceil((amount * t.tolerancePercent) / 100);
  const floor = Math.round(t.toleranceMinimum * minorPerMajor(currency));
  return amount + Math.max(byPercent, floor);
}
