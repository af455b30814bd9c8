/**
 * The card list carries what each card has cost (all time, and for a card with a period
 * since the current period began), summed as the period limit is checked: the
 * shopper's Cards and Subscriptions views read it from one list request.
 */
import { expect, it } from 'vitest';
import type { Card } from '../../src/protocol';
import { describeEachDb } from '../support/harness';

describeEachDb('spent on each listed card', (h) => {
  const list = async (token: string) =>
    (await h().request<{ cards: Card[] }>('GET', '/v1/shopper/cards', { token })).body.cards;

  it('sums approvals and captures net of refunds, leaves declines and reversals out, and resets with the period', async () => {
    const v = await h().vendor();
    const s = await h().shopper(500_00);
    const card = await h().issue(s.token, { mode: 'recurring', period: 'day', period_limit: 100_00 });
    const oneShot = await h().issue(s.token, { uses: 1 });
    const captured = await h().authorize(v, card, 40_00);
    await h().request('POST', `/v1/authorizations/${captured.body.id}/capture`, { token: v.key, body: {} });
    await h().request('POST', '/v1/refunds', {
      token: v.key,
      body: { authorization_id: captured.body.id, amount: 15_00 },
    });
    await h().authorize(v, card, 20_00); // approved, held
    const reversed = await h().authorize(v, card, 7_00);
    await h().request('POST', `/v1/authorizations/${reversed.body.id}/reverse`, { token: v.key, body: {} });
    expect((await h().authorize(v, card, 90_00)).body.reason).toBe('61'); // over the period limit: declined

    const byId = new Map((await list(s.token)).map((c) => [c.id, c]));
    // 40.00 captured − 15.00 refunded + 20.00 held; the declined and reversed charges cost nothing.
    expect(byId.get(card.id)).toMatchObject({ spent: 45_00, spent_this_period: 45_00 });
    expect(byId.get(oneShot.id)).toMatchObject({ spent: 0, spent_this_period: null });

    // The next day is a new period: its spend starts at zero, the card's total keeps counting.
    h().clock.advance(24 * 3600);
    await h().authorize(v, card, 5_00);
    expect((await list(s.token)).find((c) => c.id === card.id)).toMatchObject({
      spent: 50_00,
      spent_this_period: 5_00,
    });
  });

  it("counts only the shopper's own cards' charges: another shopper's card beside it stays at zero", async () => {
    const v = await h().vendor();
    const a = await h().shopper(100_00);
    const b = await h().shopper(100_00);
    const cardA = await h().issue(a.token);
    await h().issue(b.token);
    await h().authorize(v, cardA, 12_00);
    expect((await list(a.token)).map((c) => c.spent)).toEqual([12_00]);
    expect((await list(b.token)).map((c) => c.spent)).toEqual([0]);
  });
});
