/**
 * The chunk AEAD from OpenSSL (node:crypto's 'chacha20-poly1305'), for a shop's Node
 * backend: `sealForShopper(key, stream, { aead: nodeChunkAead })`. The same algorithm as
 * the protocol's default (@noble/ciphers), byte for byte (its unit test holds them equal),
 * at several hundred MB/s more: native code with SIMD rather than 32-bit JS arithmetic.
 * It lives outside src/protocol because the protocol imports nothing platform-specific;
 * the extension opens with the default, as Web Crypto offers no ChaCha20.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { ChunkAead } from '../protocol/chunk-aead';

const TAG_BYTES = 16;

export const nodeChunkAead: ChunkAead = {
  seal(key, nonce, aad, plain) {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad, { plaintextLength: plain.length });
    const out = new Uint8Array(plain.length + TAG_BYTES);
    out.set(cipher.update(plain));
    cipher.final();
    out.set(cipher.getAuthTag(), plain.length);
    return out;
  },
  open(key, nonce, aad, sealed) {
    if (sealed.length < TAG_BYTES) throw new Error('the sealed chunk is shorter than its tag');
    const body = sealed.subarray(0, sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad, { plaintextLength: body.length });
    decipher.setAuthTag(sealed.subarray(body.length));
    const plain = decipher.update(body);
    // final() throws when the tag does not check; the plaintext is returned only after it.
    decipher.final();
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.length);
  },
};
