/**
 * Opening a sealed file (format: sealed-file.ts, docs/digital-goods.md), in two forms on one
 * mechanism:
 * - `SealedFileOpener`, push style: the caller hands it the sealed bytes as they arrive, in
 *   a buffer it may reuse at once, and a sink receives each chunk's plaintext as a view it
 *   must consume before returning. Nothing is allocated per chunk: each sealed chunk is
 *   copied into the cipher's workspace and opened there (chunk-aead.ts). This is what the
 *   extension's opening worker runs, so a file of any size leaves no garbage per byte.
 * - `openFromShop`, a TransformStream over it for callers that want a stream of arrays
 *   they may keep (the provider's tests, the benchmark's Node stage).
 *
 * Each chunk's plaintext is released only once its tag checks; opening fails with
 * SealedFileError at the first chunk that does not, or at the end if the final chunk never
 * came. A full chunk is the file's last only if nothing follows it, so it is opened when
 * the next byte arrives (as not final) or at the end (as final). A caller that must keep
 * nothing of a bad file (the extension) commits what it wrote only after `finish()`.
 */
import {
  nobleWorkspace,
  workspaceOf,
  type ChunkAead,
  type ChunkWorkspace,
  type ChunkWorkspaceFactory,
} from './chunk-aead';
import { FINAL, HEADER_BYTES, NOT_FINAL, SealedFileError, TAG_BYTES, openHeader, setNonce } from './sealed-file';

export class SealedFileOpener {
  private readonly header = new Uint8Array(HEADER_BYTES);
  private headerFill = 0;
  private key: Uint8Array | undefined;
  private space: ChunkWorkspace | undefined;
  /** A whole sealed chunk's size (chunk size + tag), once the header is read. */
  private sealedBytes = 0;
  /** How much of the current sealed chunk is in the workspace. */
  private fill = 0;
  private index = 0;
  private readonly nonce = new Uint8Array(12);
  private readonly nonceView = new DataView(this.nonce.buffer);
  private disposed = false;

  /**
   * @param sink receives each chunk's plaintext, in order, as a view valid only during the call.
   * @param workspace the chunk cipher (default: @noble/ciphers).
   */
  constructor(
    private readonly privateKey: Uint8Array,
    private readonly sink: (plain: Uint8Array) => void,
    private readonly workspace: ChunkWorkspaceFactory = nobleWorkspace,
  ) {}

  /** The next bytes of the sealed file. They are copied: the caller may reuse `data`'s buffer once this settles. */
  async push(data: Uint8Array): Promise<void> {
    if (this.disposed) throw new Error('the opener is finished');
    if (!this.space) {
      const n = Math.min(HEADER_BYTES - this.headerFill, data.length);
      this.header.set(data.subarray(0, n), this.headerFill);
      this.headerFill += n;
      if (this.headerFill < HEADER_BYTES) return;
      const { key, chunkBytes } = await openHeader(this.privateKey, this.header);
      this.key = key;
      this.sealedBytes = chunkBytes + TAG_BYTES;
      this.space = this.workspace(this.sealedBytes);
      data = data.subarray(n);
    }
    const input = this.space.input;
    for (let at = 0; at < data.length;) {
      // A whole chunk waiting, and more bytes follow it: it is not the last.
      if (this.fill === this.sealedBytes) this.open(false);
      const n = Math.min(this.sealedBytes - this.fill, data.length - at);
      input.set(data.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
    }
  }

  /** The end of the sealed file: opens the last chunk as the final one, then wipes the key. */
  finish(): void {
    if (this.disposed) throw new Error('the opener is finished');
    try {
      if (!this.space) throw new SealedFileError('the file ends inside its header');
      if (this.fill < TAG_BYTES) throw new SealedFileError('the file is cut short: its final chunk is missing');
      this.open(true);
    } finally {
      this.dispose();
    }
  }

  /** Wipes the key and releases the workspace: after finish(), or when the caller gives up early. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.key?.fill(0);
    this.space?.dispose();
  }

  private open(final: boolean): void {
    let plain: Uint8Array;
    try {
      setNonce(this.nonceView, this.index);
      plain = this.space!.open(this.key!, this.nonce, final ? FINAL : NOT_FINAL, this.fill);
    } catch {
      throw new SealedFileError(
        final
          ? `chunk ${this.index} does not open as the last one: the file is cut short or was altered`
          : `chunk ${this.index} does not open: the file was altered, reordered or extended, or is not for this key`,
      );
    }
    this.index++;
    this.fill = 0;
    this.sink(plain);
  }
}

/**
 * Opens a sealed file with the per-purchase private key (raw 32 bytes) as a stream of
 * plaintext arrays the caller may keep; errors with SealedFileError as the opener does.
 */
export function openFromShop(
  privateKey: Uint8Array,
  sealed: ReadableStream<Uint8Array>,
  opts: { aead?: ChunkAead } = {},
): ReadableStream<Uint8Array> {
  let out: TransformStreamDefaultController<Uint8Array> | undefined;
  const opener = new SealedFileOpener(
    privateKey,
    // The view is the workspace's, overwritten by the next chunk: the stream hands out copies.
    (plain) => out!.enqueue(plain.slice()),
    opts.aead ? workspaceOf(opts.aead) : nobleWorkspace,
  );
  const failed = (err: unknown) => {
    opener.dispose();
    throw err;
  };
  return sealed.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start: (controller) => void (out = controller),
      transform: (data) => opener.push(data).catch(failed),
      flush: () => opener.finish(),
    }),
  );
}
