import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTRY, HITS, INFIX, PHRASE, SLOT_SHIFT, type KeyIndex } from './compile-rules';
import { COMPILED_RULES } from './compiled-rules';
import { NOT, STRONG, WEAK, says, scan, scanText } from './keywords';
import { RULES } from './rules';

const flagsFor = (text: string, token: string) => scanText(text)[RULES.findIndex((r) => r.token === token)]!;

describe('scanText', () => {
  it('matches phrases, glued identifiers, prefixes and whole texts', () => {
    expect(flagsFor('card number', 'cc-number') & STRONG).toBeTruthy();
    expect(flagsFor('creditcardnumber', 'cc-number') & STRONG).toBeTruthy();
    expect(flagsFor('expiration date', 'cc-exp') & STRONG).toBeTruthy();
    expect(flagsFor('name', 'name') & STRONG).toBeTruthy();
    expect(flagsFor('your name please', 'name') & STRONG).toBeTruthy();
  });
  it('does not find short words inside longer ones', () => {
    expect(flagsFor('hotel', 'tel')).toBe(0);
    expect(flagsFor('username', 'name') & STRONG).toBe(0);
  });
  it('raises weak and not flags', () => {
    expect(flagsFor('month', 'cc-exp-month')).toBe(WEAK);
    expect(flagsFor('gift card number', 'cc-number') & NOT).toBeTruthy();
  });
});

describe('word sets and edge cases', () => {
  it('answers for the word sets, inside identifiers too', () => {
    expect(says('shipping address', 'shipping')).toBe(true);
    expect(says('billto', 'billing')).toBe(true);
    expect(says('signup form', 'signup')).toBe(true);
    expect(says('loginform', 'login')).toBe(true);
    expect(says('catalog index', 'login')).toBe(false);
  });
  it('finds a phrase only as the words in a row or glued, and the same answer twice', () => {
    expect(flagsFor('name on card', 'cc-name') & STRONG).toBeTruthy();
    expect(flagsFor('nameoncard', 'cc-name') & STRONG).toBeTruthy();
    expect(flagsFor('card on name', 'cc-name') & STRONG).toBe(0);
    expect(scanText('card number')).toBe(scanText('card number'));
  });
  it('is not fooled by the names of plain object members', () => {
    for (const text of ['constructor', 'to string', '__proto__', 'has own property', 'value of'])
      expect(scanText(text).every((f) => f === 0)).toBe(true);
  });
});

/** Every entry of a bucketed table with its hits, read back from the compiled strings. */
function entriesOf(table: KeyIndex): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < table.length; i += 3) {
    const at = table.charCodeAt(i + 2);
    const line = COMPILED_RULES.buckets.slice(at, COMPILED_RULES.buckets.indexOf('\n', at));
    for (const cell of line.split(ENTRY).filter(Boolean)) {
      const [entry, hits] = cell.split(HITS);
      out.set(entry!, hits!.split(',').map(Number));
    }
  }
  return out;
}

/**
 * What a scan must find, the slow way: every whole word, every run of words glued, every
 * prefix of a word, and every shorter piece of a long word, looked up one by one.
 */
function scanByHand(text: string): Uint8Array {
  const words = entriesOf(COMPILED_RULES.words);
  const prefixes = entriesOf(COMPILED_RULES.prefix);
  const flags = new Uint8Array(COMPILED_RULES.rules.length + COMPILED_RULES.sets.length);
  if (!text) return flags;
  const mark = (hits: number[] | undefined, how: number) => {
    for (const hit of hits ?? []) if ((hit & how) === how) flags[hit >> SLOT_SHIFT]! |= hit & 7;
  };
  mark(words.get('=' + text), 0);
  const list = text.split(' ');
  list.forEach((w, i) => {
    mark(words.get(w), 0);
    for (let n = 2; n <= COMPILED_RULES.maxWords && i + n <= list.length; n++)
      mark(words.get(list.slice(i, i + n).join('')), PHRASE);
    for (let len = 1; len <= w.length; len++) mark(prefixes.get(w.slice(0, len)), 0);
    if (w.length >= 5 || /[^\x00-\x7f]/.test(w))
      for (let at = 0; at < w.length; at++)
        for (let len = 1; len <= Math.min(w.length - 1, w.length - at); len++)
          mark(words.get(w.slice(at, at + len)), INFIX);
  });
  return flags;
}

describe('scan', () => {
  it('finds what looking up every word, run, prefix and piece one by one finds', () => {
    const vocabulary = [...entriesOf(COMPILED_RULES.words).keys(), ...entriesOf(COMPILED_RULES.prefix).keys()]
      .filter((e) => !e.startsWith('='))
      .sort();
    const entry = fc.constantFrom(...vocabulary);
    // Entries, entries cut in two (so runs of words glue back into them), and words around them.
    const word = fc.oneof(
      entry,
      entry.chain((e) =>
        fc.integer({ min: 1, max: Math.max(1, e.length - 1) }).map((k) => `${e.slice(0, k)} ${e.slice(k)}`),
      ),
      fc.tuple(entry, fc.constantFrom('', 's', 'x', '1', 'on', 'my')).map(([e, a]) => e + a),
      fc.tuple(fc.constantFrom('', 'x', 'new', 'your'), entry).map(([a, e]) => a + e),
      fc.string({ unit: fc.constantFrom('a', 'c', 'd', 'e', 'n', 'r', 'é', '番'), minLength: 1, maxLength: 8 }),
    );
    const text = fc.array(word, { minLength: 1, maxLength: 7 }).map((ws) => ws.join(' ').trim());
    fc.assert(
      fc.property(text, (t) => {
        expect(Array.from(scan(t)), t).toEqual(Array.from(scanByHand(t)));
      }),
      { numRuns: 3000 },
    );
  });
});
