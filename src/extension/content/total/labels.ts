/**
 * Does a piece of text label an order total, and how strongly (rules.ts)? The word
 * lists are compiled once into phrase lists; matching is whole words in a row over
 * normalized text, or a plain substring for Japanese script.
 */
import { DEMOTE, INCLUSIVE, PAY_BUTTON, TOTAL_LABELS } from './rules';

/** Lower case, accents dropped (ł and ø too, which have no decomposition), punctuation to spaces, single spaces. */
export function normalizeLabel(text: string): string {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss');
  return ` ${plain.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

const hasCjk = (s: string) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s);

type Phrases = readonly string[];
const compile = (words: Partial<Record<string, string>>): Phrases =>
  Object.values(words)
    .flatMap((w) => (w ?? '').split('|'))
    .map((w) => (hasCjk(w) ? w : normalizeLabel(w)))
    .filter((w) => w.trim() !== '');

const LABELS = TOTAL_LABELS.map((r) => ({ weight: r.weight, phrases: compile(r.words) }));
const DEMOTING = compile(DEMOTE.words);
const INCLUDING = compile(INCLUSIVE);
const PAYING = compile(PAY_BUTTON.words);

/** The index of the first phrase found in normalized `text`, or -1. Whole words: phrases carry their spaces. */
function firstAt(text: string, phrases: Phrases): number {
  let at = -1;
  for (const p of phrases) {
    const i = text.indexOf(p);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at;
}

/** Longer than any label a shop writes next to its total: a sentence, not a label. */
const MAX_LABEL = 60;

/**
 * The weight of `text` as a total's label (rules.ts `TOTAL_LABELS`), 0 when it is none or
 * a demoted one. Demoting words after an "including" word do not count ("Total incl.
 * shipping" is the grand total).
 */
export function labelWeight(text: string): number {
  if (text.length > MAX_LABEL) return 0;
  const n = normalizeLabel(text);
  const rule = LABELS.find((r) => firstAt(n, r.phrases) >= 0);
  if (!rule) return 0;
  const including = firstAt(n, INCLUDING);
  const judged = including >= 0 ? n.slice(0, including + 1) : n;
  return firstAt(judged, DEMOTING) >= 0 ? 0 : rule.weight;
}

/** True when a button's text says it pays (rules.ts `PAY_BUTTON`). */
export const saysPay = (text: string): boolean =>
  text.length <= MAX_LABEL && firstAt(normalizeLabel(text), PAYING) >= 0;

export const PAY_WEIGHT = PAY_BUTTON.weight;
