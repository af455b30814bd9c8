import { describe, expect, it } from 'vitest';
import { normalizeText, tokenList } from './normalize';

describe('normalizeText', () => {
  it('splits identifiers into words', () => {
    expect(normalizeText('billingZipCode')).toBe('billing zip code');
    expect(normalizeText('cc_exp-month')).toBe('cc exp month');
    expect(normalizeText('addr2')).toBe('addr 2');
    expect(normalizeText('CVVCode')).toBe('cvv code');
  });
  it('drops accents but keeps letters that have no base form', () => {
    expect(normalizeText('Numéro de carte')).toBe('numero de carte');
    expect(normalizeText('Straße')).toBe('straße');
    expect(normalizeText('Miejscowość')).toBe('miejscowosc');
    // ł has no decomposition; the rules write it l ("wlasciciel karty", "wysylk").
    expect(normalizeText('Właściciel karty')).toBe('wlasciciel karty');
  });
  it('keeps Japanese kana with voicing marks whole', () => {
    expect(normalizeText('カード番号')).toBe('カード番号');
  });
  it('keeps the slash of MM/YY', () => {
    expect(normalizeText('MM / YY')).toBe('mm / yy');
  });
});

describe('tokenList', () => {
  it('splits at any ASCII whitespace and drops empty pieces', () => {
    expect(tokenList(' shipping\tpostal-code \n')).toEqual(['shipping', 'postal-code']);
    expect(tokenList('')).toEqual([]);
  });
});
