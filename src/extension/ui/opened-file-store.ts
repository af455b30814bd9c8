/**
 * Where a delivered file is opened, and waits once whole until the downloads API has it: a
 * private file of the extension (the origin private file system), written by a worker the
 * page starts for the file (open-digital-file.worker.ts), so neither the page's thread nor
 * its memory carries the file: the worker fetches, opens and writes each chunk at its offset
 * with no garbage per byte (open-into-file.ts), and the downloads API reads the file back
 * from disk. Measured before, in the page itself: keeping the chunks as Blob parts cost the
 * page about 2.8 times the file's size (+178.7 MiB for 64 MiB); streaming to OPFS from the
 * page in 4 MiB batches +89.3 MiB at 27.2 MB/s for 512 MiB, most of it the fetch's garbage.
 *
 * Nothing of a file that does not open stays: the worker removes its file before it
 * answers, and the entry is removed here again whatever happened. A page closed mid-way
 * (the worker dies with it) may leave one behind; the next save removes any older than
 * STALE_MS. Where there is no worker or no such file system (an old browser, a test DOM)
 * the file is opened in the page into memory with the pure-JS cipher: slower and bounded by
 * memory, never wrong.
 */
import { nobleWorkspace } from '../../protocol/chunk-aead';
import { SealedFileError } from '../../protocol/sealed-file';
import { fetchSealed, openIntoFile, type SealedSource } from './open-into-file';
import type { OpenReply, OpenRequest } from './open-digital-file.worker';

const PREFIX = 'veil-opening-';
/** Older than this, a private file is left from a page closed mid-save: no save takes an hour to write. */
const STALE_MS = 60 * 60_000;

export interface OpenedFile {
  /** The whole opened file. */
  blob(type: string): Promise<Blob>;
  /** Drops it; safe to call more than once. */
  discard(): Promise<void>;
}

/**
 * Fetches and opens the delivered file; resolves once the whole file has opened. Rejects with
 * SealedFileError when it does not (altered, cut short, not for this key), leaving nothing.
 * The key is wiped here once handed over.
 */
export async function openDeliveredFile(source: SealedSource): Promise<OpenedFile> {
  const root =
    typeof Worker === 'function' ? await navigator.storage?.getDirectory?.().catch(() => undefined) : undefined;
  if (!root) return openInMemory(source);
  await removeStale(root);
  const name = PREFIX + crypto.randomUUID();
  const discard = () => root.removeEntry(name).catch(() => undefined);
  try {
    await inWorker({ ...source, name });
  } catch (err) {
    await discard();
    throw err;
  }
  return {
    blob: async (type) => new Blob([await (await root.getFileHandle(name)).getFile()], { type }),
    discard,
  };
}

/** Runs one opening in a fresh worker, ended once it answered. */
function inWorker({ privateKey, ...rest }: OpenRequest): Promise<void> {
  // The worker gets its own copy of the key, moved to it (transferred): none stays in the page.
  const request: OpenRequest = { ...rest, privateKey: privateKey.slice() };
  privateKey.fill(0);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./open-digital-file.worker.ts', import.meta.url), { type: 'module' });
    const end = (err?: Error) => {
      worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    worker.onmessage = ({ data }: MessageEvent<OpenReply>) =>
      end(data.ok ? undefined : data.altered ? new SealedFileError(data.message) : new Error(data.message));
    // The worker's script failed to load or threw outside the opening (e.g. WebAssembly refused).
    worker.onerror = (event) => {
      event.preventDefault();
      end(new Error(`The file could not be opened here: ${event.message || 'the opening worker failed'}.`));
    };
    worker.postMessage(request, [request.privateKey.buffer]);
  });
}

async function openInMemory(source: SealedSource): Promise<OpenedFile> {
  let parts: Uint8Array[] = [];
  // The opener writes in order from offset 0, so appending is writing at the offset.
  const memory = { write: (data: Uint8Array) => parts.push(data.slice()) && data.length };
  try {
    await openIntoFile(await fetchSealed(source), source.privateKey, memory, nobleWorkspace);
  } finally {
    source.privateKey.fill(0);
  }
  return {
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
