/**
 * The per-site switch for Veil's private connection, and what it means right now: the
 * shop sees Veil's address, or the shopper's, or — when the proxy cannot be reached —
 * that the site will not load through it (the browser never falls back to direct
 * without the shopper turning the switch off).
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { PrivateState } from '../../messages';
import { send } from '../messaging';

/** What the state means for the shopper, in one sentence. */
export function privateStatus(s: PrivateState): { text: string; tone: 'ok' | 'warn' | 'muted' } {
  if (!s.on) return { text: 'Off: the shop sees your address.', tone: 'muted' };
  if (!s.proxy)
    return s.credential
      ? { text: 'Your Veil provider offers no private connection: this site goes direct.', tone: 'warn' }
      : {
          text: `Private connection unavailable${s.trouble ? ` (${s.trouble})` : ''}. Unlock Veil or turn it off here.`,
          tone: 'warn',
        };
  if (!s.reachable)
    return {
      text: `Veil's private connection is unreachable: this site will not load until it is back. Turn it off here to connect directly (the shop then sees your address).`,
      tone: 'warn',
    };
  if (s.trouble) return { text: `The shop sees Veil's address. Last problem: ${s.trouble}`, tone: 'warn' };
  return { text: "The shop sees Veil's address, not yours.", tone: 'ok' };
}

export function PrivateConnection({ origin }: { origin: string }) {
  const [state, setState] = useState<PrivateState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    send('private.state', { origin }).then(setState, () => setState(null));
  }, [origin]);
  if (!state) return null;

  const toggle = async (box: HTMLInputElement) => {
    const on = box.checked;
    setBusy(true);
    setProblem(null);
    try {
      // The background answers the proxy's 407 and routes the site only with access to
      // it, and the browser grants that only during the shopper's click: ask first.
      if (on && !(await browser.permissions.request({ origins: [`${origin}/*`] }))) {
        setProblem(`Veil needs access to ${new URL(origin).host} to connect to it privately; the switch stays off.`);
        box.checked = false; // the state did not change, so no render puts it back
        return;
      }
      setState(await send('private.setSite', { origin, on }));
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const status = privateStatus(state);
  return (
    <section class="private-connection">
      <input
        id="private-switch"
        type="checkbox"
        checked={state.on}
        disabled={busy}
        onChange={(e) => void toggle(e.currentTarget)}
      />{' '}
      <label for="private-switch">Private connection</label>
      <p class={`small ${status.tone}`} data-testid="private-status">
        {problem ?? status.text}
      </p>
    </section>
  );
}
