import { describe, expect, it } from 'vitest';
import { NOT, STRONG, WEAK, scanText } from './keywords';
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
