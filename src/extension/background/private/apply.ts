/**
 * Puts the private-connection plan (plan.ts) into the browser: Chrome through
 * proxy.settings with a PAC script naming only the private origins, Firefox through
 * proxy.onRequest answering per request. While any site is private, WebRTC may use
 * only proxied connections (privacy.network.webRTCIPHandlingPolicy), so a page's
 * peer connection cannot reveal the shopper's address around the proxy.
 *
 * Recomputed whenever a choice, the card list or the proxy's address changes, and at
 * every start of the worker (which holds nothing in memory it cannot rebuild).
 */
import browser from 'webextension-polyfill';
import { cardsFor, getSetting, privateTrouble, proxyAddress } from '../../store';
import { pacScript, planIsEmpty, privatePlan, proxied, type PrivatePlan } from './plan';

/** Firefox's proxy.onRequest answers from this; rebuilt on demand after a restart. */
let current: { plan: PrivatePlan; proxy: string | undefined } | undefined;

export async function computePlan(): Promise<{ plan: PrivatePlan; proxy: string | undefined }> {
  const [prefs, cards, providerUrl, proxy] = await Promise.all([
    getSetting('privateConnection'),
    cardsFor(),
    getSetting('providerUrl'),
    proxyAddress.get(),
  ]);
  const live = cards.filter((c) => c.state !== 'closed');
  return { plan: privatePlan(prefs, live, new URL(providerUrl).origin), proxy };
}

interface ChromeSetting {
  set(details: { value: unknown; scope?: string }): Promise<void>;
  clear(details: { scope?: string }): Promise<void>;
}
const chromeApi = () =>
  (
    globalThis as {
      chrome?: {
        proxy?: { settings?: ChromeSetting; onProxyError?: { addListener(fn: (d: { error: string }) => void): void } };
        privacy?: { network?: { webRTCIPHandlingPolicy?: ChromeSetting } };
      };
    }
  ).chrome;
const isFirefox = () =>
  typeof (browser as unknown as { proxy?: { onRequest?: unknown } }).proxy?.onRequest !== 'undefined';

export async function applyPrivateConnection(): Promise<void> {
  current = await computePlan();
  const { plan, proxy } = current;
  const on = !planIsEmpty(plan) && proxy !== undefined;
  if (!isFirefox()) {
    const settings = chromeApi()?.proxy?.settings;
    if (settings) {
      if (on)
        await settings.set({
          value: { mode: 'pac_script', pacScript: { data: pacScript(plan, proxy) } },
          scope: 'regular',
        });
      else await settings.clear({ scope: 'regular' });
    }
  }
  const webrtc = (browser as unknown as { privacy?: { network?: { webRTCIPHandlingPolicy?: ChromeSetting } } }).privacy
    ?.network?.webRTCIPHandlingPolicy;
  if (webrtc) {
    if (on) await webrtc.set({ value: 'disable_non_proxied_udp' }).catch(() => undefined);
    else await webrtc.clear({}).catch(() => undefined);
  }
}

/** Registers what must be registered at the worker's start: Firefox's per-request answer, and proxy errors in both. */
export function listenForProxying(): void {
  if (isFirefox()) {
    const proxyApi = (
      browser as unknown as {
        proxy: {
          onRequest: { addListener(fn: (d: { url: string }) => unknown, filter: { urls: string[] }): void };
          onError: { addListener(fn: (e: { message: string }) => void): void };
        };
      }
    ).proxy;
    proxyApi.onRequest.addListener(
      async (details) => {
        current ??= await computePlan();
        const { plan, proxy } = current;
        // Not private: no answer, so the browser's own proxy settings decide (never forced direct).
        if (!proxy || !proxied(plan, details.url)) return undefined;
        const [host, port] = splitHostPort(proxy);
        // An HTTP proxy is handed the name (CONNECT shop.example:443, or the absolute URL), so the
        // proxy resolves it and the shopper's resolver never sees it (proxyDNS is for SOCKS only).
        return { type: 'http', host, port };
      },
      { urls: ['<all_urls>'] },
    );
    proxyApi.onError.addListener((e) => void privateTrouble.set({ reason: e.message, at: Date.now() }));
  } else {
    chromeApi()?.proxy?.onProxyError?.addListener((d) => void privateTrouble.set({ reason: d.error, at: Date.now() }));
  }
  browser.webRequest.onErrorOccurred.addListener(
    (d) => {
      if (/PROXY/i.test(d.error)) void privateTrouble.set({ reason: d.error, at: Date.now() });
    },
    { urls: ['<all_urls>'] },
  );
}

function splitHostPort(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i).replace(/^\[|\]$/g, ''), Number(address.slice(i + 1))];
}

/** Whether the proxy answers at all (any HTTP answer, even 400 or 407, means it is there). */
export async function proxyReachable(address: string): Promise<boolean> {
  try {
    await fetch(`http://${address}/`, { signal: AbortSignal.timeout(3000), cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}
