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

/** The AEAD's tag: the last 16 bytes of every sealed chunk. */
const TAG = 16;

/**
 * Where a file's chunks are opened one after another with nothing allocated per chunk: the
 * opener copies each sealed chunk into `input` and opens it there. An implementation owns
 * its buffers (a WASM cipher, its own memory), so the opener never holds more than one
 * chunk, and a long file leaves no garbage behind it.
 */
export interface ChunkWorkspace {
  /** Where the next sealed chunk (ciphertext ‖ tag) goes; the same buffer for every chunk. */
  readonly input: Uint8Array;
  /**
   * Opens the first `sealedBytes` of `input`. The plaintext comes back as a view that is
   * valid until the next call (copy it to keep it); throws if the tag does not check.
   */
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealedBytes: number): Uint8Array;
  /** Wipes and releases the buffers; the workspace is not used again. */
  dispose(): void;
}

/** Makes a workspace for sealed chunks of up to `maxSealedBytes` (the file's chunk size plus the tag). */
export type ChunkWorkspaceFactory = (maxSealedBytes: number) => ChunkWorkspace;

/** @noble/ciphers opening into one reused output array. */
export const nobleWorkspace: ChunkWorkspaceFactory = (maxSealedBytes) => {
  const input = new Uint8Array(maxSealedBytes);
  const output = new Uint8Array(Math.max(0, maxSealedBytes - TAG));
  return {
    input,
    open: (key, nonce, aad, sealedBytes) =>
      chacha20poly1305(key, nonce, aad).decrypt(
        input.subarray(0, sealedBytes),
        output.subarray(0, Math.max(0, sealedBytes - TAG)),
      ),
    dispose: () => {
      input.fill(0);
      output.fill(0);
    },
  };
};

/** Any ChunkAead as a workspace (its open makes one new array per chunk). */
export function workspaceOf(aead: ChunkAead): ChunkWorkspaceFactory {
  return (maxSealedBytes) => {
    const input = new Uint8Array(maxSealedBytes);
    return {
      input,
      open: (key, nonce, aad, sealedBytes) => aead.open(key, nonce, aad, input.subarray(0, sealedBytes)),
      dispose: () => input.fill(0),
    };
  };
}
