/**
 * The veil-dev set (test/corpus/veil-dev, README there): its split rule and its labels.
 *
 * Pages carry their labels inline, as `data-manual-token="<token>"` on the labelled
 * control (the corpus server strips every `data-manual-*` attribute before the detector
 * sees a page). labels.json is derived from them, in the corpus format `readLabels`
 * reads: control index (position in `querySelectorAll('input, select, textarea')`) →
 * token. Writing the label on the control, not as an index, keeps the labels right when
 * a page is edited.
 *
 * The split rule, fixed before any tuning: pages are grouped by class and language (the
 * file name's first two parts, `c2p-de-…`); within a group, ordered by SHA-256 of
 * "veil-dev-split-1:" + file name, they alternate tune, check, tune … So each class and
 * each language lands in both halves, and no one chose which page went where.
 *
 * `npx tsx test/corpus/veil-dev-set.ts split <dir>` places the pages of <dir> by the rule
 * and writes both halves' labels.json; `… labels` rewrites the labels.json of both halves
 * from their pages (after editing a page).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Window } from 'happy-dom';
import { ADDRESS_TOKENS, CARD_TOKENS } from '../../src/extension/content/detect/tokens';

export const VEIL_DEV = join(import.meta.dirname, 'veil-dev');
export const HALVES = ['tune', 'check'] as const;
export type Half = (typeof HALVES)[number];

/** Error classes of issue 17; `c2p` are checkouts with a gift-card box, `c2n` card-less gift/loyalty pages. */
export const CLASSES = {
  c1: 'card number as a bank or brokerage sign-in',
  c2p: 'gift/store-value card box next to the card form (checkout)',
  c2n: 'gift-card balance check, loyalty or insurance sign-up (card-less)',
  c3: 'dates, years and "exp" in names on card-less pages',
  c4: 'card forms easy to misread (tel number, split or combined expiry, holder name, card nickname)',
} as const;
export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'ja'] as const;

/** Tokens for gift and store-value cards: never card tokens, never filled (agreed with the detector's side). */
export const GIFT_TOKENS = ['x-gift-card-number', 'x-gift-card-pin'] as const;
/** Everything a label may say; "a|b" accepts either. cc-given/family-name are labelled given-/family-name (score.ts). */
export const LABEL_TOKENS: ReadonlySet<string> = new Set([
  ...CARD_TOKENS.filter((t) => t !== 'cc-given-name' && t !== 'cc-family-name'),
  ...ADDRESS_TOKENS,
  ...GIFT_TOKENS,
  'username',
  'password',
  'current-password',
  'new-password',
  'one-time-code',
  'bday',
  'bday-day',
  'bday-month',
  'bday-year',
  'unknown',
]);

const NAME = /^(c1|c2p|c2n|c3|c4)-([a-z]{2})-[a-z0-9-]+\.html$/;

/** The group a page belongs to, from its file name: class and language. */
export function groupOf(file: string): { cls: keyof typeof CLASSES; lang: string } {
  const m = NAME.exec(basename(file));
  if (!m) throw new Error(`${file}: a veil-dev page is named <class>-<lang>-<slug>.html`);
  return { cls: m[1] as keyof typeof CLASSES, lang: m[2]! };
}

const splitKey = (file: string) =>
  createHash('sha256')
    .update(`veil-dev-split-1:${basename(file)}`)
    .digest('hex');

/** The split rule: per class and language, pages ordered by hash alternate tune, check, tune … */
export function split(files: readonly string[]): Map<string, Half> {
  const groups = new Map<string, string[]>();
  for (const f of files) {
    const { cls, lang } = groupOf(f);
    const key = `${cls}-${lang}`;
    groups.set(key, [...(groups.get(key) ?? []), basename(f)]);
  }
  const out = new Map<string, Half>();
  for (const members of groups.values()) {
    members.sort((a, b) => (splitKey(a) < splitKey(b) ? -1 : 1));
    members.forEach((f, i) => out.set(f, i % 2 === 0 ? 'tune' : 'check'));
  }
  return out;
}

export interface PageLabels {
  class: string;
  lang: string;
  has_cc: boolean;
  has_address: boolean;
  n_controls: number;
  fields: {
    control_index: number;
    type: string;
    tag: string;
    input_type: string | null;
    id: string | null;
    name: string | null;
    autocomplete: string | null;
  }[];
}

/** The controls of a page, in the order `querySelectorAll('input, select, textarea')` gives them. */
export function controlsOf(html: string): Element[] {
  const window = new Window();
  const doc = new window.DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll('input, select, textarea')] as unknown as Element[];
}

/** The labels a page carries inline. */
export function pageLabels(file: string, html: string): PageLabels {
  const controls = controlsOf(html);
  const fields: PageLabels['fields'] = [];
  controls.forEach((el, i) => {
    const type = el.getAttribute('data-manual-token');
    if (type === null) return;
    fields.push({
      control_index: i,
      type,
      tag: el.tagName.toLowerCase(),
      input_type: el.tagName === 'INPUT' ? (el.getAttribute('type') ?? 'text') : null,
      id: el.getAttribute('id'),
      name: el.getAttribute('name'),
      autocomplete: el.getAttribute('autocomplete'),
    });
  });
  const tokens = fields.flatMap((f) => f.type.split('|'));
  const { cls, lang } = groupOf(file);
  return {
    class: cls,
    lang,
    has_cc: tokens.some((t) => (CARD_TOKENS as readonly string[]).includes(t)),
    has_address: tokens.some((t) => (ADDRESS_TOKENS as readonly string[]).includes(t)),
    n_controls: controls.length,
    fields,
  };
}

export function listHalf(half: Half): string[] {
  const dir = join(VEIL_DEV, half, 'pages');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.html'))
        .sort()
    : [];
}

/** Writes `<half>/labels.json` from the half's pages. */
export function writeLabels(half: Half): void {
  const pages: Record<string, PageLabels> = {};
  for (const f of listHalf(half)) {
    pages[`pages/${f}`] = pageLabels(f, readFileSync(join(VEIL_DEV, half, 'pages', f), 'utf8'));
  }
  const file = {
    _meta: {
      corpus: `veil-dev/${half}`,
      about: 'Pages written for Veil (issue 17); see ../README.md.',
      control_index: "index of the control in document.querySelectorAll('input, select, textarea')",
      labels:
        'derived from data-manual-token attributes in pages/ by test/corpus/veil-dev-set.ts; "unknown" = must not be filled; x-gift-card-* = gift/store-value card fields (never card tokens); unlabelled controls are negatives',
      split: 'per class and language, ordered by sha256("veil-dev-split-1:" + file name), alternately tune, check',
    },
    pages,
  };
  writeFileSync(join(VEIL_DEV, half, 'labels.json'), JSON.stringify(file, null, 1) + '\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'split' && dir) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.html'));
    for (const [f, half] of split(files)) {
      mkdirSync(join(VEIL_DEV, half, 'pages'), { recursive: true });
      copyFileSync(join(dir, f), join(VEIL_DEV, half, 'pages', f));
    }
  } else if (command !== 'labels') {
    console.error('usage: npx tsx test/corpus/veil-dev-set.ts split <dir> | labels');
    process.exit(2);
  }
  for (const half of HALVES) if (listHalf(half).length) writeLabels(half);
}
