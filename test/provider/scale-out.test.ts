/**
 * Scale-out: provider instances are stateless and share only PostgreSQL. Two of
 * them, each with its own connection pool (as two processes would have), started
 * at the same moment on one database: migrations apply once, the 200-way race on a
 * single-use card still gives exactly one approval, an Idempotency-Key holds across
 * them, a card-testing throttle earned on one is enforced by the other, and a burst of
 * password guesses split over both checks no more than the sign-in limit.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openPostgres, type Db } from '../../src/provider/db/db';
import { startProvider, type RunningProvider } from '../../src/provider/start';
import { luhnCheckDigit } from '../../src/protocol';
import { freshPostgresUrl, Harness, TestClock } from '../support/harness';
import { requestFrom } from '../support/from-address';

const LIMIT = { max: 5, windowS: 600 };

describe.skipIf(!inject('pgAdminUrl'))('two provider instances on one PostgreSQL', () => {
  let h: Harness;
  let other: RunningProvider;
  const dbs: Db[] = [];

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    const masterKey = randomBytes(32);
    const clock = new TestClock();
    dbs.push(await openPostgres(url, 20), await openPostgres(url, 20));
    // Started together: the migration lock lets exactly one of them migrate.
    const [a, b] = await Promise.all(
      dbs.map((db) => startProvider({ db, masterKey, clock: clock.now, sweepMs: 0, policy: { cardTesting: LIMIT } })),
    );
    h = new Harness('postgres', dbs[0]!, a!, clock);
    other = b!;
  });
  afterAll(async () => {
    await h?.provider.close();
    await other?.close();
    await Promise.all(dbs.map((db) => db.close()));
  });

  /** The same request as h.authorize, sent to the other instance. */
  const authorizeOn = (
    base: string,
    vendor: { key: string; origin: string },
    card: { secrets: { number: string; exp_month: number; exp_year: number; cvc: string } },
    amount: number,
    key?: string,
  ) =>
    fetch(`${base}/v1/authorizations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${vendor.key}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify({
        card: card.secrets,
        amount,
        currency: 'USD',
        merchant: { name: 'Example Shop', origin: vendor.origin },
      }),
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { id: string; reason: string; status: string },
    }));

  it('migrated once', async () => {
    const rows = await h.db.query<{ version: number; n: number }>(
      'SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version',
    );
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it('200 concurrent wrong sign-ins on one account, split over both instances, check exactly the limit of passwords', async () => {
    const s = await h.shopper(0);
    const { max } = h.ctx.policy.signinPerEmail;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        requestFrom(`127.0.11.${i + 1}`, i % 2 ? other.url : h.url, 'POST', '/v1/shopper/signin', {
          body: { email: s.email, password: `wrong password ${i}`, device_name: 'x' },
        }),
      ),
    );
    expect(answers.filter((r) => r.status === 401)).toHaveLength(max);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(200 - max);
    expect(
      await h.db.query("SELECT 1 FROM security_events WHERE kind = 'signin.failed' AND shopper_id = $1", [s.id]),
    ).toHaveLength(max);
  });

  it('200 concurrent validations of one single-use card, split over both instances, give exactly one approval', async () => {
    const v = await h.vendor();
    const s = await h.shopper(1000_00);
    const card = await h.issue(s.token);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => authorizeOn(i % 2 ? other.url : h.url, v, card, 3_00)),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const approvals = answers.filter((a) => a.body.reason === '00');
    expect(approvals).toHaveLength(1);
    expect(answers.filter((a) => a.body.reason === '62')).toHaveLength(199);
    expect(await h.me(s.token)).toMatchObject({ balance: 997_00, held: 3_00 });
    expect(await h.ledgerProblems()).toEqual([]);
  });

  it('one Idempotency-Key retried on both instances at once: one authorization, one hold, one answer', async () => {
    const v = await h.vendor();
    const s = await h.shopper(100_00);
    const card = await h.issue(s.token, { uses: 10 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => authorizeOn(i % 2 ? other.url : h.url, v, card, 7_00, 'order-77')),
    );
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.every((a) => a.body.status === 'approved')).toBe(true);
    expect(await h.me(s.token)).toMatchObject({ held: 7_00 });
    expect(await h.ledgerProblems()).toEqual([]);
  });

  it('a card-testing throttle earned on one instance is enforced by the other', async () => {
    const v = await h.vendor();
    const s = await h.shopper();
    const card = await h.issue(s.token);
    for (let i = 0; i < LIMIT.max; i++) {
      const body = `49999280000${String(i).padStart(4, '0')}`;
      const res = await requestFrom<{ reason: string }>('127.0.2.2', h.url, 'POST', '/v1/authorizations', {
        token: v.key,
        body: {
          card: { ...card.secrets, number: body + luhnCheckDigit(body) },
          amount: 1_00,
          currency: 'USD',
          merchant: { name: 'Shop', origin: v.origin },
        },
      });
      expect(res.body.reason).toBe('14');
    }
    const refused = await requestFrom('127.0.2.3', other.url, 'POST', '/v1/authorizations', {
      token: v.key,
      body: { card: card.secrets, amount: 1_00, currency: 'USD', merchant: { name: 'Shop', origin: v.origin } },
    });
    expect(refused.status).toBe(429);
  });
});
