/**
 * The schema, brought up to date on start. The same files run on PGlite and on
 * PostgreSQL. Concurrent starts against one server are serialised by an advisory lock,
 * so two provider processes never apply a migration twice.
 *
 * Two kinds of file (migrations/README.md says more):
 * - migrations/NNN_name.sql: versioned, each applied once, in order (tables, indexes,
 *   triggers, data changes). Recorded in schema_migrations.
 * - functions/<name>.sql: the current CREATE OR REPLACE of each SQL function, one file
 *   per function. Applied after the migrations, in file-name order, whenever a file's
 *   content changed or a migration ran; each file's checksum is recorded in
 *   schema_functions. Trigger functions are also created before the migrations, since
 *   those create the triggers that name them.
 * All of it in one transaction: a start that fails leaves the schema as it was.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { Db, Sql } from './db';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const FUNCTIONS_DIR = new URL('./functions/', import.meta.url);
const LOCK_KEY = 7_461_231; // arbitrary, fixed: "veil migrations"

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface FunctionFile {
  name: string;
  sql: string;
  checksum: string;
  /** A trigger function takes no arguments and names no table type: it can be created on any schema. */
  trigger: boolean;
}

export async function listMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (name) => ({
      version: Number(name.slice(0, 3)),
      name,
      sql: await readFile(new URL(name, MIGRATIONS_DIR), 'utf8'),
    })),
  );
}

export async function listFunctions(): Promise<FunctionFile[]> {
  const files = (await readdir(FUNCTIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(new URL(file, FUNCTIONS_DIR), 'utf8');
      return {
        name: file.slice(0, -'.sql'.length),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
        trigger: /\)\s*RETURNS\s+trigger\b/i.test(sql),
      };
    }),
  );
}

/**
 * Applies the pending migrations, then the function files. `through`: stop after that
 * migration version (tests that build a database as an older release left it).
 * Returns the schema's migration version.
 */
export async function migrate(db: Db, opts: { through?: number } = {}): Promise<number> {
  const [migrations, functions] = await Promise.all([listMigrations(), listFunctions()]);
  return db.tx(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    await sql.query(
      `CREATE TABLE IF NOT EXISTS schema_functions (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await sql.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    const pending = migrations.filter((m) => !done.has(m.version) && m.version <= (opts.through ?? Infinity));
    if (pending.length > 0) {
      for (const f of functions) if (f.trigger) await sql.exec(f.sql);
    }
    for (const m of pending) {
      // Migration files are multi-statement; run them as one simple-protocol batch.
      await sql.exec(m.sql);
      await sql.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await applyFunctions(sql, functions, pending.length > 0);
    const rows = await sql.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    return rows[0]?.v ?? 0;
  });
}

/**
 * Re-creates every function when any file differs from what was recorded (or a
 * migration ran, which may have dropped one), so the database holds exactly the
 * files' definitions. A function whose file is removed is dropped by a migration.
 */
async function applyFunctions(sql: Sql, functions: FunctionFile[], migrated: boolean): Promise<void> {
  const recorded = new Map(
    (await sql.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_functions')).map((r) => [
      r.name,
      r.checksum,
    ]),
  );
  const changed =
    migrated || recorded.size !== functions.length || functions.some((f) => recorded.get(f.name) !== f.checksum);
  if (!changed) return;
  for (const f of functions) {
    await sql.exec(f.sql);
  }
  await sql.query('DELETE FROM schema_functions');
  for (const f of functions) {
    await sql.query('INSERT INTO schema_functions (name, checksum) VALUES ($1, $2)', [f.name, f.checksum]);
  }
}
