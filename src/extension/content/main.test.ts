// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

type Listener = (message: unknown, sender: unknown, respond: (reply: unknown) => void) => boolean;

/** A stand-in for chrome.runtime: records what the content script sends, delivers what the background would. */
function installRuntime() {
  const sent: unknown[] = [];
  const listeners: Listener[] = [];
  const runtime = {
    sendMessage: vi.fn(async (m: unknown) => {
      sent.push(m);
      return { ok: true, value: null };
    }),
    onMessage: { addListener: (l: Listener) => listeners.push(l), removeListener: () => undefined },
  };
  (globalThis as unknown as { chrome: unknown }).chrome = { runtime };
  const request = (message: unknown) =>
    new Promise((resolve) => {
      const answered = listeners.map((l) => l(message, {}, resolve));
      if (!answered.some(Boolean)) resolve(undefined);
    });
  return { sent, listeners, request };
}

describe('content script bootstrap', () => {
  it('detects once the page has a form, reports it, answers scans, and ignores a second injection', async () => {
    document.body.innerHTML = '<form><label for="n">Card number</label><input id="n"><label for="c">CVC</label><input id="c"></form>';
    const { sent, listeners, request } = installRuntime();
    await import('./main');
    await vi.waitFor(() => expect(sent).toContainEqual({ kind: 'content.detected', cardFields: 2, addressFields: 0, checkout: true }));
    expect(await request({ kind: 'content.scan' })).toEqual({ ok: true, value: { cardFields: 2, addressFields: 0, checkout: true } });
    expect(await request({ kind: 'someone.else' })).toBeUndefined();

    // A second injection into the same world (a re-run of the file) must not start twice.
    vi.resetModules();
    await import('./main');
    expect(listeners).toHaveLength(1);
  });
});
