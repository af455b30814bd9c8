/**
 * Security-key ceremonies run in the extension page (WebAuthn needs a document and a
 * user gesture). The RP ID is the provider's host, named by the provider in the options
 * (rp.id, rpId) and passed on unchanged: an extension page may claim a host in its host
 * permissions (Chrome ≥ 122, Firefox ≥ 150). The page reports only its own origin,
 * which the provider checks against the signed client data.
 */
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { Assertion } from '../../protocol';
import { send } from './messaging';

export const place = () => ({ origin: location.origin });

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
