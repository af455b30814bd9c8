/**
 * The order-total set (test/corpus/totals, README there): its split rule and its labels.
 *
 * Each page carries its label on `<body>`: `data-manual-total="5490 EUR"` (integer
 * minor units and ISO 4217 code), or `"none"` for a page that shows no order total. The
 * corpus server strips every `data-manual-*` attribute before the reader sees a page.
 *
 * The split rule, fixed before any tuning: pages are grouped by class and language (the
 * file name's first two parts, `sum-de-…`); within a group, ordered by SHA-256 of
 * "veil-totals-split-1:" + file name, they alternate tune, check, tune … Every group has
 * two pages, so each class and language lands in both halves.
 *
 * `npx tsx test/corpus/totals-set.ts split <dir>` places the pages of <dir> by the rule
 * and writes both halves' labels.json; `… labels` rewrites them from the pages.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const TOTALS = join(import.meta.dirname, 'totals');
export const HALVES = ['tune', 'check'] as const;
export type Half = (typeof HALVES)[number];

export const CLASSES = {
  sum: 'a summary (table, definition list, sidebar) with the grand total after subtotal, shipping, tax lines',
  strike: 'struck-out old totals, savings and coupon lines beside the total',
  frame: 'card fields in a payment frame; the summary in the top document',
  inline: 'the total in its label’s own text, or only on the pay button',
  none: 'no order total: sign-ins, cart-less forms, totals that are not money',
} as const;

/** A page's expected reading: the total, or null for none. */
export type Expected = { amount: number; currency: string } | null;

const NAME = /^(sum|strike|frame|inline|none)-([a-z]{2})-[a-z0-9-]+\.html$/;

export function groupOf(file: string): { cls: keyof typeof CLASSES; lang: string } {
  const m = NAME.exec(basename(file));
  if (!m) throw new Error(`${file}: a totals page is named <class>-<lang>-<slug>.html`);
  return { cls: m[1] as keyof typeof CLASSES, lang: m[2]! };
}

const splitKey = (file: string) =>
  createHash('sha256')
    .update(`veil-totals-split-1:${basename(file)}`)
    .digest('hex');

/** The split rule: per class and language, pages ordered by hash alternate tune, check, tune … */
export function split(files: readonly string[]): Map<string, Half> {
  const groups = new Map<string, string[]>();
  for (const f of files) {
    const { cls, lang } = groupOf(f);
    groups.set(`${cls}-${lang}`, [...(groups.get(`${cls}-${lang}`) ?? []), basename(f)]);
  }
  const out = new Map<string, Half>();
  for (const members of groups.values()) {
    members.sort((a, b) => (splitKey(a) < splitKey(b) ? -1 : 1));
    members.forEach((f, i) => out.set(f, i % 2 === 0 ? 'tune' : 'check'));
  }
  return out;
}

/** The label a page carries on its body. */
export function pageLabel(html: string): Expected {
  const m = /<body[^>]*\sdata-manual-total="([^"]*)"/.exec(html);
  if (!m) throw new Error('page has no data-manual-total on <body>');
  if (m[1] === 'none') return null;
  const parts = /^(\d+) ([A-Z]{3})$/.exec(m[1]!);
  if (!parts) throw new Error(`bad data-manual-total "${m[1]}"`);
  return { amount: Number(parts[1]), currency: parts[2]! };
}

export function listHalf(half: Half): string[] {
  const dir = join(TOTALS, half, 'pages');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.html'))
        .sort()
    : [];
}

export interface LabelFile {
  _meta: Record<string, string>;
  pages: Record<string, Expected>;
}

export const readTotalLabels = (dir: string): LabelFile =>
  JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as LabelFile;

export function writeLabels(half: Half): void {
  const pages: Record<string, Expected> = {};
  for (const f of listHalf(half)) pages[`pages/${f}`] = pageLabel(readFileSync(join(TOTALS, half, 'pages', f), 'utf8'));
  const file: LabelFile = {
    _meta: {
      corpus: `totals/${half}`,
      about: 'Checkout pages written for Veil (issue 19); see ../README.md.',
      labels:
        'derived from data-manual-total on <body> by test/corpus/totals-set.ts: amount in ISO 4217 minor units and currency, or null for a page without an order total',
      split: 'per class and language, ordered by sha256("veil-totals-split-1:" + file name), alternately tune, check',
    },
    pages,
  };
  writeFileSync(join(TOTALS, half, 'labels.json'), JSON.stringify(file, null, 1) + '\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'split' && dir) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.html'));
    for (const [f, half] of split(files)) {
      mkdirSync(join(TOTALS, half, 'pages'), { recursive: true });
      copyFileSync(join(dir, f), join(TOTALS, half, 'pages', f));
    }
  } else if (command !== 'labels') {
    console.error('usage: npx tsx test/corpus/totals-set.ts split <dir> | labels');
    process.exit(2);
  }
  for (const half of HALVES) if (listHalf(half).length) writeLabels(half);
}
