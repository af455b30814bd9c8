/**
 * Where sealed files live: one file per blob in a directory (by default `blobs/` under
 * the data dir). An upload is written to `tmp/<id>` and fsynced; it becomes visible only
 * by `commit`, a rename into place that the caller does inside the database transaction
 * recording it, so a blob exists exactly when its row does:
 *   - refused or cut short before the transaction: the temp file is removed (`discard`);
 *   - the transaction fails after the rename: the caller removes the blob (`remove`);
 *   - the process dies in between: `recover` at start removes temp files, and blobs with
 *     no live row, which is the one window a crash can leave.
 * Blob names are the file ids the provider makes (never a name from a request).
 */
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const NAME_RE = /^[a-z]{2,5}_[A-Za-z0-9]{8,40}$/;

/** The body was longer than allowed or than declared, or shorter than declared. */
export class BlobSizeError extends Error {
  constructor(
    readonly kind: 'over_limit' | 'over_declared' | 'short',
    readonly received: number,
  ) {
    super(kind);
  }
}

export interface PendingBlob {
  /** Bytes written and fsynced. */
  size: number;
  /** Moves the blob into place (and syncs the directory so the rename survives a crash). */
  commit(): Promise<void>;
  /** Removes the temp file. */
  discard(): Promise<void>;
}

export class BlobStore {
  private readonly tmp: string;
  constructor(readonly dir: string) {
    this.tmp = join(dir, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.tmp, { recursive: true, mode: 0o700 });
  }

  private path(name: string): string {
    if (!NAME_RE.test(name)) throw new Error(`not a blob name: ${name}`);
    return join(this.dir, name);
  }

  /**
   * Writes `body` to a temp file, exactly `size` bytes: more (as it streams in) or fewer
   * (at its end) throws BlobSizeError after removing what was written; so does a body
   * that errors (the client went away). Nothing is visible until `commit`.
   */
  async write(name: string, body: AsyncIterable<Uint8Array>, size: number): Promise<PendingBlob> {
    const target = this.path(name);
    const temp = join(this.tmp, name);
    const file = await open(temp, 'wx', 0o600);
    let received = 0;
    try {
      for await (const chunk of body) {
        received += chunk.length;
        if (received > size) throw new BlobSizeError('over_declared', received);
        await writeAll(file, chunk);
      }
      if (received < size) throw new BlobSizeError('short', received);
      await file.sync();
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw err;
    }
    await file.close();
    return {
      size: received,
      commit: async () => {
        await rename(temp, target);
        await syncDir(this.dir);
      },
      discard: () => rm(temp, { force: true }),
    };
  }

  /** The blob as a web stream, or undefined when it is gone. */
  async read(name: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined> {
    const path = this.path(name);
    try {
      const { size } = await stat(path);
      return { size, stream: fileStream(await open(path, 'r')) };
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async remove(name: string): Promise<void> {
    await rm(this.path(name), { force: true });
  }

  /** After a crash: temp files are uploads that never finished; blobs `isLive` denies have no row. */
  async recover(isLive: (names: string[]) => Promise<Set<string>>): Promise<{ temp: number; orphans: number }> {
    await this.init();
    const temps = await readdir(this.tmp);
    for (const t of temps) await rm(join(this.tmp, t), { force: true });
    const names = (await readdir(this.dir)).filter((n) => NAME_RE.test(n));
    const live = names.length ? await isLive(names) : new Set<string>();
    const orphans = names.filter((n) => !live.has(n));
    for (const n of orphans) await this.remove(n);
    return { temp: temps.length, orphans: orphans.length };
  }

  /** Every entry in the store, temp files included (tests check "nothing left"). */
  async list(): Promise<string[]> {
    const top = (await readdir(this.dir)).filter((n) => n !== 'tmp');
    return [...top, ...(await readdir(this.tmp)).map((n) => `tmp/${n}`)];
  }
}

/**
 * A file as a web stream that reads only when asked: 1 MiB per pull, so a slow client holds
 * the provider to one read in memory. (Readable.toWeb's queue counts chunks, not bytes, and
 * filled it with hundreds of megabytes ahead of a slow reader in the benchmark.)
 */
export function fileStream(file: FileHandle, readBytes = 1024 * 1024): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const buf = new Uint8Array(readBytes);
        const { bytesRead } = await file.read(buf, 0, readBytes, null);
        if (bytesRead === 0) {
          await file.close();
          controller.close();
        } else controller.enqueue(buf.subarray(0, bytesRead));
      },
      async cancel() {
        await file.close();
      },
    },
    { highWaterMark: 0 },
  );
}

async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let at = 0;
  while (at < chunk.length) {
    const { bytesWritten } = await file.write(chunk, at, chunk.length - at);
    at += bytesWritten;
  }
}

async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
