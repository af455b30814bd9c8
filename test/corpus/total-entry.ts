/**
 * Entry of the bundle the total bench injects into each page: the same reader the
 * content script ships (src/extension/content/total/), run on the top document, with
 * the time it took (first reading: cold code, as the content script's first read; a
 * second one: each re-read after a page change).
 */
import type { CartTotal } from '../../src/extension/messages';
import { findTotal } from '../../src/extension/content/total/find-total';

export interface TotalResult {
  total: CartTotal | null;
  ms: number;
  warmMs: number;
}

function run(): TotalResult {
  const t0 = performance.now();
  const total = findTotal(document);
  const ms = performance.now() - t0;
  const t1 = performance.now();
  findTotal(document);
  return { total, ms, warmMs: performance.now() - t1 };
}

(globalThis as unknown as { __veilTotal: { run: typeof run } }).__veilTotal = { run };
