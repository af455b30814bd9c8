import { describe, expect, it } from 'vitest';
import { batchedWrites } from './opened-file-store';

/** A file that records each write as the bytes it held at that moment (as OPFS copies them). */
function recordingFile() {
  const writes: number[][] = [];
  const file = {
    closed: false,
    aborted: undefined as unknown,
    write: (data: FileSystemWriteChunkType) => {
      writes.push([...(data as Uint8Array)]);
      return Promise.resolve();
    },
    close: () => {
      file.closed = true;
      return Promise.resolve();
    },
    abort: (reason?: unknown) => {
      file.aborted = reason ?? 'aborted';
      return Promise.resolve();
    },
  };
  return { file, writes };
}

describe('batchedWrites', () => {
  it('passes the bytes on in writes of the batch size, the rest on close, in order', async () => {
    const { file, writes } = recordingFile();
    const w = batchedWrites(file, 8).getWriter();
    const all: number[] = [];
    for (let i = 0; i < 10; i++) {
      const part = Uint8Array.from([i * 3, i * 3 + 1, i * 3 + 2]);
      all.push(...part);
      await w.write(part);
    }
    await w.close();
    expect(writes.map((x) => x.length)).toEqual([8, 8, 8, 6]);
    expect(writes.flat()).toEqual(all);
    expect(file.closed).toBe(true);
  });

  it('splits a part larger than the batch', async () => {
    const { file, writes } = recordingFile();
    const w = batchedWrites(file, 4).getWriter();
    await w.write(Uint8Array.from({ length: 10 }, (_, i) => i));
    await w.close();
    expect(writes).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('aborts the file when the pipe fails, and writes nothing more', async () => {
    const { file, writes } = recordingFile();
    const failing = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(Uint8Array.from([1, 2]));
        c.error(new Error('tampered'));
      },
    });
    await expect(failing.pipeTo(batchedWrites(file, 8))).rejects.toThrow('tampered');
    expect(file.aborted).toBeInstanceOf(Error);
    expect(file.closed).toBe(false);
    expect(writes).toEqual([]);
  });
});
