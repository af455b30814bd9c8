import { describe, expect, it } from 'vitest';
import { NOT, STRONG, WEAK, says, scanText } from './keywords';
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
