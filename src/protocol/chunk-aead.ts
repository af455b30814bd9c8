/**
 * The AEAD that seals and opens each chunk of a sealed file: ChaCha20-Poly1305 (RFC 8439)
 * under the file's stream key, with the nonce and AAD the format gives each chunk
 * (sealed-file.ts). It is an interface so a platform with a native cipher can supply it:
 * a shop's Node backend seals with OpenSSL's through node:crypto (src/vendor-kit), at
 * many times the speed of pure JS. The default is @noble/ciphers, which runs everywhere,
 * the extension page included (Web Crypto has no ChaCha20). Any implementation must give
 * byte-identical output: the wire format is the algorithm, not the library.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';

export interface ChunkAead {
  /** `plain` sealed: ciphertext ‖ 16-byte tag, in a new array the caller may keep. */
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plain: Uint8Array): Uint8Array;
  /** The plaintext of `sealed` (ciphertext ‖ tag) in a new array; throws if the tag does not check. */
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array;
}

/**
 * Pure JS (@noble/ciphers). Its cost is the cipher itself (ChaCha20 and Poly1305 about
 * half each, measured): the wrapper adds one output array per chunk and nothing else.
 */
export const nobleChunkAead: ChunkAead = {
  seal: (key, nonce, aad, plain) => chacha20poly1305(key, nonce, aad).encrypt(plain),
  open: (key, nonce, aad, sealed) => chacha20poly1305(key, nonce, aad).decrypt(sealed),
};
