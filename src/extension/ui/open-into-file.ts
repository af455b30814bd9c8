/**
 * Opening a delivered file straight from the provider's response into a file, with no
 * garbage per byte: the body is read with a BYOB reader into one reused buffer, each chunk
 * opened in the cipher's own workspace (SealedFileOpener), and its plaintext written at its
 * offset before the next read. The page measured why it matters: a fetch alone, each read a
 * fresh ArrayBuffer, added +62 MiB to the extension's renderer before V8 collected them; read
 * into one reused buffer, +21 MiB. Run by the opening worker (open-digital-file.worker.ts)
 * into an OPFS file through a synchronous access handle, and by the page into memory where
 * there is no worker or OPFS (opened-file-store.ts).
 */
import type { ChunkWorkspaceFactory } from '../../protocol/chunk-aead';
import { SealedFileOpener } from '../../protocol/sealed-file-opener';

/**
 * The body is read in pieces of up to this size. A BYOB read settles with whatever has
 * arrived, so this bounds a read, not the wait; 1 MiB holds what the network hands over at
 * once (reads of 1–2 MiB were seen from the provider) and many 64 KiB chunks.
 */
export const READ_BYTES = 1024 * 1024;

/** Where a delivered file comes from: the provider's address and credential (from the background), and its key. */
export interface SealedSource {
  url: string;
  authorization: string;
  privateKey: Uint8Array;
}

/** The provider's answer for the file: its body, the sealed bytes. */
export async function fetchSealed({ url, authorization }: SealedSource): Promise<ReadableStream<Uint8Array>> {
  const res = await fetch(url, { headers: { authorization } });
  if (!res.ok || !res.body) throw new Error(`The provider did not send the file (HTTP ${res.status}).`);
  return res.body;
}

/** Where the plaintext goes: FileSystemSyncAccessHandle's writes at an offset, or memory. */
export interface FileAtOffsets {
  /** Writes `data` at byte `at`; returns how many bytes it wrote. The file copies them before returning. */
  write(data: Uint8Array, options: { at: number }): number;
}

/**
 * Opens the sealed `body` with `privateKey` into `file`, from offset 0; resolves to the
 * plaintext's size. Rejects with SealedFileError when the file does not open (what was written
 * by then is the caller's to drop), and cancels the body on any failure.
 */
export async function openIntoFile(
  body: ReadableStream<Uint8Array>,
  privateKey: Uint8Array,
  file: FileAtOffsets,
  workspaces: ChunkWorkspaceFactory,
): Promise<number> {
  let size = 0;
  const opener = new SealedFileOpener(
    privateKey,
    (plain) => {
      for (let done = 0; done < plain.length;) {
        const n = file.write(plain.subarray(done), { at: size + done });
        if (n <= 0) throw new Error('the file took no bytes (is the disk full?)');
        done += n;
      }
      size += plain.length;
    },
    workspaces,
  );
  const reads = readReusing(body);
  try {
    for await (const bytes of reads) await opener.push(bytes);
    opener.finish();
    return size;
  } finally {
    opener.dispose();
  }
}

/**
 * The body's bytes, each read into the buffer the previous one came back in: a byte stream
 * (fetch's body) with a BYOB reader; any other stream read as it comes. Each piece is valid
 * until the loop asks for the next. Stopping early (an error in the loop) cancels the body,
 * so the rest of the download is not fetched.
 */
async function* readReusing(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: its chunks are its own, nothing to reuse.
    yield* body;
    return;
  }
  let finished = false;
  try {
    let buffer: ArrayBuffer = new ArrayBuffer(READ_BYTES);
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer, 0, READ_BYTES));
      if (done || !value) {
        finished = true;
        return;
      }
      yield value;
      // The read moved the buffer into `value` (transferred): take it back for the next read.
      buffer = value.buffer as ArrayBuffer;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
