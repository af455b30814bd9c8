/**
 * What a card form is, decided per group (a <form>, or the document / shadow tree for
 * formless pages). Each decision that changes a field's token is recorded among its
 * signals by the name of its rule (rules.ts, CONTEXT_RULES), for `--explain`.
 *
 * - Card-looking fields in a gift-card or loyalty section are that card, not the payment card.
 * - A card form is a card number together with an expiry (words, or a month or year
 *   select beside it) or a security code. In one, bare Month/Year selects and MM/YY
 *   boxes are the expiry, two "expiry" boxes are month then year, a name box in the
 *   card's own part of the form is the holder.
 * - A group with card fields that is no card form by itself: a lone number beside a
 *   password, or in a form that signs in, signs up, or is about a loyalty or gift card,
 *   is no card field at all. Otherwise its card fields are held: hosted payment fields
 *   put the number, the expiry and the code each in a frame of its own, so only the
 *   tab's frames together can tell (background/tab-card-form.ts).
 */
import { says } from './keywords';
import { normalizeText } from './normalize';
import { placeMemo, placeOf } from './place';
import type { Candidate } from './context';
import type { ContextRule, WordSet } from './rules';
import type { Control } from './signals';
import { isAddressToken, isCardToken, type GiftToken, type Token } from './tokens';

export function setToken(i: Candidate, token: Token | null, why: ContextRule): void {
  i.c = { ...i.c, token, signals: [`context:${why}`, ...i.c.signals] };
}

const setGift = (i: Candidate, gift: GiftToken, why: ContextRule): void => {
  i.c = { ...i.c, token: null, gift, vetoed: true, signals: [`context:${why}`, ...i.c.signals] };
};

const EXPIRY: ReadonlySet<Token | null> = new Set(['cc-exp', 'cc-exp-month', 'cc-exp-year']);
const NAMES: Partial<Record<Token, Token>> = {
  name: 'cc-name',
  'given-name': 'cc-given-name',
  'family-name': 'cc-family-name',
};

export const maxLength = (el: Control): number => ('maxLength' in el && el.maxLength > 0 ? el.maxLength : 0);

const isPassword = (i: Candidate) =>
  i.element.tagName === 'INPUT' && (i.element as HTMLInputElement).type === 'password';

/**
 * Gift-card and loyalty sections: their card-looking fields are those cards. Beside a
 * gift card's number, an unnamed password or short box in the same section is its PIN.
 */
function placeCardFields(items: Candidate[]): void {
  const memo = placeMemo();
  const placed = items.flatMap((i) => {
    const t = i.c.token;
    if (!t || !isCardToken(t)) return [];
    const place = placeOf(i.element, memo);
    return place === 'gift' || place === 'loyalty' ? [{ i, t, place }] : [];
  });
  // Gift and loyalty cards have no expiry to type: a section with one holds a payment card
  // ("Pay for your membership": number, expiry, CVC), whatever it is about.
  const payment = new Set(placed.filter((p) => EXPIRY.has(p.t)).map((p) => p.place));
  let gift = false;
  for (const { i, t, place } of placed) {
    if (payment.has(place)) continue;
    if (place === 'gift') {
      gift = true;
      setGift(i, t === 'cc-csc' || isPassword(i) ? 'x-gift-card-pin' : 'x-gift-card-number', 'gift-card-section');
    } else setToken(i, null, 'loyalty-section');
  }
  if (!gift) return;
  for (const i of items) {
    if (i.c.token || i.c.vetoed || i.element.tagName !== 'INPUT') continue;
    const short = maxLength(i.element) > 0 && maxLength(i.element) <= 8;
    if ((isPassword(i) || short) && placeOf(i.element, memo) === 'gift')
      setGift(i, 'x-gift-card-pin', 'gift-card-section');
  }
}

/** A number and a code with no expiry, in a form about a gift card or a balance check: that gift card. */
function giftCardForm(group: Node, items: Candidate[]): boolean {
  if (hasExpiry(items)) return false;
  const texts = groupTexts(group);
  if (!texts.some((t) => says(t, 'giftCard') || says(t, 'balance'))) return false;
  for (const i of items) {
    if (i.c.token === 'cc-number') setGift(i, 'x-gift-card-number', 'gift-card-section');
    else if (i.c.token === 'cc-csc') setGift(i, 'x-gift-card-pin', 'gift-card-section');
  }
  return true;
}

/** Does anything in the group say it is the expiry: a token, a bare Month/Year word, or month / future-year options? */
const hasExpiry = (items: Candidate[]): boolean =>
  items.some(
    (i) =>
      EXPIRY.has(i.c.token) ||
      (!i.c.vetoed &&
        i.c.token === null &&
        (i.c.options === 'month' ||
          i.c.options === 'future-years' ||
          i.c.weak.includes('cc-exp-month') ||
          i.c.weak.includes('cc-exp-year'))),
  );

/** Whether the group is a card form; gift and loyalty sections are settled first. */
export function decideCardForm(group: Node, items: Candidate[], onlyControl: boolean): boolean {
  if (!items.some((i) => i.c.token && isCardToken(i.c.token))) return false;
  placeCardFields(items);
  const tokens = new Set(items.map((i) => i.c.token));
  let isCardForm = tokens.has('cc-number') && (tokens.has('cc-csc') || hasExpiry(items));
  if (isCardForm && giftCardForm(group, items)) isCardForm = false;
  if (isCardForm) inCardForm(items);
  else if (items.some((i) => i.c.token && isCardToken(i.c.token))) outsideCardForm(group, items, onlyControl);
  return isCardForm;
}

