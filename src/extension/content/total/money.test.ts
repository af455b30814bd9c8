/** Money in text: each format with its currency mark, and the ambiguous marks resolved by the page's locale. */
import { describe, expect, it } from 'vitest';
import { currencyOf } from './currency';
import { findMoney } from './money';

const US = { lang: 'en-US', host: 'shop.example.com' };
const first = (text: string, locale = US) => {
  const m = findMoney(text, locale)[0];
  return m ? [m.amount, m.currency] : null;
};

describe('findMoney', () => {
  it.each([
    ['$1,234.56', US, 123456, 'USD'],
    ['€1.234,56', { lang: 'de-DE', host: 'shop.de' }, 123456, 'EUR'],
    ['1.234,56 €', { lang: 'de', host: 'shop.de' }, 123456, 'EUR'],
    ['1 234,56 €', { lang: 'fr', host: 'shop.fr' }, 123456, 'EUR'],
    ['1\u00a0234,56\u00a0€', { lang: 'fr', host: 'shop.fr' }, 123456, 'EUR'],
    ['1\u202f234,56\u00a0zł', { lang: 'pl', host: 'sklep.pl' }, 123456, 'PLN'],
    ["CHF 1'234.50", { lang: 'de-CH', host: 'shop.ch' }, 123450, 'CHF'],
    ["Fr. 1'234.50", { lang: 'de-CH', host: 'shop.ch' }, 123450, 'CHF'],
    ['¥1,234', { lang: 'ja', host: 'shop.jp' }, 1234, 'JPY'],
    ['1,234円', { lang: 'ja', host: 'shop.jp' }, 1234, 'JPY'],
    ['￥1,234', { lang: 'ja', host: 'shop.jp' }, 1234, 'JPY'],
    ['¥1,234', { lang: 'zh-CN', host: 'shop.cn' }, 123400, 'CNY'],
    ['12,- €', { lang: 'de', host: 'shop.de' }, 1200, 'EUR'],
    ['499,- kr', { lang: 'sv', host: 'shop.se' }, 49900, 'SEK'],
    ['1 299 kr', { lang: 'sv-SE', host: 'shop.se' }, 129900, 'SEK'],
    ['1.299,00 kr.', { lang: 'da', host: 'shop.dk' }, 129900, 'DKK'],
    ['kr 1 299,00', { lang: 'nb', host: 'shop.no' }, 129900, 'NOK'],
    ['KWD 12.500', { lang: 'en', host: 'shop.com.kw' }, 12500, 'KWD'],
    ['12.500 KD', { lang: 'en', host: 'shop.com.kw' }, 12500, 'KWD'],
    ['USD 49.00', { lang: 'de', host: 'shop.de' }, 4900, 'USD'],
    ['49,00 EUR', { lang: 'de', host: 'shop.de' }, 4900, 'EUR'],
    ['£54.90', { lang: 'en-GB', host: 'shop.co.uk' }, 5490, 'GBP'],
    ['$54.90', { lang: 'en-CA', host: 'shop.example' }, 5490, 'CAD'],
    ['$54.90', { lang: 'en', host: 'shop.com.au' }, 5490, 'AUD'],
    ['$1,299.00', { lang: 'es-MX', host: 'tienda.mx' }, 129900, 'MXN'],
    ['CA$54.90', US, 5490, 'CAD'],
    ['R$ 1.234,56', { lang: 'pt-BR', host: 'loja.com.br' }, 123456, 'BRL'],
    ['€ 54,90', { lang: 'nl', host: 'winkel.nl' }, 5490, 'EUR'],
  ])('%s (%o) → %i %s', (text, locale, amount, currency) => {
    expect(first(text, locale)).toEqual([amount, currency]);
  });
  it('finds no money in numbers without a currency mark', () => {
    expect(findMoney('Total: 3 items', US)).toEqual([]);
    expect(findMoney('1,200 points · Order 12345', US)).toEqual([]);
    expect(findMoney('VAT 19% TTC 2024', US)).toEqual([]);
  });
  it('finds each amount of a line in order', () => {
    expect(findMoney('Was $60.00, now $54.90', US).map((m) => m.amount)).toEqual([6000, 5490]);
  });
});

describe('currencyOf', () => {
  it('resolves $ by the region of lang, then the TLD, else US dollars', () => {
    expect(currencyOf('$', { lang: 'fr-CA', host: 'boutique.example' })).toBe('CAD');
    expect(currencyOf('$', { lang: 'en', host: 'shop.nz' })).toBe('NZD');
    expect(currencyOf('$', { lang: '', host: 'shop.co' })).toBe('USD');
    expect(currencyOf('$', { lang: '', host: 'localhost' })).toBe('USD');
  });
  it('resolves kr by language or TLD, Swedish when nothing says', () => {
    expect(currencyOf('kr', { lang: 'is', host: 'x.example' })).toBe('ISK');
    expect(currencyOf('kr', { lang: '', host: 'butik.dk' })).toBe('DKK');
    expect(currencyOf('kr', { lang: '', host: 'x.example' })).toBe('SEK');
  });
  it('reads ISO codes from a fixed list only', () => {
    expect(currencyOf('EUR', US)).toBe('EUR');
    expect(currencyOf('TTC', US)).toBeNull();
    expect(currencyOf('VAT', US)).toBeNull();
  });
});
