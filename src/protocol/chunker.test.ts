/** The chunker: exact chunks from any reads, and no copy of a chunk that lies whole inside one read. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Chunker } from './chunker';

describe('Chunker', () => {
  it('cuts any sequence of reads into the same exact chunks and rest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.uint8Array({ maxLength: 100 })), (size, reads) => {
        const chunker = new Chunker(size);
        const chunks = reads.flatMap((r) => [...chunker.push(r)].map((c) => [...c]));
        const all = reads.flatMap((r) => [...r]);
        const whole = Math.floor(all.length / size);
        expect(chunks).toEqual(Array.from({ length: whole }, (_, i) => all.slice(i * size, (i + 1) * size)));
        expect([...chunker.rest()]).toEqual(all.slice(whole * size));
      }),
    );
  });

  it('hands out a chunk inside one read as a view of it, and a straddling one as its own copy', () => {
    const chunker = new Chunker(4);
    const first = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const [inside] = [...chunker.push(first)];
    expect(inside!.buffer).toBe(first.buffer);
    const second = new Uint8Array([7, 8, 9]);
    const [straddling] = [...chunker.push(second)];
    expect([...straddling!]).toEqual([5, 6, 7, 8]);
    expect(straddling!.buffer).not.toBe(first.buffer);
    expect(straddling!.buffer).not.toBe(second.buffer);
    // The held chunk is not overwritten by the next partial one.
    expect([...chunker.push(new Uint8Array([10, 11, 12, 13]))]).toHaveLength(1);
    expect([...straddling!]).toEqual([5, 6, 7, 8]);
  });
});
