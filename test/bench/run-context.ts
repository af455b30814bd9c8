/**
 * Where and when a bench run measured: the date, the machine (cores, CPU model, memory, and the load average
 * before the run: the machine is shared, and a loaded run measures its neighbours too)
 * and the commit, written beside every figure in docs/performance.md so a figure can be
 * compared only with figures from a like machine and code.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import type { RunContext } from './figures-block';

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function runContext(repo: string, now = new Date()): RunContext {
  const cores = cpus();
  const model = (cores[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
  const head = git(['rev-parse', '--short', 'HEAD'], repo) || 'unknown';
  // A run on uncommitted code says so: the commit alone would name code that was not measured.
  const dirty = git(['status', '--porcelain', '--untracked-files=no'], repo) !== '';
  return {
    date: now.toISOString().slice(0, 10),
    machine: `${cores.length} cores, ${model}, ${memory}, load ${loadavg()[0]!.toFixed(1)}`,
    commit: dirty ? `${head}+dirty` : head,
  };
}
