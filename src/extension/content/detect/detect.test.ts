// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { detect } from './detect';

function tokens(html: string, root: Document | ShadowRoot = document): Record<string, string> {
  if (root === document) document.body.innerHTML = html;
  const out: Record<string, string> = {};
  for (const f of detect(root).fields) out[f.element.id || f.element.getAttribute('name') || '?'] = f.token;
  return out;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => `<option>${String(i + 1).padStart(2, '0')}</option>`).join('');
const YEARS = Array.from({ length: 10 }, (_, i) => `<option>${new Date().getFullYear() + i}</option>`).join('');
const BIRTH_YEARS = Array.from({ length: 60 }, (_, i) => `<option>${2008 - i}</option>`).join('');

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('form context', () => {
  it('a bare Month/Year pair beside a card number is the card expiry', () => {
    expect(
      tokens(`<form><label for="n">Card number</label><input id="n">
        <label for="m">Month</label><select id="m"><option value="">Month</option>${MONTHS}</select>
        <select id="y"><option value="">Year</option>${YEARS}</select></form>`),
    ).toEqual({ n: 'cc-number', m: 'cc-exp-month', y: 'cc-exp-year' });
  });
  it('the same selects without card fields are a birthday: nothing', () => {
    expect(
      tokens(`<form><label for="e">Email</label><input id="e" type="email">
        <label for="m">Month</label><select id="m">${MONTHS}</select><select id="y">${BIRTH_YEARS}</select></form>`),
    ).toEqual({ e: 'email' });
  });
  it('two "expiry" boxes in a row are month then year', () => {
    expect(
      tokens(
        `<form><input id="n" name="cardnumber"><label>Expiry <input id="a" maxlength="2"></label><label>Expiry <input id="b" maxlength="2"></label><input id="c" name="cvc"></form>`,
      ),
    ).toEqual({ n: 'cc-number', a: 'cc-exp-month', b: 'cc-exp-year', c: 'cc-csc' });
  });
  it("a sign-in form's email is a username: left alone", () => {
    expect(
      tokens(
        `<form><label for="e">Email</label><input id="e" type="email"><input id="p" type="password"><button>Sign in</button></form>`,
      ),
    ).toEqual({});
  });
  it("a newsletter box is no sign-in, even on a page titled so (German 'anmelden' is both)", () => {
    document.title = 'Kundenkarte anmelden';
    try {
      expect(
        tokens(
          `<form action="/newsletter/subscribe"><input id="n" type="email" placeholder="E-Mail"><button>Abonnieren</button></form>`,
        ),
      ).toEqual({ n: 'email' });
    } finally {
      document.title = '';
    }
  });
  it("a sign-up form's email is filled", () => {
    expect(
      tokens(`<form><label for="f">First name</label><input id="f"><label for="l">Last name</label><input id="l">
        <label for="e">Email</label><input id="e" type="email"><input id="p" type="password"><button>Create account</button></form>`),
    ).toEqual({ f: 'given-name', l: 'family-name', e: 'email' });
  });
  it('a company box counts only in a shipping or billing address, or beside a card', () => {
    expect(
      tokens(`<form><label for="o">Company</label><input id="o"><label for="e">Email</label><input id="e"></form>`),
    ).toEqual({ e: 'email' });
    expect(
      tokens(
        `<form id="shipping"><label for="o">Company</label><input id="o"><label for="a">Address</label><input id="a"><label for="z">ZIP</label><input id="z"></form>`,
      ),
    ).toEqual({
      o: 'organization',
      a: 'address-line1',
      z: 'postal-code',
    });
    // An account form with an address: the company there is the shopper's employer.
    expect(
      tokens(
        `<form id="register"><label for="o">Company</label><input id="o"><label for="a">Address</label><input id="a"><label for="z">ZIP</label><input id="z"></form>`,
      ),
    ).toEqual({
      a: 'address-line1',
      z: 'postal-code',
    });
  });
  it('hidden inputs and inert stand-ins are skipped; disabled controls are detected (the fill checks them)', () => {
    expect(
      tokens(`<form><input type="hidden" id="h" name="cardnumber"><input id="s" name="cardnumber" aria-hidden="true" readonly>
        <input id="d" name="cardnumber" disabled><fieldset disabled><input id="f" name="cardnumber"></fieldset><input id="c" name="cvc"></form>`),
    ).toEqual({ d: 'cc-number', f: 'cc-number', c: 'cc-csc' });
  });
  it('a lone card-number box too short for a number (a last-4 check) is left alone', () => {
    const exp = '<label for="e">Expiry</label><input id="e">';
    expect(tokens(`<form><label for="n">Card number</label><input id="n" maxlength="4">${exp}</form>`)).toEqual({});
    expect(tokens(`<form><label for="n">Card number</label><input id="n" maxlength="19">${exp}</form>`)).toEqual({
      n: 'cc-number',
      e: 'cc-exp',
    });
  });
  it('password-typed boxes hold only card codes', () => {
    expect(
      tokens(
        `<form><input id="n" name="cardnumber"><input id="c" type="password" name="cvv"><input id="p" type="password" name="zip"></form>`,
      ),
    ).toEqual({
      n: 'cc-number',
      c: 'cc-csc',
    });
  });
});

