/**
 * A virtual security key with user verification (and, when asked, PRF), in either
 * browser. Chromium: the DevTools WebAuthn domain, attached per page — a credential made
 * on one page is copied to another page's key, as the same physical key would be
 * plugged in there. Firefox: nsIWebAuthnService's virtual authenticators, reached in
 * the browser's privileged realm over BiDi (BiDi itself has no WebAuthn module; the
 * harness turns on the soft-token prefs), one per browser, seen by every page.
 */
import type { CDPSession } from 'playwright-core';
import { asChromium, asFirefox, type ExtensionBrowser, type Tab } from './browser';

/** A credential as the key holds it; `raw` is the browser's own form, for putting it back. */
export interface SavedCredential {
  rpId: string;
  raw: unknown;
}

export interface VirtualKey {
  credentials(): Promise<SavedCredential[]>;
  add(credentials: SavedCredential[]): Promise<void>;
  /** Unplugs the key: its credentials go with it (save them first with `credentials()`). */
  detach(): Promise<void>;
}

/** `prf`: the key answers the WebAuthn PRF extension (hmac-secret), as unlocking the vault needs (Firefox's always does). */
export async function attachSecurityKey(
  ext: ExtensionBrowser,
  tab: Tab,
  opts: { prf?: boolean } = {},
): Promise<VirtualKey> {
  return ext.name === 'firefox' ? firefoxKey(ext) : chromiumKey(ext, tab, opts.prf === true);
}

async function chromiumKey(ext: ExtensionBrowser, tab: Tab, prf: boolean): Promise<VirtualKey> {
  const chromium = asChromium(ext);
  const cdp: CDPSession = await chromium.context.newCDPSession(chromium.pageOf(tab));
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      hasPrf: prf,
    },
  });
  return {
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials.map((raw) => ({ rpId: raw.rpId ?? '', raw }));
    },
    async add(credentials) {
      for (const { raw } of credentials)
        await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: raw as never });
    },
    async detach() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    },
  };
}

const SERVICE = 'Cc["@mozilla.org/webauthn/service;1"].getService(Ci.nsIWebAuthnService)';

/** Firefox's keys serve every page: one plugged-in key per browser, until it is detached. */
const firefoxKeys = new WeakMap<ExtensionBrowser, Promise<VirtualKey>>();

function firefoxKey(ext: ExtensionBrowser): Promise<VirtualKey> {
  let key = firefoxKeys.get(ext);
  if (!key) firefoxKeys.set(ext, (key = plugInFirefoxKey(ext)));
  return key;
}

async function plugInFirefoxKey(ext: ExtensionBrowser): Promise<VirtualKey> {
  const firefox = asFirefox(ext);
  // protocol, transport, hasResidentKey, hasUserVerification, isUserConsenting, isUserVerified
  const id = await firefox.inChrome<string>(
    `String(${SERVICE}.addVirtualAuthenticator("ctap2_1", "usb", true, true, true, true))`,
  );
  const quoted = JSON.stringify(id);
  return {
    async credentials() {
      const all = await firefox.inChrome<string>(
        `JSON.stringify(${SERVICE}.getCredentials(${quoted}).map((c) => ({ credentialId: c.credentialId, isResidentCredential: c.isResidentCredential, rpId: c.rpId, privateKey: c.privateKey, userHandle: c.userHandle, signCount: c.signCount })))`,
      );
      return (JSON.parse(all) as { rpId: string }[]).map((raw) => ({ rpId: raw.rpId, raw }));
    },
    async add(credentials) {
      for (const { raw } of credentials) {
        const c = raw as Record<string, unknown>;
        await firefox.inChrome(
          `${SERVICE}.addCredential(${quoted}, ${[c.credentialId, c.isResidentCredential, c.rpId, c.privateKey, c.userHandle, c.signCount].map((v) => JSON.stringify(v)).join(', ')}), true`,
        );
      }
    },
    async detach() {
      firefoxKeys.delete(ext);
      await firefox.inChrome(`${SERVICE}.removeVirtualAuthenticator(${quoted}), true`);
    },
  };
}

/**
 * Makes `to` hold what `from` holds; answers the RP ID of each credential. In Firefox
 * one key serves every page, so there is nothing to copy.
 */
export async function copyCredentials(from: VirtualKey, to: VirtualKey): Promise<string[]> {
  const credentials = await from.credentials();
  if (from !== to) await to.add(credentials);
  return credentials.map((c) => c.rpId);
}
