/**
 * Funding rails (issue 15, item 4): a top-up is a request to a rail; only the rail's
 * settlement makes money spendable, a failure moves nothing, a reversal is a journal that
 * never drives a balance below zero, and the operator's limits hold under concurrency.
 */
import { expect, it } from 'vitest';
import { describeEachDb, type Harness } from '../support/harness';
import { ManualRail } from '../support/manual-rail';
import type { TopUp } from '../../src/protocol';

interface TopUpAnswer {
  balance: number;
  pending: number;
  test_money: boolean;
  top_up: TopUp;
  error?: { code: string; message: string };
}
interface MeFunding {
  balance: number;
  held: number;
  pending: number;
  owed: number;
  test_money: boolean;
}

const topUp = (h: Harness, token: string, amount: number) =>
  h.request<TopUpAnswer>('POST', '/v1/shopper/top-ups', { token, body: { amount, currency: 'USD' } });
const me = async (h: Harness, token: string) => (await h.request<MeFunding>('GET', '/v1/shopper/me', { token })).body;

/** Journals of one top-up, with their postings by account kind, oldest first. */
async function journalsOf(h: Harness, topUpId: string) {
  return h.db.query<{ kind: string; moves: string }>(
    `SELECT j.kind, string_agg(a.kind || ' ' || p.amount, ', ' ORDER BY a.kind) AS moves
     FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
     WHERE j.top_up_id = $1 GROUP BY j.id, j.kind ORDER BY j.id`,
    [topUpId],
  );
}

