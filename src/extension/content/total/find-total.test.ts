// @vitest-environment happy-dom
/** The total a page shows, preferred over subtotals, savings, shipping and struck-out amounts. */
import { beforeEach, describe, expect, it } from 'vitest';
import { findTotal } from './find-total';
import { labelWeight } from './labels';

function page(html: string, lang = 'en-US'): Document {
  document.documentElement.lang = lang;
  document.body.innerHTML = html;
  return document;
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('findTotal', () => {
  it('prefers the grand total after subtotal, shipping and tax lines in a summary table', () => {
    const doc = page(`<table>
      <tr><td>Subtotal</td><td>$49.00</td></tr>
      <tr><td>Shipping</td><td>$4.90</td></tr>
      <tr><td>Tax</td><td>$1.00</td></tr>
      <tr><th>Total</th><td><strong>$54.90</strong></td></tr></table>`);
    expect(findTotal(doc)).toEqual({ amount: 5490, currency: 'USD', text: '$54.90' });
  });
  it('reads a definition list in German, with "Gesamtsumme inkl. MwSt." beating a bare "Summe"', () => {
    const doc = page(
      `<dl><dt>Zwischensumme</dt><dd>1.200,00 €</dd><dt>Versand</dt><dd>4,90 €</dd>
       <dt>Gesamtsumme inkl. MwSt.</dt><dd>1.204,90 €</dd><dt>Summe Artikel</dt><dd>2</dd></dl>`,
      'de-DE',
    );
    expect(findTotal(doc)).toMatchObject({ amount: 120490, currency: 'EUR' });
  });
  it('skips a struck-out old total', () => {
    const doc = page(`<div class="row"><span>Order total</span><s>€60.00</s> <b>€54.90</b></div>`, 'en-IE');
    expect(findTotal(doc)).toMatchObject({ amount: 5490, currency: 'EUR' });
  });
  it('reads "Total TTC" over "Total HT" in French, and a label carrying its amount', () => {
    const doc = page(`<p>Total HT : 45,75 €</p><p>Total TTC : 54,90 €</p>`, 'fr-FR');
    expect(findTotal(doc)).toMatchObject({ amount: 5490, currency: 'EUR' });
  });
  it('reads 合計 in yen with no minor unit, not 小計', () => {
    const doc = page(
      `<div>小計 <span>¥4,500</span></div><div>送料 <span>¥500</span></div>
      <div>合計（税込） <span>¥5,000</span></div>`,
      'ja',
    );
    expect(findTotal(doc)).toMatchObject({ amount: 5000, currency: 'JPY' });
  });
  it('falls back to a pay button that carries the amount', () => {
    const doc = page(`<form><input autocomplete="cc-number"><button>Pay €54.90</button></form>`, 'en');
    expect(findTotal(doc)).toMatchObject({ amount: 5490, currency: 'EUR' });
  });
  it('reports nothing on a page without money next to a total word', () => {
    expect(findTotal(page(`<h1>Sign in</h1><p>Total privacy, total control.</p><input type="password">`))).toBeNull();
    expect(findTotal(page(`<p>Total: 3 items · 1,200 points</p>`))).toBeNull();
    expect(findTotal(page(`<div hidden><span>Total</span><span>$9.00</span></div>`))).toBeNull();
  });
});

describe('labelWeight', () => {
  it.each([
    ['Total', 2],
    ['Order total:', 3],
    ['Grand Total', 3],
    ['Total (incl. shipping & tax)', 3],
    ['Gesamtsumme', 3],
    ['Total TTC', 3],
    ['Totale ordine', 3],
    ['Totaal', 2],
    ['Do zapłaty', 3],
    ['Att betala', 3],
    ['Total a pagar', 3],
    ['合計', 2],
    ['お支払い金額', 3],
    ['Subtotal', 0],
    ['Sub-total', 0],
    ['Total savings', 0],
    ['You save', 0],
    ['Total before tax', 0],
    ['Zwischensumme', 0],
    ['Sous-total', 0],
    ['Total HT', 0],
    ['Totale parziale', 0],
    ['Subtotaal', 0],
    ['小計', 0],
    ['商品合計', 0],
    ['Total per month', 0],
  ])('%s → %i', (text, weight) => {
    expect(labelWeight(text)).toBe(weight);
  });
});
