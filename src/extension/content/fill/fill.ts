/**
 * Fills detected fields with the values the background sent after the shopper asked.
 * The controls are checked for visibility together, right before they are written (one
 * batch: the occlusion test recalculates the page's styles); a payment frame
 * gets card fields only. Nothing is kept: the values live only as long as this call.
 */
import type { AddressToken, FillValues } from '../../messages';
import type { DetectedField } from '../detect/detect';
import { visibleAmong } from '../detect/visibility';
import { isCardToken } from '../detect/tokens';
import { formatExpiry } from './expiry';
import { countryOption, expiryOption, monthOption, plainOption, regionOption, yearOption } from './select-option';
import { setDigits, setValue } from './set-value';

type Card = NonNullable<FillValues['card']>;
type Address = Partial<Record<AddressToken, string>>;

export interface FillOptions {
  /** Payment frames: card fields only. */
  cardOnly: boolean;
  /** Injected by unit tests (happy-dom has no layout); the real check otherwise. */
  isVisible?: (el: Element) => boolean;
}

const splitName = (full: string | undefined): [string, string] => {
  const parts = (full ?? '').trim().split(/\s+/);
  return parts.length < 2 ? [parts[0] ?? '', ''] : [parts.slice(0, -1).join(' '), parts[parts.length - 1]!];
};

function addressValue(a: Address, token: AddressToken): string | undefined {
  if (token === 'name') return a.name ?? ([a['given-name'], a['family-name']].filter(Boolean).join(' ') || undefined);
  if (token === 'given-name') return a['given-name'] ?? (splitName(a.name)[0] || undefined);
  if (token === 'family-name') return a['family-name'] ?? (splitName(a.name)[1] || undefined);
  return a[token];
}

/** Which of the shopper's addresses a field takes: its section, else billing beside a card form, else shipping. */
function addressFor(f: DetectedField, values: FillValues, cardGroups: Set<Node>): Address | undefined {
  const billingFirst = f.section === 'billing' || (f.section !== 'shipping' && cardGroups.has(f.group));
  return billingFirst ? (values.billing ?? values.shipping) : (values.shipping ?? values.billing);
}

/** Card numbers split over several short boxes (4 + 4 + 4 + 4): which digits go where. */
function numberPieces(fields: readonly DetectedField[]): Map<HTMLElement, [number, number]> {
  const pieces = new Map<HTMLElement, [number, number]>();
  const byGroup = new Map<Node, DetectedField[]>();
  for (const f of fields) if (f.token === 'cc-number') byGroup.set(f.group, [...(byGroup.get(f.group) ?? []), f]);
  for (const list of byGroup.values()) {
    const lengths = list.map((f) => ('maxLength' in f.element ? f.element.maxLength : -1));
    if (list.length < 2 || !lengths.every((n) => n > 0 && n <= 6)) continue;
    let at = 0;
    list.forEach((f, i) => {
      const len = i === list.length - 1 ? 19 : lengths[i]!;
      pieces.set(f.element, [at, at + len]);
      at += len;
    });
  }
  return pieces;
}

function yearText(el: HTMLInputElement | HTMLTextAreaElement, year: number): string {
  const hint = (el.getAttribute('placeholder') ?? '').toLowerCase();
  const two = el.maxLength === 2 || (/\b(yy|aa|jj|rr)\b/.test(hint) && !/(yyyy|aaaa|jjjj|rrrr)/.test(hint));
  return two ? String(year).slice(-2) : String(year);
}

function fillCard(f: DetectedField, card: Card, pieces: Map<HTMLElement, [number, number]>): boolean {
  const el = f.element;
  if (el instanceof HTMLSelectElement) {
    const option =
      f.token === 'cc-exp-month'
        ? monthOption(el, card.exp_month)
        : f.token === 'cc-exp-year'
          ? yearOption(el, card.exp_year)
          : f.token === 'cc-exp'
            ? expiryOption(el, card.exp_month, card.exp_year)
            : null;
    if (!option) return false;
    setValue(el, option.value);
    return true;
  }
  const [given, family] = splitName(card.name);
  switch (f.token) {
    case 'cc-number': {
      const range = pieces.get(el);
      const digits = range ? card.number.slice(range[0], range[1]) : card.number;
      return digits !== '' && setDigits(el, digits);
    }
    case 'cc-exp':
      return setDigits(el, formatExpiry(el, card.exp_month, card.exp_year));
    case 'cc-exp-month':
      return setDigits(el, String(card.exp_month).padStart(2, '0'));
    case 'cc-exp-year':
      return setDigits(el, yearText(el, card.exp_year));
    case 'cc-csc':
      return setDigits(el, card.cvc);
    case 'cc-name':
      return card.name ? (setValue(el, card.name), true) : false;
    case 'cc-given-name':
      return given ? (setValue(el, given), true) : false;
    case 'cc-family-name':
      return family ? (setValue(el, family), true) : false;
    default:
      return false;
  }
}

function fillAddress(f: DetectedField, value: string): boolean {
  const el = f.element;
  if (el instanceof HTMLSelectElement) {
    const option =
      f.token === 'country'
        ? countryOption(el, value)
        : f.token === 'address-level1'
          ? regionOption(el, value)
          : plainOption(el, value);
    if (!option) return false;
    setValue(el, option.value);
    return true;
  }
  // What the shopper already typed stays.
  if (el.value.trim() !== '') return false;
  setValue(el, value);
  return true;
}

/** Disabled or read-only now: a person could not type there either. A disabled <fieldset> disables without setting `disabled`. */
const writable = (el: DetectedField['element']): boolean =>
  !el.disabled && !('readOnly' in el && el.readOnly) && !el.closest('fieldset[disabled]');

export function fillFields(fields: readonly DetectedField[], values: FillValues, options: FillOptions): number {
  const seen = options.isVisible
    ? null
    : visibleAmong(fields.filter((f) => !options.cardOnly || isCardToken(f.token)).map((f) => f.element));
  const visible = options.isVisible ?? ((el: Element) => seen!.has(el));
  const pieces = numberPieces(fields);
  const cardGroups = new Set(fields.filter((f) => isCardToken(f.token)).map((f) => f.group));
  let filled = 0;
  for (const f of fields) {
    const card = isCardToken(f.token);
    if (options.cardOnly && !card) continue;
    if (!writable(f.element) || !visible(f.element)) continue;
    if (card) {
      if (values.card && fillCard(f, values.card, pieces)) filled++;
      continue;
    }
    const address = addressFor(f, values, cardGroups);
    const value = address && addressValue(address, f.token as AddressToken);
    if (value && fillAddress(f, value)) filled++;
  }
  return filled;
}
