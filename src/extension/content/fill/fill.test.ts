// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { FillValues } from '../../messages';
import { detect } from '../detect/detect';
import { fillFields } from './fill';

const CARD = { number: '4999920123456789', exp_month: 3, exp_year: 2027, cvc: '123', name: 'Ada Lovelace' };
const SHIP = {
  name: 'Ada Lovelace',
  'address-line1': '1 Forwarding Way',
  'address-level2': 'Springfield',
  'postal-code': '12345',
  country: 'US',
  'address-level1': 'CA',
};
const BILL = { ...SHIP, 'address-line1': '9 Billing Road' };
const everythingVisible = () => true;

function fill(
  html: string,
  values: FillValues,
  opts: { cardOnly?: boolean; isVisible?: (el: Element) => boolean } = {},
) {
  document.body.innerHTML = html;
  const filled = fillFields(detect(document).fields, values, {
    cardOnly: opts.cardOnly ?? false,
    isVisible: opts.isVisible ?? everythingVisible,
  });
  const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
  return { filled, value };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

const MONTHS = Array.from(
  { length: 12 },
  (_, i) => `<option value="${i + 1}">${String(i + 1).padStart(2, '0')}</option>`,
).join('');
const YEARS = Array.from({ length: 8 }, (_, i) => `<option>${2026 + i}</option>`).join('');

describe('fillFields', () => {
  it('fills a card form: number, expiry selects, code, name', () => {
    const r = fill(
      `<form><label for="nm">Name on card</label><input id="nm"><label for="n">Card number</label><input id="n">
       <select id="m" name="exp_month"><option value="">MM</option>${MONTHS}</select>
       <select id="y" name="exp_year"><option value="">YYYY</option>${YEARS}</select>
       <label for="c">CVC</label><input id="c"></form>`,
      { card: CARD },
    );
    expect(r.filled).toBe(5);
    expect([r.value('nm'), r.value('n'), r.value('m'), r.value('y'), r.value('c')]).toEqual([
      'Ada Lovelace',
      CARD.number,
      '3',
      '2027',
      '123',
    ]);
  });

  it('splits a card number over four boxes', () => {
    const boxes = [1, 2, 3, 4]
      .map((i) => `<input id="p${i}" name="cardnumber${i}" maxlength="4" aria-label="Card number">`)
      .join('');
    const r = fill(`<form>${boxes}<input id="c" name="cvv"></form>`, { card: CARD });
    expect([1, 2, 3, 4].map((i) => r.value(`p${i}`))).toEqual(['4999', '9201', '2345', '6789']);
  });

  it('writes a combined expiry in the format the field shows', () => {
    const r = fill(`<form><input id="n" name="cardnumber"><input id="e" name="exp" placeholder="MM / YYYY"></form>`, {
      card: CARD,
    });
    expect(r.value('e')).toBe('03 / 2027');
  });

  it('never writes into a control a person cannot see', () => {
    const r = fill(
      `<form><input id="n" name="cardnumber"><input id="c" name="cvc"></form>`,
      { card: CARD },
      { isVisible: (el) => el.id !== 'c' },
    );
    expect(r.filled).toBe(1);
    expect(r.value('c')).toBe('');
  });

  it('never writes into a disabled or read-only control, or one in a disabled fieldset', () => {
    const r = fill(
      `<form><input id="n" name="cardnumber" disabled><input id="c" name="cvc" readonly><fieldset disabled><input id="e" name="exp" placeholder="MM/YY"></fieldset></form>`,
      { card: CARD },
    );
    expect(r.filled).toBe(0);
    expect([r.value('n'), r.value('c'), r.value('e')]).toEqual(['', '', '']);
  });

  it('a payment frame gets card fields only', () => {
    const r = fill(
      `<form><input id="n" name="cardnumber"><input id="c" name="cvc"><label for="z">ZIP</label><input id="z"></form>`,
      { card: CARD, billing: BILL },
      { cardOnly: true },
    );
    expect(r.value('n')).toBe(CARD.number);
    expect(r.value('c')).toBe(CARD.cvc);
    expect(r.value('z')).toBe('');
  });

  it('shipping and billing sections get their own address', () => {
    const r = fill(
      `<form><fieldset id="shipping"><label for="s1">Address</label><input id="s1"><label for="sz">ZIP</label><input id="sz"></fieldset>
       <fieldset id="billing"><label for="b1">Address</label><input id="b1"><label for="bz">ZIP</label><input id="bz"></fieldset></form>`,
      { shipping: SHIP, billing: BILL },
    );
    expect([r.value('s1'), r.value('b1')]).toEqual(['1 Forwarding Way', '9 Billing Road']);
  });

  it('derives name halves from a full name, picks country and state options', () => {
    const countries = ['CA', 'DE', 'FR', 'GB', 'JP', 'US', ...Array.from({ length: 30 }, (_, i) => `Q${i}`)]
      .map((c) => `<option value="${c}">${c}</option>`)
      .join('');
    const r = fill(
      `<form><label for="f">First name</label><input id="f"><label for="l">Last name</label><input id="l">
       <label for="a">Street address</label><input id="a">
       <select id="co" name="country">${countries}</select>
       <select id="st" name="state"><option value="NY">New York</option><option value="CA">California</option></select></form>`,
      { shipping: SHIP },
    );
    expect([r.value('f'), r.value('l'), r.value('co'), r.value('st')]).toEqual(['Ada', 'Lovelace', 'US', 'CA']);
  });

  it('leaves what the shopper already typed in address fields', () => {
    document.body.innerHTML = '';
    const r = fill(
      `<form><label for="a">Address</label><input id="a" value="typed"><label for="z">ZIP</label><input id="z"></form>`,
      { shipping: SHIP },
    );
    expect(r.value('a')).toBe('typed');
    expect(r.value('z')).toBe('12345');
  });

  it('fills nothing without values', () => {
    expect(fill(`<form><input id="n" name="cardnumber"></form>`, {}).filled).toBe(0);
  });
});
