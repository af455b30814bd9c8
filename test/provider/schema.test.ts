/**
 * The schema's readable forms stay true: src/provider/db/schema.sql is what the
 * migrations and function files produce, each SQL function is written in exactly one
 * place (its file under src/provider/db/functions/), and the runner brings a database
 * migrated by an older release to the files' definitions.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DB_KINDS, openTestDb } from '../support/harness';
import type { Db } from '../../src/provider/db/db';
import { listFunctions, listMigrations, migrate } from '../../src/provider/db/migrate';
import { migratedSchema } from '../../scripts/db-schema';

const CREATE_FUNCTION = /CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(?:public\.)?(\w+)/gi;

/** The body between the dollar quotes of a function file. */
const bodyOf = (sql: string) => sql.slice(sql.indexOf('$$') + 2, sql.lastIndexOf('$$'));

describe('SQL functions', () => {
  it('are defined once each, in the file named for them, and in no migration', async () => {
    const functions = await listFunctions();
    for (const f of functions) {
      expect(
        [...f.sql.matchAll(CREATE_FUNCTION)].map((m) => m[1]),
        f.name,
      ).toEqual([f.name]);
    }
    for (const m of await listMigrations()) {
      expect(
        [...m.sql.matchAll(CREATE_FUNCTION)].map((x) => x[1]),
        m.name,
      ).toEqual([]);
    }
  });
});

// Fails when a migration or function file changed and schema.sql was not regenerated: `npm run db:schema` (or run this file with -u).
describe.skipIf(!inject('pgAdminUrl'))('schema.sql', () => {
  it('is the schema of a freshly migrated database', async () => {
    await expect(await migratedSchema(inject('pgAdminUrl'))).toMatchFileSnapshot('../../src/provider/db/schema.sql');
  });
});

for (const kind of DB_KINDS) {
  describe.skipIf(kind === 'postgres' && !inject('pgAdminUrl'))(`the migration runner [${kind}]`, () => {
    let db: Db | undefined;
    afterEach(() => db?.close());
    const source = async (name: string) =>
      (
        await db!.query<{ prosrc: string }>(
          "SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proname = $1",
          [name],
        )
      ).map((r) => r.prosrc);

    it('gives a fresh database every function from its file, and no other', async () => {
      db = await openTestDb(kind);
      await migrate(db);
      const functions = await listFunctions();
      for (const f of functions) expect(await source(f.name), f.name).toEqual([bodyOf(f.sql)]);
      const names = await db.query<{ proname: string }>(
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1",
      );
      expect(names.map((r) => r.proname)).toEqual(functions.map((f) => f.name).sort());
    });

    it('replaces what an older release defined on the next start, and leaves an unchanged database alone', async () => {
      db = await openTestDb(kind);
      await migrate(db);
      const file = (await listFunctions()).find((f) => f.name === 'veil_period_start')!;
      const old =
        'CREATE OR REPLACE FUNCTION veil_period_start(period text, at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$ SELECT at $$';
      // An older release: its migrations wrote the functions, and it recorded no checksums.
      await db.exec(`${old}; DROP TABLE schema_functions`);
      await migrate(db);
      expect(await source('veil_period_start')).toEqual([bodyOf(file.sql)]);
      // With the checksums recorded and no file changed, a start re-creates nothing.
      await db.exec(old);
      await migrate(db);
      expect(await source('veil_period_start')).toEqual([' SELECT at ']);
    });

    it('builds an older schema with `through`, then the rest', async () => {
      db = await openTestDb(kind);
      expect(await migrate(db, { through: 17 })).toBe(17);
      expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'top_ups'")).toEqual([]);
      const latest = (await listMigrations()).at(-1)!.version;
      expect(await migrate(db)).toBe(latest);
      expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'top_ups'")).toHaveLength(1);
    });
  });
}
