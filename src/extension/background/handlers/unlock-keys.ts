/**
 * Passkeys and security keys that unlock the vault (WebAuthn PRF; the wrapping is in
 * store/unlock-keys.ts). The ceremony runs in the page (WebAuthn needs a document and
 * a user gesture); the page hands over the credential id and its PRF output, and only
 * here is the output turned into a key. The passphrase stays the other way in.
 */
import { webauthnRpId } from '../../../protocol';
import type { UnlockKeys } from '../../messages';
import type { Handlers } from '../router';
import {
  getSetting,
  opensVault,
  PRF_OUTPUT_LENGTH,
  rememberKey,
  unlockVault,
  unwrapVaultKey,
  updateSetting,
  wrapVaultKey,
  type UnlockKey,
} from '../../store';
import { base64ToBytes } from '../../store/base64';
import { requireKey, sessionState } from '../session';

type UnlockKeyHandlers = Pick<
  Handlers,
  'vault.unlockWithKey' | 'unlockKeys.list' | 'unlockKeys.add' | 'unlockKeys.remove'
>;

/** At most this many keys: each is one more way in, and the lock screen lists them all in one ceremony. */
const MAX_UNLOCK_KEYS = 10;

function prfBytes(prf: string): Uint8Array {
  const bytes = base64ToBytes(prf);
  if (bytes?.length !== PRF_OUTPUT_LENGTH) throw new Error('The key gave no PRF secret, so it cannot unlock Veil.');
  return bytes;
}

async function unlockKeys(): Promise<UnlockKeys> {
  const [providerUrl, keys] = await Promise.all([getSetting('providerUrl'), getSetting('unlockKeys')]);
  return {
    rpId: webauthnRpId(providerUrl),
    keys: keys.map(({ id, name, rpId, salt, createdAt }) => ({ id, name, rpId, salt, createdAt })),
  };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export const unlockKeyHandlers: UnlockKeyHandlers = {
  'unlockKeys.list': () => unlockKeys(),

  'unlockKeys.add': async ({ passphrase, name, id, rpId, salt, prf }) => {
    const key = await requireKey();
    const params = await getSetting('vaultParams');
    if (!params) throw new Error('No vault yet: create one with a passphrase first.');
    // Unlocked is not enough: whoever finds the browser open must not add a way in of their own.
    const again = await unlockVault(params, passphrase).catch(() => undefined);
    if (!again || !sameBytes(again, key)) throw new Error('That passphrase does not unlock this vault.');
    if ((await unlockKeys()).rpId !== rpId)
      throw new Error('The key was made for another provider address: try again.');
    const trimmed = name.trim().slice(0, 100) || 'Security key';
    const record = wrapVaultKey(key, prfBytes(prf), { id, name: trimmed, rpId, salt, createdAt: Date.now() });
    await updateSetting('unlockKeys', (keys) => {
      if (keys.some((k) => k.id === id)) throw new Error('This key already unlocks Veil.');
      if (keys.length >= MAX_UNLOCK_KEYS) throw new Error(`At most ${MAX_UNLOCK_KEYS} keys can unlock Veil.`);
      return [...keys, record];
    });
    return unlockKeys();
  },

  'unlockKeys.remove': async ({ id }) => {
    await requireKey();
    await updateSetting('unlockKeys', (keys) => keys.filter((k) => k.id !== id));
    return unlockKeys();
  },

  'vault.unlockWithKey': async ({ id, prf }) => {
    const params = await getSetting('vaultParams');
    if (!params) throw new Error('No vault yet: create one with a passphrase first.');
    const record: UnlockKey | undefined = (await getSetting('unlockKeys')).find((k) => k.id === id);
    if (!record) throw new Error('This key does not unlock Veil: use your passphrase.');
    let key: Uint8Array;
    try {
      key = unwrapVaultKey(record, prfBytes(prf));
    } catch {
      throw new Error('This key does not unlock Veil: use your passphrase.');
    }
    // The record could outlive its vault (a vault made again): the key must open this one.
    if (!opensVault(params, key)) throw new Error('This key does not unlock Veil: use your passphrase.');
    await rememberKey(key);
    return sessionState();
  },
};
