/**
 * Compiles the word lists of `rules.ts` into the lookup tables `keywords.ts` scans with.
 * This runs when the rules change, not in the page: its output is checked in as
 * `compiled-rules.ts` (data, parsed with `JSON.parse`, the word tables a bucket at a time
 * as lookups need them), so a page pays neither for building the tables nor for
 * shipping the word lists twice. `compiled-rules.test.ts` fails when the two drift
 * apart, and `vitest -u` on it rewrites the file.
 *
 * Entry syntax (see rules.ts): `card number` words in a row (also glued inside an
 * identifier), `expir*` a word prefix, `=name` the whole text, `~cvv` a short word also
 * looked for inside longer words.
 */
import { RULES, WORD_SETS, type TokenRule, type WordSet } from './rules';
import type { Token } from './tokens';

/** What a text says about a rule: names it, names it weakly, or rules it out. */
export const STRONG = 1;
export const WEAK = 2;
export const NOT = 4;
/** How an entry may be found besides as a whole word: glued inside a longer word ("creditcardnumber")… */
export const INFIX = 8;
/** …or as words in a row ("card number" is stored glued, "cardnumber", and found by gluing the text's words). */
export const PHRASE = 16;
/** A hit is `slot << SLOT_SHIFT | what | how`. */
export const SLOT_SHIFT = 5;

/** A table cell: one hit, or several. */
export type Hits = number | number[];

/** The lookup key of a candidate `len` long starting at `at` in `s`: its first one or two char codes. */
export const startKey = (s: string, at: number, len: number): number =>
  len === 1 ? s.charCodeAt(at) : s.charCodeAt(at) * 65536 + s.charCodeAt(at + 1);

/** Which bucket of a table an entry or a candidate falls in: the start key of its first two characters (of its one, if that is all). */
export const bucketKey = (s: string): number =>
  s.length < 2 ? s.charCodeAt(0) : s.charCodeAt(0) * 65536 + s.charCodeAt(1);

