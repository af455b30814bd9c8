// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { classifyControl } from './classify';
import type { Control } from './signals';

function control(html: string): Control {
  document.body.innerHTML = html;
  const el = document.querySelector<Control>('#x');
  if (!el) throw new Error('fixture needs #x');
  return el;
}
const tokenOf = (html: string) => classifyControl(control(html)).token;

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('each signal names a field on its own', () => {
  it('autocomplete attribute, with section and address-type prefixes', () => {
    const c = classifyControl(control('<input id="x" name="foo" autocomplete="section-a shipping postal-code">'));
    expect(c.token).toBe('postal-code');
    expect(c.acSection).toBe('section-a shipping');
    expect(c.signals).toEqual(['autocomplete:postal-code']);
  });
  it('autocomplete naming a token Veil never fills vetoes the field', () => {
    // A one-time code box labelled like a card's security code.
    const c = classifyControl(
      control('<label for="x">Security code</label><input id="x" autocomplete="one-time-code">'),
    );
    expect(c.token).toBeNull();
    expect(c.vetoed).toBe(true);
  });
  it('autocomplete="new-password" on a text box is an anti-autofill trick, not a veto', () => {
    expect(tokenOf('<label for="x">Street address</label><input id="x" autocomplete="new-password">')).toBe(
      'address-line1',
    );
  });
  it('junk autocomplete values are ignored', () => {
    expect(tokenOf('<label for="x">Card number</label><input id="x" autocomplete="nope">')).toBe('cc-number');
  });
  it('label for=', () => expect(tokenOf('<label for="x">Card number</label><input id="x">')).toBe('cc-number'));
  it('wrapping label', () => expect(tokenOf('<label>Security code <input id="x"></label>')).toBe('cc-csc'));
  it('aria-labelledby', () =>
    expect(tokenOf('<span id="l">Postcode</span><input id="x" aria-labelledby="l">')).toBe('postal-code'));
  it('aria-label', () => expect(tokenOf('<input id="x" aria-label="Name on card">')).toBe('cc-name'));
  it('placeholder', () => expect(tokenOf('<input id="x" placeholder="City">')).toBe('address-level2'));
  it('placeholder showing the value shape', () => {
    expect(tokenOf('<input id="x" placeholder="1234 1234 1234 1234">')).toBe('cc-number');
    expect(tokenOf('<input id="x" placeholder="MM / YY">')).toBe('cc-exp');
  });
  it('name attribute', () => expect(tokenOf('<input id="x" name="billing_first_name">')).toBe('given-name'));
  it('id attribute alone', () => {
    document.body.innerHTML = '<input id="shippingLastName">';
    expect(classifyControl(document.querySelector('input')!).token).toBe('family-name');
  });
  it('text just before the control when there is no label', () =>
    expect(tokenOf('<div><div>Street address</div><div><input id="x"></div></div>')).toBe('address-line1'));
  it('a neighbour control stops the nearby-text search', () =>
    expect(tokenOf('<div>Street address</div><input name="a"><input id="x">')).toBeNull());
  it('type=email', () => expect(tokenOf('<input id="x" type="email">')).toBe('email'));
  it('inputmode=email', () => expect(tokenOf('<input id="x" inputmode="email">')).toBe('email'));
  it('type=tel alone is no signal (numeric keypads for card and date parts)', () =>
    expect(tokenOf('<input id="x" type="tel">')).toBeNull());
  it('type=tel settles an "email or phone" name', () =>
    expect(tokenOf('<input id="x" type="tel" name="emailPhoneNumber">')).toBe('tel'));
  it('type=tel loses to card words (payment forms use it for the number)', () =>
    expect(tokenOf('<input id="x" type="tel" name="cardnumber">')).toBe('cc-number'));
  it('select options: a country list', () => {
    const options = ['US', 'DE', 'FR', 'GB', 'CA', 'JP', ...Array.from({ length: 40 }, (_, i) => `X${i}`)]
      .map((c) => `<option value="${c}">${c}</option>`)
      .join('');
    expect(tokenOf(`<select id="x">${options}</select>`)).toBe('country');
  });
  it('records every signal that fired, the winning ones first', () => {
    const c = classifyControl(
      control('<label for="x">ZIP code</label><input id="x" name="postcode" placeholder="City or zip">'),
    );
    expect(c.token).toBe('postal-code');
    expect(c.signals.slice(0, 3)).toEqual(expect.arrayContaining(['label:postal-code', 'name:postal-code']));
  });
});

