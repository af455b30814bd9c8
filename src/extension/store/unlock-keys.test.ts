import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from '@noble/ciphers/utils.js';
import { base64ToBytes, bytesToBase64 } from './base64';
import { createVault, open, opensVault, seal } from './vault';
import { newPrfSalt, unwrapVaultKey, wrapVaultKey, WrongUnlockKeyError, type UnlockKey } from './unlock-keys';
import { getSetting, updateSetting } from './settings';
import { clearDb } from './test-db';

const N = 2 ** 10;

beforeEach(clearDb);

async function vaultWithKey() {
  const { params, key } = await createVault('correct horse battery', { N });
  const prf = randomBytes(32);
  const record = wrapVaultKey(key, prf, {
    id: 'cred-A',
    name: 'YubiKey',
    rpId: 'localhost',
    salt: newPrfSalt(),
    createdAt: 1,
  });
  return { params, key, prf, record };
}

describe('unlock keys (WebAuthn PRF wraps the vault key)', () => {
  it('round trip: the same PRF output unwraps the vault key, which opens the vault and its secrets', async () => {
    const { params, key, prf, record } = await vaultWithKey();
    const sealed = seal(key, 'card:1', '4111111111111111');
    // Records go through storage as JSON.
    const stored = JSON.parse(JSON.stringify(record)) as UnlockKey;
    const again = unwrapVaultKey(stored, prf);
    expect(again).toEqual(key);
    expect(opensVault(params, again)).toBe(true);
    expect(open(again, 'card:1', sealed)).toBe('4111111111111111');
  });

  it('stores no key in the clear: the record holds neither the vault key nor the PRF output', async () => {
    const { key, prf, record } = await vaultWithKey();
    const text = JSON.stringify(record);
    expect(text).not.toContain(bytesToBase64(key));
    expect(text).not.toContain(bytesToBase64(prf));
    // The KEK is derived, never the PRF output used as a key: sealing under the raw output does not open it.
    expect(() => open(prf, 'unlock-key:cred-A', record.wrapped)).toThrow();
  });

  it('another PRF output (another credential, or another salt) unlocks nothing', async () => {
    const { prf, record } = await vaultWithKey();
    expect(() => unwrapVaultKey(record, randomBytes(32))).toThrow(WrongUnlockKeyError);
    const flipped = prf.slice();
    flipped[0]! ^= 1;
    expect(() => unwrapVaultKey(record, flipped)).toThrow(WrongUnlockKeyError);
    expect(() => unwrapVaultKey({ ...record, salt: newPrfSalt() }, prf)).toThrow(WrongUnlockKeyError);
    expect(() => unwrapVaultKey(record, new Uint8Array(0))).toThrow(WrongUnlockKeyError);
  });

  it("a wrapped key moved onto another credential's record does not open", async () => {
    const { prf, record } = await vaultWithKey();
    expect(() => unwrapVaultKey({ ...record, id: 'cred-B' }, prf)).toThrow(WrongUnlockKeyError);
    const bytes = base64ToBytes(record.wrapped)!;
    bytes[bytes.length - 1]! ^= 1;
    expect(() => unwrapVaultKey({ ...record, wrapped: bytesToBase64(bytes) }, prf)).toThrow(WrongUnlockKeyError);
  });

  it('a vault key from another vault fails the vault check', async () => {
    const { params } = await vaultWithKey();
    const other = await vaultWithKey();
    expect(opensVault(params, unwrapVaultKey(other.record, other.prf))).toBe(false);
  });

  it('removal: once the record is gone from settings, its credential has nothing to unwrap', async () => {
    const { record } = await vaultWithKey();
    const second = { ...record, id: 'cred-B', name: 'Phone' };
    await updateSetting('unlockKeys', (keys) => [...keys, record, second]);
    expect((await getSetting('unlockKeys')).map((k) => k.id)).toEqual(['cred-A', 'cred-B']);
    await updateSetting('unlockKeys', (keys) => keys.filter((k) => k.id !== 'cred-A'));
    expect((await getSetting('unlockKeys')).map((k) => k.id)).toEqual(['cred-B']);
  });
});
