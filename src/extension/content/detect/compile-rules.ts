/**
 * Compiles the word lists of `rules.ts` into the lookup tables `keywords.ts` scans with.
 * This runs when the rules change, not in the page: its output is checked in as
 * `compiled-rules.ts` (strings read in place: nothing to parse), so a page pays neither
 * for building the tables nor for shipping the word lists twice. `compiled-rules.test.ts`
 * fails when the two drift apart, and `vitest -u` on it rewrites the file.
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

/**
 * A table from start keys to small numbers (under 0xffff), as a string of records of
 * three char codes — the key's first char code (0 for a key of one character), its
 * second (its only one), the value — sorted by key. Read in place (keywords.ts), never
 * parsed: parsing the tables as JSON objects took ~0.4 ms of every page's first scan.
 */
export type KeyIndex = string;

/** Separators of a bucket line: `ENTRY` before each entry, `HITS` between an entry and its hits. */
export const ENTRY = '\u0001';
export const HITS = '\u0002';

export interface CompiledRules {
  /** What the classifier needs of each rule besides its words, in RULES order. */
  rules: { token: Token; inputOnly?: true; beats?: Token[]; autocomplete?: string[] }[];
  /** The word sets of rules.ts (WORD_SETS), numbered after the rules: set `k` is slot `rules.length + k`. */
  sets: WordSet[];
  /** The same numbering by name: a word set's flag slot. */
  slots: Record<WordSet, number>;
  /** autocomplete values of the rules that mean a token without being its name ("street-address"). */
  acAliases: Record<string, Token>;
  /** What each token beats when a text names both strongly (rules' `beats`), by token. */
  beats: Partial<Record<Token, Token[]>>;
  /** The rule of the combined expiry (`cc-exp`), by position, or -1. */
  expRule: number;
  /**
   * Words, phrases glued ("cardnumber", flagged PHRASE and INFIX), long words (INFIX) and
   * whole texts ("=name", kept as written) → hits, split in buckets by `bucketKey`: a
   * bucket key → where its bucket's line starts in `buckets`.
   */
  words: KeyIndex;
  /** Word prefixes ("expir"), bucketed the same way. */
  prefix: KeyIndex;
  /**
   * The buckets, one a line: each entry after `ENTRY`, its hits (numbers, comma-separated)
   * after `HITS`, and `ENTRY` closing the line's last, so a lookup of a bucket is one
   * `indexOf` of ENTRY + candidate + HITS in its line.
   */
  buckets: string;
  /**
   * Which lengths to try, keyed by the first one or two characters of a candidate (the
   * start key): where its list starts in `lengths`. Most positions in a word start no
   * entry at all, and are skipped with one lookup instead of one per length.
   */
  prefixStarts: KeyIndex;
  infixStarts: KeyIndex;
  /** Lists of lengths, each its count and then the lengths, ascending, as char codes. */
  lengths: string;
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

function addLength(starts: Map<number, number[]>, entry: string): void {
  const key = startKey(entry, 0, entry.length);
  const lengths = starts.get(key) ?? [];
  if (!lengths.includes(entry.length)) lengths.push(entry.length);
  starts.set(
    key,
    lengths.sort((a, b) => a - b),
  );
}

/** `values` as a KeyIndex. */
function keyIndex(values: Map<number, number>): KeyIndex {
  return [...values]
    .sort(([a], [b]) => a - b)
    .map(([key, value]) => {
      if (value >= 0xffff) throw new Error(`compiled rules: value ${value} does not fit a KeyIndex`);
      return String.fromCharCode(Math.floor(key / 65536), key % 65536, value);
    })
    .join('');
}

/** `table` split in buckets by `bucketKey`, each a line added to `lines`: bucket key → where its line starts. */
function bucketed(table: Record<string, Hits>, lines: { text: string }): KeyIndex {
  const byKey = new Map<number, string>();
  for (const [entry, hits] of Object.entries(table)) {
    if (entry.includes(ENTRY) || entry.includes(HITS) || entry.includes('\n'))
      throw new Error(`compiled rules: entry ${JSON.stringify(entry)} holds a separator`);
    const key = bucketKey(entry);
    byKey.set(key, (byKey.get(key) ?? '') + ENTRY + entry + HITS + (typeof hits === 'number' ? hits : hits.join(',')));
  }
  const index = new Map<number, number>();
  for (const [key, line] of byKey) {
    index.set(key, lines.text.length);
    lines.text += line + ENTRY + '\n';
  }
  return keyIndex(index);
}

/** Start key → lengths, as a KeyIndex into `lengths.text`. */
function startsIndex(starts: Map<number, number[]>, lengths: { text: string }): KeyIndex {
  const index = new Map<number, number>();
  for (const [key, list] of starts) {
    index.set(key, lengths.text.length);
    lengths.text += String.fromCharCode(list.length, ...list);
  }
  return keyIndex(index);
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
    prefixStarts: new Map<number, number[]>(),
    infixStarts: new Map<number, number[]>(),
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
  const lengths = { text: '' };
  return {
    rules: out.rules,
    sets: out.sets,
    slots: Object.fromEntries(out.sets.map((set, k) => [set, rules.length + k])) as Record<WordSet, number>,
    acAliases: Object.fromEntries(out.rules.flatMap((r) => (r.autocomplete ?? []).map((a) => [a, r.token]))),
    beats: Object.fromEntries(out.rules.flatMap((r) => (r.beats ? [[r.token, r.beats]] : []))),
    expRule: out.rules.findIndex((r) => r.token === 'cc-exp'),
    words: bucketed(out.words, lines),
    prefix: bucketed(out.prefix, lines),
    buckets: lines.text,
    prefixStarts: startsIndex(out.prefixStarts, lengths),
    infixStarts: startsIndex(out.infixStarts, lengths),
    lengths: lengths.text,
    maxWords: out.maxWords,
  };
}

/** A value as JavaScript source, every character outside printable ASCII escaped (the tables' char codes are arbitrary). */
const literal = (value: unknown): string =>
  JSON.stringify(value).replace(/[^\x20-\x7e]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));