describeEachDb('the sandbox rail', (h) => {
  it('settles at once through a journal from its own contra account, and marks the money as test money', async () => {
    const s = await h().shopper(0);
    const res = await topUp(h(), s.token, 250_00);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      balance: 250_00,
      pending: 0,
      test_money: true,
      top_up: { rail: 'sandbox', amount: 250_00, state: 'settled', test_money: true },
    });
    expect(await me(h(), s.token)).toMatchObject({ balance: 250_00, pending: 0, owed: 0, test_money: true });
    expect(await journalsOf(h(), res.body.top_up.id)).toEqual([
      { kind: 'top_up', moves: 'available 25000, funded -25000' },
    ]);
    const [contra] = await h().db.query<{ owner_id: string }>(
      "SELECT a.owner_id FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id WHERE j.top_up_id = $1 AND a.kind = 'funded'",
      [res.body.top_up.id],
    );
    expect(contra!.owner_id).toBe(`${s.id}/sandbox`);
    const [row] = await h().db.query<{ rail_reference: string }>('SELECT rail_reference FROM top_ups WHERE id = $1', [
      res.body.top_up.id,
    ]);
    expect(row!.rail_reference).toMatch(/^sbx_/);
    expect((await h().events(s.token)).map((e) => e.kind).slice(0, 2)).toEqual([
      'balance.topped_up',
      'balance.top_up_requested',
    ]);
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('refuses a top-up over the per-top-up limit with 422 and changes nothing; the limit itself is allowed', async () => {
    const s = await h().shopper(0);
    const before = await h().snapshot();
    const over = await topUp(h(), s.token, 1_000_01);
    expect(over.status).toBe(422);
    expect(over.body.error?.message).toMatch(/at most 1000\.00/);
    expect(await h().snapshot()).toEqual(before);
    expect((await topUp(h(), s.token, 1_000_00)).status).toBe(200);
  });

  it('holds the daily limit under 200 concurrent top-ups: exactly 50 of 50.00 settle', async () => {
    const s = await h().shopper(0);
    const answers = await Promise.all(Array.from({ length: 200 }, () => topUp(h(), s.token, 50_00)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((c) => c === 200)).toHaveLength(50);
    expect(statuses.filter((c) => c === 422)).toHaveLength(150);
    expect(answers.filter((a) => a.status === 200).every((a) => a.body.top_up.state === 'settled')).toBe(true);
    expect(await me(h(), s.token)).toMatchObject({ balance: 2_500_00, pending: 0 });
    const [n] = await h().db.query<{ n: number; s: number }>(
      'SELECT count(*)::int AS n, sum(amount)::bigint AS s FROM top_ups WHERE shopper_id = $1',
      [s.id],
    );
    expect(n).toEqual({ n: 50, s: 2_500_00 });
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('holds the 30-day limit across days: 10,000.00, then nothing until old top-ups leave the window', async () => {
    const s = await h().shopper(0);
    for (let day = 0; day < 4; day++) {
      for (let i = 0; i < 3; i++) expect((await topUp(h(), s.token, i < 2 ? 1_000_00 : 500_00)).status).toBe(200);
      expect((await topUp(h(), s.token, 1)).status).toBe(422); // the day's 2,500.00 is used
      h().clock.advance(24 * 3600 + 1);
    }
    const refused = await topUp(h(), s.token, 1_00);
    expect(refused.status).toBe(422);
    expect(refused.body.error?.message).toMatch(/10000\.00 per 30 days/);
    h().clock.advance(27 * 24 * 3600);
    expect((await topUp(h(), s.token, 1_000_00)).status).toBe(200);
    expect((await me(h(), s.token)).balance).toBe(11_000_00);
  });
});

const manual = new ManualRail();

describeEachDb(
  'a rail that settles later',
  (h) => {
    it('a requested top-up is pending, not spendable; its settlement makes it spendable', async () => {
      const s = await h().shopper(0);
      const v = await h().vendor();
      const res = await topUp(h(), s.token, 80_00);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        balance: 0,
        pending: 80_00,
        test_money: false,
        top_up: { state: 'requested', rail: 'manual', test_money: false },
      });
      expect(await me(h(), s.token)).toMatchObject({ balance: 0, pending: 80_00, test_money: false });
      const card = await h().issue(s.token);
      expect((await h().authorize(v, card, 30_00)).body).toMatchObject({ status: 'declined', reason: '51' });
      expect(await journalsOf(h(), res.body.top_up.id)).toEqual([]);

      await manual.settle(res.body.top_up.id);
      expect(await me(h(), s.token)).toMatchObject({ balance: 80_00, pending: 0 });
      expect(
        (await h().request<TopUp>('GET', `/v1/shopper/top-ups/${res.body.top_up.id}`, { token: s.token })).body,
      ).toMatchObject({ state: 'settled' });
      expect((await h().authorize(v, card, 30_00)).body).toMatchObject({ status: 'approved' });
      await manual.settle(res.body.top_up.id); // a rail reporting twice changes nothing
      expect(await journalsOf(h(), res.body.top_up.id)).toEqual([
        { kind: 'top_up', moves: 'available 8000, funded -8000' },
      ]);
      expect(await h().ledgerProblems()).toEqual([]);
    });

    it('a failed settlement moves nothing and cannot settle afterwards', async () => {
      const s = await h().shopper(0);
      const res = await topUp(h(), s.token, 40_00);
      const ledger = async () =>
        (
          await h().db.query<{ j: number; b: number }>(
            'SELECT (SELECT count(*)::int FROM journals) AS j, (SELECT coalesce(sum(balance * id), 0) FROM ledger_accounts) AS b',
          )
        )[0];
      const before = await ledger();
      await manual.fail(res.body.top_up.id);
      expect(await ledger()).toEqual(before);
      expect(await me(h(), s.token)).toMatchObject({ balance: 0, pending: 0 });
      const [row] = await h().db.query<{ state: string; reason: string }>(
        'SELECT state, reason FROM top_ups WHERE id = $1',
        [res.body.top_up.id],
      );
      expect(row).toEqual({ state: 'failed', reason: 'insufficient funds at the issuer' });
      await expect(manual.settle(res.body.top_up.id)).rejects.toThrow(/failed: it cannot settle/);
      expect(await journalsOf(h(), res.body.top_up.id)).toEqual([]);
      expect(await h().ledgerProblems()).toEqual([]);
    });

    it('a reversal after spending is a journal: the balance goes to zero, never below, the rest is owed and blocks new cards until repaid', async () => {
      const s = await h().shopper(0);
      const v = await h().vendor();
      const first = await topUp(h(), s.token, 100_00);
      await manual.settle(first.body.top_up.id);
      const card = await h().issue(s.token);
      const auth = await h().authorize(v, card, 70_00);
      expect(
        (
          await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, {
            token: v.key,
            body: { amount: 70_00 },
          })
        ).status,
      ).toBe(200);
      expect((await me(h(), s.token)).balance).toBe(30_00);

      await manual.reverse(first.body.top_up.id);
      expect(await me(h(), s.token)).toMatchObject({ balance: 0, held: 0, owed: 70_00 });
      expect(await journalsOf(h(), first.body.top_up.id)).toEqual([
        { kind: 'top_up', moves: 'available 10000, funded -10000' },
        { kind: 'top_up_reversal', moves: 'available -3000, debt -7000, funded 10000' },
      ]);
      expect(await h().ledgerProblems()).toEqual([]);
      const refused = await h().request('POST', '/v1/shopper/cards', {
        token: s.token,
        body: { merchant: { origin: 'https://shop.example' } },
      });
      expect(refused.status).toBe(409);
      await manual.reverse(first.body.top_up.id); // reported twice: one reversal
      expect(await journalsOf(h(), first.body.top_up.id)).toHaveLength(2);

      const second = await topUp(h(), s.token, 100_00);
      await manual.settle(second.body.top_up.id);
      expect(await me(h(), s.token)).toMatchObject({ balance: 30_00, owed: 0 });
      expect(await journalsOf(h(), second.body.top_up.id)).toEqual([
        { kind: 'top_up', moves: 'available 3000, debt 7000, funded -10000' },
      ]);
      expect(
        (
          await h().request('POST', '/v1/shopper/cards', {
            token: s.token,
            body: { merchant: { origin: 'https://shop.example' } },
          })
        ).status,
      ).toBe(201);
      expect(await h().ledgerProblems()).toEqual([]);
    });

    it('a rail that refuses or cannot be reached fails the top-up: nothing moves, nothing is pending', async () => {
      const s = await h().shopper(0);
      const journals = async () => (await h().db.query<{ n: number }>('SELECT count(*)::int AS n FROM journals'))[0]!.n;
      const before = await journals();
      try {
        manual.answer = 'refuse';
        const refused = await topUp(h(), s.token, 20_00);
        expect(refused.status).toBe(200);
        expect(refused.body).toMatchObject({
          balance: 0,
          pending: 0,
          top_up: { state: 'failed', reason: 'do not honour' },
        });
        // The rail opened the sealed source to charge it: the number the shopper added.
        expect(manual.lastDetails).toMatchObject({ kind: 'card', number: '4242424242424242', holder: 'Test Shopper' });
        manual.answer = 'unreachable';
        const down = await topUp(h(), s.token, 20_00);
        expect(down.status).toBe(503);
        expect(down.body.error).toMatchObject({ code: 'unavailable' });
      } finally {
        manual.answer = 'accept';
      }
      const states = await h().db.query<{ state: string }>('SELECT state FROM top_ups WHERE shopper_id = $1', [s.id]);
      expect(states).toEqual([{ state: 'failed' }, { state: 'failed' }]);
      expect(await journals()).toBe(before);
      expect(await me(h(), s.token)).toMatchObject({ balance: 0, pending: 0 });
      expect(await h().ledgerProblems()).toEqual([]);
    });

    it('only a settled top-up can be reversed, and limits count requested top-ups before they settle', async () => {
      const s = await h().shopper(0);
      const res = await topUp(h(), s.token, 300_00);
      await expect(manual.reverse(res.body.top_up.id)).rejects.toThrow(/only a settled top-up can be reversed/);
      expect((await topUp(h(), s.token, 200_01)).status).toBe(422); // 500.00 a day on this rail, 300.00 of it requested
      expect((await topUp(h(), s.token, 200_00)).status).toBe(200);
    });
  },
  {
    rails: [manual],
    policy: {
      fundingRail: 'manual',
      topUpWaitMs: 0,
      topUpLimits: { manual: { perTopUp: 500_00, perDay: 500_00, perAccount30Days: 5_000_00 } },
    },
  },
);