export interface CompiledRules {
  /** What the classifier needs of each rule besides its words, in RULES order. */
  rules: { token: Token; inputOnly?: true; beats?: Token[]; autocomplete?: string[] }[];
  /** The word sets of rules.ts (WORD_SETS), numbered after the rules: set `k` is slot `rules.length + k`. */
  sets: WordSet[];
  /**
   * Words, phrases glued ("cardnumber", flagged PHRASE and INFIX), long words (INFIX) and
   * whole texts ("=name", kept as written) → Hits, split in buckets by `bucketKey`: a
   * bucket key → where its bucket starts in `buckets`.
   */
  words: Record<number, number>;
  /** Word prefixes ("expir"), bucketed the same way. */
  prefix: Record<number, number>;
  /**
   * The buckets, one a line, each a JSON array `[entry, hits, entry, hits, …]` parsed only
   * when a lookup first needs it: parsing all ~900 entries at once took a sixth of a
   * page's detection, and a page asks for a few buckets (median: 15 % of the entries).
   * Arrays, not objects: each new object shape costs V8 a hidden class.
   */
  buckets: string;
  /**
   * Which lengths to try, keyed by the first one or two characters of a candidate (as
   * char codes: `c0` for one character, `c0 * 65536 + c1` for two). Most positions in a
   * word start no entry at all, and are skipped with one lookup instead of one per length.
   */
  prefixStarts: Record<number, number[]>;
  infixStarts: Record<number, number[]>;
  /** The most words in one phrase. */
  maxWords: number;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Adds a hit to a cell; the same slot and meaning found twice keeps every way it may be found. */
function add(table: Record<string, Hits>, key: string, hit: number): void {
  const cell = table[key];
  const list = cell === undefined ? [] : typeof cell === 'number' ? [cell] : [...cell];
  const ways = INFIX | PHRASE;
  const same = list.findIndex((h) => (h & ~ways) === (hit & ~ways));
  if (same >= 0) list[same] = list[same]! | hit;
  else list.push(hit);
  table[key] = list.length === 1 ? list[0]! : list;
}

function addLength(starts: Record<number, number[]>, entry: string): void {
  const key = startKey(entry, 0, entry.length);
  const lengths = (starts[key] ??= []);
  if (!lengths.includes(entry.length)) lengths.push(entry.length);
  lengths.sort((a, b) => a - b);
}

/** `table` split in buckets by `bucketKey`, each line added to `lines`: bucket key → where its line starts. */
function bucketed(table: Record<string, Hits>, lines: { text: string }): Record<number, number> {
  const byKey = new Map<number, (string | Hits)[]>();
  for (const [entry, hits] of Object.entries(table)) {
    const key = bucketKey(entry);
    byKey.set(key, [...(byKey.get(key) ?? []), entry, hits]);
  }
  const index: Record<number, number> = {};
  for (const [key, bucket] of byKey) {
    index[key] = lines.text.length;
    lines.text += JSON.stringify(bucket) + '\n';
  }
  return index;
}

export function compileRules(
  rules: readonly TokenRule[] = RULES,
  sets: Readonly<Record<WordSet, string>> = WORD_SETS,
): CompiledRules {
  const out = {
    rules: [] as CompiledRules['rules'],
    sets: [] as WordSet[],
    words: {} as Record<string, Hits>,
    prefix: {} as Record<string, Hits>,
    prefixStarts: {},
    infixStarts: {},
    maxWords: 1,
  };
  const lists: { slot: number; words: string; what: number }[] = [];
  rules.forEach((rule, slot) => {
    out.rules.push({
      token: rule.token,
      ...(rule.inputOnly ? { inputOnly: true as const } : {}),
      ...(rule.beats ? { beats: [...rule.beats] } : {}),
      ...(rule.autocomplete ? { autocomplete: [...rule.autocomplete] } : {}),
    });
    for (const words of Object.values(rule.strong)) if (words) lists.push({ slot, words, what: STRONG });
    for (const words of Object.values(rule.weak ?? {})) if (words) lists.push({ slot, words, what: WEAK });
    if (rule.not) lists.push({ slot, words: rule.not, what: NOT });
  });
  // A word set is one more slot after the rules, raising STRONG.
  for (const [name, words] of Object.entries(sets) as [WordSet, string][]) {
    lists.push({ slot: rules.length + out.sets.length, words, what: STRONG });
    out.sets.push(name);
  }

  for (const { slot, words, what } of lists) {
    const hit = (slot << SLOT_SHIFT) | what;
    for (let entry of words.split('|')) {
      if (entry.endsWith('*')) {
        // "expir*" (and "=expir*", same thing): any word starting so.
        entry = entry.slice(entry.startsWith('=') ? 1 : 0, -1);
        add(out.prefix, entry, hit);
        addLength(out.prefixStarts, entry);
        continue;
      }
      if (entry.startsWith('=')) {
        add(out.words, entry, hit);
        continue;
      }
      const forced = entry.startsWith('~');
      if (forced) entry = entry.slice(1);
      const spaces = entry.split(' ').length - 1;
      if (spaces >= out.maxWords) out.maxWords = spaces + 1;
      // Identifiers glue words together ("creditcardnumber", "billingzip"): glued
      // phrases, long words and non-Latin words are also looked for inside longer words.
      const glued = spaces ? entry.replaceAll(' ', '') : entry;
      const infix = forced || spaces > 0 || glued.length >= 6 || NON_ASCII.test(glued);
      add(out.words, glued, hit | (infix ? INFIX : 0) | (spaces ? PHRASE : 0));
      if (infix) addLength(out.infixStarts, glued);
    }
  }
  const lines = { text: '' };
  return { ...out, words: bucketed(out.words, lines), prefix: bucketed(out.prefix, lines), buckets: lines.text };
}

/** The source of `compiled-rules.ts`. */
export function compiledRulesSource(compiled: CompiledRules = compileRules()): string {
  return [
    '// Generated from rules.ts by compile-rules.ts: do not edit. After changing rules.ts, run',
    '// `npx vitest run src/extension/content/detect/compiled-rules.test.ts -u` to rewrite it.',
    "import type { CompiledRules } from './compile-rules';",
    '',
    '/** Parsed on first use: a JSON string parses faster than the same object as code. */',
    `export const COMPILED_RULES_JSON = ${JSON.stringify(JSON.stringify({ ...compiled, buckets: undefined }))};`,
    '',
    '/** The buckets of the words and prefix tables, one JSON array a line (outside the JSON above: escaped, each would parse slower). */',
    `export const RULE_BUCKETS = ${JSON.stringify(compiled.buckets)};`,
    '',
    "export const parseCompiledRules = (): CompiledRules => ({ ...(JSON.parse(COMPILED_RULES_JSON) as Omit<CompiledRules, 'buckets'>), buckets: RULE_BUCKETS });",
    '',
  ].join('\n');
}
