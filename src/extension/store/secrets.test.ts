import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { bytesToBase64 } from './base64';
import { db } from './db';
import { cardSecretId, clearSecrets, deleteSecret, DEVICE_TOKEN_ID, getSecret, putSecret } from './secrets';
import { getSetting, setSetting } from './settings';
import { clearDb } from './test-db';
import { createVault, TamperedError, unlockVault } from './vault';

const key = new Uint8Array(32).fill(42);
const PAN = '4111111111111111';

beforeEach(clearDb);

describe('secrets repository', () => {
  it('stores only ciphertext: the raw row has neither the plaintext nor its encodings', async () => {
    await putSecret(key, cardSecretId('c1'), JSON.stringify({ number: PAN, cvc: '123' }));
    const rows = await db.secrets.toArray();
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(Object.keys(row ?? {}).sort()).toEqual(['id', 'sealed']);
    expect(row?.id).toBe('card:c1');
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(PAN);
    expect(raw).not.toContain('"cvc"');
    expect(raw).not.toContain(bytesToBase64(new TextEncoder().encode(PAN)));
    expect(JSON.parse((await getSecret(key, 'card:c1')) ?? '{}')).toEqual({ number: PAN, cvc: '123' });
  });

  it('refuses a sealed value moved onto another record', async () => {
    await putSecret(key, cardSecretId('a'), PAN);
    await putSecret(key, cardSecretId('b'), '5555555555554444');
    const a = await db.secrets.get('card:a');
    await db.secrets.put({ id: 'card:b', sealed: a?.sealed ?? '' });
    await expect(getSecret(key, 'card:b')).rejects.toBeInstanceOf(TamperedError);
    expect(await getSecret(key, 'card:a')).toBe(PAN);
  });

  it('refuses a row altered in the table', async () => {
    await putSecret(key, DEVICE_TOKEN_ID, 'dev_token');
    const row = await db.secrets.get(DEVICE_TOKEN_ID);
    const sealed = row?.sealed ?? '';
    const altered = sealed.slice(0, 40) + (sealed[40] === 'A' ? 'B' : 'A') + sealed.slice(41);
    await db.secrets.put({ id: DEVICE_TOKEN_ID, sealed: altered });
    await expect(getSecret(key, DEVICE_TOKEN_ID)).rejects.toBeInstanceOf(TamperedError);
  });

  it('does not open with another key', async () => {
    await putSecret(key, DEVICE_TOKEN_ID, 'dev_token');
    await expect(getSecret(new Uint8Array(32).fill(1), DEVICE_TOKEN_ID)).rejects.toBeInstanceOf(TamperedError);
  });

  it('answers undefined for a missing record, and deletes and clears', async () => {
    expect(await getSecret(key, 'card:none')).toBeUndefined();
    await putSecret(key, 'card:1', 'one');
    await putSecret(key, 'card:2', 'two');
    await deleteSecret('card:1');
    expect(await getSecret(key, 'card:1')).toBeUndefined();
    expect(await getSecret(key, 'card:2')).toBe('two');
    await clearSecrets();
    expect(await db.secrets.count()).toBe(0);
  });

  it('opens secrets again after unlocking with the vault params stored in settings', async () => {
    const { params, key: created } = await createVault('correct horse battery', { N: 2 ** 10 });
    await setSetting('vaultParams', params);
    await putSecret(created, DEVICE_TOKEN_ID, 'dev_token');
    const stored = await getSetting('vaultParams');
    if (!stored) throw new Error('vault params were not stored');
    const unlocked = await unlockVault(stored, 'correct horse battery');
    expect(await getSecret(unlocked, DEVICE_TOKEN_ID)).toBe('dev_token');
  });
});
