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
  getURL(path: string): string;
  onMessage: { addListener(cb: RawListener): void; removeListener(cb: RawListener): void };
}

function rawRuntime(): RawRuntime {
  const g = globalThis as { browser?: { runtime?: RawRuntime }; chrome?: { runtime?: RawRuntime } };
  const runtime = g.browser?.runtime ?? g.chrome?.runtime;
  if (!runtime) throw new Error('not running in an extension');
  return runtime;
}

/**
 * The URL of one of the extension's files. For a web-accessible resource declared with
 * `use_dynamic_url`, Chrome answers with the per-session dynamic URL (the only one
 * that loads it); Firefox ignores the flag and answers its per-install moz-extension URL.
 */
export const extensionURL = (path: string): string => rawRuntime().getURL(path);

export function extensionRuntime(): RuntimeLike {
  const runtime = rawRuntime();
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
