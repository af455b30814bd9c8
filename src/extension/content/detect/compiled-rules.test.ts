import { describe, expect, it } from 'vitest';
import { INFIX, PHRASE, SLOT_SHIFT, STRONG, compileRules, compiledRulesSource } from './compile-rules';
import { parseCompiledRules } from './compiled-rules';
import { RULES } from './rules';

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
    expect(c.words['card number']).toBeUndefined();
    expect(c.words['cardnumber']).toBe((at << SLOT_SHIFT) | STRONG | INFIX | PHRASE);
    expect(c.infixStarts['c'.charCodeAt(0) * 65536 + 'a'.charCodeAt(0)]).toContain('cardnumber'.length);
    expect(Object.keys(c.prefix)).toContain('expir');
  });
});
