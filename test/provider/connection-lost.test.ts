/**
 * A PostgreSQL connection that dies inside a transaction, between two statements (a
 * failover, a fast shutdown, an operator's pg_terminate_backend), fails that
 * transaction with the server's error and nothing else: the process keeps running,
 * the broken client is not handed out again, and the next transaction works.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openPostgres, type Db } from '../../src/provider/db/db';
import { freshPostgresUrl } from '../support/harness';

describe.skipIf(!inject('pgAdminUrl'))('a connection lost mid-transaction', () => {
  let db: Db | undefined;
  afterAll(() => db?.close());

  it('fails the transaction, not the process, and the pool recovers', async () => {
    db = await openPostgres(await freshPostgresUrl(), 2);
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const failed = db.tx(async (sql) => {
        const [me] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // Another connection ends this one while the transaction waits between statements.
        await db!.query('SELECT pg_terminate_backend($1)', [me!.pid]);
        await new Promise((r) => setTimeout(r, 200));
        return sql.query('SELECT 1');
      });
      await expect(failed).rejects.toThrow();
      expect(uncaught).toEqual([]);
      const [row] = await db.tx((sql) => sql.query<{ ok: number }>('SELECT 1 AS ok'));
      expect(row).toEqual({ ok: 1 });
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
