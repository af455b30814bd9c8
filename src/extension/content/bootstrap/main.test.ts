// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

type Listener = (message: unknown, sender: unknown, respond: (reply: unknown) => void) => boolean;

/** A stand-in for chrome.runtime: records what the content script sends, delivers what the background would. */
function installRuntime() {
  const sent: unknown[] = [];
  const listeners: Listener[] = [];
  const runtime = {
    sendMessage: vi.fn(async (m: { kind?: string }) => {
      sent.push(m);
      return { ok: true, value: m.kind === 'content.detected' ? { inlineButton: true } : null };
    }),
    onMessage: { addListener: (l: Listener) => listeners.push(l), removeListener: () => undefined },
    // The bootstrap imports the engine from the extension's files; here, from the source
    // (resolved relative to main.ts, the importer).
    getURL: vi.fn((path: string) =>
      path === 'content-main.js'
        ? '../engine/engine.ts'
        : path === 'content-total.js'
          ? '../total/watch.ts'
          : `missing:${path}`,
    ),
  };
  (globalThis as unknown as { chrome: unknown }).chrome = { runtime };
  const request = (message: unknown) =>
    new Promise((resolve) => {
      const answered = listeners.map((l) => l(message, {}, resolve));
      if (!answered.some(Boolean)) resolve(undefined);
    });
  return { sent, listeners, request, runtime };
}

/** A fresh injection: the previous one torn down (the page "left"), the guard cleared, the module re-run. */
async function inject(): Promise<void> {
  dispatchEvent(new Event('pagehide'));
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('veil.content')];
  vi.resetModules();
  await import('./main');
}

// The bootstrap waits for idle time and then imports the engine: on a loaded 2-core CI machine that can pass a second.
const LOADED_MACHINE = { timeout: 10_000 };
const FILL = {
  kind: 'content.fill',
  merchantOrigin: 'http://localhost:3000',
  paymentOrigins: [],
  values: { billing: { 'postal-code': '12345' } },
};

describe('content script bootstrap', () => {
  it('detects once the page has a form, reports it, answers scans, and ignores a second injection', async () => {
    document.body.innerHTML =
      '<p>7-day free trial, then $9.99/month</p>' +
      '<form><label for="n">Card number</label><input id="n"><label for="c">CVC</label><input id="c"></form>';
    const { sent, listeners, request } = installRuntime();
    await import('./main');
    await vi.waitFor(
      () => expect(sent).toContainEqual({ kind: 'content.detected', cardFields: 2, addressFields: 0, checkout: true }),
      LOADED_MACHINE,
    );
    expect(await request({ kind: 'content.scan' })).toEqual({
      ok: true,
      value: { cardFields: 2, addressFields: 0, checkout: true },
    });
    expect(await request({ kind: 'someone.else' })).toBeUndefined();
    // Trial wording is not the detector's: it is read with the total, once the background asks.
    expect(sent.map((m) => (m as { kind: string }).kind)).not.toContain('content.trialOffer');

    // A second injection into the same world (a re-run of the file) must not start twice.
    vi.resetModules();
    await import('./main');
    expect(listeners).toHaveLength(1);
  });

  it('stays idle (the engine is not even loaded) until the page grows a control', async () => {
    document.body.innerHTML = '<p>An article</p><input type="search"><input type="hidden" name="t">';
    const { sent, runtime } = installRuntime();
    await inject();
    await new Promise((r) => setTimeout(r, 50));
    expect(runtime.getURL).not.toHaveBeenCalled();
    expect(sent).toEqual([]);

    const form = document.createElement('form');
    form.innerHTML = '<label for="z">Postal code</label><input id="z"><label for="s">Street</label><input id="s">';
    document.body.append(form);
    await vi.waitFor(
      () => expect(sent).toContainEqual({ kind: 'content.detected', cardFields: 0, addressFields: 2, checkout: false }),
      LOADED_MACHINE,
    );
    expect(runtime.getURL).toHaveBeenCalledWith('content-main.js');
  });

  it('loads the engine on demand to answer a request in a frame that had nothing form-like', async () => {
    document.body.innerHTML = '<p>Nothing here</p>';
    const { request, runtime } = installRuntime();
    await inject();
    expect(runtime.getURL).not.toHaveBeenCalled();
    expect(await request({ kind: 'content.scan' })).toEqual({
      ok: true,
      value: { cardFields: 0, addressFields: 0, checkout: false },
    });
    // A fill is the engine's to refuse (happy-dom's window cannot say which site it is in).
    expect(await request(FILL)).toEqual({ ok: false, error: 'not filled: this frame cannot tell which site it is in' });
    expect(runtime.getURL).toHaveBeenCalledTimes(1);
  });

  it('reads the order total and trial wording only when asked, with the reader alone (no engine), and reports them', async () => {
    document.documentElement.lang = 'en-US';
    document.body.innerHTML =
      '<p>First month free, then $12/month.</p>\n' +
      '<aside><table><tr><th>Order total</th><td>$54.90</td></tr></table></aside>';
    const { sent, request, runtime } = installRuntime();
    await inject();
    await new Promise((r) => setTimeout(r, 50));
    // A page without forms: nothing loaded, nothing read, nothing sent.
    expect(runtime.getURL).not.toHaveBeenCalled();
    expect(sent).toEqual([]);

    expect(await request({ kind: 'content.watchTotal' })).toEqual({ ok: true, value: null });
    await vi.waitFor(
      () =>
        expect(sent).toContainEqual({
          kind: 'content.cartTotal',
          total: { amount: 5490, currency: 'USD', text: '$54.90' },
        }),
      LOADED_MACHINE,
    );
    expect(sent).toContainEqual({
      kind: 'content.trialOffer',
      trial: { count: 1, unit: 'month', phrase: 'first month free', then: '$12/month' },
    });
    expect(runtime.getURL).toHaveBeenCalledWith('content-total.js');
    expect(runtime.getURL).not.toHaveBeenCalledWith('content-main.js');
    // Asked again (another frame reported card fields): still one reader, no second report of the same total.
    await request({ kind: 'content.watchTotal' });
    await new Promise((r) => setTimeout(r, 50));
    expect(sent.filter((m) => (m as { kind: string }).kind === 'content.cartTotal')).toHaveLength(1);
    expect(sent.filter((m) => (m as { kind: string }).kind === 'content.trialOffer')).toHaveLength(1);
  });

  it('answers with an error when the engine cannot be loaded, and fills nothing', async () => {
    document.body.innerHTML = '';
    const { request, runtime } = installRuntime();
    runtime.getURL.mockImplementation((path: string) => `./missing-${path}`);
    await inject();
    expect(await request({ kind: 'content.scan' })).toMatchObject({ ok: false });
    expect(await request(FILL)).toMatchObject({ ok: false });
  });
});
