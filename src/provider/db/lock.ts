/**
 * PGlite's files belong to one process: a second process opening the same data
 * directory would corrupt it. A pid file claims the directory; a claim whose process
 * is gone (a crash) is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

export function claimDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'veil.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (owner !== process.pid && Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new Error(
          `the embedded database in ${dir} is in use by process ${owner} (a running provider?): stop it first, or run PostgreSQL and set DATABASE_URL to share one database`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not claim ${dir}`);
}
