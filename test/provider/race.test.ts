/** Two hundred vendors validating one single-use card at once: exactly one approval; per currency too. */
import { expect, it } from 'vitest';
import type { Me } from '../../src/protocol';
import { describeEachDb } from '../support/harness';

describeEachDb('concurrent validation', (h) => {
  it('200 concurrent validations of one single-use card give exactly one approval', async () => {
    const v = await h().vendor();
    const s = await h().shopper(1000_00);
    const card = await h().issue(s.token);
    const answers = await Promise.all(Array.from({ length: 200 }, () => h().authorize(v, card, 3_00)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const reasons = answers.map((a) => a.body.reason);
    expect(reasons.filter((r) => r === '00')).toHaveLength(1);
    expect(reasons.filter((r) => r === '62')).toHaveLength(199);
    expect(await h().me(s.token)).toMatchObject({ balance: 997_00, held: 3_00 });
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('concurrent validations on many cards of one shopper never overdraw the balance', async () => {
    const v = await h().vendor();
    const s = await h().shopper(50_00);
    const cards = await Promise.all(Array.from({ length: 20 }, () => h().issue(s.token)));
    const answers = await Promise.all(cards.map((c) => h().authorize(v, c, 10_00)));
    expect(answers.filter((a) => a.body.reason === '00')).toHaveLength(5);
    expect(answers.filter((a) => a.body.reason === '51')).toHaveLength(15);
    expect(await h().me(s.token)).toMatchObject({ balance: 0, held: 50_00 });
    expect(await h().ledgerProblems()).toEqual([]);
  });

  // Issue 19: balances per currency. The same races, on two currencies at once: each
  // currency's balance is its own row set, and neither race leaks into the other.
  it('200 concurrent validations over a USD and a EUR single-use card give one approval each', async () => {
    const v = await h().vendor();
    const s = await h().shopper(1000_00);
    await topUp(s.token, 1000_00, 'EUR');
    const usd = await h().issue(s.token);
    const eur = await h().issue(s.token, { currency: 'EUR' });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 ? h().authorize(v, eur, 3_00, { currency: 'EUR' }) : h().authorize(v, usd, 3_00),
      ),
    );
    const byCurrency = (c: string) => answers.filter((a) => a.body.currency === c).map((a) => a.body.reason);
    for (const c of ['USD', 'EUR']) {
      expect(byCurrency(c).filter((r) => r === '00')).toHaveLength(1);
      expect(byCurrency(c).filter((r) => r === '62')).toHaveLength(99);
    }
    const m = (await h().request<Me>('GET', '/v1/shopper/me', { token: s.token })).body;
    expect(m.balances).toEqual([
      { currency: 'USD', available: 997_00, held: 3_00, pending: 0, owed: 0 },
      { currency: 'EUR', available: 997_00, held: 3_00, pending: 0, owed: 0 },
    ]);
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('concurrent validations on many cards in two currencies never overdraw either balance', async () => {
    const v = await h().vendor();
    const s = await h().shopper(50_00);
    await topUp(s.token, 30_00, 'EUR');
    const usd = await Promise.all(Array.from({ length: 20 }, () => h().issue(s.token)));
    const eur = await Promise.all(Array.from({ length: 20 }, () => h().issue(s.token, { currency: 'EUR' })));
    const answers = await Promise.all([
      ...usd.map((c) => h().authorize(v, c, 10_00)),
      ...eur.map((c) => h().authorize(v, c, 10_00, { currency: 'EUR' })),
    ]);
    const count = (c: string, r: string) => answers.filter((a) => a.body.currency === c && a.body.reason === r).length;
    expect([count('USD', '00'), count('USD', '51'), count('EUR', '00'), count('EUR', '51')]).toEqual([5, 15, 3, 17]);
    const m = (await h().request<Me>('GET', '/v1/shopper/me', { token: s.token })).body;
    expect(m.balances.map((b) => [b.currency, b.available, b.held])).toEqual([
      ['USD', 0, 50_00],
      ['EUR', 0, 30_00],
    ]);
    expect(await h().ledgerProblems()).toEqual([]);
  });

  const topUp = async (token: string, amount: number, currency: string) => {
    const r = await h().request('POST', '/v1/shopper/top-ups', { token, body: { amount, currency } });
    if (r.status !== 200) throw new Error(`top-up failed: ${JSON.stringify(r.body)}`);
  };
});
