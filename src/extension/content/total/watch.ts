/**
 * Keeps the top page's order total current: read once when asked (the tab has card
 * fields), then again after the page changes (a coupon applied, a shipping choice), at
 * most once per `READ_DELAY_MS` however busy the page is, and reported only when it
 * differs from what was last reported. Stops with the content script's signal.
 */
import type { CartTotal } from '../../messages';
import { findTotal } from './find-total';

/** Long enough for a summary's several updates to land as one; short against a shopper opening the popup. */
export const READ_DELAY_MS = 250;

export function watchTotal(doc: Document, report: (total: CartTotal | null) => void, signal: AbortSignal): true {
  let last: string | undefined;
  const read = () => {
    timer = undefined;
    const total = findTotal(doc);
    const key = JSON.stringify(total);
    if (key === last) return;
    last = key;
    report(total);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A throttle, not a debounce: a page that never stops changing (a countdown) still gets read.
  const observer = new MutationObserver(() => {
    timer ??= setTimeout(read, READ_DELAY_MS);
  });
  observer.observe(doc.body ?? doc.documentElement, { subtree: true, childList: true, characterData: true });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
    },
    { once: true },
  );
  read();
  return true;
}
