/**
 * The veil-dev set is well-formed: both halves load through the corpus runner's own
 * `readLabels`, every label points at an existing control that carries that label inline,
 * every token is one a label may use, the halves share no page and follow the stated split
 * rule, and each class and language is in both halves. No browser: the pages are parsed
 * with happy-dom (their indexes were checked once against Chromium's).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabels } from './runner';
import {
  HALVES,
  LABEL_TOKENS,
  VEIL_DEV,
  controlsOf,
  groupOf,
  listHalf,
  pageLabels,
  split,
  type Half,
  type PageLabels,
} from './veil-dev-set';

const labelFile = (half: Half) =>
  JSON.parse(readFileSync(join(VEIL_DEV, half, 'labels.json'), 'utf8')) as { pages: Record<string, PageLabels> };

describe.each(HALVES)('veil-dev/%s', (half) => {
  const pages = listHalf(half);

  it('has pages, each labelled in labels.json and nothing else', () => {
    expect(pages.length).toBeGreaterThanOrEqual(24);
    const labels = readLabels(join(VEIL_DEV, half));
    expect([...labels.keys()].sort()).toEqual(pages.map((p) => `pages/${p}`));
  });

  it.each(pages)('%s: every label names an existing control, with the label it carries inline', (page) => {
    const html = readFileSync(join(VEIL_DEV, half, 'pages', page), 'utf8');
    const controls = controlsOf(html);
    const entry = labelFile(half).pages[`pages/${page}`]!;
    expect(entry.n_controls).toBe(controls.length);
    expect(entry.fields.length).toBeGreaterThan(0);
    for (const f of entry.fields) {
      expect(f.control_index).toBeLessThan(controls.length);
      expect(controls[f.control_index]!.getAttribute('data-manual-token')).toBe(f.type);
      for (const t of f.type.split('|')) expect(LABEL_TOKENS, `${page}#${f.control_index}`).toContain(t);
    }
    // labels.json is exactly what the page says (regenerate with `npx tsx test/corpus/veil-dev-set.ts labels`).
    expect(entry).toEqual(pageLabels(page, html));
  });
});

describe('veil-dev split', () => {
  const placed = new Map<string, Half>(HALVES.flatMap((h) => listHalf(h).map((p): [string, Half] => [p, h])));
  const all = HALVES.flatMap((h) => listHalf(h));

  it('puts no page in both halves', () => {
    expect(placed.size).toBe(all.length);
  });

  it('is the stated rule: per class and language, alternately tune and check by hash', () => {
    expect(split(all)).toEqual(placed);
  });

  it('puts each class and each language in both halves', () => {
    const seen = (half: Half, key: (p: string) => string) => new Set(listHalf(half).map(key));
    for (const key of [(p: string) => groupOf(p).cls, (p: string) => groupOf(p).lang]) {
      expect(seen('check', key)).toEqual(seen('tune', key));
    }
  });

  it('has at least as many card-less pages as pages with a card form, in each half', () => {
    for (const half of HALVES) {
      const entries = Object.values(labelFile(half).pages);
      const withCard = entries.filter((e) => e.has_cc).length;
      expect(entries.length - withCard, half).toBeGreaterThanOrEqual(withCard);
    }
  });
});
