/**
 * One normal form for every piece of text the rules read, so each pattern is written
 * once: identifiers (`billingZipCode`, `cc_exp-month`, `addr2`) become words
 * ("billing zip code", "cc exp month", "addr 2"); accents are dropped ("Numéro" →
 * "numero", "Straße" keeps its ß, Polish ł stays) and the result is recomposed so
 * Japanese kana with voicing marks still match the literal patterns.
 *
 * Few regular expressions, and each one used for every text: this runs cold on every
 * page, and a regular expression costs a compilation on first use and another when V8
 * tiers it up, more than the work it then does.
 */
const MARKS = /[\u0300-\u036f]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const STROKE_L = /ł/g;
/**
 * Where an identifier's words meet, in one pass: lower case or digit before upper case
 * ("zipCode"), the last capital of a run before a capitalised word ("CVVCode"), a letter
 * before a digit ("addr2").
 */
const WORD_JOINS = /([a-z\d])(?=[A-Z])|([A-Z])(?=[A-Z][a-z])|([a-zA-Z])(?=\d)/g;
/** Separators of every kind become one space; '/' and '#' carry meaning (MM/YY, card #). */
const SEPARATORS = /[\s_\-.,:;*()[\]{}"'|\\!?<>=+]+/g;

/**
 * Texts already normalized: a page repeats them (an id equal to its name, the same
 * class on every field's wrapper, the same labels on every rescan), and three regular
 * expressions cost more than a lookup. Bounded, and dropped whole when full.
 */
const done = new Map<string, string>();
const DONE_MAX = 4000;

export function normalizeText(raw: string): string {
  if (!raw) return '';
  let out = done.get(raw);
  if (out === undefined) {
    let text = raw.replace(WORD_JOINS, '$1$2$3 ').toLowerCase();
    // Polish ł has no decomposition: it is mapped by hand, so "Właściciel" reads "wlasciciel" like the rules.
    if (NON_ASCII.test(text)) text = text.normalize('NFD').replace(MARKS, '').replace(STROKE_L, 'l').normalize('NFC');
    out = text.replace(SEPARATORS, ' ').trim().slice(0, 160);
    if (done.size >= DONE_MAX) done.clear();
    done.set(raw, out);
  }
  return out;
}

/** `s` split at ASCII whitespace, the separator of token lists in attributes (autocomplete, aria-labelledby). */
export function tokenList(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = s.charCodeAt(i);
    const space = i === s.length || c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
    if (space && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return out;
}
