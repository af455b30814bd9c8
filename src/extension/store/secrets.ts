/**
 * Sealed secrets: device token, card secrets, funding-source details before upload.
 * Only ciphertext reaches the table; the record id is the AEAD's associated data, so a
 * sealed value copied onto another record does not open.
 */
import { db } from './db';
import { open, seal } from './vault';

export const DEVICE_TOKEN_ID = 'device-token';
export const cardSecretId = (cardId: string): string => `card:${cardId}`;
/** The private half of a card's per-purchase delivery key (base64, 32 bytes). */
export const digitalKeyId = (cardId: string): string => `digital:${cardId}`;

export async function putSecret(key: Uint8Array, id: string, plaintext: string): Promise<void> {
  await db.secrets.put({ id, sealed: seal(key, id, plaintext) });
}

/** Undefined when there is no such record; throws TamperedError when there is one that does not open. */
export async function getSecret(key: Uint8Array, id: string): Promise<string | undefined> {
  const row = await db.secrets.get(id);
  return row && open(key, id, row.sealed);
}

export async function deleteSecret(id: string): Promise<void> {
  await db.secrets.delete(id);
}

export async function clearSecrets(): Promise<void> {
  await db.secrets.clear();
}
