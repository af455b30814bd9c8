/**
 * Answers, for a piece of normalized text, which rules it names (strongly, weakly, or
 * rules out), from the tables `compile-rules.ts` built out of `rules.ts`. Everything is
 * hash lookups of words, word runs, word prefixes and substrings of long words, and a
 * substring is only cut where an entry could start: this runs cold on every page.
 */
import { INFIX, STRONG, startKey, type CompiledRules, type Hits } from './compile-rules';
import { parseCompiledRules } from './compiled-rules';
import type { WordSet } from './rules';

export { NOT, STRONG, WEAK } from './compile-rules';

const NON_ASCII = /[^\x00-\x7f]/;
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

/** Whether `text` says a word of `set` (rules.ts, WORD_SETS). */
export const says = (text: string, set: WordSet): boolean => (scanText(text)[setSlot(set)]! & STRONG) !== 0;

/**
 * Marks `hits` in `flags`. A cell is a number or an array of numbers; anything else is
 * an inherited property of the plain object ("constructor", "toString"), not a hit.
 */
function mark(flags: Uint8Array, hits: unknown, infixOnly: boolean): void {
  if (typeof hits === 'number') {
    if (!infixOnly || hits & INFIX) flags[hits >> 4]! |= hits & 7;
  } else if (Array.isArray(hits)) {
    for (const v of hits as number[]) if (!infixOnly || v & INFIX) flags[v >> 4]! |= v & 7;
  }
}

/** Entries of `table` that start word `w` (prefixes) — only the lengths some entry starting so has. */
function markStarts(flags: Uint8Array, table: Record<string, Hits>, starts: Record<number, number[]>, w: string, at: number, maxLen: number, infixOnly: boolean): void {
  // Entries of one character first (Japanese "国"), then those of two or more.
  if (starts[w.charCodeAt(at)] && maxLen >= 1) mark(flags, table[w[at]!], infixOnly);
  if (at + 1 >= w.length) return;
  const lengths = starts[startKey(w, at, 2)];
  if (!lengths) return;
  for (const len of lengths) {
    if (len > maxLen) break;
    mark(flags, table[w.slice(at, at + len)], infixOnly);
  }
}

/** For each rule (by position in the compiled rules, then the word sets), the flags the text raised. */
export function scanText(text: string): Uint8Array {
  const ix = compiledRules();
  const flags = new Uint8Array(ix.rules.length + ix.sets.length);
  if (!text) return flags;
  mark(flags, ix.words['=' + text], false);
  const words = text.split(' ');
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let phrase = w;
    mark(flags, ix.words[phrase], false);
    for (let n = 1; n < ix.maxWords && i + n < words.length; n++) {
      phrase += ' ' + words[i + n];
      mark(flags, ix.words[phrase], false);
    }
    markStarts(flags, ix.prefix, ix.prefixStarts, w, 0, w.length, false);
    // Glued entries inside a longer word: strictly shorter than the word itself.
    if (w.length >= 5 || NON_ASCII.test(w)) {
      for (let at = 0; at < w.length; at++) markStarts(flags, ix.words, ix.infixStarts, w, at, Math.min(w.length - 1, w.length - at), true);
    }
  }
  return flags;
}
