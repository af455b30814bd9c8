/** A process's memory from /proc (Linux), for the digital bench's stages and its extension-page run. */
import { readFile, writeFile } from 'node:fs/promises';

/** Resident memory of a process (VmRSS) or its peak since start or the last reset (VmHWM), in MiB. */
export async function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
}

/** Starts a new peak: VmHWM drops to the resident size now (Linux ≥ 4.0, `echo 5 > clear_refs`). Returns it. */
export async function resetPeak(pid: number): Promise<number> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
  return memoryMiB(pid, 'VmRSS');
}
