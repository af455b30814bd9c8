/**
 * Answers, for a piece of normalized text, which rules it names (strongly, weakly, or
 * rules out), from the tables `compile-rules.ts` built out of `rules.ts`. Everything is
 * lookups of words, word runs, word prefixes and substrings of long words, and a
 * substring is only cut where an entry could start: this runs cold on every page. The
 * tables are strings read in place: nothing is parsed before the first lookup.
 */
import { ENTRY, HITS, INFIX, PHRASE, SLOT_SHIFT, STRONG, type CompiledRules, type KeyIndex } from './compile-rules';
import { COMPILED_RULES } from './compiled-rules';
import { hasNonAscii } from './normalize';
import type { WordSet } from './rules';

export { NOT, STRONG, WEAK } from './compile-rules';

/** The flag slot of a word set of rules.ts (after the rules'). */
export const setSlot = (set: WordSet): number => COMPILED_RULES.slots[set];

/**
 * The characters most keys are made of (normalized text: lower-case letters, digits; "="
 * starts a whole-text entry), numbered from 1 for the direct tables below; 0: another.
 */
const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789=';
const SYMBOL = new Uint8Array(128);
for (let i = 0; i < KEY_CHARS.length; i++) SYMBOL[KEY_CHARS.charCodeAt(i)] = i + 1;
/** Rows and columns of a direct table: one per symbol, and 0 (no character, or another). */
const SYMBOLS = KEY_CHARS.length + 1;

/**
 * A KeyIndex with the keys made of SYMBOL characters (nearly every lookup) answered from
 * a small direct table: one typed-array read. Other keys are looked up by binary search.
 */
class KeyTable {
  /** Value + 1 by `row * SYMBOLS + symbol(c1)`, the row 0 for one-character keys, else symbol(c0); 0: no entry. */
  private readonly direct = new Uint16Array(SYMBOLS * SYMBOLS);

  constructor(private readonly index: KeyIndex) {
    for (let i = 0; i < index.length; i += 3) {
      const c0 = index.charCodeAt(i);
      const c1 = index.charCodeAt(i + 1);
      const row = c0 === 0 ? 0 : c0 < 128 ? SYMBOL[c0]! : 0;
      const col = c1 < 128 ? SYMBOL[c1]! : 0;
      if ((row > 0 || c0 === 0) && col > 0) this.direct[row * SYMBOLS + col] = index.charCodeAt(i + 2) + 1;
    }
  }

  /** The value of the key of the one or two characters `c0`, `c1` (`c0` 0 for one), or -1. */
  get(c0: number, c1: number): number {
    const row = c0 === 0 ? 0 : c0 < 128 ? SYMBOL[c0]! : 0;
    const col = c1 < 128 ? SYMBOL[c1]! : 0;
    if ((row > 0 || c0 === 0) && col > 0) return this.direct[row * SYMBOLS + col]! - 1;
    const index = this.index;
    let lo = 0;
    let hi = index.length / 3 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const a = index.charCodeAt(mid * 3);
      const b = index.charCodeAt(mid * 3 + 1);
      if (a === c0 && b === c1) return index.charCodeAt(mid * 3 + 2);
      if (a < c0 || (a === c0 && b < c1)) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The value of the bucket key of `s` (its first two characters, or its one), or -1. */
  of(s: string): number {
    return s.length < 2 ? this.get(0, s.charCodeAt(0)) : this.get(s.charCodeAt(0), s.charCodeAt(1));
  }
}

/** What a scan reads of one set of compiled rules. */
interface Tables {
  ix: CompiledRules;
  words: KeyTable;
  prefix: KeyTable;
  prefixStarts: KeyTable;
  infixStarts: KeyTable;
  /** Bucket lines cut out so far, by where they start in `ix.buckets`. */
  lines: Map<number, string>;
}

const tablesOf = new WeakMap<CompiledRules, Tables>();
function tables(ix: CompiledRules): Tables {
  let t = tablesOf.get(ix);
  if (!t) {
    t = {
      ix,
      words: new KeyTable(ix.words),
      prefix: new KeyTable(ix.prefix),
      prefixStarts: new KeyTable(ix.prefixStarts),
      infixStarts: new KeyTable(ix.infixStarts),
      lines: new Map(),
    };
    tablesOf.set(ix, t);
  }
  return t;
}

/**
 * Marks in `flags` the hits of `key` in `table` (words or prefix) that may be found the
 * way it was (`how`: 0 for a whole word, INFIX inside a word, PHRASE for words in a row).
 */
function markHits(t: Tables, table: KeyTable, key: string, flags: Uint8Array, how: number): void {
  const at = table.of(key);
  if (at < 0) return;
  let line = t.lines.get(at);
  if (line === undefined) {
    line = t.ix.buckets.slice(at, t.ix.buckets.indexOf('\n', at));
    t.lines.set(at, line);
  }
  const found = line.indexOf(ENTRY + key + HITS);
  if (found < 0) return;
  // The hits: numbers, comma-separated, up to the next entry.
  let hit = 0;
  for (let i = found + key.length + 2; ; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      hit = hit * 10 + c - 48;
      continue;
    }
    if ((hit & how) === how) flags[hit >> SLOT_SHIFT]! |= hit & 7;
    if (c !== 44) return; // ','
    hit = 0;
  }
}

