/**
 * Cuts a byte stream into exact `size`-byte chunks, copying only what straddles two reads.
 * A chunk that lies whole inside one read is handed out as a view of that read (no copy):
 * streams hand each chunk over for good (a source does not write to a chunk once it has
 * enqueued it), so the view stays valid for as long as the caller holds it. At most one
 * partial chunk is kept between reads.
 */
export class Chunker {
  private buf: Uint8Array | undefined;
  private fill = 0;
  constructor(private readonly size: number) {}

  /** Each chunk completed by `data`, in order. */
  *push(data: Uint8Array): Generator<Uint8Array> {
    let at = 0;
    if (this.fill > 0) {
      const n = Math.min(this.size - this.fill, data.length);
      this.buf!.set(data.subarray(0, n), this.fill);
      this.fill += n;
      at = n;
      if (this.fill < this.size) return;
      const full = this.buf!;
      // The caller may hold the chunk: the next partial one starts in a new buffer.
      this.buf = undefined;
      this.fill = 0;
      yield full;
    }
    for (; data.length - at >= this.size; at += this.size) yield data.subarray(at, at + this.size);
    if (at < data.length) {
      this.buf ??= new Uint8Array(this.size);
      this.buf.set(data.subarray(at), 0);
      this.fill = data.length - at;
    }
  }

  /** What is left at the end: the bytes of an unfinished chunk (possibly none). */
  rest(): Uint8Array {
    return this.buf ? this.buf.subarray(0, this.fill) : new Uint8Array(0);
  }
}
