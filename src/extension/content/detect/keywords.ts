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
/** Set on an entry that may also be found glued inside a longer word. */
const INFIX = 8;

interface Index {
  /** "=entry" keys are stored with their "=": whole-text matches. */
  words: Map<string, number[]>;
  prefix: Map<string, number[]>;
  prefixLengths: number[];
  infixLengths: number[];
  maxWords: number;
}

const NON_ASCII = /[^\x00-\x7f]/;
let index: Index | null = null;

function add(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Built on first use, not at injection: most pages never need it. One map for words,
 * phrases and glued phrases, each value `rule << 4 | flags`; plain loops, as this runs
 * in the interpreter once per page.
 */
function getIndex(): Index {
  if (index) return index;
  const ix: Index = { words: new Map(), prefix: new Map(), prefixLengths: [], infixLengths: [], maxWords: 1 };
  const infixLengths = new Set<number>();
  const prefixLengths = new Set<number>();
  for (let r = 0; r < RULES.length; r++) {
    const rule = RULES[r]!;
    const lists: [Partial<Record<string, string>> | undefined, number][] = [[rule.strong, STRONG], [rule.weak, WEAK], [{ not: rule.not }, NOT]];
    for (const [byLang, flag] of lists) {
      for (const lang in byLang) {
        const list = byLang[lang];
        if (!list) continue;
        for (let entry of list.split('|')) {
          const value = (r << 4) | flag;
          if (entry.endsWith('*')) {
            // "expir*" (and "=expir*", same thing): any word starting so.
            entry = entry.slice(entry.startsWith('=') ? 1 : 0, -1);
            add(ix.prefix, entry, value);
            prefixLengths.add(entry.length);
            continue;
          }
          if (entry.startsWith('=')) {
            add(ix.words, entry, value);
            continue;
          }
          const forced = entry.startsWith('~');
          if (forced) entry = entry.slice(1);
          const spaces = entry.split(' ').length - 1;
          if (spaces >= ix.maxWords) ix.maxWords = spaces + 1;
          // Identifiers glue words together ("creditcardnumber", "billingzip"): glued
          // phrases, long words and non-Latin words are also looked for inside longer words.
          const glued = spaces ? entry.replaceAll(' ', '') : entry;
          const infix = forced || spaces > 0 || glued.length >= 6 || NON_ASCII.test(glued);
          add(ix.words, entry, value);
          if (infix) {
            add(ix.words, glued, value | INFIX);
            infixLengths.add(glued.length);
          }
        }
      }
    }
  }
  ix.prefixLengths = [...prefixLengths];
  ix.infixLengths = [...infixLengths].sort((a, b) => a - b);
  index = ix;
  return ix;
}

/** For each rule (by position in RULES), the flags the text raised. */
export function scanText(text: string): Uint8Array {
  const flags = new Uint8Array(RULES.length);
  if (!text) return flags;
  const ix = getIndex();
  const mark = (list: number[] | undefined, infixOnly: boolean) => {
    if (list) for (const v of list) if (!infixOnly || v & INFIX) flags[v >> 4]! |= v & 7;
  };
  mark(ix.words.get('=' + text), false);
  const words = text.split(' ');
  for (let i = 0; i < words.length; i++) {
    let phrase = '';
    for (let n = 0; n < ix.maxWords && i + n < words.length; n++) {
      phrase = n ? phrase + ' ' + words[i + n] : words[i]!;
      mark(ix.words.get(phrase), false);
    }
    const w = words[i]!;
    for (const len of ix.prefixLengths) if (len <= w.length) mark(ix.prefix.get(w.slice(0, len)), false);
    if (w.length >= 5 || NON_ASCII.test(w)) {
      for (const len of ix.infixLengths) {
        if (len >= w.length) break;
        for (let at = 0; at + len <= w.length; at++) mark(ix.words.get(w.slice(at, at + len)), true);
      }
    }
  }
  return flags;
}
