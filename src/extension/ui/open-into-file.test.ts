/**
 * The opening worker's core, under Node: what arrives from the provider opens into a file
 * at the right offsets, read through a BYOB reader into a buffer it reuses, with the
 * worker's libsodium cipher as with the default; a file that does not open is refused and
 * the rest of its download cancelled.
 */
import { describe, expect, it } from 'vitest';
import { generateDeliveryKeyPair, sealForShopper, SealedFileError } from '../../protocol';
import { nobleWorkspace, type ChunkWorkspaceFactory } from '../../protocol/chunk-aead';
import { openIntoFile, READ_BYTES, type FileAtOffsets } from './open-into-file';
import { sodiumWorkspaces } from './sodium-chunk-workspace';

const keys = await generateDeliveryKeyPair();
const CHUNK = 1024;

function bytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
}

/** Byte equality without vitest's element-by-element diffing (slow at megabytes). */
function expectSame(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
}

async function seal(plain: Uint8Array): Promise<Uint8Array> {
  const stream = await sealForShopper(keys.publicKey, new Blob([plain as Uint8Array<ArrayBuffer>]).stream(), {
    chunkBytes: CHUNK,
  });
  return new Uint8Array(await new Response(stream as ReadableStream<Uint8Array<ArrayBuffer>>).arrayBuffer());
}

/**
 * A byte stream, as fetch's body is, handing out `sealed` in reads of at most `piece` bytes
 * into whatever view the reader brings; records each read's view size and a cancel.
 */
function byteBody(sealed: Uint8Array, piece: number) {
  const seen = { views: [] as number[], cancelled: false, delivered: 0 };
  const body = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (seen.delivered >= sealed.length) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      const request = controller.byobRequest;
      const n = Math.min(piece, sealed.length - seen.delivered);
      if (request?.view) {
        seen.views.push(request.view.byteLength);
        const view = new Uint8Array(request.view.buffer, request.view.byteOffset, request.view.byteLength);
        const m = Math.min(n, view.length);
        view.set(sealed.subarray(seen.delivered, seen.delivered + m));
        seen.delivered += m;
        request.respond(m);
      } else {
        controller.enqueue(sealed.slice(seen.delivered, seen.delivered + n));
        seen.delivered += n;
      }
    },
    cancel() {
      seen.cancelled = true;
    },
  }) as ReadableStream<Uint8Array>;
  return { body, seen };
}

/** A file in memory written at offsets, as a sync access handle is; takes at most `most` bytes per write. */
function memoryFile(most = Infinity) {
  let data = new Uint8Array(1024);
  let size = 0;
  const file: FileAtOffsets = {
    write(part, { at }) {
      const n = Math.min(most, part.length);
      if (at + n > data.length) {
        const grown = new Uint8Array(Math.max(at + n, data.length * 2));
        grown.set(data);
        data = grown;
      }
      data.set(part.subarray(0, n), at);
      size = Math.max(size, at + n);
      return n;
    },
  };
  return { file, contents: () => data.subarray(0, size) };
}

const ciphers: [string, () => Promise<ChunkWorkspaceFactory>][] = [
  ['libsodium (the worker)', sodiumWorkspaces],
  ['@noble/ciphers (the in-page fallback)', () => Promise.resolve(nobleWorkspace)],
];

describe.each(ciphers)('openIntoFile with %s', (_name, cipher) => {
  it('opens any size into the file, whatever the reads and however little each write takes', async () => {
    for (const [size, piece, most] of [
      [0, 7, Infinity],
      [1, 1000, Infinity],
      [CHUNK, 13, Infinity],
      [5 * CHUNK, 4096, 300],
      [10 * CHUNK + 17, 1500, Infinity],
    ] as const) {
      const original = bytes(size);
      const { body } = byteBody(await seal(original), piece);
      const { file, contents } = memoryFile(most);
      expect(await openIntoFile(body, keys.privateKey, file, await cipher())).toBe(size);
      expectSame(contents(), original);
    }
  });

  it('refuses an altered file, and cancels the rest of its download', async () => {
    const sealed = await seal(bytes(40 * CHUNK));
    sealed[100]! ^= 1; // in the first chunk
    const { body, seen } = byteBody(sealed, 2048);
    await expect(openIntoFile(body, keys.privateKey, memoryFile().file, await cipher())).rejects.toBeInstanceOf(
      SealedFileError,
    );
    expect(seen.cancelled).toBe(true);
    expect(seen.delivered).toBeLessThan(sealed.length);
  });

  it('refuses a file cut short at a chunk boundary', async () => {
    const sealed = await seal(bytes(3 * CHUNK + 5));
    const { body } = byteBody(sealed.subarray(0, sealed.length - (5 + 16)), 999);
    await expect(openIntoFile(body, keys.privateKey, memoryFile().file, await cipher())).rejects.toThrow(
      /does not open as the last one/,
    );
  });
});

describe('openIntoFile reading', () => {
  it('reads a byte stream with a BYOB reader, every read into a buffer of READ_BYTES', async () => {
    const original = bytes(2 * READ_BYTES + 5);
    const { body, seen } = byteBody(await seal(original), READ_BYTES);
    const { file, contents } = memoryFile();
    await openIntoFile(body, keys.privateKey, file, await sodiumWorkspaces());
    expectSame(contents(), original);
    expect(seen.views.length).toBeGreaterThan(2);
    expect(new Set(seen.views)).toEqual(new Set([READ_BYTES]));
  });

  it('reads a stream that is not a byte stream as it comes', async () => {
    const original = bytes(2 * CHUNK + 3);
    const body = new Blob([(await seal(original)) as Uint8Array<ArrayBuffer>]).stream();
    const { file, contents } = memoryFile();
    await openIntoFile(body, keys.privateKey, file, nobleWorkspace);
    expectSame(contents(), original);
  });
});
