/**
 * Answers, for a piece of normalized text, which rules it names (strongly, weakly, or
 * rules out), from the tables `compile-rules.ts` built out of `rules.ts`. Everything is
 * hash lookups of words, word runs, word prefixes and substrings of long words, and a
 * substring is only cut where an entry could start: this runs cold on every page.
 */
import { INFIX, PHRASE, SLOT_SHIFT, STRONG, bucketKey, type CompiledRules } from './compile-rules';
import { parseCompiledRules } from './compiled-rules';
import { hasNonAscii } from './normalize';
import type { WordSet } from './rules';

export { NOT, STRONG, WEAK } from './compile-rules';

let compiled: CompiledRules | null = null;

/** The tables, parsed on first use: most frames never need them. */
export function compiledRules(): CompiledRules {
  return (compiled ??= parseCompiledRules());
}

/** The flag slot of a word set of rules.ts (after the rules'). */
export function setSlot(set: WordSet): number {
  const c = compiledRules();
  return c.rules.length + c.sets.indexOf(set);
}

/** The buckets parsed so far, by where their line starts (CompiledRules.buckets). */
const parsed = new Map<number, unknown[]>();

/** The hits of `key` in `table` (words or prefix), its bucket parsed on first use. */
function hitsOf(table: Record<number, number>, key: string, ix: CompiledRules): unknown {
  // bucketKey(key), inline: this runs for every word and every glued candidate.
  const at = table[key.length < 2 ? key.charCodeAt(0) : key.charCodeAt(0) * 65536 + key.charCodeAt(1)];
  if (at === undefined) return undefined;
  let bucket = ix === compiled ? parsed.get(at) : undefined;
  if (!bucket) {
    const lines = ix.buckets;
    bucket = JSON.parse(lines.slice(at, lines.indexOf('\n', at))) as unknown[];
    if (ix === compiled) parsed.set(at, bucket);
  }
  // Entries sit at even places, hits (never strings) after each.
  const i = bucket.indexOf(key);
  return i < 0 ? undefined : bucket[i + 1];
}

/** Whether `text` says a word of `set` (rules.ts, WORD_SETS). */
export const says = (text: string, set: WordSet): boolean => (scanText(text)[setSlot(set)]! & STRONG) !== 0;

/**
 * Marks in `flags` the hits of a cell that may be found the way it was (`how`: 0 for a
 * whole word, INFIX inside a word, PHRASE for words in a row). A cell is a number or an
 * array of numbers; anything else is an inherited property of the plain object
 * ("constructor", "toString"), not a hit.
 */
function mark(flags: Uint8Array, hits: unknown, how: number): void {
  if (typeof hits === 'number') {
    if ((hits & how) === how) flags[hits >> SLOT_SHIFT]! |= hits & 7;
  } else if (Array.isArray(hits)) {
    for (const h of hits as number[]) if ((h & how) === how) flags[h >> SLOT_SHIFT]! |= h & 7;
  }
}

/** Entries of `table` that start word `w` (prefixes) — only the lengths some entry starting so has. */
function markStarts(
  ix: CompiledRules,
  flags: Uint8Array,
  table: Record<number, number>,
  starts: Record<number, number[]>,
  w: string,
  at: number,
  maxLen: number,
  how: number,
): void {
  // Entries of one character first (Japanese "国"), then those of two or more.
  if (starts[w.charCodeAt(at)] && maxLen >= 1) mark(flags, hitsOf(table, w[at]!, ix), how);
  if (at + 1 >= w.length) return;
  const lengths = starts[w.charCodeAt(at) * 65536 + w.charCodeAt(at + 1)]; // startKey(w, at, 2)
  if (!lengths) return;
  for (const len of lengths) {
    if (len > maxLen) break;
    mark(flags, hitsOf(table, w.slice(at, at + len), ix), how);
  }
}

/**
 * What texts said, kept across scans: the same labels and names come back on every
 * rescan of a page (and "email" is both a name and an id). Bounded, and dropped whole
 * when full. The arrays are shared: callers only read them.
 */
const seen = new Map<string, Uint8Array>();
const SEEN_MAX = 4000;

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
export function scan(text: string, ix: CompiledRules = compiledRules()): Uint8Array {
  const flags = new Uint8Array(ix.rules.length + ix.sets.length);
  if (!text) return flags;
  mark(flags, hitsOf(ix.words, '=' + text, ix), 0);
  const words = text.split(' ');
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    mark(flags, hitsOf(ix.words, w, ix), 0);
    // Words in a row, glued: "card number" is stored as "cardnumber".
    let phrase = w;
    for (let n = 1; n < ix.maxWords && i + n < words.length; n++) {
      phrase += words[i + n];
      // Longer phrases start with the same two characters: none there, none further.
      if (phrase.length >= 2 && ix.words[bucketKey(phrase)] === undefined) break;
      mark(flags, hitsOf(ix.words, phrase, ix), PHRASE);
    }
    markStarts(ix, flags, ix.prefix, ix.prefixStarts, w, 0, w.length, 0);
    // Glued entries inside a longer word: strictly shorter than the word itself. Most
    // positions start no entry: they are passed over here, inline, as a call per
    // character is most of what this loop costs before V8 optimises it.
    if (w.length >= 5 || hasNonAscii(w)) {
      const starts = ix.infixStarts;
      for (let at = 0; at < w.length; at++) {
        const c0 = w.charCodeAt(at);
        if (starts[c0] === undefined && (at + 1 >= w.length || starts[c0 * 65536 + w.charCodeAt(at + 1)] === undefined))
          continue;
        markStarts(ix, flags, ix.words, starts, w, at, Math.min(w.length - 1, w.length - at), INFIX);
      }
    }
  }
  return flags;
}
