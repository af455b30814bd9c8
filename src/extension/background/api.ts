/**
 * The provider's API as the background's handlers call it: `api.call('cards.reveal', {id})`.
 * Routes that need a device token get this device's (from the vault, so the vault must be
 * unlocked); the others go out with none. Answers are parsed (see provider-client.ts).
 */
import { ROUTES, type CallInput, type CallOutput, type RouteName } from '../../protocol';
import { getSetting } from '../store';
import { callRoute } from './provider-client';
import { deviceSecret, requireKey } from './session';

export const api = {
  async call<N extends RouteName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    const baseUrl = await getSetting('providerUrl');
    if (ROUTES[name].auth !== 'device') return callRoute(name, input, { baseUrl });
    const secret = await deviceSecret(await requireKey());
    if (!secret) throw new Error('Sign in to your Veil account on the options page first.');
    return callRoute(name, input, { baseUrl, token: secret.token });
  },
};
