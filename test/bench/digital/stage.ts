/**
 * One end of the digital-goods benchmark, in its own process so its peak memory is its
 * own: `seal BYTES KEY OUT AEAD` seals BYTES of generated plaintext to KEY into OUT with
 * the chunk AEAD named (`node`: OpenSSL, as a shop's Node backend seals; `noble`: the
 * pure-JS default); `open IN PRIVATE_KEY` opens IN with the pure-JS default, as the
 * extension page does. Both run the very code a shop (sealForShopper) and the extension
 * page (openFromShop) run. Prints one JSON line: seconds, peak RSS, the peak
 * above the RSS before the stage began, SHA-256.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileStream } from '../../../src/provider/digital/blob-store';
import { keyFromText, nobleChunkAead, openFromShop, sealForShopper } from '../../../src/protocol';
import { nodeChunkAead } from '../../../src/vendor-kit/node-chunk-aead';

/** BYTES of plaintext, 1 MiB at a time, each MiB a little different (its index in the first bytes). */
function plaintext(bytes: number): ReadableStream<Uint8Array> {
  const block = new Uint8Array(1024 * 1024);
  crypto.getRandomValues(block.subarray(0, 65536));
  for (let i = 65536; i < block.length; i++) block[i] = block[i % 65536]!;
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(block.length, bytes - sent);
      const out = block.slice(0, n);
      new DataView(out.buffer).setUint32(0, sent / block.length);
      sent += n;
      controller.enqueue(out);
    },
  });
}

/**
 * From /proc/self/status (Linux): VmRSS now, VmHWM the peak of this process image. Not
 * getrusage's maxRSS, which a child inherits from its parent at fork.
 */
function memoryMiB(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
}

const hashing = (hash: ReturnType<typeof createHash>) =>
  new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      controller.enqueue(chunk);
    },
  });

async function main([mode, ...args]: string[]): Promise<void> {
  const hash = createHash('sha256');
  // Node, tsx and the modules are resident before a byte moves: what the stage adds is the peak above this.
  const before = memoryMiB('VmRSS');
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  if (mode === 'seal') {
    const [bytes, key, out, aead] = args as [string, string, string, 'node' | 'noble'];
    const sealed = await sealForShopper(keyFromText(key), plaintext(Number(bytes)).pipeThrough(hashing(hash)), {
      aead: aead === 'node' ? nodeChunkAead : nobleChunkAead,
    });
    // Written in a loop rather than through Writable.toWeb, whose queue counts chunks, not bytes.
    const file = await open(out, 'w');
    for await (const part of sealed) await file.write(part);
    await file.close();
  } else if (mode === 'open') {
    const [input, key] = args as [string, string];
    const sealed = fileStream(await open(input, 'r'));
    for await (const part of openFromShop(keyFromText(key), sealed)) hash.update(part);
  } else throw new Error(`unknown stage ${mode}`);
  const seconds = (performance.now() - start) / 1000;
  // CPU time (user + system) beside the wall time: on a shared machine it shows the stage's own cost.
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakMiB = memoryMiB('VmHWM');
  process.stdout.write(
    JSON.stringify({ seconds, cpuSeconds, peakMiB, addedMiB: peakMiB - before, sha256: hash.digest('hex') }) + '\n',
  );
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
