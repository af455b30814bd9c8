/**
 * A fresh, empty in-memory PGlite for a test, started from a dump of the data directory
 * PGlite's initdb leaves, not by running initdb again: initdb is most of an in-memory
 * start (~3 s on a quiet machine, 15-40 s on a loaded 2-core CI one) and every e2e boot
 * and PGlite provider suite pays it. The dump holds no schema (migrations still run in
 * each test as before), so a database opened here is the one `openPglite()` gives.
 *
 * The dump is made once per PGlite release and kept in the OS temp directory, named by
 * that release (a new PGlite makes a new dump); concurrent workers may both make it, and
 * each writes it whole then renames, so a reader never sees half a file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite, type Db } from '../../src/provider/db/db';

function pgliteRelease(): string {
  // The package's exports hide package.json: find it beside the resolved entry (dist/…).
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

const DUMP = join(tmpdir(), `veil-pglite-initdb-${pgliteRelease()}.tar`);

async function makeDump(): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const lite = await PGlite.create();
  const tar = await lite.dumpDataDir('none');
  await lite.close();
  const part = `${DUMP}.${process.pid}.part`;
  writeFileSync(part, Buffer.from(await tar.arrayBuffer()));
  renameSync(part, DUMP);
}

/** An empty in-memory PGlite, as `openPglite()` opens one, started from the initdb dump. */
export async function openFreshPglite(): Promise<Db> {
  if (!existsSync(DUMP)) await makeDump();
  return openPglite(undefined, { loadDataDir: new Blob([readFileSync(DUMP)]) });
}
