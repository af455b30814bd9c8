/**
 * Security-key ceremonies run in the extension page (WebAuthn needs a document and a
 * user gesture). The RP ID is the provider's host, named by the provider in the options
 * (rp.id, rpId) and passed on unchanged: an extension page may claim a host in its host
 * permissions (Chrome ≥ 122, Firefox ≥ 150). The page reports only its own origin,
 * which the provider checks against the signed client data.
 */
import browser from 'webextension-polyfill';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { Assertion } from '../../protocol';
import { send } from './messaging';

/**
 * The origin Firefox writes into an extension page's client data: not the page's
 * per-install moz-extension://<uuid>, but moz-extension:// and the SHA-256 of the
 * add-on id in letters a–p (one per half byte), the same on every install. Seen in
 * Firefox 153: the add-on id veil@veil.example gives moz-extension://gbnkpbeb….
 */
export async function firefoxWebAuthnOrigin(addonId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(addonId)));
  return `moz-extension://${Array.from(digest, (b) => String.fromCharCode(97 + (b >> 4), 97 + (b & 15))).join('')}`;
}

/** Where the ceremony runs, as the signed client data will name it. */
export const place = async () => ({
  origin: location.protocol === 'moz-extension:' ? await firefoxWebAuthnOrigin(browser.runtime.id) : location.origin,
});

export async function approveWithKey(authorizationId: string): Promise<Assertion> {
  const { challenge_id, options } = await send('confirm.challenge', { id: authorizationId, ...(await place()) });
  const credential = await startAuthentication({
    optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'],
  });
  return { challenge_id, credential: credential as unknown as Assertion['credential'] };
}

export async function registerKey(name: string, password: string) {
  const { challenge_id, options } = await send('keys.registerOptions', { name, password, ...(await place()) });
  const credential = await startRegistration({
    optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'],
  });
  return send('keys.register', { challenge_id, credential: credential as unknown as Assertion['credential'] });
}
