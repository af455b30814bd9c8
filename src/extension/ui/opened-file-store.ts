/**
 * Where a digital good waits, once opened, until it is whole and can be handed to the
 * downloads API. In a private file of the extension (the origin private file system), so
 * the page's memory stays flat whatever the size: the plaintext streams to disk in batches
 * (WRITE_BATCH_BYTES) and the downloads API reads it back from there. Measured in the extension page
 * (`npm run bench -- digital`): keeping the chunks as Blob parts instead cost the page
 * about 2.8 times the file's size (+178.7 MiB for 64 MiB), far over the 64 MB bound.
 *
 * Nothing of a file that does not open stays: the private file is written through a
 * writable whose data only lands on close, and an aborted one is dropped, then the entry
 * removed. A page closed mid-way may leave one behind; the next save removes any older
 * than STALE_MS. Where there is no such file system (an old browser, a test DOM) the
 * parts are kept in memory as before: slower to fail on size, never wrong.
 */
const PREFIX = 'veil-opening-';
/**
 * Plaintext goes to the private file in writes of this size, not chunk by chunk: each write
 * of a FileSystemWritableFileStream is a round trip to the browser process, and the opener's
 * 64 KiB chunks made a thousand of them per 64 MiB, three quarters of the page's time
 * (measured in the page, load ~9.5: fetch 0.7 s, + opening 2.1–3.3 s, + writing chunk by
 * chunk 8.4 s). One buffer is reused, so the batching adds no garbage.
 */
export const WRITE_BATCH_BYTES = 4 * 1024 * 1024;
/** Older than this, a private file is left from a page closed mid-save: no save takes an hour to write. */
const STALE_MS = 60 * 60_000;

export interface OpenedFile {
  /** Where the plaintext goes, chunk by chunk. Aborted (by a failed pipe): nothing is kept. */
  readonly writable: WritableStream<Uint8Array>;
  /** The whole file, once `writable` has closed. */
  blob(type: string): Promise<Blob>;
  /** Drops what was written; safe to call more than once and after a failure. */
  discard(): Promise<void>;
}

export async function createOpenedFile(): Promise<OpenedFile> {
  const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
  if (!root) return inMemory();
  await removeStale(root);
  const name = PREFIX + crypto.randomUUID();
  const handle = await root.getFileHandle(name, { create: true });
  const file = await handle.createWritable();
  return {
    writable: batchedWrites(file, WRITE_BATCH_BYTES),
    blob: async (type) => {
      const file = await handle.getFile();
      return new Blob([file], { type });
    },
    discard: () => root.removeEntry(name).catch(() => undefined),
  };
}

/**
 * A writable that gathers what is written into one reused buffer of `size` bytes and
 * passes it on to `file` when full (and the rest on close). Each write of the buffer is
 * awaited before the buffer is filled again: the file has copied the bytes by then.
 */
export function batchedWrites(
  file: Pick<FileSystemWritableFileStream, 'write' | 'close' | 'abort'>,
  size: number,
): WritableStream<Uint8Array> {
  const buffer = new Uint8Array(size);
  let used = 0;
  return new WritableStream({
    async write(part) {
      for (let offset = 0; offset < part.byteLength;) {
        const n = Math.min(size - used, part.byteLength - offset);
        buffer.set(part.subarray(offset, offset + n), used);
        used += n;
        offset += n;
        if (used === size) {
          await file.write(buffer);
          used = 0;
        }
      }
    },
    async close() {
      if (used) await file.write(buffer.subarray(0, used));
      await file.close();
    },
    abort: (reason) => file.abort(reason),
  });
}

function inMemory(): OpenedFile {
  let parts: Uint8Array[] = [];
  return {
    writable: new WritableStream({ write: (part) => void parts.push(part) }),
    blob: (type) => Promise.resolve(new Blob(parts as Uint8Array<ArrayBuffer>[], { type })),
    discard: () => {
      parts = [];
      return Promise.resolve();
    },
  };
}

async function removeStale(root: FileSystemDirectoryHandle): Promise<void> {
  // entries() is not yet in TypeScript's DOM types for every target: read through the iterator it returns.
  const entries = (root as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries();
  for await (const [name, handle] of entries) {
    if (!name.startsWith(PREFIX) || handle.kind !== 'file') continue;
    const file = await (handle as FileSystemFileHandle).getFile().catch(() => undefined);
    if (file && Date.now() - file.lastModified > STALE_MS) await root.removeEntry(name).catch(() => undefined);
  }
}
