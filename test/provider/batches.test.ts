/**
 * Validations in batches (batcher.ts, migration 015): under concurrency they share a
 * transaction, each answer is the one a lone call gives, and a batch the server
 * refuses leaves nothing behind and is answered item by item.
 */
import { expect, inject, it } from 'vitest';
import pg from 'pg';
import type { IssuedCard } from '../../src/protocol';
import { ValidationBatcher, type ValidateCall } from '../../src/provider/authorizations/batcher';
import { newId, tokenHash } from '../../src/provider/crypto/tokens';
import { describeEachDb, type Harness } from '../support/harness';

/** A call as authorize() makes it for this card and vendor, with the card's true details. */
function callFor(
  h: Harness,
  vendor: { key: string; origin: string },
  card: IssuedCard,
  amount: number,
  over: Partial<ValidateCall> = {},
): ValidateCall {
  const { number, exp_month, exp_year, cvc } = card.secrets;
  return {
    keyHash: tokenHash(vendor.key),
    address: '127.0.0.1',
    idemKey: null,
    requestHash: Buffer.alloc(32),
    panHash: h.ctx.keys.panHash(number),
    secretsOk: h.ctx.keys.cvcValid(number, exp_month, exp_year, cvc),
    expMonth: exp_month,
    expYear: exp_year,
    amount,
    currency: 'USD',
    merchantName: 'Example Shop',
    merchantOrigin: vendor.origin,
    purchasingId: null,
    now: h.clock.now(),
    id: newId('auth'),
    ...over,
  };
}

type Answer = { outcome: string; authorization: { id: string; reason: string; status: string } };

describeEachDb('validation batches', (h) => {
  it('concurrent validations share transactions, and each gets the answer a lone call gives', async () => {
    const v = await h().vendor();
    const thrifty = await h().shopper(50_00);
    const other = await h().shopper(1000_00);
    const cards = await Promise.all(Array.from({ length: 20 }, () => h().issue(thrifty.token)));
    const others = await Promise.all(Array.from({ length: 20 }, () => h().issue(other.token)));
    const before = { ...h().ctx.validations.stats };
    const answers = await Promise.all([
      ...cards.map((c) => h().authorize(v, c, 10_00)),
      ...others.map((c) => h().authorize(v, c, 1_00, { cvc: c.secrets.cvc === '999' ? '998' : '999' })),
    ]);
    // PGlite runs each call on this thread, and these requests come from this same
    // process: they reach the provider one turn of the event loop apart, so never
    // together (a load generator in its own process does batch there: the bench).
    if (h().kind === 'postgres') expect(h().ctx.validations.stats.batched - before.batched).toBeGreaterThan(1);
    const reasons = answers.map((a) => a.body.reason);
    expect(reasons.slice(0, 20).filter((r) => r === '00')).toHaveLength(5);
    expect(reasons.slice(0, 20).filter((r) => r === '51')).toHaveLength(15);
    expect(reasons.slice(20).every((r) => r === '82')).toBe(true);
    expect(await h().me(thrifty.token)).toMatchObject({ balance: 0, held: 50_00 });
    expect(await h().me(other.token)).toMatchObject({ balance: 1000_00, held: 0 });
    const events = await h().events(thrifty.token, '?limit=100');
    expect(events.filter((e) => e.kind.startsWith('authorization.'))).toHaveLength(20);
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('a batch the server refuses writes nothing, and each of its validations is answered alone', async () => {
    const v = await h().vendor();
    const s = await h().shopper(1000_00);
    const cards = await Promise.all(Array.from({ length: 4 }, () => h().issue(s.token)));
    const taken = await h().authorize(v, cards[0]!, 1_00);
    expect(taken.body.reason).toBe('00');
    const batcher = new ValidationBatcher(h().db, h().ctx.policy, { inFlight: 1, maxBatch: 32, lockTimeoutMs: 50 });
    // Made in one turn of the event loop, the calls go as one batch; its last item reuses
    // an authorization id, so the server refuses the batch.
    const calls = [
      callFor(h(), v, cards[1]!, 2_00),
      callFor(h(), v, cards[2]!, 3_00),
      callFor(h(), v, cards[3]!, 4_00),
      callFor(h(), v, cards[1]!, 5_00, { id: taken.body.id }),
    ];
    const settled = await Promise.allSettled(calls.map((c) => batcher.validate(c)));
    expect(batcher.stats).toMatchObject({ calls: 1, batches: 1, batched: 4, retried: 1 });
    expect(
      settled.slice(0, 3).map((r) => r.status === 'fulfilled' && (r.value as Answer).authorization.reason),
    ).toEqual(['00', '00', '00']);
    expect(settled[3]).toMatchObject({ status: 'rejected', reason: { code: '23505' } });
    const rows = await h().db.query<{ amount: number }>(
      'SELECT amount FROM authorizations WHERE shopper_id = $1 ORDER BY amount',
      [s.id],
    );
    expect(rows.map((r) => r.amount)).toEqual([1_00, 2_00, 3_00, 4_00]);
    expect(await h().me(s.token)).toMatchObject({ balance: 990_00, held: 10_00 });
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('when the connection fails under a batch, its outcome is unknown: every caller gets the error, nothing is retried', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const cards = await Promise.all([h().issue(s.token), h().issue(s.token)]);
    const broken = {
      ...h().db,
      query: () => Promise.reject(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
    };
    const batcher = new ValidationBatcher(broken, h().ctx.policy, { inFlight: 1, maxBatch: 32, lockTimeoutMs: 50 });
    const settled = await Promise.allSettled(cards.map((c) => batcher.validate(callFor(h(), v, c, 1_00))));
    expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(batcher.stats).toMatchObject({ calls: 1, batches: 1, retried: 0 });
  });

  it('a batch that waits on a lock beyond its timeout gives up, and its validations run alone once the lock is free', async (t) => {
    if (h().kind === 'pglite') t.skip(); // one connection: nothing else can hold a lock
    const v = await h().vendor();
    const s = await h().shopper(1000_00);
    const cards = await Promise.all(Array.from({ length: 4 }, () => h().issue(s.token)));
    const blocker = new pg.Client({ connectionString: await dbUrl(h()) });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM ledger_accounts WHERE owner_id = $1 FOR UPDATE`, [s.id]);
      const batcher = new ValidationBatcher(h().db, h().ctx.policy, { inFlight: 1, maxBatch: 32, lockTimeoutMs: 50 });
      const pending = Promise.all(cards.map((c) => batcher.validate(callFor(h(), v, c, 2_00))));
      await new Promise((r) => setTimeout(r, 400));
      await blocker.query('COMMIT');
      const answers = (await pending) as Answer[];
      expect(answers.map((a) => a.authorization.reason)).toEqual(['00', '00', '00', '00']);
      expect(batcher.stats).toMatchObject({ batches: 1, batched: 4, retried: 1 });
    } finally {
      await blocker.end();
    }
    expect(await h().me(s.token)).toMatchObject({ balance: 992_00, held: 8_00 });
    expect(await h().ledgerProblems()).toEqual([]);
  });
});

/** The URL of the database the harness runs on (a fresh one on the shared test server). */
async function dbUrl(h: Harness): Promise<string> {
  const [row] = await h.db.query<{ name: string }>('SELECT current_database() AS name');
  return inject('pgAdminUrl').replace(/\/postgres$/, `/${row!.name}`);
}
