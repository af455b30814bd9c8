/**
 * PostgreSQL stops (fast shutdown: open connections are cut, as in a failover or a
 * crash) while validations are in flight, then starts again. Requests that cannot
 * reach it fail with a clear 503, never a 500; nothing is approved without being
 * recorded; the provider picks up again by itself once the database is back; and
 * retries with the same Idempotency-Key charge once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Authorization, IssuedCard } from '../../src/protocol';
import { openPostgres, type Db } from '../../src/provider/db/db';
import { startProvider } from '../../src/provider/start';
import { checkLedger } from '../../src/provider/ledger/ledger';
import { findPgBin, startPgServer, type PgServer } from '../support/postgres-server';
import { Harness, TestClock } from '../support/harness';

const bin = findPgBin();

describe.skipIf(!bin)('database outage', () => {
  let server: PgServer;
  let db: Db;
  let h: Harness;

  beforeAll(async () => {
    // Its own server: this test stops it.
    server = await startPgServer(bin!);
    db = await openPostgres(server.url, 10);
    const clock = new TestClock();
    h = new Harness(
      'postgres',
      db,
      await startProvider({ db, masterKey: randomBytes(32), clock: clock.now, sweepMs: 0 }),
      clock,
    );
  });
  afterAll(async () => {
    await h?.provider.close();
    await db?.close();
    await server?.stop();
  });

  it('answers 503 while PostgreSQL is down, records every approval it gave, and resumes by itself', async () => {
    const v = await h.vendor();
    const s = await h.shopper(1_000_00);
    const cards: IssuedCard[] = await Promise.all(Array.from({ length: 4 }, () => h.issue(s.token, { uses: 1000 })));

    const bodies = new Map<string, unknown>();
    const answers = new Map<
      string,
      { status: number; body: Authorization & { error?: { code: string; message: string } } }
    >();
    let phase: 'before' | 'down' | 'after' = 'before';
    const seen = { before: new Set<number>(), down: new Set<number>(), after: new Set<number>() };
    let stop = false;
    const loop = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const key = `outage-${n}-${i}`;
        const card = cards[(n + i) % cards.length]!;
        const body = {
          card: card.secrets,
          amount: 1 + ((n + i) % 5) * 1_00,
          currency: 'USD',
          merchant: { name: 'Example Shop', origin: v.origin },
        };
        bodies.set(key, body);
        const res = await h.request<Authorization & { error?: { code: string; message: string } }>(
          'POST',
          '/v1/authorizations',
          { token: v.key, body, headers: { 'idempotency-key': key } },
        );
        answers.set(key, res);
        seen[phase].add(res.status); // the phase the answer came in
        if (res.status === 503) await new Promise((r) => setTimeout(r, 20));
      }
    };
    const loops = Array.from({ length: 8 }, (_, n) => loop(n));
    // Phases end on what was seen, not on a clock: a loaded machine answers slowly, not differently.
    const until = async (what: () => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => seen.before.size > 0);

    phase = 'down';
    await server.pause();
    await until(() => seen.down.has(503));
    const health = await h.request<{ error: { code: string } }>('GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body.error.code).toBe('unavailable');

    await server.resume();
    phase = 'after';
    // No restart, no intervention: validations succeed again within a bound.
    await until(() => seen.after.has(200));
    stop = true;
    await Promise.all(loops);

    expect(seen.before).toEqual(new Set([200]));
    expect(seen.down.has(503)).toBe(true);
    expect(seen.after.has(200)).toBe(true);
    const failures = [...answers.values()].filter((a) => a.status !== 200);
    for (const f of failures) {
      expect(f.status, JSON.stringify(f.body)).toBe(503);
      expect(f.body.error).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/database is unavailable/),
      });
    }

    // Every approval a vendor was given is recorded, with its hold.
    const approved = [...answers.values()]
      .filter((a) => a.status === 200 && a.body.status === 'approved')
      .map((a) => a.body);
    const rows = await db.query<{ id: string; held_amount: number }>(
      'SELECT id, held_amount FROM authorizations WHERE id = ANY($1)',
      [approved.map((a) => a.id)],
    );
    expect(rows).toHaveLength(approved.length);
    for (const a of approved) expect(rows.find((r) => r.id === a.id)).toMatchObject({ held_amount: a.amount });
    // (checkLedger below matches the holds against the shoppers' held balances.)

    // Retrying the refused requests charges each once; answered ones get their first answer.
    for (const [key, body] of bodies) {
      const res = await h.request<Authorization>('POST', '/v1/authorizations', {
        token: v.key,
        body,
        headers: { 'idempotency-key': key },
      });
      expect(res.status).toBe(200);
      const first = answers.get(key);
      if (first?.status === 200) expect(res.body).toEqual(first.body);
    }
    const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM authorizations WHERE vendor_id = $1', [
      v.id,
    ]);
    expect(count[0]!.n).toBe(bodies.size);
    expect(await checkLedger(db)).toEqual([]);
  }, 120_000);
});
