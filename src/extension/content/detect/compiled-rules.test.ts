import { describe, expect, it } from 'vitest';
import {
  ENTRY,
  HITS,
  INFIX,
  PHRASE,
  SLOT_SHIFT,
  STRONG,
  bucketKey,
  compileRules,
  compiledRulesSource,
  type CompiledRules,
  type KeyIndex,
} from './compile-rules';
import { COMPILED_RULES } from './compiled-rules';
import { RULES } from './rules';

/** A KeyIndex read back: key → value. */
function decode(index: KeyIndex): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < index.length; i += 3)
    out.set(index.charCodeAt(i) * 65536 + index.charCodeAt(i + 1), index.charCodeAt(i + 2));
  return out;
}

/** The bucket line that starts at `at`, as [entry, hits] pairs. */
const bucketAt = (c: CompiledRules, at: number): [string, number[]][] =>
  c.buckets
    .slice(at, c.buckets.indexOf('\n', at))
    .split(ENTRY)
    .filter(Boolean)
    .map((cell) => {
      const [entry, hits] = cell.split(HITS);
      return [entry!, hits!.split(',').map(Number)];
    });

/** The hits of `entry` in a bucketed table (a number, or several), or undefined. */
function cell(c: CompiledRules, table: KeyIndex, entry: string): number | number[] | undefined {
  const at = decode(table).get(bucketKey(entry));
  const found = at === undefined ? undefined : bucketAt(c, at).find(([e]) => e === entry);
  return found && (found[1].length === 1 ? found[1][0] : found[1]);
}

/** The lengths listed for a start key. */
function lengthsOf(c: CompiledRules, starts: KeyIndex, key: number): number[] {
  const at = decode(starts).get(key);
  if (at === undefined) return [];
  return Array.from(c.lengths.slice(at + 1, at + 1 + c.lengths.charCodeAt(at)), (ch) => ch.charCodeAt(0));
}

describe('compiled rules', () => {
  // Fails when rules.ts changed and compiled-rules.ts was not rewritten: run this file with `-u`.
  it('compiled-rules.ts is what rules.ts compiles to', async () => {
    await expect(compiledRulesSource()).toMatchFileSnapshot('./compiled-rules.ts');
    expect(COMPILED_RULES).toEqual(compileRules());
  });

  it('keeps every rule, in order, with what the classifier reads besides the words', () => {
    const { rules } = compileRules();
    expect(rules.map((r) => r.token)).toEqual(RULES.map((r) => r.token));
    expect(rules.find((r) => r.token === 'address-line1')?.autocomplete).toEqual(['street-address']);
    expect(rules.find((r) => r.token === 'cc-number')?.inputOnly).toBe(true);
  });

  it('indexes each lookup by where a candidate starts, and flags entries that may be glued', () => {
    const c = compileRules();
    const at = RULES.findIndex((r) => r.token === 'cc-number');
    // A phrase is stored glued, found both as words in a row and inside an identifier.
    expect(cell(c, c.words, 'card number')).toBeUndefined();
    expect(cell(c, c.words, 'cardnumber')).toBe((at << SLOT_SHIFT) | STRONG | INFIX | PHRASE);
    expect(lengthsOf(c, c.infixStarts, 'c'.charCodeAt(0) * 65536 + 'a'.charCodeAt(0))).toContain('cardnumber'.length);
    expect(cell(c, c.prefix, 'expir')).toBeDefined();
  });

  it('puts every entry in the bucket of its first two characters, one line a bucket, keys sorted', () => {
    const c = compileRules();
    let entries = 0;
    for (const table of [c.words, c.prefix]) {
      const keys = [...decode(table).keys()];
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
      for (const [key, at] of decode(table)) {
        for (const [entry, hits] of bucketAt(c, at)) {
          expect(bucketKey(entry)).toBe(key);
          expect(hits.every((h) => Number.isInteger(h) && h > 0)).toBe(true);
          entries++;
        }
      }
    }
    expect(c.buckets.split('\n').length - 1).toBe(decode(c.words).size + decode(c.prefix).size);
    expect(entries).toBeGreaterThan(800);
  });
});
