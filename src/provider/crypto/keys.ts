/**
 * The provider's secret-handling keys, all derived from one 32-byte master key with
 * HKDF so each use has its own key (encryption never shares a key with hashing).
 *
 * - seal/open: AES-256-GCM with the record's id as associated data, so a ciphertext
 *   copied onto another row does not decrypt.
 * - panHash: HMAC-SHA256 of the PAN, the only way cards are looked up.
 * - cvcHash: HMAC over card id + CVC. A CVC has 1000 values, so an unkeyed hash would
 *   be a lookup table; keyed, a stolen database alone reveals nothing.
 * - cvcFor: the CVC itself is derived from the PAN and expiry with a secret key, as
 *   card issuers derive CVV2 with their CVK. It is never stored, yet an authenticated
 *   reveal can show it again.
 * - requestHash: HMAC-SHA256 of a vendor request (method, path, body), stored with
 *   its Idempotency-Key to tell a retry from a different request. A validation's
 *   body holds the card number and CVC, and the last 4 and expiry sit in clear
 *   beside it: an unkeyed hash of it was a brute-force target (PAN + CVC from a
 *   database dump in minutes). Keyed, a stolen database alone reveals nothing.
 * - cvcValid: validation checks a presented CVC as issuers check CVV2: recomputed
 *   from the presented PAN and expiry, so no card row is needed first (the
 *   database then checks the expiry against the card). cvc_hash stays as the
 *   issue-time record.
 * - proxyCredentialHash: HMAC-SHA256 of a private-connection proxy password, the only
 *   form stored (proxy/credentials.ts): a dump of the table cannot open the proxy.
 * - receiptSigningKey: the Ed25519 key that signs receipts under one key id, its seed
 *   derived from the master key and the kid. The database holds kids only (migration
 *   025), never a private key; rotating means a new kid, hence a new key.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

const VERSION = 1;
const IV_LEN = 12;
const TAG_LEN = 16;

export interface Keys {
  seal(plain: string, aad: string): Buffer;
  open(sealed: Buffer, aad: string): string;
  panHash(pan: string): Buffer;
  cvcHash(cardId: string, cvc: string): Buffer;
  cvcMatches(cardId: string, cvc: string, stored: Buffer): boolean;
  cvcFor(pan: string, expMonth: number, expYear: number): string;
  /** Keyed fingerprint of a vendor request, for idempotency (never an unkeyed hash: the body may hold card secrets). */
  requestHash(method: string, path: string, body: unknown): Buffer;
  /** Whether `cvc` is the CVC of this PAN with this expiry (constant time). */
  cvcValid(pan: string, expMonth: number, expYear: number, cvc: string): boolean;
  /** Keyed hash of a proxy credential's password: how it is stored and looked up. */
  proxyCredentialHash(password: string): Buffer;
  /** The Ed25519 private key that signs receipts under `kid` (receipts/signing.ts). */
  receiptSigningKey(kid: string): KeyObject;
}

/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): the form node:crypto imports. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function subkey(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `veil/${info}`, 32));
}

export function deriveKeys(master: Buffer): Keys {
  if (master.length !== 32) throw new Error('the master key must be 32 bytes');
  const encKey = subkey(master, 'seal');
  const panKey = subkey(master, 'pan-hash');
  const cvcKey = subkey(master, 'cvc-hash');
  const cvcDeriveKey = subkey(master, 'cvc-derive');
  const requestKey = subkey(master, 'request-hash');
  const proxyKey = subkey(master, 'proxy-credential');
  const receiptKeys = new Map<string, KeyObject>();
  const cvcHash = (cardId: string, cvc: string) => createHmac('sha256', cvcKey).update(`${cardId}\0${cvc}`).digest();
  const cvcFor = (pan: string, expMonth: number, expYear: number) => {
    const mac = createHmac('sha256', cvcDeriveKey).update(`${pan}|${expMonth}|${expYear}`).digest();
    return String(mac.readUInt32BE(0) % 1000).padStart(3, '0');
  };
  return {
    seal(plain, aad) {
      const iv = randomBytes(IV_LEN);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(Buffer.from(aad));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
    },
    open(sealed, aad) {
      if (sealed.length < 1 + IV_LEN + TAG_LEN || sealed[0] !== VERSION)
        throw new Error('sealed value has an unknown format');
      const iv = sealed.subarray(1, 1 + IV_LEN);
      const tag = sealed.subarray(sealed.length - TAG_LEN);
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(sealed.subarray(1 + IV_LEN, sealed.length - TAG_LEN)),
        decipher.final(),
      ]).toString('utf8');
    },
    panHash: (pan) => createHmac('sha256', panKey).update(pan).digest(),
    cvcHash,
    cvcMatches: (cardId, cvc, stored) => {
      const h = cvcHash(cardId, cvc);
      return h.length === stored.length && timingSafeEqual(h, stored);
    },
    cvcFor,
    requestHash: (method, path, body) =>
      createHmac('sha256', requestKey)
        .update(`${method} ${path}\n${JSON.stringify(body)}`)
        .digest(),
    proxyCredentialHash: (password) => createHmac('sha256', proxyKey).update(password).digest(),
    receiptSigningKey(kid) {
      let key = receiptKeys.get(kid);
      if (!key) {
        const seed = subkey(master, `receipt-signing/${kid}`);
        key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
        receiptKeys.set(kid, key);
      }
      return key;
    },
    cvcValid(pan, expMonth, expYear, cvc) {
      const expected = Buffer.from(cvcFor(pan, expMonth, expYear));
      const given = Buffer.from(cvc);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
