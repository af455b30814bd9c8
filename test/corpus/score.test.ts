/**
 * The scorer on hand-made labels and predictions: what counts as a hit, a false fill, a
 * false checkout on a card-less page, and what is not scored at all (gift-card tokens).
 */
import { describe, expect, it } from 'vitest';
import type { Labels } from './runner';
import { score } from './score';

const labels = (pages: Record<string, Record<number, string>>): Labels =>
  new Map(Object.entries(pages).map(([p, f]) => [p, new Map(Object.entries(f).map(([i, t]) => [Number(i), t]))]));

describe('score', () => {
  it('counts card tokens predicted on pages with no card form, labelled control or not', () => {
    const gold = labels({
      'pages/bank.html': { 0: 'username', 1: 'current-password' },
      'pages/shop.html': { 0: 'cc-number', 1: 'cc-csc' },
    });
    const s = score(gold, {
      'pages/bank.html': { '0': 'cc-number', '3': 'cc-exp-year', '4': 'email' },
      'pages/shop.html': { '0': 'cc-number', '2': 'cc-exp' },
    });
    expect(s.cardOnCardless).toEqual(['pages/bank.html#0 cc-number', 'pages/bank.html#3 cc-exp-year']);
    expect(s.card).toMatchObject({ tp: 1, fp: 3, fn: 1 });
  });

  it('leaves gift-card tokens unscored: a right one is no hit, a card token there is a false fill', () => {
    const gold = labels({ 'pages/checkout.html': { 0: 'x-gift-card-number', 1: 'x-gift-card-pin', 2: 'cc-number' } });
    const s = score(gold, {
      'pages/checkout.html': { '0': 'x-gift-card-number', '1': 'cc-csc', '2': 'cc-number' },
    });
    expect(s.card).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(s.cardOnCardless).toEqual([]);
    expect(s.falsePositives).toEqual(['pages/checkout.html#1 predicted cc-csc, labelled x-gift-card-pin']);
  });
});
