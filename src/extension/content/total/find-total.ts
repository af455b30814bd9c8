/**
 * Finds the order total a checkout page shows. Candidates are short texts labelled as a
 * total (labels.ts, rules in rules.ts) with money after them in their own text or in
 * their row (the nearest ancestor, up to a few levels, whose text holds money after the
 * label: a table row, a definition list, a flex line), and pay buttons that carry the
 * amount. Struck-through amounts (an old price, a total before a coupon) are skipped.
 * The strongest label wins; among equals the last on the page, since a grand total
 * comes after the lines it adds up. Costs one walk over the page's text nodes, and
 * layout reads only for candidates; run only where the tab has card fields (watch.ts).
 */
import type { CartTotal } from '../../messages';
import { localeOf, type PageLocale } from './currency';
import { labelWeight, PAY_WEIGHT, saysPay } from './labels';
import { findMoney, type Money } from './money';

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION', 'TEXTAREA', 'SELECT', 'svg']);
/** Levels to climb from a label to its row, and the most text a row may hold: past that it is a section, not a line. */
const MAX_CLIMB = 4;
const MAX_ROW_TEXT = 400;

export interface TotalCandidate {
  label: string;
  weight: number;
  money: Money;
}

function struck(el: Element | null): boolean {
  if (!el) return false;
  if (el.closest('s, del, strike')) return true;
  const view = el.ownerDocument.defaultView;
  // Shops also strike through with CSS; the computed line carries it only on the element that sets it.
  for (let e: Element | null = el, i = 0; e && i < 3; e = e.parentElement, i++) {
    if (view?.getComputedStyle(e).textDecorationLine.includes('line-through')) return true;
  }
  return false;
}

function visible(el: Element): boolean {
  if (el.closest('[hidden], [aria-hidden="true"]')) return false;
  const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(el, { visibilityProperty: true }) : true;
}

/** Long enough for a label with its amount ("Gesamtsumme inkl. MwSt.: 1.204,90 €"); longer texts are sentences. */
const mayLabel = (text: string) => text.length <= 80;

/** The text of `row`'s text nodes after `from`, struck-through ones left out. */
function textAfter(row: Element, from: Node): string {
  const walker = row.ownerDocument.createTreeWalker(row, NodeFilter.SHOW_TEXT);
  let text = '';
  let seen = false;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n === from) {
      seen = true;
      continue;
    }
    if (!seen || SKIP.has(n.parentElement?.tagName ?? '')) continue;
    if (n.textContent && /\d/.test(n.textContent) && struck(n.parentElement)) continue;
    text += ` ${n.textContent ?? ''}`;
  }
  return text;
}

/** The first money after the label `node`: in its own text, else in its row. */
function moneyAfter(node: Text, locale: PageLocale): Money | null {
  const own = findMoney(node.data, locale);
  if (own.length) return struck(node.parentElement) ? null : own[0]!;
  let row = node.parentElement;
  for (let i = 0; row && i < MAX_CLIMB; i++, row = row.parentElement) {
    if ((row.textContent?.length ?? 0) > MAX_ROW_TEXT) return null;
    const found = findMoney(textAfter(row, node), locale);
    if (found.length) return found[0]!;
  }
  return null;
}

function payButtons(doc: Document, locale: PageLocale): TotalCandidate[] {
  const out: TotalCandidate[] = [];
  for (const el of doc.querySelectorAll<HTMLElement>(
    'button, input[type="submit"], input[type="button"], [role="button"]',
  )) {
    const text = el instanceof HTMLInputElement ? el.value : (el.textContent ?? '');
    if (!saysPay(text)) continue;
    const money = findMoney(text, locale)[0];
    if (money && visible(el)) out.push({ label: text.trim(), weight: PAY_WEIGHT, money });
  }
  return out;
}

/** Every candidate on the page, in document order (labels, then pay buttons). */
export function totalCandidates(doc: Document): TotalCandidate[] {
  const body = doc.body;
  if (!body) return [];
  const locale = localeOf(doc);
  const out: TotalCandidate[] = [];
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const parent = n.parentElement;
    if (!parent || SKIP.has(parent.tagName) || parent.closest('button, [role="button"]')) continue;
    const text = n.data.trim();
    if (text.length < 2) continue;
    // The label's own text, without the money it may carry ("Total: €54.90"); a cheap
    // look first, since most text on a page is no label.
    if (!mayLabel(text)) continue;
    const own = findMoney(text, locale)[0];
    const weight = labelWeight(own ? text.slice(0, own.index) : text);
    if (weight === 0 || !visible(parent)) continue;
    const money = moneyAfter(n, locale);
    if (money) out.push({ label: text, weight, money });
  }
  return [...out, ...payButtons(doc, locale)];
}

/** The strongest candidate, the last among equals. */
export function chooseTotal(candidates: readonly TotalCandidate[]): TotalCandidate | null {
  let best: TotalCandidate | null = null;
  for (const c of candidates) if (c.money.amount > 0 && (!best || c.weight >= best.weight)) best = c;
  return best;
}

/** The order total `doc` shows, or null. */
export function findTotal(doc: Document): CartTotal | null {
  const best = chooseTotal(totalCandidates(doc));
  if (!best) return null;
  const { amount, currency, text } = best.money;
  return { amount, currency, text: text.replace(/\s+/g, ' ') };
}
