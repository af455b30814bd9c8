/**
 * Unlocking the vault with a passkey or security key (WebAuthn PRF). The PRF extension
 * gives, per credential and per input (a salt we fix and store), a 32-byte secret that
 * only the authenticator can compute, after user verification. That secret is never a
 * data key: HKDF-SHA-256 turns it into a key-encryption key (KEK), and the KEK seals
 * one thing, the vault key, as every other secret is sealed (XChaCha20-Poly1305, the
 * record id as associated data). Pure crypto, no storage: the records live in settings.
 *
 * What a record gives whoever copies the storage: the credential id, the salt and the
 * wrapped vault key. Without the authenticator (and its PIN or fingerprint) there is no
 * PRF output, so no KEK: the wrapped key is as strong as the 256-bit secret behind it.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes, utf8ToBytes } from '@noble/ciphers/utils.js';
import { base64ToBytes, bytesToBase64 } from './base64';
import { open, seal, TamperedError } from './vault';

/** One credential that may unlock the vault. Everything here is public but `wrapped`, which is useless without the KEK. */
export interface UnlockKey {
  v: 1;
  /** The WebAuthn credential id (base64url, as the browser reports it). */
  id: string;
  name: string;
  /** The RP ID the credential was made under: the ceremony must name it again. */
  rpId: string;
  /** base64: the PRF input, fixed per credential, so the same credential gives the same secret. */
  salt: string;
  /** base64(nonce ‖ ciphertext): the vault key sealed under the KEK, record id `unlock-key:<id>`. */
  wrapped: string;
  /** Epoch ms. */
  createdAt: number;
}

export class WrongUnlockKeyError extends Error {
  override name = 'WrongUnlockKeyError';
  constructor(message = 'This key does not unlock this vault') {
    super(message);
  }
}

/** The PRF output is 32 bytes (HMAC-SHA-256 under the authenticator's hmac-secret). */
export const PRF_OUTPUT_LENGTH = 32;
export const PRF_SALT_LENGTH = 32;
/** Binds the KEK to this use and this credential: the same PRF output could never serve another purpose. */
const HKDF_INFO = 'veil vault key-encryption key v1';

export function newPrfSalt(): string {
  return bytesToBase64(randomBytes(PRF_SALT_LENGTH));
}

function keyEncryptionKey(prfOutput: Uint8Array, key: Pick<UnlockKey, 'id' | 'salt'>): Uint8Array {
  if (prfOutput.length !== PRF_OUTPUT_LENGTH) throw new WrongUnlockKeyError('The key gave no usable PRF secret');
  const salt = base64ToBytes(key.salt);
  if (!salt || salt.length !== PRF_SALT_LENGTH) throw new Error('Invalid unlock-key salt');
  return hkdf(sha256, prfOutput, salt, utf8ToBytes(`${HKDF_INFO}\0${key.id}`), 32);
}

const recordId = (id: string) => `unlock-key:${id}`;

/** A new record that unlocks `vaultKey` for whoever can make this credential's PRF output again. */
export function wrapVaultKey(
  vaultKey: Uint8Array,
  prfOutput: Uint8Array,
  meta: Pick<UnlockKey, 'id' | 'name' | 'rpId' | 'salt' | 'createdAt'>,
): UnlockKey {
  const kek = keyEncryptionKey(prfOutput, meta);
  return { v: 1, ...meta, wrapped: seal(kek, recordId(meta.id), bytesToBase64(vaultKey)) };
}

/** The vault key, or WrongUnlockKeyError when this PRF output is not the one the record was made with. */
export function unwrapVaultKey(key: UnlockKey, prfOutput: Uint8Array): Uint8Array {
  const kek = keyEncryptionKey(prfOutput, key);
  let text: string;
  try {
    text = open(kek, recordId(key.id), key.wrapped);
  } catch (error) {
    // Another credential's secret gives another KEK, whose tag check fails exactly like tampering.
    if (error instanceof TamperedError) throw new WrongUnlockKeyError();
    throw error;
  }
  const vaultKey = base64ToBytes(text);
  if (!vaultKey || vaultKey.length !== 32) throw new WrongUnlockKeyError();
  return vaultKey;
}
