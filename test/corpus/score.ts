/**
 * Scores predictions against the corpus labels, per token and micro-averaged over
 * card tokens and over address tokens.
 *
 * - A label "a|b" accepts either token. Leaving it empty is a miss only when every
 *   alternative is a token Veil fills: "username|email" (a sign-in identifier that may
 *   hold an email) may be filled as email, and need not be.
 * - A control labelled only with tokens Veil does not fill (password, username, bday…),
 *   labelled "unknown", or not labelled at all is a negative: any prediction there is
 *   a false positive.
 * - The label vocabulary has no cc-given-name / cc-family-name: a card holder's first
 *   and last name are labelled given-name / family-name, so those predictions are
 *   scored as given-name / family-name.
 * - A token the vocabulary cannot express at all (this corpus has no `organization`)
 *   cannot be judged on an unlabelled control: such predictions are counted apart, as
 *   `unscorable`. On a labelled control ("unknown", or another token) they are errors.
 * - Tokens outside card and address (a gift card's `x-gift-card-number`, `username` …)
 *   are not scored: predicting one where it is the label is neither a hit nor an error.
 * - A page whose labels hold no card token is card-less: every card token predicted
 *   anywhere on it, labelled control or not, is listed in `cardOnCardless` (a false
 *   checkout: the inline button shows and a proxy card can be filled there).
 */
import { ADDRESS_TOKENS, CARD_TOKENS, isCardToken } from '../../src/extension/content/detect/tokens';
import type { Labels } from './runner';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Figures extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export interface Score {
  perToken: Record<string, Figures>;
  card: Figures;
  address: Figures;
  /** Predictions on controls labelled "unknown": must be none. */
  unknownHits: string[];
  /** Predictions of tokens the labels cannot express, on unlabelled controls. */
  unscorable: string[];
  /** Card tokens predicted on pages whose labels hold no card token: must be none. */
  cardOnCardless: string[];
  falsePositives: string[];
  falseNegatives: string[];
}

const SCORED_CARD = CARD_TOKENS.filter((t) => t !== 'cc-given-name' && t !== 'cc-family-name');
const SCORED: readonly string[] = [...SCORED_CARD, ...ADDRESS_TOKENS];
const AS_LABELLED: Record<string, string> = { 'cc-given-name': 'given-name', 'cc-family-name': 'family-name' };

export function figures(c: Counts): Figures {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision, recall, f1 };
}

export function score(labels: Labels, predictions: Record<string, Record<string, string>>): Score {
  const counts = new Map<string, Counts>(SCORED.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const out: Score = {
    perToken: {},
    card: figures({ tp: 0, fp: 0, fn: 0 }),
    address: figures({ tp: 0, fp: 0, fn: 0 }),
    unknownHits: [],
    unscorable: [],
    cardOnCardless: [],
    falsePositives: [],
    falseNegatives: [],
  };
  for (const [page, predicted] of Object.entries(predictions)) {
    const gold = labels.get(page) ?? new Map<number, string>();
    const indices = new Set<number>([...gold.keys(), ...Object.keys(predicted).map(Number)]);
    const cardless = ![...gold.values()].some((l) => l.split('|').some(isCardToken));
    if (cardless)
      for (const [i, t] of Object.entries(predicted)) if (isCardToken(t)) out.cardOnCardless.push(`${page}#${i} ${t}`);
    for (const i of indices) {
      const label = gold.get(i);
      const accepted = label ? label.split('|') : [];
      const raw = predicted[String(i)];
      const p = raw ? (AS_LABELLED[raw] ?? raw) : undefined;
      const where = `${page}#${i}`;
      if (p && accepted.includes(p)) {
        if (counts.has(p)) counts.get(p)!.tp++;
        continue;
      }
      if (p && label === undefined && labels.vocabulary && !labels.vocabulary.has(p)) {
        out.unscorable.push(`${where} predicted ${raw}`);
        continue;
      }
      if (p && counts.has(p)) {
        counts.get(p)!.fp++;
        out.falsePositives.push(`${where} predicted ${raw}, labelled ${label ?? '(none)'}`);
        if (label === 'unknown') out.unknownHits.push(where);
      }
      const missed = accepted.every((t) => counts.has(t)) ? accepted[0] : undefined;
      if (missed) {
        counts.get(missed)!.fn++;
        out.falseNegatives.push(`${where} labelled ${label}, predicted ${raw ?? '(none)'}`);
      }
    }
  }
  const sum = (tokens: readonly string[]) =>
    tokens.reduce<Counts>(
      (a, t) => {
        const c = counts.get(t)!;
        return { tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn };
      },
      { tp: 0, fp: 0, fn: 0 },
    );
  for (const [t, c] of counts) out.perToken[t] = figures(c);
  out.card = figures(sum(SCORED_CARD));
  out.address = figures(sum(ADDRESS_TOKENS));
  return out;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
