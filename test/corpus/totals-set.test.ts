/**
 * The totals set is well-formed: labels.json is what the pages say, the halves share no
 * page and follow the stated split rule, each class is in both halves, and each half
 * has pages without a total.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HALVES, TOTALS, groupOf, listHalf, pageLabel, readTotalLabels, split } from './totals-set';

describe.each(HALVES)('totals/%s', (half) => {
  const pages = listHalf(half);
  it('has at least 20 pages, 4 of them without a total, each labelled as the page says', () => {
    expect(pages.length).toBeGreaterThanOrEqual(20);
    const labels = readTotalLabels(join(TOTALS, half)).pages;
    expect(Object.keys(labels).sort()).toEqual(pages.map((p) => `pages/${p}`));
    for (const p of pages)
      expect(labels[`pages/${p}`]).toEqual(pageLabel(readFileSync(join(TOTALS, half, 'pages', p), 'utf8')));
    expect(Object.values(labels).filter((l) => l === null).length).toBeGreaterThanOrEqual(4);
  });
});

describe('the split', () => {
  it('follows the stated rule, with every class in both halves', () => {
    const all = HALVES.flatMap((h) => listHalf(h).map((f) => [f, h] as const));
    expect(new Set(all.map(([f]) => f)).size).toBe(all.length);
    const rule = split(all.map(([f]) => f));
    for (const [f, h] of all) expect(rule.get(f), f).toBe(h);
    for (const h of HALVES) expect(new Set(listHalf(h).map((f) => groupOf(f).cls)).size).toBe(5);
  });
});
