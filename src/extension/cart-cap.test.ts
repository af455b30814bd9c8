import { describe, expect, it } from 'vitest';
import { capForCart } from './cart-cap';

const t = { tolerancePercent: 10, toleranceMinimum: 5 };

describe('the cap of a card issued for a cart', () => {
  it('adds the percentage, rounded up to the minor unit', () => {
    expect(capForCart(80_00, 'EUR', t)).toBe(88_00);
    expect(capForCart(49_00, 'EUR', t)).toBe(54_00); // 4.90 is under the 5.00 floor
    expect(capForCart(54_90, 'EUR', t)).toBe(60_39);
  });
  it('adds at least the minimum, in major units of the cart’s currency', () => {
    expect(capForCart(3_00, 'USD', t)).toBe(8_00);
    expect(capForCart(1200, 'JPY', { tolerancePercent: 10, toleranceMinimum: 500 })).toBe(1700);
    expect(capForCart(1_000, 'KWD', t)).toBe(6_000); // 1.000 KWD + 5.000
  });
});
