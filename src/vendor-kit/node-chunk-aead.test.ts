/**
 * Every faster chunk AEAD is the protocol's default, byte for byte: OpenSSL's, with which a
 * shop's Node backend seals (this folder), and libsodium's WebAssembly, with which the
 * extension's worker opens (src/extension/ui/sodium-chunk-workspace.ts). Same sealed bytes
 * for the same key, nonce, AAD and plaintext; each opens the other's; each refuses the same
 * tampering. So what any of them seals, any of them opens: the wire format is the algorithm.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateDeliveryKeyPair, nobleChunkAead, openFromShop, sealForShopper, type ChunkAead } from '../protocol';
import { sodiumChunkAead } from '../extension/ui/sodium-chunk-workspace';
import { nodeChunkAead } from './node-chunk-aead';

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
const nonce = fc.uint8Array({ minLength: 12, maxLength: 12 });
const aad = fc.uint8Array({ maxLength: 2 });
const plain = fc.uint8Array({ maxLength: 3000 });

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream as ReadableStream<Uint8Array<ArrayBuffer>>).arrayBuffer());
}

const IMPLEMENTATIONS: [string, ChunkAead][] = [
  ['OpenSSL (node:crypto)', nodeChunkAead],
  ['libsodium (WebAssembly)', await sodiumChunkAead()],
];

describe.each(IMPLEMENTATIONS)('%s', (_name, impl) => {
  it('seals exactly as the default does, and each opens what the other sealed', () => {
    fc.assert(
      fc.property(key, nonce, aad, plain, (k, n, a, p) => {
        const sealed = impl.seal(k, n, a, p);
        expect(sealed).toEqual(nobleChunkAead.seal(k, n, a, p));
        expect(nobleChunkAead.open(k, n, a, sealed)).toEqual(p);
        expect(impl.open(k, n, a, sealed)).toEqual(p);
      }),
    );
  });

  it('refuses what the default refuses: any flipped bit, another nonce or AAD, a cut tag', () => {
    fc.assert(
      fc.property(key, nonce, plain, fc.nat(), (k, n, p, at) => {
        const sealed = nobleChunkAead.seal(k, n, new Uint8Array([0]), p);
        const flipped = sealed.slice();
        flipped[at % flipped.length]! ^= 1 << (at % 8);
        expect(() => impl.open(k, n, new Uint8Array([0]), flipped)).toThrow();
        expect(() => impl.open(k, n, new Uint8Array([1]), sealed)).toThrow();
        const otherNonce = n.slice();
        otherNonce[11]! ^= 1;
        expect(() => impl.open(k, otherNonce, new Uint8Array([0]), sealed)).toThrow();
        expect(() => impl.open(k, n, new Uint8Array([0]), sealed.subarray(0, 15))).toThrow();
      }),
    );
  });

  it('seals a whole file that the default opener opens, and opens one the default sealed', async () => {
    const keys = await generateDeliveryKeyPair();
    const original = new Uint8Array(5000).map((_, i) => (i * 7) & 0xff);
    const sealed = await bytesOf(
      await sealForShopper(keys.publicKey, new Blob([original]).stream(), { chunkBytes: 1024, aead: impl }),
    );
    expect(
      await bytesOf(openFromShop(keys.privateKey, new Blob([sealed as Uint8Array<ArrayBuffer>]).stream())),
    ).toEqual(original);
    const byDefault = await bytesOf(
      await sealForShopper(keys.publicKey, new Blob([original]).stream(), { chunkBytes: 1024 }),
    );
    expect(
      await bytesOf(
        openFromShop(keys.privateKey, new Blob([byDefault as Uint8Array<ArrayBuffer>]).stream(), { aead: impl }),
      ),
    ).toEqual(original);
  });
});
