/**
 * A real provider per test suite, on a real database over real HTTP, once per
 * database kind: PGlite, and PostgreSQL when the global setup started a server.
 * Page-object style helpers keep request shapes out of the tests.
 */
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { IssuedCard, IssueCardRequest, Authorization } from '../../src/protocol';
import { openPostgres, type Db, type Sql } from '../../src/provider/db/db';
import { openFreshPglite } from './pglite-template';
import { startProvider, type RunningProvider } from '../../src/provider/start';
import type { Policy } from '../../src/provider/policy';
import type { RailAdapter } from '../../src/provider/funding/rails';
import type { ProxyListen } from '../../src/provider/proxy/server';
import { createVendor } from '../../src/provider/vendors/vendors';
import { checkLedger } from '../../src/provider/ledger/ledger';

export type DbKind = 'pglite' | 'postgres';

/** A fresh, empty database on the shared test server. */
export async function freshPostgresUrl(): Promise<string> {
  const admin = inject('pgAdminUrl');
  const name = `veil_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return admin.replace(/\/postgres$/, `/${name}`);
}

export async function openTestDb(kind: DbKind): Promise<Db> {
  return kind === 'pglite' ? openFreshPglite() : openPostgres(await freshPostgresUrl(), 50);
}

export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export class Harness {
  constructor(
    readonly kind: DbKind,
    readonly db: Db,
    readonly provider: RunningProvider,
    readonly clock: TestClock,
  ) {}

  get url() {
    return this.provider.url;
  }
  get ctx() {
    return this.provider.ctx;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Res<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  async vendor(origin = 'https://shop.example', name = 'Example Shop') {
    const { vendor, key } = await this.db.tx((sql) => createVendor(sql, name, origin, this.clock.now()));
    return { ...vendor, key };
  }

  /** A signed-up shopper with a funding source and `balance` topped up. */
  async shopper(balance = 100_00) {
    const email = `s${randomBytes(5).toString('hex')}@example.com`;
    const signup = await this.request<{ device_token: string; shopper_id: string; device_id: string }>(
      'POST',
      '/v1/shopper/signup',
      {
        body: { email, password: 'a long enough password', device_name: 'test laptop' },
      },
    );
    if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
    const token = signup.body.device_token;
    const src = await this.request('POST', '/v1/shopper/funding-sources', {
      token,
      body: { kind: 'card', number: '4242424242424242', exp_month: 12, exp_year: 2099, holder: 'Test Shopper' },
    });
    if (src.status !== 201) throw new Error(`funding failed: ${JSON.stringify(src.body)}`);
    if (balance > 0) {
      const top = await this.request('POST', '/v1/shopper/top-ups', {
        token,
        body: { amount: balance, currency: 'USD' },
      });
      if (top.status !== 200) throw new Error(`top-up failed: ${JSON.stringify(top.body)}`);
    }
    return { email, token, id: signup.body.shopper_id, deviceId: signup.body.device_id };
  }

  async issue(
    token: string,
    req: Partial<Omit<IssueCardRequest, 'merchant'>> & { merchant?: { origin: string; name?: string } } = {},
  ): Promise<IssuedCard> {
    const res = await this.request<IssuedCard>('POST', '/v1/shopper/cards', {
      token,
      body: { merchant: { origin: 'https://shop.example' }, ...req },
    });
    if (res.status !== 201) throw new Error(`issue failed: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A vendor validation with the card's true details unless overridden. */
  authorize(
    vendor: { key: string; origin: string; name?: string },
    card: IssuedCard,
    amount: number,
    over: {
      cvc?: string;
      exp_month?: number;
      exp_year?: number;
      number?: string;
      origin?: string;
      purchasing_id?: string;
      currency?: string;
      idempotencyKey?: string;
    } = {},
  ): Promise<Res<Authorization & { error?: { code: string; message: string } }>> {
    return this.request('POST', '/v1/authorizations', {
      token: vendor.key,
      headers: over.idempotencyKey ? { 'idempotency-key': over.idempotencyKey } : {},
      body: {
        card: {
          number: over.number ?? card.secrets.number,
          exp_month: over.exp_month ?? card.secrets.exp_month,
          exp_year: over.exp_year ?? card.secrets.exp_year,
          cvc: over.cvc ?? card.secrets.cvc,
        },
        amount,
        currency: over.currency ?? 'USD',
        merchant: { name: vendor.name ?? 'Example Shop', origin: over.origin ?? vendor.origin },
        ...(over.purchasing_id !== undefined ? { purchasing_id: over.purchasing_id } : {}),
      },
    });
  }

  async me(token: string) {
    return (await this.request<{ balance: number; held: number }>('GET', '/v1/shopper/me', { token })).body;
  }

  async events(token: string, query = '') {
    return (
      await this.request<{
        events: {
          kind: string;
          reason: string | null;
          authorization_id: string | null;
          amount: number | null;
          detail: Record<string, unknown>;
        }[];
      }>('GET', `/v1/shopper/events${query}`, { token })
    ).body.events;
  }

  ledgerProblems(): Promise<string[]> {
    return checkLedger(this.db);
  }

  /** Runs `fn` in a transaction, then rolls it back: what it returns, with nothing kept. */
  async rolledBack<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const rollback = new Error('rollback');
    let result: T | undefined;
    await this.db
      .tx(async (sql) => {
        result = await fn(sql);
        throw rollback;
      })
      .catch((e: unknown) => {
        if (e !== rollback) throw e;
      });
    return result as T;
  }

  /** Row counts of every table: "changes nothing" is checked against these. */
  async snapshot(): Promise<Record<string, number>> {
    const tables = [
      'shoppers',
      'devices',
      'vendors',
      'funding_sources',
      'top_ups',
      'ledger_accounts',
      'journals',
      'postings',
      'cards',
      'authorizations',
      'refunds',
      'idempotency_keys',
      'events',
    ];
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = (await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n;
    const sums = await this.db.query<{ s: number | null }>('SELECT sum(balance * id) AS s FROM ledger_accounts');
    out.balances = sums[0]!.s ?? 0;
    return out;
  }
}

