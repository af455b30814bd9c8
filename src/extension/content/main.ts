/**
 * Content script bootstrap, injected into every frame. It stays idle until the page
 * has something form-like; then it detects at idle time (again after DOM changes,
 * throttled), reports what it found to the background, shows the inline button in
 * the card-number field, and fills when the background asks — after the shopper
 * clicked the inline button or the toolbar popup. See README.md for the invariants.
 */
import type { FrameDetection } from '../messages';
import { detect, type Detection } from './detect/detect';
import { isVisible } from './detect/visibility';
import { fillFrame } from './fill/fill-frame';
import { createInlineButton } from './inline-button';
import { listenForRequests, sendToBackground, type RuntimeLike } from './messaging';
import { extensionRuntime } from './runtime';
import { idleThrottle } from './scheduler';

const GUARD = Symbol.for('veil.content');
const FORM_LIKE = 'input, select, textarea, form';

function start(runtime: RuntimeLike): void {
  const controller = new AbortController();
  const { signal } = controller;
  // A page leaving for good (not into the back/forward cache) takes everything with it.
  addEventListener('pagehide', (e) => e.persisted || controller.abort(), { signal });

  let detection: Detection | null = null;
  let reported = '';
  const button = createInlineButton(() => void sendToBackground(runtime, 'content.fillRequested', {}), signal);

  const scan = (): FrameDetection => {
    detection = detect(document);
    const summary = detection.summary;
    const key = JSON.stringify(summary);
    if (key !== reported) {
      reported = key;
      void sendToBackground(runtime, 'content.detected', summary);
    }
    button.attach(detection.fields.find((f) => f.token === 'cc-number' && isVisible(f.element))?.element ?? null);
    return summary;
  };
  const scanSoon = idleThrottle(scan, signal);

  listenForRequests(
    runtime,
    {
      'content.scan': () => scan(),
      // The values are used for this one call and dropped: nothing card-related is kept here.
      'content.fill': ({ merchantOrigin, values }) => fillFrame(merchantOrigin, values),
    },
    signal,
  );

  // Nothing heavy until the page has a form-like element (or grows one).
  const formLike = () => document.querySelector(FORM_LIKE) !== null;
  const observer = new MutationObserver(() => {
    if (detection || formLike()) scanSoon();
  });
  observer.observe(document, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  if (formLike()) scanSoon();
  // Forms that live only in shadow roots show nothing to querySelector: one idle scan after load.
  else if (document.readyState === 'complete') scanSoon();
  else addEventListener('load', scanSoon, { once: true, signal });
}

const flags = globalThis as typeof globalThis & { [GUARD]?: true };
if (!flags[GUARD]) {
  flags[GUARD] = true;
  start(extensionRuntime());
}
