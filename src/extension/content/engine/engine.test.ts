// @vitest-environment happy-dom
/** The engine builds its inline button only when it has a card number to show it in. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from './engine';

afterEach(() => vi.restoreAllMocks());

describe('engine', () => {
  it('detects a page without a card number without building the inline button', async () => {
    document.body.innerHTML =
      '<form><label for="s">Street</label><input id="s"><label for="z">Postal code</label><input id="z"></form>';
    const made = vi.spyOn(document, 'createElement');
    const controller = new AbortController();
    const report = vi.fn(async () => ({ inlineButton: true, held: false }));
    const engine = createEngine({ signal: controller.signal, report, requestFill: () => undefined });
    expect(engine.scan()).toEqual({ cardFields: 0, addressFields: 2, checkout: false });
    await vi.waitFor(() => expect(report).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    engine.setHeld(true);
    expect(made.mock.calls.map(([tag]) => tag)).not.toContain('veil-fill-button');
    controller.abort();
  });
});