export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];

/**
 * Declares the suite once per database. The returned getter gives the running
 * harness inside tests.
 */
export function describeEachDb(
  name: string,
  body: (h: () => Harness) => void,
  opts: { policy?: Partial<Policy>; rails?: RailAdapter[]; publicUrl?: string; proxy?: ProxyListen } = {},
): void {
  for (const kind of DB_KINDS) {
    describe.skipIf(kind === 'postgres' && !inject('pgAdminUrl'))(`${name} [${kind}]`, () => {
      let harness: Harness | undefined;
      beforeAll(async () => {
        const db = await openTestDb(kind);
        const clock = new TestClock();
        // The sandbox settles every top-up on the next turn of the event loop; the long bound on waiting
        // for it keeps `shopper(balance)` spendable on return however loaded the test machine is.
        // Every test's shoppers sign up from 127.0.0.1 on a clock that stands still: the
        // per-address sign-up limit is lifted unless a suite sets it (signup-throttle.test.ts).
        const policy: Partial<Policy> = {
          topUpWaitMs: 60_000,
          signupPerAddress: { max: 1_000_000, windowS: 3600 },
          ...opts.policy,
        };
        const provider = await startProvider({
          db,
          masterKey: randomBytes(32),
          clock: clock.now,
          sweepMs: 0,
          webhookMs: 0,
          policy,
          ...(opts.rails ? { rails: opts.rails } : {}),
          ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
          ...(opts.proxy ? { proxy: opts.proxy } : {}),
        });
        harness = new Harness(kind, db, provider, clock);
      });
      afterAll(async () => {
        await harness?.provider.close();
        await harness?.db.close();
      });
      body(() => {
        if (!harness) throw new Error('harness not started');
        return harness;
      });
    });
  }
}