describe('sections', () => {
  it('from autocomplete, from names, and from the container', () => {
    document.body.innerHTML = `<form>
      <input id="a" autocomplete="shipping address-line1">
      <input id="b" name="billing_zip">
      <fieldset><legend>Delivery address</legend><label for="c">City</label><input id="c"></fieldset>
      <input id="n" name="cardnumber"><input id="v" name="cvc"></form>`;
    const sections = Object.fromEntries(detect(document).fields.map((f) => [f.element.id, f.section]));
    expect(sections).toEqual({ a: 'shipping', b: 'billing', c: 'shipping', n: 'card', v: 'card' });
  });
  it('are read from the page when asked, not by every scan (a scan only counts fields)', () => {
    document.body.innerHTML = `<form><div id="box" class="shipping-address">
      <label for="c">City</label><input id="c"><label for="z">ZIP</label><input id="z"></div></form>`;
    const box = document.getElementById('box')!;
    const read = vi.spyOn(box, 'getAttribute');
    const fields = detect(document).fields;
    expect(fields.map((f) => f.token)).toEqual(['address-level2', 'postal-code']);
    expect(read).not.toHaveBeenCalled();
    expect(fields.map((f) => f.section)).toEqual(['shipping', 'shipping']);
    // Both fields share the container: read once.
    expect(read.mock.calls.filter(([name]) => name === 'class')).toHaveLength(1);
  });
});

describe('scope', () => {
  it('finds controls inside open shadow roots, not closed ones', () => {
    document.body.innerHTML =
      '<form><label for="z">ZIP</label><input id="z"></form><div id="open"></div><div id="closed"></div>';
    const open = document.getElementById('open')!.attachShadow({ mode: 'open' });
    open.innerHTML = '<label for="n">Card number</label><input id="n"><label for="v">CVC</label><input id="v">';
    const closed = document.getElementById('closed')!.attachShadow({ mode: 'closed' });
    closed.innerHTML = '<label for="c">Card number</label><input id="c">';
    const found = detect(document).fields.map((f) => `${f.element.id}:${f.token}`);
    expect(found).toEqual(['z:postal-code', 'n:cc-number', 'v:cc-csc']);
  });
  it('puts the controls of a shadow root where its host is, custom element or not, nested or not', () => {
    document.body.innerHTML = `<form><label for="e">Email</label><input id="e">
      <pay-card id="card"><label for="k">Cardholder name</label><input id="k"></pay-card>
      <label for="z">ZIP</label><input id="z"></form><section id="outer"></section>`;
    const card = document.getElementById('card')!.attachShadow({ mode: 'open' });
    card.innerHTML = '<label for="n">Card number</label><input id="n"><slot></slot><exp-box id="inner"></exp-box>';
    const inner = (card.getElementById('inner') as Element).attachShadow({ mode: 'open' });
    inner.innerHTML = '<label for="x">Expiry date</label><input id="x">';
    document.getElementById('outer')!.attachShadow({ mode: 'open' }).innerHTML =
      '<label for="c">City</label><input id="c">';
    // Order matters: split expiry and split numbers are read in document order.
    expect(detect(document).fields.map((f) => f.element.id)).toEqual(['e', 'n', 'x', 'k', 'z', 'c']);
  });
  it('leaves out search facilities: a role=search landmark or <search> element', () => {
    document.body.innerHTML = `<form><div role="search"><label for="s">Select country</label><input id="s" name="phonecountry"></div>
      <label for="c">Country</label><input id="c"><search><label for="z">ZIP</label><input id="z"></search><label for="p">Postal code</label><input id="p"></form>`;
    expect(detect(document).fields.map((f) => f.element.id)).toEqual(['c', 'p']);
  });
  it('summarises what a frame holds for the background', () => {
    document.body.innerHTML = '<form><input name="cardnumber"><input name="cvc"><input name="zip"></form>';
    expect(detect(document).summary).toEqual({ cardFields: 2, addressFields: 1, checkout: true });
    document.body.innerHTML = '<form><input name="zip"></form>';
    expect(detect(document).summary).toEqual({ cardFields: 0, addressFields: 1, checkout: false });
  });
});

describe('birthdays', () => {
  it('a date-of-birth select inside a card form stays unfilled', () => {
    expect(
      tokens(`<form><label for="n">Card number</label><input id="n"><input id="c" name="cvv">
        <label for="b">Date of birth</label><select id="b" name="DOB_Month">${MONTHS}</select></form>`),
    ).toEqual({ n: 'cc-number', c: 'cc-csc' });
  });
});
