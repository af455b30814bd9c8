import { describe, expect, it } from 'vitest';
import {
  INFIX,
  PHRASE,
  SLOT_SHIFT,
  STRONG,
  bucketKey,
  compileRules,
  compiledRulesSource,
  type CompiledRules,
} from './compile-rules';
import { parseCompiledRules } from './compiled-rules';
import { RULES } from './rules';

/** The bucket that starts at `at`, parsed. */
const bucketAt = (c: CompiledRules, at: number): unknown[] =>
  JSON.parse(c.buckets.slice(at, c.buckets.indexOf('\n', at))) as unknown[];

/** The cell of `entry` in a bucketed table. */
function cell(c: CompiledRules, table: Record<number, number>, entry: string): unknown {
  const at = table[bucketKey(entry)];
  const bucket = at === undefined ? [] : bucketAt(c, at);
  const i = bucket.indexOf(entry);
  return i < 0 ? undefined : bucket[i + 1];
}

describe('compiled rules', () => {
  // Fails when rules.ts changed and compiled-rules.ts was not rewritten: run this file with `-u`.
  it('compiled-rules.ts is what rules.ts compiles to', async () => {
    await expect(compiledRulesSource()).toMatchFileSnapshot('./compiled-rules.ts');
    expect(parseCompiledRules()).toEqual(compileRules());
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
    expect(c.infixStarts['c'.charCodeAt(0) * 65536 + 'a'.charCodeAt(0)]).toContain('cardnumber'.length);
    expect(cell(c, c.prefix, 'expir')).toBeDefined();
  });

  it('puts every entry in the bucket of its first two characters, one JSON array a line', () => {
    const c = compileRules();
    let entries = 0;
    for (const table of [c.words, c.prefix]) {
      for (const [key, at] of Object.entries(table)) {
        const bucket = bucketAt(c, at);
        for (let i = 0; i < bucket.length; i += 2) {
          expect(typeof bucket[i]).toBe('string');
          expect(typeof bucket[i + 1]).not.toBe('string');
          expect(bucketKey(bucket[i] as string)).toBe(Number(key));
          entries++;
        }
      }
    }
    expect(c.buckets.split('\n').length - 1).toBe(Object.keys(c.words).length + Object.keys(c.prefix).length);
    expect(entries).toBeGreaterThan(800);
  });
});
