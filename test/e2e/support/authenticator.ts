/**
 * Chromium's virtual authenticator (DevTools WebAuthn domain): a security key with
 * user verification, attached per page. A credential made on one page is copied to
 * another page's authenticator, as the same physical key would be plugged in there.
 * Chromium-only: Firefox's BiDi server has no virtual authenticator.
 */
import type { CDPSession } from 'playwright-core';
import { asChromium, type ExtensionBrowser, type Tab } from './browser';

export interface VirtualKey {
  cdp: CDPSession;
  authenticatorId: string;
}

/** `prf`: the key answers the WebAuthn PRF extension (hmac-secret), as unlocking the vault needs. */
export async function attachSecurityKey(
  ext: ExtensionBrowser,
  tab: Tab,
  opts: { prf?: boolean } = {},
): Promise<VirtualKey> {
  const chromium = asChromium(ext);
  const cdp = await chromium.context.newCDPSession(chromium.pageOf(tab));
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      hasPrf: opts.prf === true,
    },
  });
  return { cdp, authenticatorId };
}

/** Copies every credential; answers the RP ID of each. */
export async function copyCredentials(from: VirtualKey, to: VirtualKey): Promise<string[]> {
  const { credentials } = await from.cdp.send('WebAuthn.getCredentials', { authenticatorId: from.authenticatorId });
  for (const credential of credentials)
    await to.cdp.send('WebAuthn.addCredential', { authenticatorId: to.authenticatorId, credential });
  return credentials.map((c) => c.rpId ?? '');
}

/** Unplugs the key: its credentials go with it (save them first with `credentialsOf`). */
export async function detach(key: VirtualKey): Promise<void> {
  await key.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: key.authenticatorId });
}

export async function credentialsOf(key: VirtualKey) {
  return (await key.cdp.send('WebAuthn.getCredentials', { authenticatorId: key.authenticatorId })).credentials;
}

export async function addCredentials(key: VirtualKey, credentials: Awaited<ReturnType<typeof credentialsOf>>) {
  for (const credential of credentials)
    await key.cdp.send('WebAuthn.addCredential', { authenticatorId: key.authenticatorId, credential });
}
