/**
 * The private connection's proxy credential: fetched from the provider with the device
 * token (so only while the vault is unlocked), kept in storage.session (memory only,
 * unreadable by content scripts) and renewed before it expires. The browser asks for
 * it when the proxy answers 407 (webRequest.onAuthRequired); it goes only to the
 * proxy the provider named, never to a site that asks for credentials.
 */
import browser from 'webextension-polyfill';
import type { ProxyCredential } from '../../../protocol';
import { api } from '../api';
import { proxyCredential, proxyAddress, privateTrouble } from '../../store';

/** Renew this long before expiry: a page load must not race the credential's end. */
const RENEW_BEFORE_MS = 2 * 60_000;

export async function currentCredential(force = false): Promise<ProxyCredential | undefined> {
  const held = await proxyCredential.get();
  if (!force && held && Date.parse(held.expires_at) - Date.now() > RENEW_BEFORE_MS) return held;
  try {
    const fresh = await api.call('proxy.credential', {});
    await proxyCredential.set(fresh);
    if (fresh.proxy) await proxyAddress.set(fresh.proxy);
    else await proxyAddress.remove();
    return fresh;
  } catch (err) {
    await privateTrouble.set({ reason: `No private-connection credential: ${(err as Error).message}`, at: Date.now() });
    return held && Date.parse(held.expires_at) > Date.now() ? held : undefined;
  }
}

/** Requests already answered once: a second 407 means the credential was refused, so renew; a third, give up. */
const answered = new Map<string, number>();

interface AuthDetails {
  requestId: string;
  isProxy: boolean;
  challenger: { host: string; port: number };
}
type AuthAnswer = { authCredentials?: { username: string; password: string }; cancel?: boolean };

export async function answerProxyAuth(details: AuthDetails): Promise<AuthAnswer> {
  const proxy = await proxyAddress.get();
  // Not our proxy's challenge (a site's own login, another proxy): not ours to answer.
  if (!details.isProxy || !proxy || `${details.challenger.host}:${details.challenger.port}` !== proxy) return {};
  const tries = (answered.get(details.requestId) ?? 0) + 1;
  answered.set(details.requestId, tries);
  if (answered.size > 1000) answered.clear();
  if (tries > 2) {
    await privateTrouble.set({ reason: 'The private connection refused Veil’s credential.', at: Date.now() });
    return { cancel: true };
  }
  const cred = await currentCredential(tries > 1);
  if (!cred) return { cancel: true };
  return { authCredentials: { username: cred.username, password: cred.password } };
}

/** Registers the answer for both browsers: Chrome MV3 wants a callback ('asyncBlocking'), Firefox a promise. */
export function listenForProxyAuth(): void {
  const chromeApi = (globalThis as { chrome?: { webRequest?: ChromeWebRequest } }).chrome?.webRequest;
  const firefox = typeof (browser as unknown as { proxy?: { onRequest?: unknown } }).proxy?.onRequest !== 'undefined';
  if (!firefox && chromeApi?.onAuthRequired) {
    chromeApi.onAuthRequired.addListener(
      (details, callback) => void answerProxyAuth(details).then(callback, () => callback({ cancel: true })),
      { urls: ['<all_urls>'] },
      ['asyncBlocking'],
    );
    return;
  }
  browser.webRequest.onAuthRequired.addListener(
    (details) => answerProxyAuth(details as unknown as AuthDetails),
    { urls: ['<all_urls>'] },
    ['blocking'],
  );
}

interface ChromeWebRequest {
  onAuthRequired: {
    addListener(
      fn: (details: AuthDetails, callback: (answer: AuthAnswer) => void) => void,
      filter: { urls: string[] },
      extra: string[],
    ): void;
  };
}
