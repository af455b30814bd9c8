// @vitest-environment happy-dom
/**
 * What a card form is (card-form.ts), one fixture per error class of issue 17, in several
 * languages, each as shops and banks build them. Every fixture here was mis-detected
 * before the card-form rules.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { detect } from './detect';

const key = (el: Element) => el.id || el.getAttribute('name') || '?';

function tokens(html: string): Record<string, string> {
  document.body.innerHTML = html;
  return Object.fromEntries(detect(document).fields.map((f) => [key(f.element), f.token]));
}
const gifts = () => Object.fromEntries(detect(document).gifts.map((g) => [key(g.element), g.token]));

const YEARS = Array.from({ length: 10 }, (_, i) => `<option>${new Date().getFullYear() + i}</option>`).join('');
const MONTHS = Array.from({ length: 12 }, (_, i) => `<option>${String(i + 1).padStart(2, '0')}</option>`).join('');
const CARD = `<label for="cn">Card number</label><input id="cn" autocomplete="off">
  <label for="ce">Expiry (MM/YY)</label><input id="ce"><label for="cc">CVC</label><input id="cc">`;
const CARD_TOKENS = { cn: 'cc-number', ce: 'cc-exp', cc: 'cc-csc' };

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('class 1: a card number as a sign-in', () => {
  it('a bank sign-in: "Card number" and a password is no card form (en, fr, de)', () => {
    expect(
      tokens(`<form action="/signon"><label for="u">Card number</label><input id="u" name="cardNumber" type="tel">
        <label for="p">Password</label><input id="p" type="password"><button>Sign in</button></form>`),
    ).toEqual({});
    expect(
      tokens(`<form><label for="u">Numéro de carte</label><input id="u"><label for="p">Mot de passe</label>
        <input id="p" type="password"><button type="submit">Continuer</button></form>`),
    ).toEqual({});
    expect(
      tokens(`<form><label for="u">Kartennummer</label><input id="u"><label for="p">PIN</label>
        <input id="p" type="password" maxlength="5"><button>Weiter</button></form>`),
    ).toEqual({});
  });
  it('an identifier-first sign-in (no password yet) says so in its button or heading', () => {
    expect(
      tokens(`<form><h2>Log in to online banking</h2><label for="u">Debit card number</label><input id="u">
        <button>Continue</button></form>`),
    ).toEqual({});
    expect(
      tokens(`<form><label for="u">Número de tarjeta</label><input id="u"><button>Iniciar sesión</button></form>`),
    ).toEqual({});
  });
  it('the same number with an expiry and a CVC is a card form, password or not (a sign-up with payment)', () => {
    expect(
      tokens(
        `<form>${CARD}<label for="p">Password</label><input id="p" type="password"><button>Create account</button></form>`,
      ),
    ).toEqual(CARD_TOKENS);
  });
});

describe('class 2: gift, store-value, loyalty and membership cards', () => {
  it('a gift-card section beside the card form: its number and PIN are recognised, never filled', () => {
    expect(
      tokens(`<form id="checkout">
        <div class="redeem"><h3>Have a gift card?</h3><label for="gn">Card number</label><input id="gn">
          <label for="gp">PIN</label><input id="gp" type="password"><button type="button">Apply</button></div>
        <fieldset><legend>Pay by card</legend>${CARD}</fieldset></form>`),
    ).toEqual(CARD_TOKENS);
    expect(gifts()).toEqual({ gn: 'x-gift-card-number', gp: 'x-gift-card-pin' });
  });
  it("a store's value card, named by its own words (de, it, nl, ja), and its security code", () => {
    tokens(`<form>${CARD}<label for="g1">Gutscheincode</label><input id="g1">
      <label for="g2">Numero carta regalo</label><input id="g2"><label for="g3">Cadeaukaart beveiligingscode</label><input id="g3">
      <label for="g4">ギフトカード番号</label><input id="g4"></form>`);
    expect(gifts()).toEqual({
      g1: 'x-gift-card-number',
      g2: 'x-gift-card-number',
      g3: 'x-gift-card-pin',
      g4: 'x-gift-card-number',
    });
  });
  it("a gift card's PIN after its number, under the section's heading, not in a box of its own", () => {
    tokens(`<div class="sezione"><h2>Carta regalo</h2><div class="field"><input id="g" placeholder="Codice carta regalo"></div>
      <div class="field"><input id="p" type="password" placeholder="Codice di sicurezza"></div></div>
      <div class="sezione"><h2>Carta di credito</h2>${CARD}</div>`);
    expect(gifts()).toEqual({ g: 'x-gift-card-number', p: 'x-gift-card-pin' });
  });
  it('paying for a membership is a card form: a section with an expiry holds a payment card', () => {
    expect(
      tokens(
        `<h1>Annual membership</h1><form action="/membership/pay"><label for="h">Name on card</label><input id="h">${CARD}</form>`,
      ),
    ).toEqual({ h: 'cc-name', ...CARD_TOKENS });
  });
  it('a gift card balance check: number and PIN, no payment card', () => {
    expect(
      tokens(`<form><label for="n">Card number</label><input id="n"><label for="p">Security code</label><input id="p">
        <button>Check balance</button></form>`),
    ).toEqual({});
    expect(gifts()).toEqual({ n: 'x-gift-card-number', p: 'x-gift-card-pin' });
  });
  it('a loyalty or membership sign-up asks for the member card: no card field (en, sv, fr)', () => {
    expect(
      tokens(`<form><h2>Join our rewards club</h2><label for="n">Card number</label><input id="n">
        <label for="h">Cardholder name</label><input id="h"><label for="e">Email</label><input id="e" type="email">
        <button>Sign up</button></form>`),
    ).toEqual({ e: 'email' });
    expect(
      tokens(`<form class="medlemskort"><label for="n">Kortnummer</label><input id="n"><button>Spara</button></form>`),
    ).toEqual({});
    expect(
      tokens(`<form><fieldset><legend>Carte de fidélité</legend><label for="n">Numéro de carte</label><input id="n"></fieldset>
        <label for="z">Code postal</label><input id="z"></form>`),
    ).toEqual({ z: 'postal-code' });
  });
});

describe('class 3: expiry-like fields off the card form', () => {
  it("a driving licence's expiry month and year are no card form", () => {
    expect(
      tokens(`<form><label for="l">Licence number</label><input id="l">
        <label for="m">Expiry month</label><select id="m">${MONTHS}</select>
        <label for="y">Expiry year</label><select id="y">${YEARS}</select></form>`),
    ).toEqual({});
  });
  it('"exp" in unrelated names (years of experience) is no expiry', () => {
    expect(
      tokens(`<form><label for="a">Years</label><input id="a" name="work_exp"><label for="b">Company</label>
        <input id="b" name="exp_company"><label for="c">Security code</label><input id="c" name="code"></form>`),
    ).toEqual({});
  });
  it('a booking form: "valid until" and a security code, no card number, fill nothing', () => {
    expect(
      tokens(`<form><label for="v">Valid until</label><input id="v"><label for="s">Security code</label>
        <input id="s"><label for="e">E-mail</label><input id="e" type="email"></form>`),
    ).toEqual({ e: 'email' });
  });
});

describe('class 4: other confusions', () => {
  it('a card number typed tel, named by its component for its type, is the card number', () => {
    expect(
      tokens(`<form><label for="n">Card number</label><input id="n" type="tel" name="telInput">
        <label for="e">Expiry</label><input id="e"><label for="c">CVV</label><input id="c"></form>`),
    ).toEqual({ n: 'cc-number', e: 'cc-exp', c: 'cc-csc' });
  });
  it('"Expiration date" over two boxes, MM and YY: month and year, not a combined expiry', () => {
    expect(
      tokens(`<form><label for="n">Card number</label><input id="n">
        <label for="m">Expiration date</label><input id="m" placeholder="MM" maxlength="2"><input id="y" placeholder="YY" maxlength="2">
        <label for="c">CVC</label><input id="c"></form>`),
    ).toEqual({ n: 'cc-number', m: 'cc-exp-month', y: 'cc-exp-year', c: 'cc-csc' });
  });
  it('a select whose options are month and year at once is the whole expiry', () => {
    const pairs = Array.from({ length: 24 }, (_, i) => {
      const y = new Date().getFullYear() + Math.floor(i / 12);
      const m = String((i % 12) + 1).padStart(2, '0');
      return `<option value="${m}/${y}">${m}/${y}</option>`;
    }).join('');
    expect(
      tokens(`<form><label for="n">Card number</label><input id="n"><label for="x">Expiration year</label>
        <select id="x"><option value="">Select</option>${pairs}</select><label for="c">CVC</label><input id="c"></form>`),
    ).toEqual({ n: 'cc-number', x: 'cc-exp', c: 'cc-csc' });
  });
  it("a name box in the card's own box is the holder; the billing name stays the shopper's", () => {
    expect(
      tokens(`<form><fieldset><legend>Billing address</legend><label for="bn">Full name</label><input id="bn">
          <label for="ba">Address</label><input id="ba"></fieldset>
        <div class="card-box"><label for="h">Name</label><input id="h">${CARD}</div></form>`),
    ).toEqual({ bn: 'name', ba: 'address-line1', h: 'cc-name', ...CARD_TOKENS });
  });
  it("a nickname or label for saving the card is not the card's number, nor its holder (en, it, pl)", () => {
    expect(
      tokens(`<form>${CARD}<label for="k">Nickname for this credit card (optional)</label><input id="k"></form>`),
    ).toEqual(CARD_TOKENS);
    expect(
      tokens(
        `<div class="pay">${CARD}<label for="k">Nome della carta (facoltativo)</label><input id="k" placeholder="Es. carta aziendale"></div>`,
      ),
    ).toEqual(CARD_TOKENS);
    expect(tokens(`<div>${CARD}<input id="k" placeholder="Nazwa karty (np. służbowa)"></div>`)).toEqual(CARD_TOKENS);
  });
  it('a Polish card holder ("Właściciel karty") is the holder', () => {
    expect(tokens(`<div>${CARD}<input id="h" placeholder="Właściciel karty"></div>`)).toEqual({
      ...CARD_TOKENS,
      h: 'cc-name',
    });
  });
  it('a year select is never an address field, whatever words sit beside it', () => {
    expect(
      tokens(`<form><label for="n">Card number</label><input id="n">
        <label for="m">Expiry — state month and year</label><select id="m">${MONTHS}</select><select id="y" aria-label="Expiry — state month and year">${YEARS}</select>
        <label for="c">CVC</label><input id="c"></form>`),
    ).toEqual({ n: 'cc-number', m: 'cc-exp-month', y: 'cc-exp-year', c: 'cc-csc' });
  });
});

describe('class 5: parts of a card form held for the tab', () => {
  it('an expiry-only or CVC-only frame holds its field (no autocomplete, only a label or placeholder)', () => {
    document.body.innerHTML = '<form><label for="e">Expiration Date</label><input id="e" placeholder="MM / YY"></form>';
    const exp = detect(document);
    expect(exp.fields).toEqual([]);
    expect(exp.held.map((f) => f.token)).toEqual(['cc-exp']);
    expect(exp.summary).toEqual({ cardFields: 0, addressFields: 0, checkout: false, held: ['expiry'], parts: [] });
    document.body.innerHTML = '<input id="c" placeholder="CVV">';
    expect(detect(document).summary.held).toEqual(['csc']);
  });
  it('a frame with nothing but a card number is the hosted number field: it counts', () => {
    document.body.innerHTML = '<label for="n">Card number</label><input id="n" type="tel">';
    expect(detect(document).summary).toEqual({ cardFields: 1, addressFields: 0, checkout: true });
  });
});