describe('languages', () => {
  const cases: [string, string, string][] = [
    ['en', 'Expiration date', 'cc-exp'],
    ['de', 'Kartennummer', 'cc-number'],
    ['de', 'Postleitzahl', 'postal-code'],
    ['de', 'Straße und Hausnummer', 'address-line1'],
    ['fr', 'Numéro de carte', 'cc-number'],
    ['fr', 'Cryptogramme visuel', 'cc-csc'],
    ['fr', 'Prénom', 'given-name'],
    ['es', 'Fecha de caducidad', 'cc-exp'],
    ['es', 'Apellidos', 'family-name'],
    ['it', 'Codice di sicurezza', 'cc-csc'],
    ['it', 'Città', 'address-level2'],
    ['nl', 'Vervaldatum', 'cc-exp'],
    ['nl', 'Woonplaats', 'address-level2'],
    ['pt', 'Número do cartão', 'cc-number'],
    ['pt', 'Nome completo', 'name'],
    ['pl', 'Numer karty', 'cc-number'],
    ['pl', 'Kod pocztowy', 'postal-code'],
    ['sv', 'Kortnummer', 'cc-number'],
    ['sv', 'Efternamn', 'family-name'],
    ['ja', 'カード番号', 'cc-number'],
    ['ja', '有効期限', 'cc-exp'],
    ['ja', 'セキュリティコード', 'cc-csc'],
    ['ja', '郵便番号', 'postal-code'],
    ['ja', '電話番号', 'tel'],
  ];
  it.each(cases)('%s: "%s" → %s', (_lang, label, token) => {
    expect(tokenOf(`<label for="x">${label}</label><input id="x">`)).toBe(token);
  });
});

describe('negatives', () => {
  it.each([
    ['Gift card number', null],
    ['Username', null],
    ['Promo code', null],
    ['Search', null],
    ['Email address', 'email'],
  ])('"%s" → %s', (label, token) => {
    expect(tokenOf(`<label for="x">${label}</label><input id="x">`)).toBe(token);
  });
});

describe('words that name a field Veil never fills (rules.ts, WORD_SETS.never)', () => {
  const vetoed = (html: string) => {
    const c = classifyControl(control(html));
    return c.vetoed && c.token === null && c.signals.includes('text:never-veils');
  };
  it('a captcha is not the Italian CAP', () =>
    expect(vetoed('<input id="x" name="CapValue" title="enter captcha">')).toBe(true));
  it('a job title is not an address, whatever the identifier says', () =>
    expect(vetoed('<label for="x">Job title</label><input id="x" name="contactAddress[position]">')).toBe(true));
  it('a booking reference is not an email box', () =>
    expect(vetoed('<input id="x" name="emailReservationNumber">')).toBe(true));
  it('a decoy that calls itself fake', () =>
    expect(vetoed('<input id="x" type="email" name="fakeemailremembered">')).toBe(true));
  it('a consent answer', () =>
    expect(
      vetoed(
        '<label for="x">Would you like updates via email? Type "y" for yes or "n" for no</label><input id="x" name="opt_in">',
      ),
    ).toBe(true));
  it('a third street line', () =>
    expect(vetoed('<label for="x">Address Line 3</label><input id="x" name="taddress3">')).toBe(true));
  it('but not the words around them', () => {
    expect(tokenOf('<label for="x">CAP</label><input id="x">')).toBe('postal-code');
    expect(tokenOf('<label for="x">Address line 2</label><input id="x">')).toBe('address-line2');
  });
});

describe('weights', () => {
  it('a name and an id that say the same are one signal: the label a person reads wins', () => {
    const c = classifyControl(control('<label for="x">Address Line 2</label><input id="x" name="taddress2">'));
    expect(c.token).toBe('address-line2');
    expect(c.signals.filter((s) => s.startsWith('id:'))).toEqual([]);
  });
});
