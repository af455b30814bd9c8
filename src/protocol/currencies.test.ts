import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMinor, minorPerMajor } from './currencies';

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

  it('writes an amount with its currency’s decimals', () => {
    expect(formatMinor(4900, 'EUR')).toBe('49.00 EUR');
    expect(formatMinor(5, 'USD')).toBe('0.05 USD');
    expect(formatMinor(4900, 'JPY')).toBe('4900 JPY');
    expect(formatMinor(4900, 'KWD')).toBe('4.900 KWD');
    expect(formatMinor(-150, 'USD')).toBe('-1.50 USD');
  });
});
