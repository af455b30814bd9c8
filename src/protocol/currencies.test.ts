import { describe, expect, it } from 'vitest';
import { currencyExponent, minorPerMajor } from './currencies';

describe('currency exponents (ISO 4217)', () => {
  it('gives two decimals to most currencies and the standard exceptions their own', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('jpy')).toBe(0);
    expect(minorPerMajor('KWD')).toBe(1000);
    expect(minorPerMajor('JPY')).toBe(1);
  });
});
