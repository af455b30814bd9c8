/**
 * Keeps what the top page says about the order current for the background: its total
 * and its free-trial wording. Read once when asked — the background asks only once a
 * frame of the tab reported card fields, so pages without them never pay for it and a
 * checkout pays after its detection, not during it — then again after the page changes
 * (a coupon applied, a shipping choice), at most once per `READ_DELAY_MS` however busy
 * the page is, each reported only when it differs from what was last reported. Stops
 * with the content script's signal.
 */
import type { CartTotal, TrialOffer } from '../../messages';
import { detectTrial } from '../trial/detect-trial';
import { findTotal } from './find-total';

/** Long enough for a summary's several updates to land as one; short against a shopper opening the popup. */
export const READ_DELAY_MS = 250;

export interface OrderReports {
  total(total: CartTotal | null): void;
  /** The shop's own words about a trial are on its top page (the card form may sit in a frame). */
  trial(trial: TrialOffer | null): void;
}

/** Calls `report` with each new value of `read`, skipping repeats. */
function changes<T>(read: () => T, report: (value: T) => void): () => void {
  let last: string | undefined;
  return () => {
    const value = read();
    const key = JSON.stringify(value);
    if (key === last) return;
    last = key;
    report(value);
  };
}

export function watchOrder(doc: Document, report: OrderReports, signal: AbortSignal): true {
  const readTotal = changes(() => findTotal(doc), report.total);
  // textContent, not innerText: no layout. The trial rules scan the whole text, so they
  // run again only when the text itself changed, not on every attribute or node shuffle.
  let text: string | undefined;
  let trial: TrialOffer | null = null;
  const readTrial = changes(() => {
    const now = doc.body?.textContent ?? '';
    if (now !== text) trial = detectTrial((text = now));
    return trial;
  }, report.trial);
  const read = () => {
    timer = undefined;
    readTotal();
    readTrial();
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
