/**
 * Where the CPU went during a run: seconds of CPU used by the provider process, by
 * the PostgreSQL server (postmaster and all its backends) and by this process (the
 * load generator), read from /proc. Linux only; elsewhere the figures are absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

/** utime + stime (+ children's, when `children`) of a process, in seconds. */
function cpuOf(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name; utime is field 14 overall.
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const own = f[11]! + f[12]!;
    return (children ? own + f[13]! + f[14]! : own) / TICKS;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** The postmaster listening on `port`: the postgres process whose command line has `-p port`. */
export function findPostmaster(port: number): number | undefined {
  if (!existsSync('/proc')) return undefined;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (/postgres$/.test(args[0] ?? '') && args[args.indexOf('-p') + 1] === String(port)) return Number(name);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

/** CPU seconds of the postmaster, its live children, and its exited children. */
export function postgresCpu(postmaster: number): number {
  let total = cpuOf(postmaster, true);
  for (const name of readdirSync('/proc')) {
    if (/^\d+$/.test(name) && parentOf(Number(name)) === postmaster) total += cpuOf(Number(name));
  }
  return total;
}

/**
 * The same, by kind of process (backend, walwriter, checkpointer …, "exited" for
 * children that ended, such as autovacuum workers), to see where the server's time goes.
 */
export function postgresCpuByKind(postmaster: number): Record<string, number> {
  const out: Record<string, number> = {
    postmaster: cpuOf(postmaster),
    exited: cpuOf(postmaster, true) - cpuOf(postmaster),
  };
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || parentOf(Number(name)) !== postmaster) continue;
    let title = '';
    try {
      title = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    const kind =
      /^postgres: (walwriter|checkpointer|background writer|autovacuum|logical replication|walsender|archiver)/.exec(
        title,
      )?.[1] ?? 'backends';
    out[kind] = (out[kind] ?? 0) + cpuOf(Number(name));
  }
  return out;
}

export function processCpu(pid: number): number {
  return cpuOf(pid);
}
