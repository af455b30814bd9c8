/**
 * One normal form for every piece of text the rules read, so each pattern is written
 * once: identifiers (`billingZipCode`, `cc_exp-month`, `addr2`) become words
 * ("billing zip code", "cc exp month", "addr 2"); accents are dropped ("Numéro" →
 * "numero", "Straße" keeps its ß, Polish ł stays) and the result is recomposed so
 * Japanese kana with voicing marks still match the literal patterns.
 *
 * No regular expressions: this runs cold on every page, and each regular expression
 * costs V8 a compilation on its first use (and another when it tiers up) — for the few
 * short texts of a small form, more than the work itself. Character loops cost nothing
 * up front. `normalize.test.ts` holds them to the regular expressions they replace.
 */

/** Classes of ASCII characters for the loops below (anything else is 0). */
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
/** Separators and white space: '/' and '#' are not among them, they carry meaning (MM/YY, card #). */
const SEPARATOR = 4;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 26; c++) [ASCII_CLASS[97 + c], ASCII_CLASS[65 + c]] = [LOWER, UPPER];
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = DIGIT;
for (const ch of '_-.,:;*()[]{}"\'|\\!?<>=+ \t\n\v\f\r') ASCII_CLASS[ch.charCodeAt(0)] = SEPARATOR;

/**
 * Where an identifier's words meet, a space after: lower case or digit before upper case
 * ("zipCode"), the last capital of a run before a capitalised word ("CVVCode"), a letter
 * before a digit ("addr2"). (ASCII letters only, as the rules' identifiers are.) The
 * classes are looked up inline: a call per character is most of what a cold loop costs.
 */
function splitJoins(s: string): string {
  let out = '';
  let from = 0;
  // The classes of the characters at i, i + 1 and i + 2 (charCodeAt past the end is NaN: class 0).
  let c = s.charCodeAt(0);
  let k = c < 128 ? ASCII_CLASS[c]! : 0;
  c = s.charCodeAt(1);
  let k1 = c < 128 ? ASCII_CLASS[c]! : 0;
  for (let i = 0; i + 1 < s.length; i++) {
    c = s.charCodeAt(i + 2);
    const k2 = c < 128 ? ASCII_CLASS[c]! : 0;
    if (
      (k1 === UPPER && (k === LOWER || k === DIGIT || (k === UPPER && k2 === LOWER))) ||
      (k1 === DIGIT && (k === LOWER || k === UPPER))
    ) {
      out += s.slice(from, i + 1) + ' ';
      from = i + 1;
    }
    k = k1;
    k1 = k2;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** White space beyond ASCII, as `\s` and `trim` know it: Unicode's spaces, line and paragraph separators, BOM. */
function isWideSpace(c: number): boolean {
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const isSeparator = (c: number): boolean => (c < 128 ? ASCII_CLASS[c] === SEPARATOR : isWideSpace(c));

/** Every run of separators and white space as one space. */
function collapseSeparators(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 ? ASCII_CLASS[c] !== SEPARATOR : !isWideSpace(c)) continue;
    let end = i + 1;
    while (end < s.length && isSeparator(s.charCodeAt(end))) end++;
    out += s.slice(from, i) + ' ';
    from = end;
    i = end - 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

export function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

/** Accents dropped (the combining marks of the decomposed form), Polish ł read as l, recomposed. */
function dropAccents(s: string): string {
  const d = s.normalize('NFD');
  let out = '';
  let from = 0;
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i);
    // ł has no decomposition: mapped by hand, so "Właściciel" reads "wlasciciel" like the rules.
    if ((c >= 0x300 && c <= 0x36f) || c === 0x142) {
      out += d.slice(from, i) + (c === 0x142 ? 'l' : '');
      from = i + 1;
    }
  }
  return (from === 0 ? d : out + d.slice(from)).normalize('NFC');
}

/**
 * Texts already normalized: a page repeats them (an id equal to its name, the same
 * class on every field's wrapper, the same labels on every rescan). Bounded, and
 * dropped whole when full.
 */
const done = new Map<string, string>();
const DONE_MAX = 4000;

export function normalizeText(raw: string): string {
  if (!raw) return '';
  let out = done.get(raw);
  if (out === undefined) {
    let text = splitJoins(raw).toLowerCase();
    if (hasNonAscii(text)) text = dropAccents(text);
    out = collapseSeparators(text).trim().slice(0, 160);
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
