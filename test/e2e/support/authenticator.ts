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

export async function attachSecurityKey(ext: ExtensionBrowser, tab: Tab): Promise<VirtualKey> {
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
    },
  });
  return { cdp, authenticatorId };
}

export async function copyCredentials(from: VirtualKey, to: VirtualKey): Promise<number> {
  const { credentials } = await from.cdp.send('WebAuthn.getCredentials', { authenticatorId: from.authenticatorId });
  for (const credential of credentials)
    await to.cdp.send('WebAuthn.addCredential', { authenticatorId: to.authenticatorId, credential });
  return credentials.length;
}
