/**
 * What the background takes as a tab's order total: only from the tab's top frame (the
 * browser's word), and only a sane total; a page's script cannot set another tab's total,
 * nor can an ad frame set the figure the popup offers as a cap.
 */
import { describe, expect, it } from 'vitest';
import { parseCartTotal, totalTab } from './cart-total';

const tab = { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false };

describe('totalTab', () => {
  it("is the sender's own tab, from its top frame", () => {
    expect(totalTab({ tab, frameId: 0 })).toBe(7);
  });
  it('refuses a subframe (a payment or ad frame) and a sender without a tab', () => {
    expect(() => totalTab({ tab, frameId: 3 })).toThrow('top frame only');
    expect(() => totalTab({ tab })).toThrow('top frame only');
    expect(() => totalTab({ frameId: 0 })).toThrow('needs a tab');
  });
});

describe('parseCartTotal', () => {
  it('keeps a well-formed total, its text trimmed and cut', () => {
    expect(parseCartTotal({ amount: 5490, currency: 'EUR', text: ' €54.90 ' })).toEqual({
      amount: 5490,
      currency: 'EUR',
      text: '€54.90',
    });
    expect(parseCartTotal({ amount: 1, currency: 'JPY', text: 'x'.repeat(500) })?.text).toHaveLength(64);
  });
  it('takes null as "no total shown"', () => {
    expect(parseCartTotal(null)).toBeNull();
  });
  it.each([
    ['a fractional amount', { amount: 54.9, currency: 'EUR', text: '' }],
    ['zero', { amount: 0, currency: 'EUR', text: '' }],
    ['a negative amount', { amount: -1, currency: 'EUR', text: '' }],
    ['an absurd amount', { amount: 1e15, currency: 'EUR', text: '' }],
    ['a lower-case code', { amount: 1, currency: 'eur', text: '' }],
    ['no code', { amount: 1, text: '' }],
    ['no text', { amount: 1, currency: 'EUR' }],
    ['an array', [1, 'EUR']],
    ['a string', '54.90 EUR'],
  ])('refuses %s', (_name, v) => {
    expect(() => parseCartTotal(v)).toThrow(/malformed/);
  });
});
