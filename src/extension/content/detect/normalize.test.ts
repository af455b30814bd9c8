import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, tokenList } from './normalize';

/** The regular expressions the character loops replaced: what normalizeText must still do, exactly. */
function byRegExps(raw: string): string {
  let text = raw.replace(/([a-z\d])(?=[A-Z])|([A-Z])(?=[A-Z][a-z])|([a-zA-Z])(?=\d)/g, '$1$2$3 ').toLowerCase();
  if (/[^\x00-\x7f]/.test(text))
    text = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ł/g, 'l')
      .normalize('NFC');
  return text
    .replace(/[\s_\-.,:;*()[\]{}"'|\\!?<>=+]+/g, ' ')
    .trim()
    .slice(0, 160);
}

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
  it('gives what the regular expressions it replaced give, for any text', () => {
    // Letters of each case, digits, every separator, '/', '#', accents, ł, kana, and each kind of white space.
    const pieces = [
      ...'aZbY09_-.,:;*()[]{}"\'|\\!?<>=+/#éÉłŁßİ\u0301カード\t\n\u000b\f\r \u00a0\u0085\u1680\u180e\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff',
    ];
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom(...pieces), maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(text, (raw) => normalizeText(raw) === byRegExps(raw)),
      { numRuns: 3000 },
    );
  });
  it('treats every character as the regular expressions did', () => {
    for (let c = 0; c < 0x10000; c++) {
      const raw = `aB${String.fromCharCode(c)}x1Cd`;
      if (normalizeText(raw) !== byRegExps(raw)) expect([c, normalizeText(raw)]).toEqual([c, byRegExps(raw)]);
    }
  });
});

describe('tokenList', () => {
  it('splits at any ASCII whitespace and drops empty pieces', () => {
    expect(tokenList(' shipping\tpostal-code \n')).toEqual(['shipping', 'postal-code']);
    expect(tokenList('')).toEqual([]);
  });
});
