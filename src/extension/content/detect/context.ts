/**
 * Decisions no single control can make alone, taken per group (a <form>, or the
 * document / shadow tree for formless pages):
 * - what a card form is, and what card-looking fields outside one are (card-form.ts);
 * - one short "card number" box alone is a last-4-digits check;
 * - a sign-in form's email or phone box is a username: Veil leaves it alone;
 * - a company box is filled only as part of an address.
 * Each change is recorded among the field's signals by its rule's name (rules.ts, CONTEXT_RULES).
 */
import { says } from './keywords';
import { normalizeText } from './normalize';
import type { Classification } from './classify';
import { decideCardForm, maxLength, setToken } from './card-form';
import type { Control } from './signals';
import type { Token } from './tokens';

export interface Candidate {
  element: Control;
  group: Node;
  c: Classification;
}

/** What a sign-in form uses as the account identifier. (A surname there is asked as a check, and is the shopper's.) */
const IDENTIFIER: ReadonlySet<Token> = new Set(['email', 'tel']);

/** The form a control belongs to, seen through shadow roots (form association stops at them). */
export function groupOf(el: Element): Node {
  const form = (el as Control).form ?? el.closest('form');
  if (form) return form;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? groupOf(root.host) : root;
}

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
  if (submit.some((t) => says(t, 'signup') || says(t, 'newsletter'))) return false;
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
    // One short "card number" box alone is a last-4-digits check, not a place for a number.
    const numbers = items.filter((i) => i.c.token === 'cc-number');
    if (numbers.length === 1 && !numbers[0]!.c.declared) {
      const max = maxLength(numbers[0]!.element);
      if (max > 0 && max < 12) setToken(numbers[0]!, null, 'too-short-for-a-number');
    }
    const hasCard = decideCardForm(group, items, candidates.length === 1);
    const tokens = new Set(items.map((i) => i.c.token));
    if (!tokens.has('address-line1') && !tokens.has('postal-code')) {
      for (const i of items) if (i.c.token === 'organization' && !i.c.declared) setToken(i, null, 'no-address');
    }
    // Even autocomplete="email" there: sign-in forms declare their identifier so. (Only
    // asked when there is an identifier to drop: reading the form's buttons and headings
    // is the costliest part of this.)
    if (!hasCard && items.some((i) => i.c.token && IDENTIFIER.has(i.c.token)) && isLoginForm(group, items)) {
      for (const i of items) if (i.c.token && IDENTIFIER.has(i.c.token)) setToken(i, null, 'sign-in-form');
    }
  }
}
