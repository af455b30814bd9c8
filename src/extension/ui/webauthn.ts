/**
 * Security-key ceremonies run in the extension page (WebAuthn needs a document and a
 * user gesture). The RP ID is this page's host: in Chrome, the extension id.
 */
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { Assertion } from '../../protocol';
import { send } from './messaging';

export const place = () => ({ rp_id: location.host, origin: location.origin });

export async function approveWithKey(authorizationId: string): Promise<Assertion> {
  const { challenge_id, options } = await send('confirm.challenge', { id: authorizationId, ...place() });
  const credential = await startAuthentication({
    optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'],
  });
  return { challenge_id, credential: credential as unknown as Assertion['credential'] };
}

export async function registerKey(name: string, password: string) {
  const { challenge_id, options } = await send('keys.registerOptions', { name, password, ...place() });
  const credential = await startRegistration({
    optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'],
  });
  return send('keys.register', { challenge_id, credential: credential as unknown as Assertion['credential'] });
}
