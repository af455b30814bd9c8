// @vitest-environment happy-dom
/** The watcher reports the total and trial wording at once, again when either changes, and not for other changes. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CartTotal, TrialOffer } from '../../messages';
import { READ_DELAY_MS, watchOrder } from './watch';

afterEach(() => vi.useRealTimers());

/** Lets the MutationObserver's callback run, then the throttle's delay pass (fake clock: no real waiting). */
async function settle() {
  await Promise.resolve();
  await new Promise<void>((r) => queueMicrotask(r));
  vi.advanceTimersByTime(READ_DELAY_MS);
}

describe('watchOrder', () => {
  it('reports the first reading, each change, and stops with the signal', async () => {
    vi.useFakeTimers();
    document.documentElement.lang = 'en-US';
    document.body.innerHTML = `<p>Order total <span id="t">$54.90</span></p><p id="other">x</p>`;
    const reports: (CartTotal | null)[] = [];
    const controller = new AbortController();
    watchOrder(document, { total: (t) => reports.push(t), trial: () => undefined }, controller.signal);
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

  it('reports the trial wording at once, again when it changes, and not while the text stays the same', async () => {
    vi.useFakeTimers();
    document.body.innerHTML = `<p id="offer">7-day free trial, then $9.99/month.</p><input id="i">`;
    const trials: (TrialOffer | null)[] = [];
    const controller = new AbortController();
    watchOrder(document, { total: () => undefined, trial: (t) => trials.push(t) }, controller.signal);
    expect(trials).toEqual([{ count: 7, unit: 'day', phrase: '7-day free trial', then: '$9.99/month' }]);

    document.getElementById('i')!.setAttribute('value', 'x');
    document.body.append(document.createElement('div'));
    await settle();
    expect(trials).toHaveLength(1);

    document.getElementById('offer')!.textContent = 'Prova gratuita di 30 giorni';
    await settle();
    expect(trials.at(-1)).toEqual({ count: 30, unit: 'day', phrase: 'prova gratuita di 30 giorni' });

    document.getElementById('offer')!.textContent = 'Thanks for your order';
    await settle();
    expect(trials.at(-1)).toBeNull();
    controller.abort();
  });
});