/** Entries of `table` that start word `w` at `at` — only the lengths some entry starting so has. */
function markStarts(
  t: Tables,
  flags: Uint8Array,
  table: KeyTable,
  starts: KeyTable,
  w: string,
  at: number,
  maxLen: number,
  how: number,
): void {
  const c0 = w.charCodeAt(at);
  // Entries of one character first (Japanese "国"), then those of two or more.
  if (maxLen >= 1 && starts.get(0, c0) >= 0) markHits(t, table, w[at]!, flags, how);
  if (at + 1 >= w.length) return;
  const list = starts.get(c0, w.charCodeAt(at + 1));
  if (list < 0) return;
  const lengths = t.ix.lengths;
  const end = list + lengths.charCodeAt(list);
  for (let j = list + 1; j <= end; j++) {
    const len = lengths.charCodeAt(j);
    if (len > maxLen) break;
    markHits(t, table, w.slice(at, at + len), flags, how);
  }
}

/**
 * What texts said, kept across scans: the same labels and names come back on every
 * rescan of a page (and "email" is both a name and an id). Bounded, and dropped whole
 * when full. The arrays are shared: callers only read them.
 */
const seen = new Map<string, Uint8Array>();
const SEEN_MAX = 4000;

/** Whether `text` says a word of `set` (rules.ts, WORD_SETS). */
export const says = (text: string, set: WordSet): boolean => (scanText(text)[setSlot(set)]! & STRONG) !== 0;

/** For each rule (by position in the compiled rules, then the word sets), the flags the text raised. Read-only. */
export function scanText(text: string): Uint8Array {
  let flags = seen.get(text);
  if (!flags) {
    flags = scan(text);
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.set(text, flags);
  }
  return flags;
}

/** `ix`: the tables to scan with (the explain tool scans with one entry's tables to tell which entry fired). */
export function scan(text: string, ix: CompiledRules = COMPILED_RULES): Uint8Array {
  const flags = new Uint8Array(ix.rules.length + ix.sets.length);
  if (!text) return flags;
  const t = tables(ix);
  markHits(t, t.words, '=' + text, flags, 0);
  const words = text.split(' ');
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    markHits(t, t.words, w, flags, 0);
    // Words in a row, glued: "card number" is stored as "cardnumber".
    let phrase = w;
    for (let n = 1; n < ix.maxWords && i + n < words.length; n++) {
      phrase += words[i + n];
      // Longer phrases start with the same two characters: none there, none further.
      if (phrase.length >= 2 && t.words.of(phrase) < 0) break;
      markHits(t, t.words, phrase, flags, PHRASE);
    }
    markStarts(t, flags, t.prefix, t.prefixStarts, w, 0, w.length, 0);
    // Glued entries inside a longer word: strictly shorter than the word itself. Most
    // positions start no entry: they are passed over here, inline, as a call per
    // character is most of what this loop costs before V8 optimises it.
    if (w.length >= 5 || hasNonAscii(w)) {
      const starts = t.infixStarts;
      for (let at = 0; at < w.length; at++) {
        const c0 = w.charCodeAt(at);
        if (starts.get(0, c0) < 0 && (at + 1 >= w.length || starts.get(c0, w.charCodeAt(at + 1)) < 0)) continue;
        markStarts(t, flags, t.words, starts, w, at, Math.min(w.length - 1, w.length - at), INFIX);
      }
    }
  }
  return flags;
}
