/** The sealed-file format: every size round-trips, and every way of altering a sealed file is refused. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HEADER_BYTES,
  SealedFileError,
  TAG_BYTES,
  generateDeliveryKeyPair,
  sealForShopper,
  sealedSize,
} from './sealed-file';
import { openFromShop } from './sealed-file-opener';

const CHUNK = 1024; // the smallest allowed: many chunks from small inputs

/** A stream that delivers `bytes` in reads of the given sizes (cycled), as a network would. */
function streamOf(bytes: Uint8Array, reads: number[] = [bytes.length || 1]): ReadableStream<Uint8Array> {
  let at = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = Math.max(1, reads[i++ % reads.length]!);
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function bytes(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return b;
}

const keys = await generateDeliveryKeyPair();

async function seal(plain: Uint8Array, reads?: number[], publicKey = keys.publicKey) {
  return collect(await sealForShopper(publicKey, streamOf(plain, reads), { chunkBytes: CHUNK }));
}

async function open(sealed: Uint8Array, reads?: number[], privateKey = keys.privateKey) {
  return collect(openFromShop(privateKey, streamOf(sealed, reads)));
}

const chunkAt = (i: number) => HEADER_BYTES + i * (CHUNK + TAG_BYTES);

describe('sealed files', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK, 3 * CHUNK + 17])(
    'round-trips %i bytes, at the size sealedSize predicts',
    async (n) => {
      const plain = bytes(n);
      const sealed = await seal(plain);
      expect(sealed.length).toBe(sealedSize(n, CHUNK));
      expect(await open(sealed)).toEqual(plain);
    },
  );

  it('round-trips any size, whatever the reads on either side', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 6 * CHUNK }),
        fc.array(fc.integer({ min: 1, max: 3 * CHUNK }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 3 * CHUNK }), { minLength: 1, maxLength: 5 }),
        async (n, sealReads, openReads) => {
          const plain = bytes(n, n);
          expect(await open(await seal(plain, sealReads), openReads)).toEqual(plain);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('seals the same file differently each time (a fresh ephemeral key), and not in clear', async () => {
    const plain = new TextEncoder().encode('MARKER-'.repeat(400));
    const [a, b] = [await seal(plain), await seal(plain)];
    expect(a).not.toEqual(b);
    expect(new TextDecoder('latin1').decode(a)).not.toContain('MARKER-');
  });

  describe('refuses', () => {
    const plain = bytes(3 * CHUNK + 100);
    let sealedOnce: Uint8Array | undefined;
    const sealed = async () => (sealedOnce ??= await seal(plain));
    const refused = async (altered: Uint8Array | Promise<Uint8Array>, key = keys.privateKey) =>
      expect(open(await altered, undefined, key)).rejects.toBeInstanceOf(SealedFileError);

    it('any flipped bit', async () => {
      const s = await sealed();
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: s.length - 1 }), fc.integer({ min: 0, max: 7 }), async (at, bit) => {
          const t = s.slice();
          t[at]! ^= 1 << bit;
          await refused(t);
        }),
        { numRuns: 80 },
      );
    });

    it('any truncation, at a chunk boundary or not', async () => {
      const s = await sealed();
      const boundaries = [0, 1, 2, 3].map(chunkAt);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constantFrom(...boundaries), fc.integer({ min: 0, max: s.length - 1 })),
          async (n) => {
            await refused(s.slice(0, n));
          },
        ),
        { numRuns: 60 },
      );
    });

    it('an exact-multiple file cut by its whole final chunk', async () => {
      const whole = await seal(bytes(3 * CHUNK));
      await refused(whole.slice(0, chunkAt(2)));
    });

    it('an empty file with its one (empty, final) chunk removed', async () => {
      await refused((await seal(new Uint8Array(0))).slice(0, HEADER_BYTES));
    });

    it('two chunks swapped', async () => {
      const s = await sealed();
      const t = s.slice();
      t.set(s.subarray(chunkAt(0), chunkAt(1)), chunkAt(1));
      t.set(s.subarray(chunkAt(1), chunkAt(2)), chunkAt(0));
      await refused(t);
    });

    it('a chunk dropped from the middle', async () => {
      const s = await sealed();
      await refused(new Uint8Array([...s.subarray(0, chunkAt(1)), ...s.subarray(chunkAt(2))]));
    });

    it('a chunk spliced in from another file sealed to the same key', async () => {
      const s = await sealed();
      const other = await seal(bytes(3 * CHUNK + 100, 9));
      const t = s.slice();
      t.set(other.subarray(chunkAt(1), chunkAt(2)), chunkAt(1));
      await refused(t);
    });

    it('anything appended after the final chunk: bytes, or a copy of a chunk', async () => {
      const s = await sealed();
      await refused(new Uint8Array([...s, 0]));
      await refused(new Uint8Array([...s, ...s.subarray(chunkAt(0), chunkAt(1))]));
      const exact = await seal(bytes(2 * CHUNK));
      await refused(new Uint8Array([...exact, ...exact.subarray(chunkAt(1))]));
    });

    it('a changed header (chunk size, version) and another key', async () => {
      const s = await sealed();
      const bigger = s.slice();
      bigger[8] = 0x08; // chunk size 2048: the header is HPKE's info, so the key differs
      await refused(bigger);
      const version = s.slice();
      version[4] = 2;
      await refused(version);
      await refused(s, (await generateDeliveryKeyPair()).privateKey);
    });
  });

  it('refuses a key of the wrong size and a chunk size out of range', async () => {
    await expect(sealForShopper(new Uint8Array(31), streamOf(bytes(1)))).rejects.toThrow(/32 bytes/);
    await expect(sealForShopper(keys.publicKey, streamOf(bytes(1)), { chunkBytes: 100 })).rejects.toThrow(/chunk size/);
  });
});
