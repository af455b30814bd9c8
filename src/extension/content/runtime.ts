/**
 * The extension runtime as `RuntimeLike`, without webextension-polyfill: the polyfill
 * is ~10 KB minified, as much as all the detection rules, and this script is injected
 * into every frame of every page. Firefox's `browser.runtime` and Chrome MV3's
 * `chrome.runtime` both return promises from sendMessage; for replies, both accept
 * `sendResponse` + `return true`, which is what this adapter uses. The background may
 * keep using the polyfill: the messages on the wire are the same.
 */
import type { RuntimeLike, RuntimeListener } from './messaging';

type RawListener = (message: unknown, sender: unknown, respond: (reply: unknown) => void) => boolean;

interface RawRuntime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(cb: RawListener): void; removeListener(cb: RawListener): void };
}

export function extensionRuntime(): RuntimeLike {
  const g = globalThis as { browser?: { runtime?: RawRuntime }; chrome?: { runtime?: RawRuntime } };
  const runtime = g.browser?.runtime ?? g.chrome?.runtime;
  if (!runtime) throw new Error('not running in an extension');
  const raw = new Map<RuntimeListener, RawListener>();
  return {
    sendMessage: (message) => runtime.sendMessage(message),
    onMessage: {
      addListener(cb) {
        const listener: RawListener = (message, sender, respond) => {
          const reply = cb(message, sender);
          if (!reply) return false;
          reply.then(respond, (e: unknown) => respond({ ok: false, error: String(e) }));
          return true;
        };
        raw.set(cb, listener);
        runtime.onMessage.addListener(listener);
      },
      removeListener(cb) {
        const listener = raw.get(cb);
        if (listener) runtime.onMessage.removeListener(listener);
        raw.delete(cb);
      },
    },
  };
}
