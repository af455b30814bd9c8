/**
 * One small interface over the two databases Veil runs on: PGlite (embedded, the
 * default) and a PostgreSQL server (DATABASE_URL). Everything above this file
 * writes plain SQL against `Sql` and never knows which one it has.
 */
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import pg from 'pg';
import { claimDataDir } from './lock';

export interface Sql {
  /**
   * `prepare`: a name for a statement run very often (the validation). On PostgreSQL
   * each connection parses and plans it once and then only binds and executes it;
   * PGlite ignores it.
   */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[], prepare?: string): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; commits on return, rolls back on throw. */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel: `onPayload` gets every NOTIFY payload, delivered after the
   * notifying transaction commits — from any process on the same database.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
// Amounts are bounded by the protocol far below 2^53, so int8 and sums fit a JS number.
const toNumber = (v: string) => Number(v);

/** Serialization failures and deadlocks are retried: they mean "try again", not "wrong". */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TX_ATTEMPTS = 5;

export async function openPostgres(url: string, poolSize = 20): Promise<Db> {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === INT8 || oid === NUMERIC
        ? toNumber
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (restart) must not crash the process.
  pool.on('error', (err) => console.error(`[db] idle client error: ${err.message}`));
  // Every client, checked out or not, keeps a listener for a server that goes away
  // (fast shutdown, failover): without one the client's 'error' event would end the
  // process. The statement running on it fails on its own and is answered 503.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db: Db = {
    kind: 'postgres',
    async query(text, params, prepare) {
      const r = prepare
        ? await pool.query({ name: prepare, text, values: params as unknown[] })
        : await pool.query(text, params as unknown[]);
      return r.rows;
    },
    async exec(script) {
      await pool.query(script);
    },
    async tx(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        // A checked-out client has no pool listener: a server that goes away between two
        // statements (failover, fast shutdown) would emit an unhandled 'error' and end the
        // process. Keep it as this transaction's error, and destroy the client on release.
        let lost: Error | undefined;
        const onLost = (err: Error) => (lost = err);
        client.on('error', onLost);
        try {
          await client.query('BEGIN');
          const result = await fn({
            query: async (text, params) => (await client.query(text, params as unknown[])).rows,
            exec: async (script) => void (await client.query(script)),
          });
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (err as { code?: string }).code;
          if (code && RETRYABLE.has(code) && attempt < MAX_TX_ATTEMPTS) continue;
          throw err;
        } finally {
          client.off('error', onLost);
          client.release(lost);
        }
      }
    },
    listen: (channel, onPayload) => listenPostgres(url, channel, onPayload),
    close: () => pool.end(),
  };
  return db;
}

/**
 * PGlite is one connection in this process. A transaction must not interleave with
 * any other statement, so every use goes through one queue: a statement outside a
 * transaction waits for the running transaction to finish, as it would on a server.
 */
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob } = {}): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const release = dataDir ? claimDataDir(dataDir) : () => undefined;
  let lite: PGliteType;
  try {
    // `loadDataDir`: start from a data directory PGlite dumped (a tarball) instead of
    // running initdb, the slow part of an in-memory start (test/support/pglite-template.ts).
    lite = await PGlite.create(dataDir, {
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber },
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
  } catch (err) {
    release();
    throw err;
  }
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const direct: Sql = {
    query: async (text, params) => (await lite.query(text, params as unknown[])).rows as never,
    exec: async (script) => void (await lite.exec(script)),
  };
  return {
    kind: 'pglite',
    query: (text, params) => exclusive(() => direct.query(text, params)),
    exec: (script) => exclusive(() => direct.exec(script)),
    tx: (fn) =>
      exclusive(async () => {
        await lite.exec('BEGIN');
        try {
          const result = await fn(direct);
          await lite.exec('COMMIT');
          return result;
        } catch (err) {
          await lite.exec('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    listen: async (channel, onPayload) => {
      const unlisten = await exclusive(() => lite.listen(channel, onPayload));
      return () => exclusive(() => unlisten());
    },
    close: () =>
      exclusive(async () => {
        await lite.close();
        release();
      }),
  };
}

const CHANNEL_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A dedicated connection for LISTEN (a pooled one would be handed to queries). It
 * reconnects with backoff when the server restarts, so notifications resume by
 * themselves; anything missed meanwhile is caught by the listeners' own re-reads.
 */
async function listenPostgres(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (!CHANNEL_RE.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | undefined;
  let stopped = false;
  let retryMs = 250;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    const retry = () => {
      if (stopped || client !== c) return;
      client = undefined;
      c.end().catch(() => undefined);
      setTimeout(() => void connect(), retryMs).unref();
      retryMs = Math.min(retryMs * 2, 5000);
    };
    c.on('error', retry);
    c.on('end', retry);
    c.on('notification', (n) => {
      if (n.channel === channel) onPayload(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      retryMs = 250;
    } catch {
      retry();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}

export function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
