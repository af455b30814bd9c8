/** Each number format shops print, to minor units of the currency's ISO 4217 exponent. */
import { describe, expect, it } from 'vitest';
import { splitNumber, toMinorUnits } from './parse-amount';

describe('toMinorUnits', () => {
  it.each([
    ['1,234.56', 'USD', 123456],
    ['1.234,56', 'EUR', 123456],
    ['1 234,56', 'EUR', 123456],
    ['1\u00a0234,56', 'EUR', 123456],
    ['1\u202f234,56', 'EUR', 123456],
    ["1'234.50", 'CHF', 123450],
    ['1’234.50', 'CHF', 123450],
    ['1,234', 'JPY', 1234],
    ['1234', 'JPY', 1234],
    ['1,234,567', 'JPY', 1234567],
    ['1.234.567,89', 'EUR', 123456789],
    ['54.9', 'USD', 5490],
    ['54,90', 'EUR', 5490],
    ['12', 'EUR', 1200],
    ['12.500', 'KWD', 12500],
    ['1,234.500', 'KWD', 1234500],
    ['1.234', 'EUR', 123400],
    ['1,234', 'USD', 123400],
    ['1234.00', 'JPY', 1234],
  ])('%s %s → %i', (text, currency, minor) => {
    expect(toMinorUnits(text, currency)).toBe(minor);
  });
  it('refuses digits past the exponent that are not zeros, and what is no number', () => {
    expect(toMinorUnits('1234.5', 'JPY')).toBeNull();
    expect(toMinorUnits('12.3456', 'EUR')).toBeNull();
    expect(toMinorUnits('abc', 'EUR')).toBeNull();
    expect(toMinorUnits('1.2.3,4.5', 'EUR')).toBeNull();
  });
});

describe('splitNumber', () => {
  it('reads a single mark with three digits after it as grouping, except with three decimals', () => {
    expect(splitNumber('1.234', 2)).toEqual({ whole: '1234', fraction: '' });
    expect(splitNumber('1.234', 3)).toEqual({ whole: '1', fraction: '234' });
  });
  it('reads the last of two kinds of mark as the decimal one', () => {
    expect(splitNumber('1.234,5', 2)).toEqual({ whole: '1234', fraction: '5' });
    expect(splitNumber('1,234.5', 2)).toEqual({ whole: '1234', fraction: '5' });
  });
});
