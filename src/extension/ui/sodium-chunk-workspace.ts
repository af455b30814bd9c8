/**
 * The chunk cipher of the extension's opening worker: ChaCha20-Poly1305 (IETF, RFC 8439) from
 * libsodium, compiled to WebAssembly (libsodium-wrappers). The same algorithm as the
 * protocol's default (@noble/ciphers) byte for byte (src/vendor-kit/node-chunk-aead.test.ts
 * holds them equal), at about 3.5 times its speed (measured in Node, 64 KiB chunks: 485
 * against 132 MB/s on a quiet core): pure JS cannot fetch, open and write 100 MB/s on one
 * core, this can. Web Crypto has no ChaCha20.
 *
 * Each chunk is opened in place in one buffer of the WASM memory (libsodium's detached form:
 * the tag is checked first, then the ciphertext decrypted over itself), and the plaintext
 * handed on as a view of it: nothing is allocated per chunk. The module's raw functions are
 * reached through the wrapper's `libsodium` export, which its typings leave out; the shape is
 * checked once here, so a release that changes it fails loudly rather than opening wrongly.
 *
 * WebAssembly in an extension page needs 'wasm-unsafe-eval' in the manifest's CSP for
 * extension pages (docs/security.md says why that is acceptable); this file is loaded only
 * by the opening worker, never by a content script.
 */
import sodium from 'libsodium-wrappers';
import type { ChunkAead, ChunkWorkspaceFactory } from '../../protocol/chunk-aead';

const TAG = 16;
const KEY = 32;
const NONCE = 12;
/** Room for the AAD: the format's is one byte (the final flag); any up to this opens. */
const MAX_AAD = 16;

/** The raw libsodium functions used here (Emscripten's exports: pointers into HEAPU8, 64-bit lengths as two halves). */
interface RawSodium {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _crypto_aead_chacha20poly1305_ietf_decrypt_detached(
    m: number,
    nsec: number,
    c: number,
    clenLow: number,
    clenHigh: number,
    mac: number,
    ad: number,
    adlenLow: number,
    adlenHigh: number,
    npub: number,
    k: number,
  ): number;
}

let loaded: Promise<RawSodium> | undefined;

function raw(): Promise<RawSodium> {
  loaded ??= sodium.ready.then(() => {
    const lib = (sodium as unknown as { libsodium?: Partial<RawSodium> }).libsodium;
    if (
      !lib?.HEAPU8 ||
      typeof lib._malloc !== 'function' ||
      typeof lib._free !== 'function' ||
      typeof lib._crypto_aead_chacha20poly1305_ietf_decrypt_detached !== 'function'
    )
      throw new Error('libsodium-wrappers no longer exposes the raw module this opener uses');
    return lib as RawSodium;
  });
  return loaded;
}

/** Workspaces in libsodium's WASM memory, once the module has loaded. */
export async function sodiumWorkspaces(): Promise<ChunkWorkspaceFactory> {
  const lib = await raw();
  return (maxSealedBytes) => {
    const size = maxSealedBytes + KEY + NONCE + MAX_AAD;
    const base = lib._malloc(size);
    if (!base) throw new Error('no room for a chunk in the WebAssembly memory');
    const keyAt = base + maxSealedBytes;
    const nonceAt = keyAt + KEY;
    const aadAt = nonceAt + NONCE;
    // HEAPU8 is replaced when the memory grows (any malloc may grow it): views are taken afresh.
    return {
      get input() {
        return lib.HEAPU8.subarray(base, base + maxSealedBytes);
      },
      open(key, nonce, aad, sealedBytes) {
        if (sealedBytes < TAG || sealedBytes > maxSealedBytes) throw new RangeError('no whole sealed chunk');
        if (key.length !== KEY || nonce.length !== NONCE || aad.length > MAX_AAD)
          throw new RangeError('bad AEAD input');
        const heap = lib.HEAPU8;
        heap.set(key, keyAt);
        heap.set(nonce, nonceAt);
        heap.set(aad, aadAt);
        const length = sealedBytes - TAG;
        const failed = lib._crypto_aead_chacha20poly1305_ietf_decrypt_detached(
          base,
          0,
          base,
          length,
          0,
          base + length,
          aadAt,
          aad.length,
          0,
          nonceAt,
          keyAt,
        );
        if (failed !== 0) throw new Error('the chunk does not open');
        return lib.HEAPU8.subarray(base, base + length);
      },
      dispose() {
        lib.HEAPU8.fill(0, base, base + size);
        lib._free(base);
      },
    };
  };
}

/**
 * The same cipher as a ChunkAead (new arrays in and out), so the property test can hold it
 * to the default: opening goes through the workspace above, the path the worker runs;
 * sealing, which the extension never does, through the wrapper's public function.
 */
export async function sodiumChunkAead(): Promise<ChunkAead> {
  const workspaces = await sodiumWorkspaces();
  return {
    seal: (key, nonce, aad, plain) => sodium.crypto_aead_chacha20poly1305_ietf_encrypt(plain, aad, null, nonce, key),
    open(key, nonce, aad, sealed) {
      const space = workspaces(Math.max(sealed.length, TAG));
      try {
        space.input.set(sealed);
        return space.open(key, nonce, aad, sealed.length).slice();
      } finally {
        space.dispose();
      }
    },
  };
}
