/** Vendors that cannot wait: 1A at once, the shopper still asked, and a pre-approved retry within 10 minutes. */
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import type { IssuedCard } from '../../src/protocol';

describeEachDb('1A: shopper confirmation required', (h) => {
  afterEach(async () => expect(await h().ledgerProblems()).toEqual([]));

  const noWait = (
    v: { key: string; origin: string },
    card: IssuedCard,
    amount: number,
    extra: Record<string, unknown> = { wait: false },
  ) =>
    h().request<{ id: string; status: string; reason: string; reason_text: string }>('POST', '/v1/authorizations', {
      token: v.key,
      body: {
        card: {
          number: card.secrets.number,
          exp_month: card.secrets.exp_month,
          exp_year: card.secrets.exp_year,
          cvc: card.secrets.cvc,
        },
        amount,
        currency: 'USD',
        merchant: { name: 'Example Shop', origin: v.origin },
        ...extra,
      },
    });
  const pendingIds = async (token: string) =>
    (
      await h().request<{ authorizations: { id: string; reason: string; decision_deadline: string | null }[] }>(
        'GET',
        '/v1/shopper/authorizations?status=pending',
        { token },
      )
    ).body.authorizations;
  const decide = (token: string, id: string, decision: 'approve' | 'decline') =>
    h().request<{ changed: boolean; pre_approved: boolean; authorization: { status: string; reason: string } }>(
      'POST',
      `/v1/shopper/authorizations/${id}/decision`,
      { token, body: { decision } },
    );

  it('declines 1A at once, holds nothing, and still asks the shopper; approving lets one retry through', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { mode: 'confirmation', uses: 2 });
    const first = await noWait(v, card, 25_00);
    expect(first.body).toMatchObject({ status: 'declined', reason: '1A' });
    expect(first.body.reason_text).toMatch(/retry/);
    expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
    const asked = await pendingIds(s.token);
    expect(asked.map((a) => [a.id, a.reason])).toEqual([[first.body.id, '1A']]);
    expect(asked[0]?.decision_deadline).toBeTruthy();

    const yes = await decide(s.token, first.body.id, 'approve');
    expect(yes.body).toMatchObject({
      changed: true,
      pre_approved: true,
      authorization: { status: 'declined', reason: '1A' },
    });
    expect(await pendingIds(s.token)).toEqual([]);
    // Different amount: not pre-approved.
    expect((await noWait(v, card, 25_01)).body).toMatchObject({ status: 'declined', reason: '1A' });
    const retry = await noWait(v, card, 25_00);
    expect(retry.body).toMatchObject({ status: 'approved', reason: '00' });
    expect(await h().me(s.token)).toMatchObject({ balance: 75_00, held: 25_00 });
    // The pre-approval was used once: the next identical retry asks again.
    expect((await noWait(v, card, 25_00)).body.reason).toBe('1A');
  });

  it('a deadline under 3 s acts as wait: false; a vendor that waits gets pending as before', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { mode: 'confirmation', uses: 3 });
    expect((await noWait(v, card, 1_00, { deadline_ms: 2000 })).body.reason).toBe('1A');
    expect((await noWait(v, card, 1_00, { deadline_ms: 30_000 })).body).toMatchObject({
      status: 'pending',
      reason: 'P0',
    });
  });

  it('a declined challenge leaves no pre-approval, and a pre-approval lapses after 10 minutes', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { mode: 'confirmation', uses: 5 });
    const a = await noWait(v, card, 9_00);
    expect((await decide(s.token, a.body.id, 'decline')).body).toMatchObject({ changed: true, pre_approved: false });
    expect((await decide(s.token, a.body.id, 'approve')).status).toBe(409);
    expect((await noWait(v, card, 9_00)).body.reason).toBe('1A');

    const b = await noWait(v, card, 8_00);
    expect((await decide(s.token, b.body.id, 'approve')).body.pre_approved).toBe(true);
    h().clock.advance(10 * 60 + 1);
    try {
      expect((await noWait(v, card, 8_00)).body.reason).toBe('1A');
    } finally {
      h().clock.advance(-(10 * 60 + 1));
    }
  });

  it('an unanswered challenge cannot be approved after its window', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { mode: 'confirmation', confirm_window_s: 30 });
    const a = await noWait(v, card, 5_00);
    h().clock.advance(31);
    try {
      expect(await pendingIds(s.token)).toEqual([]);
      const late = await decide(s.token, a.body.id, 'approve');
      expect(late.status).toBe(409);
    } finally {
      h().clock.advance(-31);
    }
  });
});
