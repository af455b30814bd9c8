/**
 * The content script's heavy half, built as its own module (`content-main.js`) and
 * loaded by the bootstrap (`main.ts`) only in frames that have something form-like:
 * the detector with its rules, the filler and the inline button. It never talks to the
 * extension itself: the bootstrap owns the messaging and hands in what to call.
 */
import type { FillValues, FrameDetection } from '../../messages';
import { detect } from '../detect/detect';
import { looksVisible } from '../detect/visibility';
import { fillFrame } from '../fill/fill-frame';
import { createInlineButton } from './inline-button';

export interface EngineHost {
  signal: AbortSignal;
  /**
   * A new summary of what this frame holds (only when it changed). Resolves to the
   * background's answer: may this frame show the inline button (judged from the
   * browser's sender information; until it answers, no button), and do the tab's other
   * frames complete this frame's held card fields (background/tab-card-form.ts)?
   */
  report(summary: FrameDetection): Promise<{ inlineButton: boolean; held: boolean }>;
  /** The shopper clicked the inline button (a trusted click). */
  requestFill(): void;
}

export interface Engine {
  /** Detects afresh, reports a changed summary, moves the inline button. */
  scan(): FrameDetection;
  /** Fills this frame if it may be filled (`held`: its held card fields too); throws when it must not be. */
  fill(
    merchantOrigin: string,
    paymentOrigins: readonly string[],
    values: FillValues,
    held: boolean,
  ): { filled: number };
  /** The tab's verdict on this frame's held card fields changed. */
  setHeld(held: boolean): void;
}

/**
 * True only in the corpus runner's timing build (test/corpus/extension-timing.ts). The
 * shipped build defines it false (vite.config.ts), so the minifier drops the branch;
 * unit tests leave it undefined.
 */
declare const __VEIL_SCAN_TIMING__: boolean | undefined;
const SCAN_TIMING = typeof __VEIL_SCAN_TIMING__ !== 'undefined' && __VEIL_SCAN_TIMING__;

/** Timing build: the first detection's duration, left on the root element for the runner to read. */
function timedDetect(): ReturnType<typeof detect> {
  const t0 = performance.now();
  const detection = detect(document);
  const root = document.documentElement;
  if (!root.hasAttribute('data-veil-scan-ms')) root.setAttribute('data-veil-scan-ms', String(performance.now() - t0));
  return detection;
}

export function createEngine(host: EngineHost): Engine {
  let reported = '';
  const button = createInlineButton(host.requestFill, host.signal);
  // A frame the background does not allow (an ad, a widget) never shows the button.
  let buttonAllowed = false;
  // Held card fields (an expiry-only frame; a number whose CVC is in another frame) count once the tab says so.
  let heldCounts = false;
  let numberFields: HTMLElement[] = [];
  let heldNumbers: HTMLElement[] = [];
  // Visibility (which reads layout) only for the one field that gets the button, and the
  // cheap judgment: the full one runs when the button is clicked and at fill time.
  const showButton = () => {
    const numbers = heldCounts ? [...numberFields, ...heldNumbers] : numberFields;
    button.attach(buttonAllowed ? (numbers.find((el) => looksVisible(el)) ?? null) : null);
  };
  return {
    scan() {
      const detection = SCAN_TIMING ? timedDetect() : detect(document);
      const summary = detection.summary;
      numberFields = detection.fields.filter((f) => f.token === 'cc-number').map((f) => f.element);
      heldNumbers = detection.held.filter((f) => f.token === 'cc-number').map((f) => f.element);
      const key = JSON.stringify(summary);
      if (key !== reported) {
        reported = key;
        void host.report(summary).then((answer) => {
          buttonAllowed = answer.inlineButton;
          heldCounts = answer.held;
          showButton();
        });
      }
      showButton();
      return summary;
    },
    // The values are used for this one call and dropped: nothing card-related is kept here.
    fill: (merchantOrigin, paymentOrigins, values, held) =>
      fillFrame(merchantOrigin, paymentOrigins, values, window, held),
    setHeld(held) {
      heldCounts = held;
      showButton();
    },
  };
}