function inCardForm(items: Candidate[]): void {
  for (const i of items) {
    const c = i.c;
    // A token named by what a person reads (a label: 60) stands; one named only by a developer's name for the box may yield.
    if (c.vetoed || (c.token && c.score >= 60)) continue;
    // What the options show beats what the words suggest: "Year" may sit next to a month list.
    const token =
      c.options === 'month'
        ? 'cc-exp-month'
        : c.options === 'future-years'
          ? 'cc-exp-year'
          : c.token !== null || c.options
            ? null
            : c.weak.includes('cc-exp-month')
              ? 'cc-exp-month'
              : c.weak.includes('cc-exp-year')
                ? 'cc-exp-year'
                : null;
    if (token) setToken(i, token, 'card-form');
  }
  splitExpiry(items);
  cardHolder(items);
}

/** "Expiry" on two short boxes in a row, or an "Expiry" box beside a year: the halves of a split expiry. */
function splitExpiry(items: Candidate[]): void {
  const card = items.filter((i) => i.c.token && isCardToken(i.c.token));
  for (let k = 0; k < card.length; k++) {
    const a = card[k]!;
    const b = card[k + 1];
    if (a.c.token !== 'cc-exp' || a.c.declared) continue;
    const short = (el: Control) => el.tagName === 'SELECT' || (maxLength(el) > 0 && maxLength(el) <= 4);
    if (b?.c.token === 'cc-exp' && (short(a.element) || short(b.element))) {
      setToken(a, 'cc-exp-month', 'expiry-pair');
      setToken(b, 'cc-exp-year', 'expiry-pair');
      k++;
    } else if (b?.c.token === 'cc-exp-year' && short(a.element)) setToken(a, 'cc-exp-month', 'expiry-beside-year');
    else if (card[k - 1]?.c.token === 'cc-exp-month' && short(a.element))
      setToken(a, 'cc-exp-year', 'expiry-beside-year');
  }
}

/**
 * A name box in the card's own part of the form — the smallest container that holds it
 * and a card field holds no address field — is the card holder ("Name" above "Card
 * number" in a "Card details" box), not the shopper's billing name.
 */
function cardHolder(items: Candidate[]): void {
  const cardEls = items.filter((i) => i.c.token && isCardToken(i.c.token)).map((i) => i.element);
  const addressEls = items
    .filter((i) => i.c.token && isAddressToken(i.c.token) && !(i.c.token in NAMES))
    .map((i) => i.element);
  for (const i of items) {
    const holder = i.c.token && !i.c.declared ? NAMES[i.c.token] : undefined;
    if (!holder) continue;
    let box: Element | null = i.element.parentElement;
    while (box && !cardEls.some((el) => box!.contains(el))) box = box.parentElement;
    if (!box || box.tagName === 'BODY' || box.tagName === 'FORM' || addressEls.some((el) => box!.contains(el)))
      continue;
    setToken(i, holder, 'holder-in-card-section');
  }
}

/** What the group says of itself: its submit buttons, its form's id, class and action, its headings. */
function groupTexts(group: Node): string[] {
  const scope = group as ParentNode;
  const isForm = group instanceof HTMLFormElement;
  const text = (e: Element) => normalizeText((e.textContent ?? '') + ' ' + (e.getAttribute('value') ?? ''));
  const out = Array.from(scope.querySelectorAll('button, input[type=submit], h1, h2, h3, legend'), text);
  if (isForm)
    out.push(normalizeText(`${group.id} ${group.getAttribute('class') ?? ''} ${group.getAttribute('action') ?? ''}`));
  else out.push(normalizeText((group.ownerDocument ?? (group as Document)).title ?? ''));
  return out;
}

function outsideCardForm(group: Node, items: Candidate[], onlyControl: boolean): void {
  let texts: string[] | null = null;
  const groupSays = (set: WordSet) => (texts ??= groupTexts(group)).some((t) => says(t, set));
  const password = items.some((i) => isPassword(i) && !(i.c.token && isCardToken(i.c.token)));
  const signIn = password || groupSays('login') || groupSays('signup');
  for (const i of items) {
    const t = i.c.token;
    if (!t || !isCardToken(t)) continue;
    if (t === 'cc-number') {
      if (signIn) setToken(i, null, 'lone-number-sign-in');
      else if (groupSays('giftCard') || groupSays('balance')) setGift(i, 'x-gift-card-number', 'gift-card-section');
      else if (groupSays('loyalty')) setToken(i, null, 'lone-number-loyalty');
      // A frame that holds nothing but the number: hosted fields' number frame.
      else if (onlyControl) i.c = { ...i.c, signals: ['context:number-only-frame', ...i.c.signals] };
      // The page's own word (autocomplete) stands; words alone wait for the tab.
      else if (!i.c.declared) hold(i);
    } else if (i.c.declared) continue;
    // Card words with other meanings ("Security code" on a sign-in form) mean nothing there.
    else if (signIn) setToken(i, null, 'lone-card-word');
    else hold(i);
  }
}

function hold(i: Candidate): void {
  i.c = { ...i.c, held: true, signals: ['context:held-for-tab', ...i.c.signals] };
}
