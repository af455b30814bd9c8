import { describe, expect, it } from 'vitest';
import { convertDown, convertUp, minorRate, Rate } from './fx';

describe('exchange rates, exact to the minor unit', () => {
  it('scales a major-unit rate by the two exponents', () => {
    expect(minorRate('1.0842', 'EUR', 'USD')).toBe('1.0842');
    expect(minorRate('161.5', 'EUR', 'JPY')).toBe('1.615');
    expect(minorRate('0.0062', 'JPY', 'EUR')).toBe('0.62');
    expect(minorRate('3.25', 'KWD', 'USD')).toBe('0.325');
  });

  it('rounds what the shopper pays down and what they get back up', () => {
    // 49.00 EUR at 1.0842 = 53.1258 USD: the shopper pays 53.12, a refund gives 53.13 at most.
    expect(convertDown(4900, '1.0842')).toBe(5312);
    expect(convertUp(4900, '1.0842')).toBe(5313);
    expect(convertDown(5000, '1.1')).toBe(5500);
    expect(convertUp(5000, '1.1')).toBe(5500);
    // Large amounts stay exact (no float on the way).
    expect(convertDown(9_007_199_254_740, '1.0000000001')).toBe(9_007_199_255_640);
  });

  it('accepts only plain positive decimals as rates', () => {
    for (const ok of ['1', '1.0842', '0.0000000001', '161.5']) expect(Rate.safeParse(ok).success).toBe(true);
    for (const bad of ['0', '0.0', '-1', '1e3', '1,08', '1.00000000001', ''])
      expect(Rate.safeParse(bad).success, bad).toBe(false);
  });
});
