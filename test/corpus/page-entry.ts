/**
 * Entry of the bundle the corpus runner injects into each page: the same detector the
 * content script ships, run once on the top document, answered in the corpus format
 * (control index → token) with the time detection took.
 *
 * Timed as in the extension: first the bootstrap's own check (does this frame have
 * anything form-like? every frame pays it), then — the engine loaded — the first
 * detection in the page (cold: its code runs for the first time in this page's world,
 * the rule tables are parsed on the way), then a second one (warm: each rescan after a
 * DOM change).
 */
import { detect, explain } from '../../src/extension/content/detect/detect';
import { hasFormLike } from '../../src/extension/content/form-like';
import { LabelIndex, readTexts, type ControlTexts } from '../../src/extension/content/detect/signals';

export interface PageResult {
  predictions: Record<string, string>;
  /** The bootstrap's form-like check, the only work a frame without forms ever gets. */
  bootMs: number;
  /** First detection in the page: cold code, rule index built on the way. What a shopper gets. */
  ms: number;
  /** A second detection in the same page (what each rescan after a DOM change costs). */
  warmMs: number;
  /** Per control with any signal, filled or not: the signals that fired (for debugging misses). */
  why: Record<string, string[]>;
  /** The texts the detector read of each control with a signal, for `--explain`; held controls are marked "held". */
  texts: Record<string, ControlTexts & { held?: true }>;
}

function run(): PageResult {
  const tb = performance.now();
  hasFormLike(document);
  const bootMs = performance.now() - tb;
  const t0 = performance.now();
  const { fields, gifts } = detect(document);
  const ms = performance.now() - t0;
  const t1 = performance.now();
  detect(document);
  const warmMs = performance.now() - t1;
  const index = new Map<Element, number>();
  document.querySelectorAll('input, select, textarea').forEach((el, i) => index.set(el, i));
  const predictions: Record<string, string> = {};
  const why: Record<string, string[]> = {};
  for (const f of fields) {
    const i = index.get(f.element);
    // Controls inside shadow roots have no index in the top document's list.
    if (i !== undefined) predictions[String(i)] = f.token;
  }
  // Gift-card fields are recognised (never filled): predicted with their own tokens.
  for (const g of gifts) {
    const i = index.get(g.element);
    if (i !== undefined) predictions[String(i)] = g.token;
  }
  const texts: PageResult['texts'] = {};
  const labels = new LabelIndex();
  for (const e of explain(document)) {
    const i = index.get(e.element);
    if (i === undefined || !e.signals.length) continue;
    why[String(i)] = e.signals;
    texts[String(i)] = { ...readTexts(e.element, labels), ...(e.held ? { held: true as const } : {}) };
  }
  return { predictions, bootMs, ms, warmMs, why, texts };
}

(globalThis as unknown as { __veilCorpus: { run: typeof run } }).__veilCorpus = { run };
