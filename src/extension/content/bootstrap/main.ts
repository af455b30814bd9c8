/**
 * Content script bootstrap (`content.js`), injected into every frame: kept small,
 * because most frames never hold a form. It guards against double injection, answers
 * the background's requests, and stays idle until the frame has something form-like;
 * then it loads the heavy half (`engine.ts`, built as `content-main.js`) and lets it
 * detect at idle time, again after DOM changes (throttled). Nothing is filled without a
 * request from the background, which sends one only after the shopper clicked the
 * inline button or the toolbar popup. See README.md for the invariants.
 */
import type { FrameDetection } from '../../messages';
import type { Engine } from '../engine/engine';
import { listenForRequests, sendToBackground, type RuntimeLike } from './messaging';
import { addsFormLike, hasFormLike, shadowHasFormLike } from '../form-like';
import { extensionRuntime, extensionURL } from './runtime';
import { idleThrottle } from './scheduler';

type EngineModule = typeof import('../engine/engine');
type TotalModule = typeof import('../total/watch');

const GUARD = Symbol.for('veil.content');
/** The built file of `engine.ts` (see vite.config.ts); web-accessible, as a module import from a content script must be. */
const ENGINE_FILE = 'content-main.js';
/** The order reader (`total/watch.ts`: total and trial wording), a module of its own: only top frames of tabs with card fields load it. */
const TOTAL_FILE = 'content-total.js';

function start(runtime: RuntimeLike, load: () => Promise<EngineModule>, loadTotal: () => Promise<TotalModule>): void {
  const controller = new AbortController();
  const { signal } = controller;
  // A page leaving for good (not into the back/forward cache) takes everything with it.
  addEventListener('pagehide', (e) => e.persisted || controller.abort(), { signal });

  // Loaded once, on the first need: a form-like control, or a request from the background.
  // A failed load is not retried: the extension was reloaded or the file is missing.
  let engine: Promise<Engine> | null = null;
  const getEngine = (): Promise<Engine> =>
    (engine ??= load().then((m) =>
      m.createEngine({
        signal,
        report: async (summary) => {
          const reply = await sendToBackground(runtime, 'content.detected', summary);
          return {
            inlineButton: reply.ok && reply.value.inlineButton === true,
            held: reply.ok && reply.value.held === true,
          };
        },
        requestFill: () => void sendToBackground(runtime, 'content.fillRequested', {}),
      }),
    ));
  // The background asks the top frame once a frame of the tab has card fields: the order
  // summary and any free-trial wording are in the top document even when the card fields
  // are in a payment frame. Started once; frames other than the top never read (the
  // background asks frame 0 only).
  let watching: Promise<unknown> | null = null;
  const watchOrder = () => {
    if (window !== window.top) return;
    watching ??= loadTotal()
      .then((m) =>
        m.watchOrder(
          document,
          {
            total: (total) => void sendToBackground(runtime, 'content.cartTotal', { total }),
            trial: (trial) => void sendToBackground(runtime, 'content.trialOffer', { trial }),
          },
          signal,
        ),
      )
      .catch(() => undefined);
  };
  let active = false;
  const scan = async (): Promise<FrameDetection> => {
    const e = await getEngine();
    active = true;
    return e.scan();
  };
  const scanSoon = idleThrottle(() => void scan().catch(() => undefined), signal);

  listenForRequests(
    runtime,
    {
      'content.scan': () => scan(),
      'content.fill': async ({ merchantOrigin, paymentOrigins, values, held }) =>
        (await getEngine()).fill(merchantOrigin, paymentOrigins, values, held === true),
      'content.tabCard': async ({ held }) => ((await getEngine()).setHeld(held), null),
      'content.watchTotal': () => (watchOrder(), null),
    },
    signal,
  );

  // Nothing heavy until the frame has a form-like control (or grows one); once the
  // engine runs, every change is worth a (throttled) look.
  const observer = new MutationObserver((records) => {
    if (active || addsFormLike(records)) scanSoon();
  });
  observer.observe(document, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  if (hasFormLike(document)) {
    scanSoon();
    return;
  }
  // Forms that live only in open shadow roots: one look after load, at idle time.
  const lookInShadows = idleThrottle(() => {
    if (!active && shadowHasFormLike(document)) scanSoon();
  }, signal);
  if (document.readyState === 'complete') lookInShadows();
  else addEventListener('load', lookInShadows, { once: true, signal });
}

const flags = globalThis as typeof globalThis & { [GUARD]?: true };
if (!flags[GUARD]) {
  flags[GUARD] = true;
  // The module runs in this content script's isolated world (Chrome) or sandbox (Firefox), not the page's.
  start(
    extensionRuntime(),
    () => import(/* @vite-ignore */ extensionURL(ENGINE_FILE)) as Promise<EngineModule>,
    () => import(/* @vite-ignore */ extensionURL(TOTAL_FILE)) as Promise<TotalModule>,
  );
}
