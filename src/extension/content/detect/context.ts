/**
 * Decisions no single control can make alone, taken per group (a <form>, or the
 * document / shadow tree for formless pages):
 * - a bare "Month"/"Year" select or "MM"/"YY" box is a card expiry only beside card fields
 *   (otherwise it is a birthday);
 * - two "expiry" boxes side by side are month then year;
 * - one short "card number" box alone is a last-4-digits check;
 * - a sign-in form's email or phone box is a username: Veil leaves it alone;
 * - a company box is filled only as part of an address;
 * - card words with other meanings (expiry, security code, holder) count only in a card form.
 * A card form is a group with a card number, or with a security code and an expiry.
 */
import { says } from './keywords';
import { normalizeText } from './normalize';
import type { Classification } from './classify';
import type { Control } from './signals';
import { isCardToken, type Token } from './tokens';

export interface Candidate {
  element: Control;
  group: Node;
  c: Classification;
}

const AMBIGUOUS_CARD: ReadonlySet<Token> = new Set([
  'cc-csc',
  'cc-exp',
  'cc-exp-month',
  'cc-exp-year',
  'cc-name',
  'cc-given-name',
  'cc-family-name',
]);
/** What a sign-in form uses as the account identifier. (A surname there is asked as a check, and is the shopper's.) */
const IDENTIFIER: ReadonlySet<Token> = new Set(['email', 'tel']);

/** The form a control belongs to, seen through shadow roots (form association stops at them). */
export function groupOf(el: Element): Node {
  const form = (el as Control).form ?? el.closest('form');
  if (form) return form;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? groupOf(root.host) : root;
}

const maxLength = (el: Control): number => ('maxLength' in el && el.maxLength > 0 ? el.maxLength : 0);

/**
 * A sign-in form: one identifier box (email or phone), and either one password box or (identifier-first sign-in) none but a button, heading
 * or page title that says "sign in". A sign-up form can look the same, so its words
 * ("create account"), a second password box or autocomplete="new-password" keep it a
 * sign-up form.
 */
function isLoginForm(group: Node, items: Candidate[]): boolean {
  const scope = group as ParentNode;
  const passwords = Array.from(scope.querySelectorAll<HTMLInputElement>('input[type=password]'));
  if (passwords.length > 1 || passwords.some((p) => p.autocomplete.includes('new-password'))) return false;
  const fields = items.filter((i) => i.c.token && IDENTIFIER.has(i.c.token)).length;
  if (fields > 1) return false;
  // What the form's own submit button says, and its name; a page header's "Register"
  // link or a "New here? Create an account" heading beside a sign-in form are not the form's.
  const isForm = group instanceof HTMLFormElement;
  const text = (e: Element) => normalizeText((e.textContent ?? '') + ' ' + (e.getAttribute('value') ?? ''));
  const submit = Array.from(
    scope.querySelectorAll(
      isForm ? 'button:not([type=button]), input[type=submit]' : 'button[type=submit], input[type=submit]',
    ),
    text,
  );
  if (isForm)
    submit.push(
      normalizeText(`${group.id} ${group.getAttribute('class') ?? ''} ${group.getAttribute('action') ?? ''}`),
    );
  if (submit.some((t) => says(t, 'signup'))) return false;
  if (passwords.length === 1) return true;
  const headings = isForm ? Array.from(scope.querySelectorAll('h1, h2, h3, legend'), text) : [];
  const title = (group.ownerDocument ?? (group as Document)).title ?? '';
  return [...submit, ...headings, normalizeText(title)].some((t) => says(t, 'login'));
}

export function applyContext(candidates: Candidate[]): void {
  const groups = new Map<Node, Candidate[]>();
  for (const cand of candidates) {
    const list = groups.get(cand.group);
    if (list) list.push(cand);
    else groups.set(cand.group, [cand]);
  }
  for (const [group, items] of groups) {
    const tokens = new Set(items.map((i) => i.c.token));
    const hasCard =
      tokens.has('cc-number') || (tokens.has('cc-csc') && (tokens.has('cc-exp') || tokens.has('cc-exp-month')));
    if (hasCard) {
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
        if (token) setToken(i, token, 'context:card-form');
      }
      splitCombinedExpiry(items);
    }
    // One short "card number" box alone is a last-4-digits check, not a place for a number.
    const numbers = items.filter((i) => i.c.token === 'cc-number');
    if (numbers.length === 1 && !numbers[0]!.c.declared) {
      const max = maxLength(numbers[0]!.element);
      if (max > 0 && max < 12) setToken(numbers[0]!, null, 'context:too-short-for-a-number');
    }
    if (!tokens.has('address-line1') && !tokens.has('postal-code')) {
      for (const i of items) if (i.c.token === 'organization' && !i.c.declared) setToken(i, null, 'context:no-address');
    }
    // Even autocomplete="email" there: sign-in forms declare their identifier so. (Only
    // asked when there is an identifier to drop: reading the form's buttons and headings
    // is the costliest part of this.)
    if (!hasCard && items.some((i) => i.c.token && IDENTIFIER.has(i.c.token)) && isLoginForm(group, items)) {
      for (const i of items) if (i.c.token && IDENTIFIER.has(i.c.token)) setToken(i, null, 'context:sign-in-form');
    }
    // Card words that have other meanings ("Expiration" on a passport form, "Security
    // code" on a sign-in form, "Cardholder" on a loyalty form) mean nothing outside a
    // card form: a card form has a number, or at least two card fields.
    if (!hasCard) {
      for (const i of items) {
        if (
          i.c.token &&
          AMBIGUOUS_CARD.has(i.c.token) &&
          !i.c.declared &&
          !items.some((o) => o !== i && o.c.token && isCardToken(o.c.token))
        ) {
          setToken(i, null, 'context:lone-card-word');
        }
      }
    }
  }
}

function setToken(i: Candidate, token: Token | null, why: string): void {
  i.c = { ...i.c, token, signals: [why, ...i.c.signals] };
}

/** "Expiry" on two short boxes in a row: the first holds the month, the second the year. */
function splitCombinedExpiry(items: Candidate[]): void {
  for (let k = 0; k + 1 < items.length; k++) {
    const a = items[k]!;
    const b = items[k + 1]!;
    if (a.c.token === 'cc-exp' && b.c.token === 'cc-exp' && !a.c.declared) {
      const short = (el: Control) => el.tagName === 'SELECT' || (maxLength(el) > 0 && maxLength(el) <= 4);
      if (short(a.element) || short(b.element)) {
        setToken(a, 'cc-exp-month', 'context:expiry-pair');
        setToken(b, 'cc-exp-year', 'context:expiry-pair');
      }
    }
  }
}