/** The source of `compiled-rules.ts`. */
export function compiledRulesSource(compiled: CompiledRules = compileRules()): string {
  const field = (name: keyof CompiledRules, doc: string) => [
    `  /** ${doc} */`,
    `  ${name}: ${literal(compiled[name])},`,
  ];
  return [
    '// Generated from rules.ts by compile-rules.ts: do not edit. After changing rules.ts, run',
    '// `npx vitest run src/extension/content/detect/compiled-rules.test.ts -u` to rewrite it.',
    "import type { CompiledRules } from './compile-rules';",
    '',
    '/** Strings and a few small objects: read in place, nothing parsed at run time (compile-rules.ts). */',
    'export const COMPILED_RULES: CompiledRules = {',
    `  rules: ${literal(compiled.rules)},`,
    `  sets: ${literal(compiled.sets)},`,
    `  slots: ${literal(compiled.slots)},`,
    `  acAliases: ${literal(compiled.acAliases)},`,
    `  beats: ${literal(compiled.beats)},`,
    `  expRule: ${compiled.expRule},`,
    ...field('words', 'KeyIndex: bucket key → line of `buckets`.'),
    ...field('prefix', 'KeyIndex: bucket key → line of `buckets`.'),
    ...field('prefixStarts', 'KeyIndex: start key → list in `lengths`.'),
    ...field('infixStarts', 'KeyIndex: start key → list in `lengths`.'),
    ...field('lengths', 'Counted lists of lengths.'),
    `  maxWords: ${compiled.maxWords},`,
    ...field('buckets', 'Bucket lines of the words and prefix tables.'),
    '};',
    '',
  ].join('\n');
}
