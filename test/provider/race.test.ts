/** Two hundred vendors validating one single-use card at once: exactly one approval. */
import { expect, it } from 'vitest';
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
});
