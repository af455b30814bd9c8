/**
 * Entry of the bundle the corpus runner injects into each page: the same detector the
 * content script ships, run once on the top document, answered in the corpus format
 * (control index → token) with the time detection took.
 */
import { detect, explain } from '../../src/extension/content/detect/detect';

export interface PageResult {
  predictions: Record<string, string>;
  /** First detection in the page: cold code, rule index built on the way. What a shopper gets. */
  ms: number;
  /** A second detection in the same page (what each rescan after a DOM change costs). */
  warmMs: number;
  /** Per control with any signal, filled or not: the signals that fired (for debugging misses). */
  why: Record<string, string[]>;
}

function run(): PageResult {
  const t0 = performance.now();
  const { fields } = detect(document);
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
  for (const e of explain(document)) {
    const i = index.get(e.element);
    if (i !== undefined && e.signals.length) why[String(i)] = e.signals;
  }
  return { predictions, ms, warmMs, why };
}

(globalThis as unknown as { __veilCorpus: { run: typeof run } }).__veilCorpus = { run };
