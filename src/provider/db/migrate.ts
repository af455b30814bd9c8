/**
 * Versioned migrations, applied in order on start. The same files run on PGlite and
 * on PostgreSQL. Concurrent starts against one server are serialised by an advisory
 * lock, so two provider processes never apply a migration twice.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Db } from './db';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const LOCK_KEY = 7_461_231; // arbitrary, fixed: "veil migrations"

export async function listMigrations(): Promise<{ version: number; name: string; sql: string }[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (name) => ({ version: Number(name.slice(0, 3)), name, sql: await readFile(new URL(name, MIGRATIONS_DIR), 'utf8') })),
  );
}

export async function migrate(db: Db): Promise<number> {
  const migrations = await listMigrations();
  return db.tx(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await sql.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await sql.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      // Migration files are multi-statement; run them as one simple-protocol batch.
      await sql.exec(m.sql);
      await sql.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    const rows = await sql.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    return rows[0]?.v ?? 0;
  });
}
