/** Vault, provider address and account: the handlers behind the options page's first section. */
import browser from 'webextension-polyfill';
import type { Session } from '../../../protocol';
import type { Handlers } from '../router';
import {
  clearCards,
  clearEvents,
  clearSecrets,
  createVault,
  deleteSecret,
  forgetKey,
  getSetting,
  putSecret,
  rememberKey,
  setSetting,
  unlockVault,
} from '../../store';
import { api } from '../api';
import { DEVICE_SECRET, deviceName, deviceSecret, requireKey, sessionState } from '../session';

type AccountHandlers = Pick<
  Handlers,
  | 'session.get'
  | 'vault.create'
  | 'vault.unlock'
  | 'vault.lock'
  | 'account.setProvider'
  | 'account.signUp'
  | 'account.signIn'
  | 'account.signOut'
  | 'account.me'
  | 'devices.list'
  | 'devices.revoke'
>;

function checkProviderUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('Enter the provider address as a URL, like https://veil.example.');
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:'))
    throw new Error('The provider must use https (plain http only for 127.0.0.1 or localhost).');
  return url.origin;
}

async function startSession(session: Session, email: string) {
  const key = await requireKey();
  await putSecret(key, DEVICE_SECRET, JSON.stringify({ token: session.device_token, deviceId: session.device_id }));
  await setSetting('email', email);
  return sessionState();
}

export const accountHandlers: AccountHandlers = {
  'session.get': () => sessionState(),

  'vault.create': async ({ passphrase }) => {
    if ((await getSetting('vaultParams')) !== undefined)
      throw new Error('This browser already has a Veil vault: unlock it instead.');
    const { params, key } = await createVault(passphrase);
    await setSetting('vaultParams', params);
    await rememberKey(key);
    return sessionState();
  },

  'vault.unlock': async ({ passphrase }) => {
    const params = await getSetting('vaultParams');
    if (!params) throw new Error('No vault yet: create one with a passphrase first.');
    try {
      await rememberKey(await unlockVault(params, passphrase));
    } catch {
      throw new Error('That passphrase does not unlock this vault.');
    }
    return sessionState();
  },

  'vault.lock': async () => {
    await forgetKey();
    return sessionState();
  },

  'account.setProvider': async ({ providerUrl }) => {
    const origin = checkProviderUrl(providerUrl);
    const granted = await browser.permissions.contains({ origins: [`${origin}/*`] });
    if (!granted) throw new Error(`Veil needs permission to talk to ${origin}: allow it when asked.`);
    if (origin !== (await getSetting('providerUrl'))) {
      // Another provider means another account: this device's token is meaningless there.
      await deleteSecret(DEVICE_SECRET);
      await Promise.all([clearCards(), clearEvents(), setSetting('email', '')]);
    }
    await setSetting('providerUrl', origin);
    return sessionState();
  },

  'account.signUp': async ({ email, password }) => {
    await requireKey();
    const session = await api.call('account.signUp', { body: { email, password, device_name: deviceName() } });
    return startSession(session, email.trim().toLowerCase());
  },

  'account.signIn': async ({ email, password }) => {
    await requireKey();
    const session = await api.call('account.signIn', { body: { email, password, device_name: deviceName() } });
    return startSession(session, email.trim().toLowerCase());
  },

  'account.signOut': async () => {
    const key = await requireKey();
    const secret = await deviceSecret(key);
    if (secret) {
      // Revoke this device's token at the provider; sign out locally even if it is unreachable.
      await api.call('devices.revoke', { id: secret.deviceId }).catch(() => undefined);
    }
    await clearSecrets();
    await Promise.all([clearCards(), clearEvents(), setSetting('email', '')]);
    return sessionState();
  },

  'account.me': () => api.call('account.me', {}),

  'devices.list': async () => (await api.call('devices.list', {})).devices,

  'devices.revoke': async ({ id }) => {
    await api.call('devices.revoke', { id });
    return null;
  },
};
