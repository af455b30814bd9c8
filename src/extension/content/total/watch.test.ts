// @vitest-environment happy-dom
/** The watcher reports the total at once, again when the page's total changes, and not for other changes. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CartTotal } from '../../messages';
import { READ_DELAY_MS, watchTotal } from './watch';

afterEach(() => vi.useRealTimers());

/** Lets the MutationObserver's callback run, then the throttle's delay pass (fake clock: no real waiting). */
async function settle() {
  await Promise.resolve();
  await new Promise<void>((r) => queueMicrotask(r));
  vi.advanceTimersByTime(READ_DELAY_MS);
}

describe('watchTotal', () => {
  it('reports the first reading, each change, and stops with the signal', async () => {
    vi.useFakeTimers();
    document.documentElement.lang = 'en-US';
    document.body.innerHTML = `<p>Order total <span id="t">$54.90</span></p><p id="other">x</p>`;
    const reports: (CartTotal | null)[] = [];
    const controller = new AbortController();
    watchTotal(document, (t) => reports.push(t), controller.signal);
    expect(reports).toEqual([{ amount: 5490, currency: 'USD', text: '$54.90' }]);

    document.getElementById('other')!.textContent = 'y';
    await settle();
    expect(reports).toHaveLength(1);

    document.getElementById('t')!.textContent = '$49.41';
    await settle();
    expect(reports.at(-1)).toEqual({ amount: 4941, currency: 'USD', text: '$49.41' });

    document.body.innerHTML = '<p>Thanks!</p>';
    await settle();
    expect(reports.at(-1)).toBeNull();

    controller.abort();
    document.body.innerHTML = `<p>Order total $1.00</p>`;
    await settle();
    expect(reports).toHaveLength(3);
  });
});
