/**
 * Picks the option of a <select> that means a value, whatever form the page lists it
 * in: months as 1, 01, Jan, January or their translations; years as 2027 or 27;
 * countries by code or by name in the page's language; US states / Canadian provinces
 * by code or name. Matching compares the option's value and its text.
 */
import { normalizeText } from '../detect/normalize';
import { REGIONS } from './regions';

const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'ja'];

const clean = (s: string) => normalizeText(s).replace(/\.$/, '');

function locales(doc: Document): string[] {
  const lang = doc.documentElement.lang;
  return lang ? [lang, ...LOCALES] : LOCALES;
}

function safeFormat(locale: string, options: Intl.DateTimeFormatOptions, date: Date): string {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  } catch {
    return '';
  }
}

/** Every common way to write month `m` (1–12). */
export function monthForms(m: number, doc: Document = document): Set<string> {
  const date = new Date(Date.UTC(2000, m - 1, 15));
  const forms = new Set([String(m), String(m).padStart(2, '0')]);
  for (const locale of locales(doc)) {
    for (const month of ['long', 'short'] as const) {
      const name = clean(safeFormat(locale, { month }, date));
      if (name) forms.add(name);
    }
  }
  return forms;
}

/** The leading number of an option ("01 - January" → 1), if any. */
const leadingNumber = (s: string): number | null => {
  const m = /^\s*0*(\d+)/.exec(s);
  return m ? Number(m[1]) : null;
};

function find(select: HTMLSelectElement, test: (value: string, text: string) => boolean): HTMLOptionElement | null {
  for (const o of Array.from(select.options)) {
    if (o.disabled) continue;
    if (test(clean(o.value), clean(o.text))) return o;
  }
  return null;
}

export function monthOption(select: HTMLSelectElement, m: number): HTMLOptionElement | null {
  const forms = monthForms(m, select.ownerDocument);
  return (
    find(select, (v, t) => forms.has(v) || forms.has(t)) ??
    find(select, (v, t) => leadingNumber(v) === m || leadingNumber(t) === m) ??
    // "January (01)", "Jan - 01": a name or number after some decoration.
    find(select, (_v, t) => t.split(' ').some((w) => forms.has(w)))
  );
}

export function yearOption(select: HTMLSelectElement, year: number): HTMLOptionElement | null {
  const full = String(year);
  const short = full.slice(-2);
  return find(select, (v, t) => v === full || t === full) ?? find(select, (v, t) => v === short || t === short);
}

/**
 * A select of the whole expiry, each option a month and a year ("03/2027", "3-27",
 * "Mar 2027", "03 / 27"): the option whose two numbers (or month name and year) are the card's.
 */
export function expiryOption(select: HTMLSelectElement, month: number, year: number): HTMLOptionElement | null {
  const forms = monthForms(month, select.ownerDocument);
  const years = new Set([String(year), String(year).slice(-2)]);
  const matches = (s: string) => {
    const parts = s.split(/[\s/.-]+/).filter(Boolean);
    return parts.length === 2 && forms.has(parts[0]!) && years.has(parts[1]!);
  };
  return find(select, (v, t) => matches(v) || matches(t));
}

function regionName(code: string, doc: Document): Set<string> {
  const names = new Set<string>();
  for (const locale of locales(doc)) {
    try {
      const name = new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase());
      if (name && name.toUpperCase() !== code.toUpperCase()) names.add(clean(name));
    } catch {
      /* not a region code */
    }
  }
  return names;
}

export function countryOption(select: HTMLSelectElement, country: string): HTMLOptionElement | null {
  const wanted = clean(country);
  const names = /^[a-z]{2}$/.test(wanted) ? regionName(wanted, select.ownerDocument) : new Set<string>();
  names.add(wanted);
  return find(select, (v, t) => v === wanted || names.has(t) || names.has(v));
}

export function regionOption(select: HTMLSelectElement, region: string): HTMLOptionElement | null {
  const wanted = clean(region);
  const forms = new Set([wanted]);
  for (const [code, name] of Object.entries(REGIONS)) {
    if (clean(code) === wanted || clean(name) === wanted) {
      forms.add(clean(code));
      forms.add(clean(name));
    }
  }
  // Some lists prefix the country: "US-CA".
  return find(select, (v, t) => forms.has(v) || forms.has(t) || forms.has(v.replace(/^[a-z]{2} /, '')));
}

/** Any other select: the option whose value or text equals the value. */
export function plainOption(select: HTMLSelectElement, value: string): HTMLOptionElement | null {
  const wanted = clean(value);
  return find(select, (v, t) => v === wanted || t === wanted);
}
