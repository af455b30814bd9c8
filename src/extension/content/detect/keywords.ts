/**
 * Turns the word lists of `rules.ts` into one lookup index and answers, for a piece of
 * normalized text, which rules it names (strongly, weakly, or rules out). Everything is
 * hash lookups of words, word runs, word prefixes and substrings of long words: cheap
 * to build and to run cold, which is how a content script runs.
 */
import { RULES } from './rules';

/** Bit flags per rule: what a text said about it. */
export const STRONG = 1;
export const WEAK = 2;
export const NOT = 4;

interface Index {
  whole: Map<string, number[]>;
  exact: Map<string, number[]>;
  prefix: Map<string, number[]>;
  infix: Map<string, number[]>;
  prefixLengths: number[];
  infixLengths: number[];
  maxWords: number;
}

/** An entry is stored as rule * 8 + flag, so one number says both. */
function add(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const NON_ASCII = /[^\x00-\x7f]/;

function indexEntry(ix: Index, raw: string, value: number): void {
  if (raw.startsWith('=')) {
    const key = raw.slice(1);
    if (key.endsWith('*')) add(ix.prefix, key.slice(0, -1), value);
    else add(ix.whole, key, value);
    return;
  }
  const forcedInfix = raw.startsWith('~');
  const entry = forcedInfix ? raw.slice(1) : raw;
  if (entry.endsWith('*')) {
    add(ix.prefix, entry.slice(0, -1), value);
    return;
  }
  const words = entry.split(' ');
  ix.maxWords = Math.max(ix.maxWords, words.length);
  add(ix.exact, entry, value);
  // Identifiers glue words together ("creditcardnumber", "billingzip"): long keys and
  // glued phrases are also looked for inside longer words.
  const glued = words.join('');
  if (forcedInfix || words.length > 1 || glued.length >= 6 || NON_ASCII.test(glued)) add(ix.infix, glued, value);
}

let index: Index | null = null;

/** Built on first use, not at injection: most pages never need it. Plain loops: this runs cold. */
function getIndex(): Index {
  if (index) return index;
  const ix: Index = { whole: new Map(), exact: new Map(), prefix: new Map(), infix: new Map(), prefixLengths: [], infixLengths: [], maxWords: 1 };
  for (let i = 0; i < RULES.length; i++) {
    const rule = RULES[i]!;
    const lists: [Partial<Record<string, string>> | undefined, number][] = [[rule.strong, STRONG], [rule.weak, WEAK], [{ not: rule.not }, NOT]];
    for (const [byLang, flag] of lists) {
      if (!byLang) continue;
      for (const lang in byLang) {
        const words = byLang[lang];
        if (!words) continue;
        for (const w of words.split('|')) indexEntry(ix, w, i * 8 + flag);
      }
    }
  }
  const lengths = (m: Map<string, number[]>) => {
    const seen = new Set<number>();
    for (const k of m.keys()) seen.add(k.length);
    return [...seen].sort((a, b) => a - b);
  };
  ix.prefixLengths = lengths(ix.prefix);
  ix.infixLengths = lengths(ix.infix);
  index = ix;
  return ix;
}

/** For each rule (by position in RULES), the flags the text raised. */
export function scanText(text: string): Uint8Array {
  const flags = new Uint8Array(RULES.length);
  if (!text) return flags;
  const ix = getIndex();
  const mark = (list: number[] | undefined) => {
    if (list) for (const v of list) flags[v >> 3]! |= v & 7;
  };
  mark(ix.whole.get(text));
  const words = text.split(' ');
  for (let i = 0; i < words.length; i++) {
    let phrase = '';
    for (let n = 0; n < ix.maxWords && i + n < words.length; n++) {
      phrase = n ? phrase + ' ' + words[i + n] : words[i]!;
      mark(ix.exact.get(phrase));
    }
    const w = words[i]!;
    for (const len of ix.prefixLengths) if (len <= w.length) mark(ix.prefix.get(w.slice(0, len)));
    if (w.length >= 5 || NON_ASCII.test(w)) {
      for (const len of ix.infixLengths) {
        if (len > w.length) break;
        for (let at = 0; at + len <= w.length; at++) mark(ix.infix.get(w.slice(at, at + len)));
      }
    }
  }
  return flags;
}
