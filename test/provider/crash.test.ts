/**
 * A provider process killed (SIGKILL: no shutdown code runs) while validations are
 * in flight, then started again on the same database. Every approval a vendor was
 * told of is recorded with its hold; nothing is half-written (each authorization
 * has its event, each hold its balanced journal, each idempotency key its answer);
 * the ledger holds; and retrying every request with its Idempotency-Key — the ones
 * answered and the ones cut off — gives the original answer, or one answer where
 * none was given, never a second charge.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Authorization, IssuedCard } from '../../src/protocol';
import { openPglite, openPostgres, type Db } from '../../src/provider/db/db';
import { migrate } from '../../src/provider/db/migrate';
import { createVendor } from '../../src/provider/vendors/vendors';
import { checkLedger } from '../../src/provider/ledger/ledger';
import { freshPostgresUrl, DB_KINDS } from '../support/harness';
import { startProviderProcess, type ProviderProcess } from '../support/provider-process';

const ORIGIN = 'https://crash.example';
const LOOPS = 12;

async function call<T>(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  key?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: (await res.json()) as T };
}

for (const kind of DB_KINDS) {
  describe.skipIf(kind === 'postgres' && !inject('pgAdminUrl'))(`kill -9 under load [${kind}]`, () => {
    const cleanup: (() => Promise<void> | void)[] = [];
    afterAll(async () => {
      for (const fn of cleanup.reverse()) await fn();
    });

    it('loses no approval, half-writes nothing, and answers retries of in-flight requests once', async () => {
      const masterKey = randomBytes(32).toString('base64');
      // One 5,000.00 top-up funds the whole run: above the sandbox's default limits, which this test is not about.
      const limits = { VEIL_TOP_UP_LIMITS: '5000.00/5000.00/5000.00' };
      let env: Record<string, string>;
      let openDb: () => Promise<Db>;
      if (kind === 'postgres') {
        const url = await freshPostgresUrl();
        env = { DATABASE_URL: url, VEIL_MASTER_KEY: masterKey, ...limits };
        openDb = () => openPostgres(url, 4);
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'veil-crash-'));
        cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
        env = { VEIL_DATA_DIR: dir, VEIL_MASTER_KEY: masterKey, ...limits };
        openDb = () => openPglite(dir);
      }
      // The vendor is made directly (the embedded database admits one process at a time).
      const setupDb = await openDb();
      await migrate(setupDb);
      const { key: vendorKey } = await setupDb.tx((sql) => createVendor(sql, 'Crash Shop', ORIGIN, new Date()));
      await setupDb.close();

      const start = async () => {
        const p = await startProviderProcess({ env });
        cleanup.push(() => p.kill());
        return p;
      };
      const first: ProviderProcess = await start();
      const signup = await fetch(`${first.url}/v1/shopper/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `crash-${kind}@example.com`,
          password: 'a long enough password',
          device_name: 'test',
        }),
      }).then((r) => r.json() as Promise<{ device_token: string }>);
      const token = signup.device_token;
      await call(first.url, 'POST', '/v1/shopper/funding-sources', token, {
        kind: 'card',
        number: '4242424242424242',
        exp_month: 12,
        exp_year: 2099,
        holder: 'Crash Test',
      });
      await call(first.url, 'POST', '/v1/shopper/top-ups', token, { amount: 5_000_00, currency: 'USD' });
      const cards: IssuedCard[] = [];
      for (let i = 0; i < 8; i++)
        cards.push(
          (
            await call<IssuedCard>(first.url, 'POST', '/v1/shopper/cards', token, {
              merchant: { origin: ORIGIN },
              uses: 1000,
            })
          ).body,
        );

      // Load: each loop sends validations with fresh keys until the process dies.
      const bodies = new Map<string, unknown>();
      const answered = new Map<string, Authorization>();
      const cutOff = new Set<string>();
      let dead = false;
      const loop = async (n: number) => {
        for (let i = 0; !dead; i++) {
          const key = `crash-${n}-${i}`;
          const card = cards[(n + i) % cards.length]!;
          // One in eight with a wrong CVC: declines are recorded too (and the card may get blocked).
          const cvc = i % 8 === 7 ? String((Number(card.secrets.cvc) + 1) % 1000).padStart(3, '0') : card.secrets.cvc;
          const body = {
            card: { ...card.secrets, cvc },
            amount: 1 + ((n * 7919 + i * 104729) % 50_00),
            currency: 'USD',
            merchant: { name: 'Crash Shop', origin: ORIGIN },
          };
          bodies.set(key, body);
          try {
            const res = await call<Authorization>(first.url, 'POST', '/v1/authorizations', vendorKey, body, key);
            expect(res.status).toBe(200);
            answered.set(key, res.body);
          } catch {
            cutOff.add(key);
            return;
          }
        }
      };
      const loops = Array.from({ length: LOOPS }, (_, n) => loop(n));
      while (answered.size < 150) await new Promise((r) => setTimeout(r, 20));
      await first.kill();
      dead = true;
      await Promise.all(loops);
      expect(cutOff.size).toBeGreaterThan(0);

      const second = await start();
      // Retry everything, answered or not, with the same key and body.
      const retried = new Map<string, Authorization>();
      for (const [key, body] of bodies) {
        const res = await call<Authorization>(second.url, 'POST', '/v1/authorizations', vendorKey, body, key);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        retried.set(key, res.body);
        if (answered.has(key)) expect(res.body).toEqual(answered.get(key));
      }
      // A second retry of a cut-off request gets the answer the first retry got.
      for (const key of cutOff)
        expect(
          (await call<Authorization>(second.url, 'POST', '/v1/authorizations', vendorKey, bodies.get(key), key)).body,
        ).toEqual(retried.get(key));
      // Every approval the vendor heard of is there, still approved.
      const approvals = [...retried.values()].filter((a) => a.status === 'approved');
      expect(approvals.length).toBeGreaterThan(0);
      for (const a of approvals)
        expect(
          (await call<Authorization>(second.url, 'GET', `/v1/authorizations/${a.id}`, vendorKey)).body,
        ).toMatchObject({ status: 'approved', amount: a.amount });
      await second.stop();

      const db = await openDb();
      cleanup.push(() => db.close());
      expect(await checkLedger(db)).toEqual([]);
      const ids = new Set([...retried.values()].map((a) => a.id));
      // Holds are memos (migration 014): the authorization's held_amount, which checkLedger
      // above matched against the shoppers' held balances; no journal moves until capture.
      const rows = await db.query<{
        id: string;
        status: string;
        amount: number;
        held_amount: number;
        events: number;
        journals: number;
      }>(
        `SELECT z.id, z.status, z.amount, z.held_amount,
           (SELECT count(*)::int FROM events e WHERE e.authorization_id = z.id AND e.kind LIKE 'authorization.%') AS events,
           (SELECT count(*)::int FROM journals j WHERE j.authorization_id = z.id) AS journals
         FROM authorizations z`,
      );
      // One authorization per request, none without a request: nothing doubled, nothing stray.
      expect(new Set(rows.map((r) => r.id))).toEqual(ids);
      for (const r of rows) {
        expect(r.events, r.id).toBe(1);
        expect([r.held_amount, r.journals], r.id).toEqual([r.status === 'approved' ? r.amount : 0, 0]);
      }
      const keys = await db.query<{ n: number; unanswered: number }>(
        "SELECT count(*)::int AS n, count(*) FILTER (WHERE response IS NULL)::int AS unanswered FROM idempotency_keys WHERE key LIKE 'crash-%'",
      );
      expect(keys[0]).toEqual({ n: bodies.size, unanswered: 0 });
    }, 180_000);
  });
}
