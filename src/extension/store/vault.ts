/**
 * The vault: a passphrase-derived key and the AEAD that seals every secret with it.
 * Pure crypto, no storage: callers keep `VaultParams` in settings and sealed strings in
 * the `secrets` table. See README.md in this folder for the invariants.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { bytesToUtf8, isBytes, randomBytes, utf8ToBytes } from '@noble/ciphers/utils.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { base64ToBytes, bytesToBase64 } from './base64';

/** Everything needed to derive the key again; stored next to the data it protects. */
export interface VaultParams {
  v: 1;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  dkLen: 32;
  /** base64 */
  salt: string;
  /** CHECK_TEXT sealed under the key: opening it tells a right passphrase from a wrong one. */
  check: string;
}

export class WrongPassphraseError extends Error {
  override name = 'WrongPassphraseError';
  constructor(message = 'Wrong passphrase') {
    super(message);
  }
}

export class TamperedError extends Error {
  override name = 'TamperedError';
  constructor(message = 'Sealed data was altered or belongs to another record') {
    super(message);
  }
}

export const MIN_PASSPHRASE_LENGTH = 8;
/** 2**17 with r = 8 makes each guess cost 128 MiB of memory (128·N·r bytes, RFC 7914). */
const DEFAULT_N = 2 ** 17;
const R = 8;
const P = 1;
/** Tests derive with 2**10; below that the KDF stops being a defence at all. */
const MIN_N = 2 ** 10;
/** Bounds what stored (possibly altered) params can make us allocate: 2**20 · 8 · 128 = 1 GiB, noble's maxmem. */
const MAX_N = 2 ** 20;
const KEY_LENGTH = 32;
const SALT_LENGTH = 32;
const NONCE_LENGTH = 24;
const TAG_LENGTH = 16;
const CHECK_RECORD_ID = 'vault-check';
const CHECK_TEXT = 'veil vault check v1';

export async function createVault(
  passphrase: string,
  opts?: { N?: number },
): Promise<{ params: VaultParams; key: Uint8Array }> {
  // Counted in code points, so an emoji or an accented letter counts as one character, as the user sees it.
  if (Array.from(passphrase).length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long`);
  }
  const N = opts?.N ?? DEFAULT_N;
  assertCost(N);
  const salt = bytesToBase64(randomBytes(SALT_LENGTH));
  const key = await deriveKey(passphrase, { N, r: R, p: P, salt });
  const params: VaultParams = {
    v: 1,
    kdf: 'scrypt',
    N,
    r: R,
    p: P,
    dkLen: KEY_LENGTH,
    salt,
    check: seal(key, CHECK_RECORD_ID, CHECK_TEXT),
  };
  return { params, key };
}

/** Derives the key with the params recorded at creation, whatever today's defaults are. */
export async function unlockVault(params: VaultParams, passphrase: string): Promise<Uint8Array> {
  if (params.v !== 1 || params.kdf !== 'scrypt' || params.dkLen !== KEY_LENGTH)
    throw new Error('Unsupported vault parameters');
  assertCost(params.N);
  if (!Number.isInteger(params.r) || params.r < 1 || !Number.isInteger(params.p) || params.p < 1)
    throw new Error('Invalid vault parameters');
  const key = await deriveKey(passphrase, params);
  if (!opensVault(params, key)) throw new WrongPassphraseError();
  return key;
}

/** True when `key` is this vault's key: it opens the sealed check text. */
export function opensVault(params: VaultParams, key: Uint8Array): boolean {
  try {
    // A wrong key fails the check's tag exactly like tampering would.
    return open(key, CHECK_RECORD_ID, params.check) === CHECK_TEXT;
  } catch (error) {
    if (error instanceof TamperedError) return false;
    throw error;
  }
}

/** Seals `plaintext` for one record: the record id is the associated data, so the blob cannot be moved to another record. */
export function seal(key: Uint8Array, recordId: string, plaintext: string): string {
  assertKey(key);
  // 24-byte random nonces are safe to pick at random (XChaCha20); 12-byte ones would risk reuse.
  const nonce = randomBytes(NONCE_LENGTH);
  const ciphertext = xchacha20poly1305(key, nonce, utf8ToBytes(recordId)).encrypt(utf8ToBytes(plaintext));
  const out = new Uint8Array(NONCE_LENGTH + ciphertext.length);
  out.set(nonce, 0);
  out.set(ciphertext, NONCE_LENGTH);
  return bytesToBase64(out);
}

export function open(key: Uint8Array, recordId: string, sealed: string): string {
  assertKey(key);
  const bytes = base64ToBytes(sealed);
  if (!bytes || bytes.length < NONCE_LENGTH + TAG_LENGTH) throw new TamperedError();
  const nonce = bytes.subarray(0, NONCE_LENGTH);
  let plaintext: Uint8Array;
  try {
    plaintext = xchacha20poly1305(key, nonce, utf8ToBytes(recordId)).decrypt(bytes.subarray(NONCE_LENGTH));
  } catch {
    throw new TamperedError();
  }
  return bytesToUtf8(plaintext);
}

async function deriveKey(
  passphrase: string,
  cost: { N: number; r: number; p: number; salt: string },
): Promise<Uint8Array> {
  const salt = base64ToBytes(cost.salt);
  if (!salt) throw new Error('Invalid vault salt');
  // NFKC: the same passphrase typed on another keyboard or OS may arrive composed differently (é vs e + ◌́).
  return scryptAsync(passphrase.normalize('NFKC'), salt, { N: cost.N, r: cost.r, p: cost.p, dkLen: KEY_LENGTH });
}

function assertCost(N: number): void {
  // scrypt needs a power of two; the bounds keep it memory-hard yet allocatable.
  if (!Number.isInteger(N) || N < MIN_N || N > MAX_N || (N & (N - 1)) !== 0) {
    throw new Error(`scrypt N must be a power of two between 2**10 and 2**20, got ${N}`);
  }
}

function assertKey(key: Uint8Array): void {
  // A wrong-sized key is a programming error, not tampering: say so instead of a TamperedError.
  // isBytes, not instanceof: a key may come from another realm (a test DOM, a structured clone).
  if (!isBytes(key) || key.length !== KEY_LENGTH) throw new Error('The vault key must be 32 bytes');
}
