/**
 * The OpenSSL chunk AEAD is the protocol's default, byte for byte: same sealed bytes for the
 * same key, nonce, AAD and plaintext; each opens the other's; each refuses the same tampering.
 * So a file a shop seals with it opens in the extension, which has only the default.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateDeliveryKeyPair, nobleChunkAead, openFromShop, sealForShopper } from '../protocol';
import { nodeChunkAead } from './node-chunk-aead';

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
const nonce = fc.uint8Array({ minLength: 12, maxLength: 12 });
const aad = fc.uint8Array({ maxLength: 2 });
const plain = fc.uint8Array({ maxLength: 3000 });

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream as ReadableStream<Uint8Array<ArrayBuffer>>).arrayBuffer());
}

describe('nodeChunkAead', () => {
  it('seals exactly as the default does, and each opens what the other sealed', () => {
    fc.assert(
      fc.property(key, nonce, aad, plain, (k, n, a, p) => {
        const sealed = nodeChunkAead.seal(k, n, a, p);
        expect(sealed).toEqual(nobleChunkAead.seal(k, n, a, p));
        expect(nobleChunkAead.open(k, n, a, sealed)).toEqual(p);
        expect(nodeChunkAead.open(k, n, a, sealed)).toEqual(p);
      }),
    );
  });

  it('refuses what the default refuses: any flipped bit, another nonce or AAD, a cut tag', () => {
    fc.assert(
      fc.property(key, nonce, plain, fc.nat(), (k, n, p, at) => {
        const sealed = nobleChunkAead.seal(k, n, new Uint8Array([0]), p);
        const flipped = sealed.slice();
        flipped[at % flipped.length]! ^= 1 << (at % 8);
        expect(() => nodeChunkAead.open(k, n, new Uint8Array([0]), flipped)).toThrow();
        expect(() => nodeChunkAead.open(k, n, new Uint8Array([1]), sealed)).toThrow();
        const otherNonce = n.slice();
        otherNonce[11]! ^= 1;
        expect(() => nodeChunkAead.open(k, otherNonce, new Uint8Array([0]), sealed)).toThrow();
        expect(() => nodeChunkAead.open(k, n, new Uint8Array([0]), sealed.subarray(0, 15))).toThrow();
      }),
    );
  });

  it('seals a whole file that the default opener opens', async () => {
    const keys = await generateDeliveryKeyPair();
    const original = new Uint8Array(5000).map((_, i) => (i * 7) & 0xff);
    const sealed = await bytesOf(
      await sealForShopper(keys.publicKey, new Blob([original]).stream(), { chunkBytes: 1024, aead: nodeChunkAead }),
    );
    expect(
      await bytesOf(openFromShop(keys.privateKey, new Blob([sealed as Uint8Array<ArrayBuffer>]).stream())),
    ).toEqual(original);
  });
});
