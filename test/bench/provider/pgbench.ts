/**
 * The machine's ceiling: pgbench's simple-update transaction (`-N`: update one
 * account, read it, insert a history row) on the same PostgreSQL server, with the
 * same client counts as the validation load. Prepared statements (`-M prepared`)
 * give PostgreSQL its best case, so the ratio to it is not flattered.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const PGBENCH_SCALE = 10; // 1,000,000 accounts

function connArgs(url: string): string[] {
  const u = new URL(url);
  return ['-h', u.hostname, '-p', u.port, '-U', decodeURIComponent(u.username)];
}

export function initPgbench(bin: string, url: string): void {
  const created = spawnSync(join(bin, 'createdb'), [...connArgs(url), 'pgbench'], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`createdb pgbench failed: ${created.stderr}`);
  const init = spawnSync(join(bin, 'pgbench'), [...connArgs(url), '-i', '-q', '-s', String(PGBENCH_SCALE), 'pgbench'], {
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
}

/** Transactions per second of `pgbench -N` with `clients` clients for `seconds`. */
export function runPgbench(bin: string, url: string, clients: number, seconds: number): Promise<number> {
  const args = [
    ...connArgs(url),
    '-N',
    '-M',
    'prepared',
    '-c',
    String(clients),
    '-j',
    String(Math.min(clients, 2)),
    '-T',
    String(seconds),
    'pgbench',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(join(bin, 'pgbench'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
      if (code !== 0 || !m) reject(new Error(`pgbench failed (${code}): ${out}`));
      else resolve(Number(m[1]));
    });
  });
}
